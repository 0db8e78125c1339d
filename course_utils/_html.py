"""Small HTML helpers shared by the course's widgets (no third-party imports)."""

from __future__ import annotations

import html
import re

# Light backgrounds that dark text reads well on; tokens and bars cycle through them.
PALETTE = ("#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa")

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline_markdown(text: str) -> str:
    """Escape `text` for HTML, then render `code` and **bold**, the only markup used."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    return _BOLD.sub(r"<b>\1</b>", out)


def plain(text: str) -> str:
    """`text` without its markup, for controls that show text only (radio labels)."""
    return _BOLD.sub(r"\1", _CODE.sub(r"\1", text))


def message(kind: str, text: str, label: str | None = None) -> str:
    """A notice whose kind is said in words, not only in colour (for screen readers too).

    kind: "ok", "wrong", "info" or "error"; `label` replaces the word said for the kind.
    """
    default, colour, role = {
        "ok": ("Correct", "#15803d", "status"),
        "wrong": ("Not quite", "#b45309", "status"),
        "info": ("Note", "#1d4ed8", "status"),
        "error": ("Problem", "#b91c1c", "alert"),
    }[kind]
    label = label or default
    return (
        f'<div class="course-msg course-msg-{kind}" role="{role}" aria-live="polite" '
        f'style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0">'
        f'<b style="color:{colour}">{label}:</b> {text}</div>'
    )


def shorten(text: str, limit: int) -> tuple[str, str | None]:
    """`text` cut to `limit` characters, and a sentence saying so when it was cut."""
    if len(text) <= limit:
        return text, None
    note = (
        f"Your text has {len(text):,} characters; only the first {limit:,} are used here "
        f"(the rest is cut off)."
    )
    return text[:limit], note
