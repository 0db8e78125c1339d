"""Execute the course's notebooks the way a learner's kernel runs them, and store outputs.

Shared by the output regeneration and the benchmark.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

IGNORE_TAG = "nbval-ignore-output"
PEAK_RSS_PROBE = (
    "import resource as _r\n"
    "print(max(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss, _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss))"
)


def _client(nb: nbformat.NotebookNode, path: Path, timeout: int) -> NotebookClient:
    """A client running `nb` in a fresh python3 kernel, in the notebook's own folder."""
    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )


def execute(path: Path, *, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel, in the notebook's own folder; return the result."""
    nb = nbformat.read(path, as_version=4)
    _client(nb, path, timeout).execute()
    return nb


def strip_ignored(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop outputs a learner would not see as stored (stand-in weights, timing, chance)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.metadata.pop("execution", None)
        if IGNORE_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = count
    return nb


def measure(path: Path) -> tuple[float, float]:
    """Wall seconds to run the notebook and the kernel's peak resident memory in MB."""
    nb = nbformat.read(path, as_version=4)
    probe = copy.deepcopy(nb)
    probe.cells.append(nbformat.v4.new_code_cell(PEAK_RSS_PROBE))
    client = NotebookClient(
        probe,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    peak_kb = int(probe.cells[-1].outputs[0]["text"].strip())
    return wall, peak_kb / 1024
