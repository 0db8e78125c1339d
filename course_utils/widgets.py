"""Interactive widgets for the lessons: a pipeline playground and a tokenizer explorer.

    from course_utils.widgets import explore_tokens, playground

    playground(classifier, examples=["I loved it.", "I want my money back."])
    explore_tokens(classifier.tokenizer)             # or two: explore_tokens(tok_a, tok_b)

Both take the objects the lesson made (or a model id, loaded when needed) and draw what
they return: score bars, highlighted entities, generated text, coloured tokens with
their ids. Labels are said in words as well as colours, every control has a label a
screen reader reads, and bad input gets a sentence that says what to do. `ipywidgets`
and `transformers` are imported when a widget is built, never at `import course_utils`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from course_utils._html import PALETTE, message, shorten

MAX_CHARS = 2000
LOAD_FAILED = "Could not load {what} {name!r}: {err}. Check the id on its Hub page."


def _describe_error(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    first = text[-1] if text else ""
    return html.escape(f"{type(err).__name__}: {first}"[:400])


# --------------------------------------------------------------------------- playground


def _bars(items: Sequence[tuple[str, float]]) -> str:
    """Horizontal score bars, each with its label and value written out."""
    rows = []
    for i, (label, score) in enumerate(items):
        pct = max(0.0, min(1.0, float(score))) * 100
        colour = PALETTE[i % len(PALETTE)]
        rows.append(
            f'<div class="course-bar" role="listitem" '
            f'aria-label="{html.escape(label)}: score {score:.3f}" '
            f'style="display:flex;align-items:center;gap:8px;margin:2px 0">'
            f'<span style="min-width:9em;font-family:monospace">{html.escape(label)}</span>'
            f'<span style="flex:0 0 200px;background:#eee;border:1px solid #999;height:14px">'
            f'<span style="display:block;width:{pct:.1f}%;height:100%;background:{colour};'
            f'border-right:1px solid #555"></span></span>'
            f"<span>{score:.3f}</span></div>"
        )
    return f'<div role="list" aria-label="Scores">{"".join(rows)}</div>'


def _entities(text: str, entities: Sequence[dict]) -> str:
    """The text with each entity marked, its label written after it in brackets."""
    spans = sorted(
        (e for e in entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)),
        key=lambda e: e["start"],
    )
    labels = sorted({str(e.get("entity_group", e.get("entity", "?"))) for e in spans})
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}
    out, pos = [], 0
    for e in spans:
        if e["start"] < pos:
            continue  # overlapping pieces: keep the first
        label = str(e.get("entity_group", e.get("entity", "?")))
        out.append(html.escape(text[pos : e["start"]]))
        out.append(
            f'<mark class="course-entity" style="background:{colours[label]};padding:0 2px" '
            f'aria-label="{html.escape(label)} entity">{html.escape(text[e["start"] : e["end"]])}'
            f" <small><b>[{html.escape(label)}]</b></small></mark>"
        )
        pos = e["end"]
    out.append(html.escape(text[pos:]))
    if not spans:
        return "<p>No entities found in this text.</p>"
    return f'<p style="line-height:2">{"".join(out)}</p>'


def _generated(result: Any) -> str | None:
    first = result[0] if isinstance(result, list) and result else result
    if not isinstance(first, dict) or "generated_text" not in first:
        return None
    text = first["generated_text"]
    if isinstance(text, list):  # chat format: the last message is the answer
        text = text[-1].get("content", "") if text and isinstance(text[-1], dict) else str(text)
    return (
        '<div class="course-generated" aria-label="Generated text" '
        'style="white-space:pre-wrap;border:1px solid #999;padding:6px;font-family:monospace">'
        f"{html.escape(str(text))}</div>"
    )


def render_result(text: str, result: Any) -> str:
    """HTML for a pipeline's result: bars, entities, generated text or the raw value."""
    if isinstance(result, list) and len(result) == 1 and isinstance(result[0], list):
        result = result[0]  # one input given as a batch
    generated = _generated(result)
    if generated:
        return generated
    if isinstance(result, dict) and "labels" in result and "scores" in result:
        return _bars(list(zip(result["labels"], result["scores"], strict=False)))  # zero-shot
    if isinstance(result, list) and result and all(isinstance(r, dict) for r in result):
        if all("start" in r and "end" in r for r in result):
            return _entities(text, result)
        if all("score" in r for r in result):
            names = [str(r.get("label", r.get("token_str", "?"))) for r in result]
            return _bars(list(zip(names, [r["score"] for r in result], strict=True)))
    if isinstance(result, list) and not result:
        return "<p>The pipeline returned an empty list: nothing found in this text.</p>"
    shape = _nested_shape(result)
    if shape:
        return f"<p>A nested list of numbers of shape {shape} (one vector per token).</p>"
    return f"<pre>{html.escape(repr(result)[:3000])}</pre>"


def _nested_shape(value: Any) -> tuple[int, ...] | None:
    if hasattr(value, "shape"):
        return tuple(value.shape)
    shape = []
    while isinstance(value, list) and value:
        shape.append(len(value))
        value = value[0]
    return tuple(shape) if shape and isinstance(value, int | float) and len(shape) > 1 else None


