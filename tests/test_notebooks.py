"""Static checks of every chapter notebook: structure, stored outputs, declared Hub ids.

nbval runs the cells (see scripts/nbval_run.py); these checks read the files only.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import conventions  # noqa: E402

from course_utils import resources  # noqa: E402

NOTEBOOKS = conventions.chapters()
TITLE = re.compile(r"^# (\d\d) · \S.+$")
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
FILE_SUFFIXES = {".ipynb", ".csv", ".json", ".jsonl", ".parquet", ".txt", ".png", ".wav", ".py"}
BUILDER_NAMES = {"csv", "json", "parquet", "text", "arrow", "imagefolder", "audiofolder"}


def load(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def python_source(cell) -> str:
    """A code cell's source with IPython magics and shell escapes blanked out."""
    lines = []
    for line in cell.source.splitlines():
        stripped = line.lstrip()
        blank = stripped.startswith(("%", "!"))
        lines.append(line[: len(line) - len(stripped)] + "pass" if blank else line)
    return "\n".join(lines)


def hub_references(nb: nbformat.NotebookNode) -> tuple[set[str], set[str], set[str]]:
    """(repo ids, dataset ids, metric names) that the notebook's code passes to calls.

    Cells tagged `raises-exception` are skipped: they show failures on purpose.
    """
    repos: set[str] = set()
    datasets: set[str] = set()
    metrics: set[str] = set()
    for cell in code_cells(nb):
        if "raises-exception" in cell.metadata.get("tags", []):
            continue  # a deliberate failure, such as a mistyped model id
        tree = ast.parse(python_source(cell))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            args = [*node.args, *(kw.value for kw in node.keywords)]
            consts = [a.value for a in args if isinstance(a, ast.Constant)]
            strings = [v for v in consts if isinstance(v, str)]
            if name == "load_dataset" and strings and strings[0] not in BUILDER_NAMES:
                datasets.add(strings[0])
            elif (
                name == "load"
                and getattr(getattr(node.func, "value", None), "id", None) == "evaluate"
                and strings
            ):
                metrics.add(strings[0])
            for s in strings:
                if HUB_ID.match(s) and Path(s).suffix not in FILE_SUFFIXES:
                    repos.add(s)
    return repos, datasets, metrics


def test_there_are_chapters():
    assert NOTEBOOKS, "notebooks/ holds no chapter (NN_name.ipynb)"
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two chapters share a number: {numbers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestChapter:
    def test_title_and_objectives(self, path):
        first = load(path).cells[0]
        assert first.cell_type == "markdown"
        title = first.source.splitlines()[0]
        match = TITLE.match(title)
        assert match, f"first line should read like '# 00 · Welcome', got {title!r}"
        assert match.group(1) == path.name[:2], "title number differs from the file name"
        assert "You will learn to:" in first.source
        objectives = [ln for ln in first.source.splitlines() if ln.startswith("- ")]
        assert 3 <= len(objectives) <= 5, f"3 to 5 objectives, found {len(objectives)}"
        assert re.search(r"about \d+ minutes", first.source), "say how long it takes"

    def test_generated_cells_are_current(self, path):
        nb = load(path)
        wanted = conventions.expected(path)
        found = {conventions.role(c): c.source for c in nb.cells if conventions.role(c)}
        assert set(found) == set(wanted), f"generated cells present: {sorted(found)}"
        for role, source in wanted.items():
            assert found[role] == source, f"{role} is stale: run `make outputs NB={path}`"
        assert conventions.role(nb.cells[1]) == conventions.HEADER
        assert conventions.role(nb.cells[-1]) == conventions.FOOTER

    def test_setup_is_the_first_call(self, path):
        cells = code_cells(load(path))
        assert conventions.role(cells[0]) == conventions.COLAB
        setup = cells[1].source
        assert "from course_utils import" in setup and "setup(" in setup
        assert f'setup("{path.stem}")' in setup, "setup() names this notebook"

    def test_summary_and_further_reading(self, path):
        markdown = [c.source for c in load(path).cells if c.cell_type == "markdown"]
        closing = "\n".join(markdown[-3:])
        assert "## Summary" in closing or re.search(r"## \d+\.\d+ Summary", closing)
        assert "Further reading" in closing

    def test_sections_are_numbered(self, path):
        number = int(path.name[:2])
        heads = [
            ln
            for c in load(path).cells
            if c.cell_type == "markdown"
            for ln in c.source.splitlines()
            if ln.startswith("## ")
        ]
        numbered = [h for h in heads if re.match(rf"## {number}\.\d+ ", h)]
        assert len(numbered) >= 2, f"numbered sections like '## {number}.1 ...': {heads}"

    def test_stored_outputs_keep_the_promise(self, path):
        for i, cell in enumerate(code_cells(load(path))):
            tags = set(cell.metadata.get("tags", []))
            outputs = cell.get("outputs", [])
            if "nbval-ignore-output" in tags:
                assert not outputs, f"code cell {i} is ignored by nbval but stores output"
            errors = [o for o in outputs if o.output_type == "error"]
            if errors:
                assert "raises-exception" in tags, f"code cell {i} stores an error"
            if "raises-exception" in tags:
                assert errors, f"code cell {i} is tagged raises-exception but stores no error"

    def test_kernelspec(self, path):
        meta = load(path).metadata
        assert meta.kernelspec.name == "python3"
        assert meta.kernelspec.language == "python"
        assert meta.language_info.name == "python"

    def test_every_hub_id_is_declared(self, path):
        repos, datasets, metrics = hub_references(load(path))
        declared = resources.for_notebook(path.stem)
        by_kind = {k: {r.repo_id for r in declared if r.kind == k} for k in resources.KINDS}
        undeclared = (
            (repos - by_kind["model"] - by_kind["dataset"])
            | (datasets - by_kind["dataset"])
            | (metrics - by_kind["metric"])
        )
        assert not undeclared, (
            f"{sorted(undeclared)} used in {path.name} but not declared for it in "
            "course_utils/resources.py"
        )


def test_hub_reference_finder_sees_calls():
    """The check above only means something if it finds ids in real code."""
    cell = nbformat.v4.new_code_cell(
        '%pip install x\nclf = pipeline("text-classification", model="org/model-1")\n'
        'ds = load_dataset("org/data")\nm = evaluate.load("accuracy")\n'
        'df = load_dataset("csv", data_files="data/train.csv")'
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert hub_references(nb) == ({"org/model-1", "org/data"}, {"org/data"}, {"accuracy"})


def test_notebooks_are_ruff_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *map(str, NOTEBOOKS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_lists_every_chapter_with_its_title():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        row = f"| [{conventions.title_of(path)}](notebooks/{path.name}) |"
        assert row in readme, f"README's chapter table lacks {row}"
