"""Exercise checkers: `check_...(answer)` says what is right, or gives a hint.

The mechanism is small: a checker is a function decorated with `@checker` that calls
`hint_if(condition, "what to look at")` for each mistake it knows, in order, and returns
the sentence to show when the answer is right. The decorator turns that into a
`Feedback` the notebook displays ("Correct: ..." or "Not yet: ..."), never an
AssertionError, and a checker that itself fails on a strange answer still gives a hint.

    check_memory_mb(answer, n_params=66_955_010, bits=16)
"""

from __future__ import annotations

import difflib
import functools
import html
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

from course_utils._html import message


class Hint(Exception):
    """Raised inside a checker: the answer is not right yet, and this says why."""


def hint_if(condition: object, hint: str) -> None:
    """Stop the check with `hint` when `condition` is true."""
    if condition:
        raise Hint(hint)


@dataclass(frozen=True)
class Feedback:
    exercise: str
    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return f"{'Correct' if self.passed else 'Not yet'}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        text = html.escape(self.message)
        return message("ok", text) if self.passed else message("wrong", text, label="Not yet")

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def checker(func: Callable[..., str]) -> Callable[..., Feedback]:
    """Turn `func(answer, ...)` (hint_if calls, then a success sentence) into a checker."""

    @functools.wraps(func)
    def check(answer, *args, **kwargs) -> Feedback:
        name = func.__name__.removeprefix("check_").replace("_", " ")
        if answer is None or answer is Ellipsis:
            return Feedback(name, False, "Replace the placeholder with your answer, then run it.")
        try:
            return Feedback(name, True, func(answer, *args, **kwargs))
        except Hint as hint:
            return Feedback(name, False, str(hint))
        except Exception as err:  # a strange answer must still get a hint, not a traceback
            return Feedback(
                name,
                False,
                f"Your answer could not be checked ({type(err).__name__}: {err}). "
                "Look at its type and shape.",
            )

    return check


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


@checker
def check_memory_mb(answer, n_params: int, bits: int = 32) -> str:
    """Memory in MB (1 MB = 10**6 bytes) to hold `n_params` parameters of `bits` bits."""
    expected = n_params * bits / 8 / 1e6
    hint_if(isinstance(answer, str), "Give a number, not a string: write 134, not '134 MB'.")
    hint_if(not _is_number(answer), f"Give a number of megabytes, not a {type(answer).__name__}.")

    def near(value: float) -> bool:
        return math.isclose(answer, value, rel_tol=0.02)

    done = f"about {expected:,.0f} MB: {n_params:,} parameters x {bits / 8:g} bytes."
    if near(expected):
        return done

    hint_if(near(expected * 8), "That is the size in bits. Divide by 8: one byte is 8 bits.")
    hint_if(near(n_params * bits / 8), "That is in bytes. Divide by 10**6 to get megabytes.")
    hint_if(near(n_params * bits / 8 / 2**20), "Close: use 1 MB = 10**6 bytes, not 2**20.")
    other = {32: 4, 16: 2, 8: 1}
    for b, nbytes in other.items():
        hint_if(
            b != bits and near(n_params * nbytes / 1e6),
            f"That is the size at {b} bits. At {bits} bits each parameter takes "
            f"{bits // 8} byte(s).",
        )
    hint_if(
        True,
        f"Multiply the number of parameters by the bytes per parameter ({bits} bits = "
        f"{bits / 8:g} bytes), then divide by 10**6.",
    )
    return done


@checker
def check_model_id(answer, expected: str) -> str:
    """A Hub id written in full, `org/name`, and spelled exactly."""
    hint_if(not isinstance(answer, str), f"A model id is a string, not a {type(answer).__name__}.")
    answer = answer.strip()
    hint_if(
        answer.startswith("http"),
        "Give the id, not the address: the part after huggingface.co/, like 'org/name'.",
    )
    hint_if(
        "/" not in answer and "/" in expected,
        "Write the full id with the organisation in front: 'org/name'.",
    )
    hint_if(
        answer.lower() == expected.lower() and answer != expected,
        "Check upper and lower case: Hub ids are case-sensitive.",
    )
    if answer != expected:
        ratio = difflib.SequenceMatcher(None, answer, expected).ratio()
        hint_if(ratio > 0.8, "Almost: compare it character by character with the model page.")
        hint_if(True, "That is another model. Look for the id at the top of the model's page.")
    return f"{expected} is the id to pass to from_pretrained() or pipeline(model=...)."


@checker
def check_token_ids(answer, tokenizer, text: str) -> str:
    """The input ids that `tokenizer` gives for `text`, special tokens included."""
    expected = tokenizer(text)["input_ids"]
    if hasattr(answer, "tolist"):  # a tensor or an array
        answer = answer.tolist()
    if isinstance(answer, dict) or hasattr(answer, "keys"):
        hint_if(True, "That is the whole encoding: take its 'input_ids' entry.")
    hint_if(not isinstance(answer, list | tuple), "Give the ids as a list of integers.")
    answer = list(answer)
    if answer and isinstance(answer[0], list):
        hint_if(len(answer) != 1, "Give the ids of one text, not a batch of several.")
        answer = answer[0]
    hint_if(
        answer and all(isinstance(a, str) for a in answer),
        "Those are tokens (strings). Convert them to ids, or call the tokenizer on the text.",
    )
    plain = tokenizer(text, add_special_tokens=False)["input_ids"]
    hint_if(
        answer == plain and plain != expected,
        "Nearly: the tokenizer also adds special tokens at the start and end. Call it "
        "with its defaults.",
    )
    hint_if(
        len(answer) != len(expected),
        f"The tokenizer gives {len(expected)} ids for this text; you have {len(answer)}.",
    )
    hint_if(answer != expected, "Same length, different ids: did you tokenize the same text?")
    return f"{len(expected)} ids, special tokens included."


@checker
def check_pipeline_task(answer, expected: str) -> str:
    """A pipeline object (or a task name) for the task `expected`."""
    task = getattr(answer, "task", answer)
    hint_if(
        not isinstance(task, str),
        "Pass the pipeline you created (the object pipeline(...) returned), or its task name.",
    )
    removed = {"question-answering", "summarization", "translation", "text2text-generation"}
    hint_if(
        task in removed,
        f"Transformers 5 removed the {task!r} pipeline: use text-generation with a chat model.",
    )
    hint_if(
        task.replace("_", "-") == expected and task != expected,
        f"Task names use hyphens: {expected!r}.",
    )
    hint_if(
        task != expected,
        f"This pipeline does {task!r}; the exercise asks for {expected!r}.",
    )
    return f"a {expected} pipeline."