class Playground:
    """Text in, the pipeline's answer drawn; `run(text)` drives it from code."""

    def __init__(
        self,
        pipe: Any,
        examples: Sequence[str] = (),
        *,
        task: str | None = None,
        max_chars: int = MAX_CHARS,
        **call_kwargs: Any,
    ) -> None:
        import ipywidgets as w

        if isinstance(pipe, str):
            self._pipe, self.name = None, pipe
            if task is None:
                raise ValueError("With a model id, also say the task: task='text-classification'.")
        elif callable(pipe):
            self._pipe = pipe
            model = getattr(pipe, "model", None)
            self.name = (
                getattr(getattr(model, "config", None), "name_or_path", None) or type(pipe).__name__
            )
        else:
            raise TypeError(
                f"playground() takes a pipeline (what pipeline(...) returns) or a model id, "
                f"not a {type(pipe).__name__}."
            )
        if isinstance(examples, str) or not all(isinstance(e, str) for e in examples):
            raise TypeError("examples must be a list of strings.")
        self.task = task or getattr(pipe, "task", None) or "pipeline"
        self.max_chars = max_chars
        self.call_kwargs = call_kwargs
        self.text = w.Textarea(
            placeholder="Type or paste a text, or pick an example",
            description="Text",
            layout=w.Layout(width="95%", height="5em"),
        )
        self.example = w.Dropdown(
            options=[("(choose an example)", None), *((e, e) for e in examples)],
            value=None,
            description="Example",
            layout=w.Layout(width="95%", display="flex" if examples else "none"),
        )
        self.button = w.Button(
            description="Run",
            tooltip=f"Run the {self.task} pipeline on the text",
            button_style="primary",
            icon="play",
        )
        self.status = w.HTML("")
        self.output = w.HTML("")
        self.example.observe(self._pick, names="value")
        self.button.on_click(lambda _: self.run())
        title = w.HTML(f"<b>Playground: {html.escape(self.task)}</b> · {html.escape(self.name)}")
        self.widget = w.VBox(
            [title, self.example, self.text, self.button, self.status, self.output]
        )
        self.widget.add_class("course-playground")

    def _pick(self, change) -> None:
        if change["new"] is not None:
            self.text.value = change["new"]

    def _load(self):
        if self._pipe is None:
            from transformers import pipeline

            self._pipe = pipeline(self.task, model=self.name)
        return self._pipe

    def run(self, text: str | None = None) -> str:
        """Run on `text` (or what the text box holds); returns the drawn HTML."""
        if text is not None:
            self.text.value = text
        self.output.value = ""
        raw = self.text.value
        if not raw.strip():
            self.status.value = message("info", "Type or paste some text first, then press Run.")
            return self.status.value
        used, note = shorten(raw, self.max_chars)
        notes = [note] if note else []
        self.button.disabled = True
        self.status.value = message("info", "Running…")
        try:
            pipe = self._pipe or self._load()
        except Exception as err:
            self.status.value = message(
                "error", LOAD_FAILED.format(what="model", name=self.name, err=_describe_error(err))
            )
            self.button.disabled = False
            return self.status.value
        kwargs = dict(self.call_kwargs)
        tokenizer = getattr(pipe, "tokenizer", None)
        limit = getattr(tokenizer, "model_max_length", None)
        if self.task in {"text-classification", "sentiment-analysis"} and limit and limit < 10**6:
            n_tokens = len(tokenizer(used)["input_ids"])
            if n_tokens > limit:
                kwargs["truncation"] = True
                notes.append(
                    f"The model reads at most {limit} tokens and this text has {n_tokens}: "
                    f"it sees only the first {limit}."
                )
        try:
            result = pipe(used, **kwargs)
        except Exception as err:
            self.status.value = message("error", f"The pipeline failed: {_describe_error(err)}")
            self.button.disabled = False
            return self.status.value
        self.button.disabled = False
        self.status.value = "".join(message("info", n) for n in notes)
        self.output.value = render_result(used, result)
        return self.status.value + self.output.value

    def as_text(self) -> str:
        return f"Playground for a {self.task} pipeline ({self.name}): run the cell to use it."

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.as_text()
        return bundle


def playground(
    pipe: Any, examples: Sequence[str] = (), *, task: str | None = None, **call_kwargs: Any
) -> Playground:
    """A text box, examples and a Run button for `pipe`; extra keywords go to each call."""
    return Playground(pipe, examples, task=task, **call_kwargs)


# ---------------------------------------------------------------------- tokenizer explorer


