"""Re-run the course's notebooks against the stand-in hub and store their outputs.

The generated cells (badges, navigation, Colab install) are rewritten first.
Cells tagged `nbval-ignore-output` are stored without output: they show what depends on
a stand-in's random weights, on timing or on chance, which a learner would not see.

    python scripts/regenerate_outputs.py [--links-only] [notebooks/00_welcome.ipynb ...]

`--links-only` rewrites only the generated cells (after adding or renaming a chapter).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import conventions  # noqa: E402
import nbformat  # noqa: E402
from nbtools import execute, strip_ignored  # noqa: E402

from standin_hub.session import apply, standin_environment  # noqa: E402


def main(argv: list[str]) -> int:
    links_only = "--links-only" in argv
    argv = [a for a in argv if a != "--links-only"]
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if links_only:
        # Badges, navigation and the Colab cell only: no kernel, outputs untouched.
        for path in paths:
            path = path.resolve()
            nbformat.write(conventions.apply(nbformat.read(path, as_version=4), path), path)
            print(f"{path.name}: generated cells rewritten", flush=True)
        return 0
    with standin_environment(seed=0) as env:
        apply(env)
        for path in paths:
            start = time.perf_counter()
            path = path.resolve()
            nbformat.write(conventions.apply(nbformat.read(path, as_version=4), path), path)
            nb = strip_ignored(execute(path))
            nbformat.write(nb, path)
            print(f"{path.name}: outputs stored ({time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
