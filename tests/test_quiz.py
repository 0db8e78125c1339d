"""The quiz widget, answered from Python as a learner's clicks answer it."""

from __future__ import annotations

import pytest

from course_utils.quiz import Option, Question, quiz


def two_questions():
    return quiz(
        Question(
            "Does a GPU change a model's `predictions`?",
            [
                Option("Yes", False, "A GPU changes the speed, not the maths."),
                Option("No", True, "The same model gives the same labels."),
            ],
        ),
        Question(
            "Which variable turns offline mode on?",
            [
                Option("`HF_HUB_OFFLINE=1`", True, "Set it **before** the first import."),
                Option("`HF_HOME`", False, "That one says where the cache is."),
                Option("`OFFLINE=1`", False, "No library reads this variable."),
            ],
        ),
    )


def test_every_option_explains_itself_in_words_once_chosen():
    q = two_questions()
    assert all(v.explanation.value == "" for v in q.views)  # nothing before a choice
    wrong = q.answer(1, "Yes")
    assert "Not quite:" in wrong and "changes the speed, not the maths" in wrong
    right = q.answer(1, "No")
    assert "Correct:" in right and "same labels" in right
    assert "Not quite" not in right  # the old explanation is replaced
    assert "<b>before</b>" in q.answer(2, 0)
    assert "says where the cache is" in q.answer(2, "`HF_HOME`")


def test_choosing_with_the_radio_buttons_is_the_same_as_answer():
    q = two_questions()
    q.views[1].choice.value = 2  # what a click or an arrow key does
    assert "No library reads this variable" in q.views[1].explanation.value


def test_the_score_line_counts_answers_and_correct_ones():
    q = two_questions()
    assert "0 of 2 answered, 0 correct" in q.score.value
    q.answer(1, "No")
    q.answer(2, "`HF_HOME`")
    assert "2 of 2 answered, 1 correct" in q.score.value
    q.answer(2, 0)
    assert q.correct == 2 and "2 correct" in q.score.value
    assert 'role="status"' in q.score.value


def test_markup_in_prompts_is_escaped_and_rendered():
    q = quiz(
        Question(
            "Is <script> `code`?",
            [Option("a", True, "x <b>"), Option("b", False, "y")],
        )
    )
    assert "Is &lt;script&gt; <code>code</code>?" in q.views[0].prompt.value
    assert "x &lt;b&gt;" in q.answer(1, "a")


def test_radio_labels_show_text_without_markup():
    labels = [label for label, _ in two_questions().views[1].choice.options]
    assert labels == ["HF_HUB_OFFLINE=1", "HF_HOME", "OFFLINE=1"]


def test_labels_for_screen_readers_and_text_fallback():
    q = two_questions()
    assert [v.choice.description for v in q.views] == ["Answer 1", "Answer 2"]
    text = q._repr_mimebundle_()["text/plain"]
    assert text.splitlines()[0] == "Self-check: 2 questions (run the cell to answer them)"
    assert "   - `HF_HOME`" in text
    assert "application/vnd.jupyter.widget-view+json" in q._repr_mimebundle_()


def test_unknown_option_is_a_clear_error():
    with pytest.raises(ValueError, match="has no option 'Maybe'"):
        two_questions().answer(1, "Maybe")


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ([Option("a", True, "x")], ValueError, "at least two options"),
        ([Option("a", False, "x"), Option("b", False, "y")], ValueError, "correct=True"),
        ([Option("a", True, "x"), Option("b", False, " ")], ValueError, "explanation"),
        ([Option("a", True, "x"), "b"], TypeError, "Option"),
    ],
)
def test_badly_written_questions_are_refused(options, error, match):
    with pytest.raises(error, match=match):
        Question("Q?", options)


def test_quiz_needs_questions():
    with pytest.raises(ValueError, match="at least one"):
        quiz()
    with pytest.raises(TypeError, match="Question"):
        quiz("What is a token?")