class _TokenPanel:
    """One tokenizer's view: its name, the token count, and the coloured tokens."""

    def __init__(self, tokenizer: Any, loader: Callable[[str], Any]) -> None:
        import ipywidgets as w

        self._tokenizer, self.error = None, None
        if isinstance(tokenizer, str):
            self.name = tokenizer
            try:
                self._tokenizer = loader(tokenizer)
            except Exception as err:
                self.error = LOAD_FAILED.format(
                    what="the tokenizer of", name=tokenizer, err=_describe_error(err)
                )
        elif callable(tokenizer) and hasattr(tokenizer, "convert_ids_to_tokens"):
            self._tokenizer = tokenizer
            self.name = getattr(tokenizer, "name_or_path", "") or type(tokenizer).__name__
        else:
            raise TypeError(
                "explore_tokens() takes a tokenizer (AutoTokenizer.from_pretrained(...), or "
                f"a pipeline's .tokenizer) or a model id, not a {type(tokenizer).__name__}."
            )
        self.tokens: list[tuple[str, int]] = []
        self.html = w.HTML("")

    def update(self, text: str, note: str | None) -> None:
        head = f"<b>{html.escape(self.name)}</b>"
        if self.error:
            self.tokens = []
            self.html.value = f"{head}{message('error', self.error)}"
            return
        if not text.strip():
            self.tokens = []
            self.html.value = f"{head}{message('info', 'Type some text to see its tokens.')}"
            return
        tok = self._tokenizer
        try:
            ids = list(tok(text)["input_ids"])
            pieces = tok.convert_ids_to_tokens(ids)
        except Exception as err:
            self.tokens = []
            problem = f"The tokenizer failed on this text: {_describe_error(err)}"
            self.html.value = f"{head}{message('error', problem)}"
            return
        special = set(getattr(tok, "all_special_ids", []) or [])
        self.tokens = list(zip(pieces, ids, strict=True))
        spans = []
        for i, (piece, tid) in enumerate(self.tokens):
            kind = "special" if tid in special else "token"
            border = "1px dashed #333" if tid in special else "1px solid #777"
            spans.append(
                f'<span class="course-token course-{kind}" role="listitem" '
                f'aria-label="{kind} {i + 1}: {html.escape(piece)}, id {tid}" '
                f'title="{kind} {i + 1}: {html.escape(piece)} (id {tid})" '
                f'style="display:inline-block;margin:2px;padding:1px 4px;border:{border};'
                f"border-radius:3px;background:{PALETTE[i % len(PALETTE)]};color:#111;"
                f'text-align:center;font-family:monospace">'
                f"{html.escape(piece).replace(' ', '&nbsp;')}"
                f'<br><small style="color:#333">{tid}</small></span>'
            )
        limit = getattr(tok, "model_max_length", None)
        notes = [note] if note else []
        if limit and limit < 10**6 and len(ids) > limit:
            notes.append(f"This model reads at most {limit} tokens; this text has {len(ids)}.")
        count = f" · {len(ids)} tokens"
        self.html.value = (
            f"{head}{count}{''.join(message('info', n) for n in notes)}"
            f'<div role="list" aria-label="Tokens of {html.escape(self.name)}">'
            f"{''.join(spans)}</div>"
        )

    def as_text(self) -> str:
        if self.error:
            return f"{self.name}: {html.unescape(self.error)}"
        listed = " | ".join(f"{piece} {tid}" for piece, tid in self.tokens)
        return f"{self.name}: {len(self.tokens)} tokens\n  {listed}"


class TokenExplorer:
    """Live tokens of a text for one or two tokenizers; `show(text)` drives it from code."""

    def __init__(self, *tokenizers: Any, text: str = "", max_chars: int = MAX_CHARS) -> None:
        import ipywidgets as w

        if not tokenizers:
            raise TypeError("explore_tokens() needs a tokenizer (or a model id).")
        self.panels = [_TokenPanel(t, self._load) for t in tokenizers]
        self.max_chars = max_chars
        self.text = w.Textarea(
            value=text,
            placeholder="Type a text to tokenize",
            description="Text",
            continuous_update=True,
            layout=w.Layout(width="95%", height="4em"),
        )
        self.text.observe(lambda _: self._refresh(), names="value")
        columns = w.HBox(
            [
                w.VBox([p.html], layout=w.Layout(width=f"{96 // len(self.panels)}%"))
                for p in self.panels
            ]
        )
        self.widget = w.VBox([self.text, columns])
        self.widget.add_class("course-token-explorer")
        self._refresh()

    @staticmethod
    def _load(name: str):
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(name)

    def _refresh(self) -> None:
        used, note = shorten(self.text.value, self.max_chars)
        for panel in self.panels:
            panel.update(used, note)

    def show(self, text: str) -> list[list[tuple[str, int]]]:
        """Tokenize `text` in every panel; returns each panel's (token, id) pairs."""
        if not isinstance(text, str):
            raise TypeError(f"Give the text as a string, not a {type(text).__name__}.")
        self.text.value = text
        return [p.tokens for p in self.panels]

    def as_text(self) -> str:
        return "\n".join(
            ["Tokens of: " + repr(self.text.value[:200])] + [p.as_text() for p in self.panels]
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.as_text()
        return bundle


def explore_tokens(
    *tokenizers: Any, text: str = "Tokenizers split text into pieces."
) -> TokenExplorer:
    """Type a text, see its tokens and ids; give two tokenizers to compare them."""
    if len(tokenizers) > 2:
        raise TypeError("explore_tokens() compares at most two tokenizers side by side.")
    return TokenExplorer(*tokenizers, text=text)
