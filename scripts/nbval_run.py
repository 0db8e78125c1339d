"""Strict nbval over the course's notebooks against the stand-in hub of one seed.

python scripts/nbval_run.py --seed 1 [notebooks/00_welcome.ipynb ...] [-- extra pytest args]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standin_hub.session import apply, standin_environment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the stand-in weights")
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: all)")
    args, extra = parser.parse_known_args(argv)
    notebooks = args.notebooks or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("No notebooks found under notebooks/.")
        return 1
    print(f"Strict nbval against the stand-in hub, seed {args.seed}", flush=True)
    with standin_environment(args.seed) as env:
        apply(env)
        import pytest

        return pytest.main(
            [
                "--nbval",
                "--nbval-current-env",
                "--nbval-cell-timeout=600",
                f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
                f"--rootdir={ROOT}",
                "-p",
                "no:cacheprovider",
                "-W",
                "ignore::pytest.PytestAssertRewriteWarning",
                *extra,
                *notebooks,
            ]
        )


if __name__ == "__main__":
    sys.exit(main())
