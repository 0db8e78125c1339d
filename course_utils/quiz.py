"""Quiz widget: questions with options, and an explanation for every option once chosen.

    from course_utils.quiz import Option, Question, quiz

    quiz(
        Question(
            "Does a GPU change a model's predictions?",
            [
                Option("Yes", False, "A GPU changes speed, not the maths."),
                Option("No", True, "Same model, same labels, up to rounding."),
            ],
        ),
    )

Choosing an option (a click, or Tab to it and Space) shows why it is right or wrong,
in words and not only in colour. `ipywidgets` is imported when a quiz is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course_utils._html import inline_markdown, message, plain


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str
    """Why this option is right or wrong; shown once the option is chosen."""


@dataclass(frozen=True)
class Question:
    prompt: str
    options: Sequence[Option]

    def __post_init__(self) -> None:
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise ValueError("A question needs a prompt: a non-empty string.")
        options = tuple(self.options)
        if len(options) < 2:
            raise ValueError(f"{self.prompt!r}: give at least two options.")
        if not all(isinstance(o, Option) for o in options):
            raise TypeError(f"{self.prompt!r}: options must be Option(text, correct, why).")
        if not any(o.correct for o in options):
            raise ValueError(f"{self.prompt!r}: mark at least one option correct=True.")
        if any(not o.why.strip() for o in options):
            raise ValueError(f"{self.prompt!r}: every option needs an explanation (why=...).")
        object.__setattr__(self, "options", options)


class _QuestionView:
    """One question's widgets: the prompt, radio buttons and the explanation."""

    def __init__(self, number: int, question: Question, on_change) -> None:
        import ipywidgets as w

        self.question = question
        self.prompt = w.HTML(f"<b>{number}. {inline_markdown(question.prompt)}</b>")
        self.choice = w.RadioButtons(
            options=[(plain(o.text), i) for i, o in enumerate(question.options)],
            value=None,
            description=f"Answer {number}",
            layout=w.Layout(width="auto"),
            style={"description_width": "initial"},
        )
        self.explanation = w.HTML("")
        self.choice.observe(self._chosen, names="value")
        self._on_change = on_change
        self.box = w.VBox(
            [self.prompt, self.choice, self.explanation],
            layout=w.Layout(margin="0 0 12px 0"),
        )

    @property
    def chosen(self) -> Option | None:
        i = self.choice.value
        return None if i is None else self.question.options[i]

    def _chosen(self, change) -> None:
        option = self.chosen
        if option is None:
            self.explanation.value = ""
        else:
            kind = "ok" if option.correct else "wrong"
            self.explanation.value = message(kind, inline_markdown(option.why))
        self._on_change()


class Quiz:
    """A list of questions drawn as widgets; `answer(i, option)` drives it from code."""

    def __init__(self, questions: Sequence[Question], title: str = "Self-check") -> None:
        import ipywidgets as w

        questions = list(questions)
        if not questions:
            raise ValueError("quiz() needs at least one Question.")
        if not all(isinstance(q, Question) for q in questions):
            raise TypeError("quiz() takes Question(prompt, [Option(...), ...]) objects.")
        self.title = title
        self.views = [_QuestionView(i, q, self._update) for i, q in enumerate(questions, 1)]
        self.score = w.HTML("")
        self._update()
        self.widget = w.VBox(
            [w.HTML(f"<h4>{inline_markdown(title)}</h4>"), *(v.box for v in self.views), self.score]
        )
        self.widget.add_class("course-quiz")

    def answer(self, question: int, option: int | str) -> str:
        """Choose an option (by index, or by its text) of question number `question` (1-based).

        Returns the explanation text, as the widget shows it.
        """
        view = self.views[question - 1]
        if isinstance(option, str):
            texts = [o.text for o in view.question.options]
            if option not in texts:
                raise ValueError(f"Question {question} has no option {option!r}: {texts}")
            option = texts.index(option)
        view.choice.value = option
        return view.explanation.value

    @property
    def correct(self) -> int:
        return sum(1 for v in self.views if v.chosen is not None and v.chosen.correct)

    def _update(self) -> None:
        answered = sum(1 for v in self.views if v.chosen is not None)
        total = len(self.views)
        self.score.value = (
            f'<div role="status" aria-live="polite">{answered} of {total} answered, '
            f"{self.correct} correct.</div>"
        )

    def as_text(self) -> str:
        lines = [f"{self.title}: {len(self.views)} questions (run the cell to answer them)"]
        for i, view in enumerate(self.views, 1):
            lines.append(f"{i}. {view.question.prompt}")
            lines += [f"   - {o.text}" for o in view.question.options]
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.as_text()
        return bundle


def quiz(*questions: Question, title: str = "Self-check") -> Quiz:
    """A quiz widget of `questions`; display it by making it the cell's last expression."""
    return Quiz(questions, title=title)
