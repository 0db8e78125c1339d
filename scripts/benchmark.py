"""Wall time and kernel peak memory of each notebook against the stand-in hub.

A measurement, not a test: budgets (e.g. 1.5 GB and 90 s on 2 cores) are read from the
table it writes to bench/results/latest.md.

    python scripts/benchmark.py [notebooks/00_welcome.ipynb ...]
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nbtools import measure  # noqa: E402

from standin_hub.session import apply, standin_environment  # noqa: E402


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    with standin_environment(seed=0) as env:
        apply(env)
        for path in paths:
            wall, peak_mb = measure(path.resolve())
            rows.append(f"| {path.name} | {wall:.1f} | {peak_mb:.0f} |")
            print(rows[-1], flush=True)
    header = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        "| notebook | wall time (s) | kernel peak RSS (MB) |",
        "|---|---:|---:|",
    ]
    out = ROOT / "bench" / "results" / "latest.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header + rows) + "\n")
    print(f"Written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
