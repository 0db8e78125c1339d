"""The generated parts of every chapter notebook: badges, navigation, Colab install cell.

`apply()` rewrites them from the templates below (the output regeneration calls it), and
the notebook checks compare each notebook against them, so a renamed or added chapter
updates every link in one command.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import nbformat

# Where the course is published; the Colab and Binder badges and the install cell use it.
COURSE_REPO = "hands-on-hf/hf-ecosystem-course"
BRANCH = "main"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

ROLE_KEY = "course"  # cell metadata key that marks a generated cell
HEADER, FOOTER, COLAB = "header", "footer", "colab-install"

COLAB_INSTALL = f"""\
# On Colab, install the course's helper package (elsewhere this cell does nothing).
import sys

if "google.colab" in sys.modules:
    %pip install -q "course-utils @ git+https://github.com/{COURSE_REPO}@{BRANCH}\""""


def chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def title_of(path: Path) -> str:
    """The chapter's title, from the first line of its first cell (`# 00 · Welcome`)."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source.splitlines()[0] if nb.cells else path.stem
    return first.lstrip("# ").strip()


def navigation(path: Path) -> str:
    """`← previous | Contents | next →` with the neighbours that exist."""
    order = chapters()
    i = [p.name for p in order].index(path.name)
    parts = []
    if i > 0:
        parts.append(f"[← {title_of(order[i - 1])}]({order[i - 1].name})")
    parts.append("[Contents](../README.md#chapters)")
    if i + 1 < len(order):
        parts.append(f"[{title_of(order[i + 1])} →]({order[i + 1].name})")
    return " | ".join(parts)


def badges(path: Path) -> str:
    colab = (
        f"https://colab.research.google.com/github/{COURSE_REPO}/blob/{BRANCH}"
        f"/notebooks/{path.name}"
    )
    binder = (
        f"https://mybinder.org/v2/gh/{COURSE_REPO}/{BRANCH}"
        f"?labpath={quote('notebooks/' + path.name, safe='')}"
    )
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )


def expected(path: Path) -> dict[str, str]:
    """The source each generated cell of this notebook must have."""
    nav = navigation(path)
    return {HEADER: f"{badges(path)}\n\n{nav}", FOOTER: nav, COLAB: COLAB_INSTALL}


def role(cell) -> str | None:
    return cell.get("metadata", {}).get(ROLE_KEY)


def apply(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Rewrite the generated cells of `nb` (a notebook stored at `path`)."""
    wanted = expected(path)
    for cell in nb.cells:
        if role(cell) in wanted:
            cell.source = wanted[role(cell)]
    return nb
