"""Exercise checkers answer with a hint, never with a bare AssertionError."""

from __future__ import annotations

import pytest

from course_utils.checks import (
    Feedback,
    check_memory_mb,
    check_model_id,
    check_pipeline_task,
    check_token_ids,
    checker,
    hint_if,
)

N = 66_955_010  # DistilBERT SST-2: 268 MB in 32-bit floats


def test_the_mechanism_turns_hints_and_crashes_into_feedback():
    @checker
    def check_even(answer):
        hint_if(answer % 2, "An even number divides by 2 with nothing left.")
        return "even."

    assert check_even(4) == Feedback("even", True, "even.")
    assert str(check_even(3)) == "Not yet: An even number divides by 2 with nothing left."
    crashed = check_even("four")
    assert not crashed and "could not be checked (TypeError" in crashed.message
    assert "Replace the placeholder" in check_even(None).message
    assert "Replace the placeholder" in check_even(...).message


def test_feedback_says_its_verdict_in_words_and_html():
    ok, no = check_memory_mb(268, N), check_memory_mb(1, N)
    assert bool(ok) and not bool(no)
    assert repr(ok).startswith("Correct: about 268 MB")
    assert "Correct:" in ok._repr_html_() and 'role="status"' in ok._repr_html_()
    assert "Not yet:" in no._repr_html_()


@pytest.mark.parametrize(
    ("answer", "bits", "hint"),
    [
        (134, 16, None),
        (133.9, 16, None),
        ("134 MB", 16, "not a string"),
        ([134], 16, "not a list"),
        (True, 16, "not a bool"),
        (134 * 8, 16, "size in bits"),
        (N * 2, 16, "in bytes"),
        (N * 2 / 2**20, 16, "10**6 bytes, not 2**20"),
        (268, 16, "size at 32 bits"),
        (67, 16, "size at 8 bits"),
        (500, 16, "Multiply the number of parameters"),
    ],
)
def test_memory_hints(answer, bits, hint):
    result = check_memory_mb(answer, n_params=N, bits=bits)
    if hint is None:
        assert result.passed, result
    else:
        assert not result.passed and hint in result.message, result


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ("distilbert/distilbert-base-uncased-finetuned-sst-2-english", None),
        (" distilbert/distilbert-base-uncased-finetuned-sst-2-english ", None),
        ("https://huggingface.co/distilbert/distilbert-base-uncased", "not the address"),
        ("distilbert-base-uncased-finetuned-sst-2-english", "organisation in front"),
        ("DistilBERT/distilbert-base-uncased-finetuned-sst-2-english", "case-sensitive"),
        ("distilbert/distilbert-base-uncased-finetuned-sst2-english", "character by character"),
        ("google-bert/bert-base-cased", "another model"),
        (42, "not a int"),
    ],
)
def test_model_id_hints(answer, hint):
    result = check_model_id(answer, "distilbert/distilbert-base-uncased-finetuned-sst-2-english")
    if hint is None:
        assert result.passed, result
    else:
        assert not result.passed and hint in result.message, result


class Words:
    """A tokenizer stand-in: [CLS]=1, words by length + 10, [SEP]=2."""

    def __call__(self, text, add_special_tokens=True):
        ids = [len(w) + 10 for w in text.split()]
        return {"input_ids": [1, *ids, 2] if add_special_tokens else ids}


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ([1, 12, 15, 2], None),
        ((1, 12, 15, 2), None),
        ([[1, 12, 15, 2]], None),
        ({"input_ids": [1, 12, 15, 2]}, "'input_ids' entry"),
        ([[1, 12, 15, 2], [1, 2]], "not a batch"),
        (["[CLS]", "hi", "there", "[SEP]"], "Those are tokens"),
        ([12, 15], "special tokens"),
        ([1, 12, 2], "gives 4 ids"),
        ([1, 12, 16, 2], "Same length, different ids"),
        ("1 12 15 2", "list of integers"),
    ],
)
def test_token_id_hints(answer, hint):
    result = check_token_ids(answer, Words(), "hi there")
    if hint is None:
        assert result.passed, result
    else:
        assert not result.passed and hint in result.message, result


def test_token_ids_accept_a_tensor():
    torch = pytest.importorskip("torch")
    assert check_token_ids(torch.tensor([[1, 12, 15, 2]]), Words(), "hi there").passed


class Pipe:
    def __init__(self, task):
        self.task = task


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (Pipe("text-classification"), None),
        ("text-classification", None),
        (Pipe("summarization"), "removed the 'summarization' pipeline"),
        ("text_classification", "use hyphens"),
        (Pipe("token-classification"), "does 'token-classification'"),
        (3, "Pass the pipeline you created"),
    ],
)
def test_pipeline_task_hints(answer, hint):
    result = check_pipeline_task(answer, "text-classification")
    if hint is None:
        assert result.passed, result
    else:
        assert not result.passed and hint in result.message, result
