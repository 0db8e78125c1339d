"""The chapters in a real browser: JupyterLab on 127.0.0.1 against the stand-in hub,
Chromium driven by Playwright. Runs every cell, then uses the widgets as a learner does
(types, picks, clicks, presses arrow keys) and checks what is drawn on the page.

Needs Debian's `chromium` at /usr/bin/chromium (`make browser-deps` installs it) and the
`playwright` package (no browser download: it drives that Chromium). Screenshots go to
test-artifacts/browser/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import conventions  # noqa: E402
import start_course  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN_TIMEOUT_S = 600

# What JupyterLab knows about each code cell of the open notebook, read through its API.
CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    const outputs = cell.outputs.toJSON();
    cells.push({
      count: cell.executionCount,
      tags: cell.getMetadata('tags') || [],
      errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    });
  }
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {cells, kernel: kernel ? kernel.status : 'none'};
}"""


def _free_port() -> int:
    return start_course.free_port(0)


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """JupyterLab serving a copy of notebooks/ (its autosave must not touch the real ones)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `make browser-deps` (installs Debian's chromium).")
    from standin_hub.session import standin_environment

    work = tmp_path_factory.mktemp("browser")
    notebooks = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    for path in notebooks.glob("*.ipynb"):  # run what nbval runs: skip-execution cells are not
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "skip-execution" in cell.metadata.get("tags", []):
                nb.cells[i] = nbformat.v4.new_raw_cell(cell.source, metadata=cell.metadata)
        nbformat.write(nb, path)
    tracker = work / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    # Every cell in the page, so that locators find widgets far down the notebook.
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # No "get notified about Jupyter news?" toast over the widgets in the screenshots.
    apputils = work / "settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    quiet = {"fetchNews": "false", "checkForUpdates": False}
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps(quiet))
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        a
        for a in start_course.jupyter_command(port, token, open_browser=False)
        if not a.startswith("--ServerApp.root_dir")
    ] + [
        f"--ServerApp.root_dir={notebooks}",
        f"--LabApp.user_settings_dir={work / 'settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
    ]
    with standin_environment(seed=0, log=lambda *a, **k: None) as env:
        log = (work / "jupyter.log").open("w")
        proc = subprocess.Popen(
            command,
            env={**os.environ, **env, "JUPYTER_RUNTIME_DIR": str(work / "runtime")},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    assert proc.poll() is None, (work / "jupyter.log").read_text()
                    time.sleep(0.5)
            else:
                pytest.fail("JupyterLab did not start:\n" + (work / "jupyter.log").read_text())
            yield base, token
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
    base, token = lab  # shut the kernels down: the next chapter needs their memory
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as r:
        sessions = json.load(r)
    for session in sessions:
        url = f"{base}/api/sessions/{session['id']}?token={token}"
        urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30).close()


def open_and_run_all(page, lab, name: str) -> dict:
    """Open notebook `name`, run all its cells from the Run menu, wait until they are done."""
    base, token = lab
    # A workspace of its own, so that no tab of an earlier test comes back.
    page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.wait_for_function(
        "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; return k && k.status === 'idle'; }",
        timeout=120_000,
    )
    # Stored execution counts would look like finished cells: clear them first.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
        " === 'busy' || [...window.jupyterapp.shell.currentWidget.content.model.cells]"
        ".some(c => c.type === 'code' && c.executionCount !== null)",
        timeout=60_000,
    )
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        state = page.evaluate(CELLS_JS)
        done = all(c["count"] is not None for c in state["cells"])
        if done and state["kernel"] == "idle":
            return state
        assert time.monotonic() < deadline, f"{name}: cells still running: {state}"
        time.sleep(1)


def assert_ran_cleanly(name: str, state: dict, page) -> None:
    for i, cell in enumerate(state["cells"]):
        expected = "raises-exception" in cell["tags"]
        assert bool(cell["errors"]) == expected, (
            f"{name}, code cell {i}: errors {cell['errors']}, tags {cell['tags']}"
        )
    broken = page.get_by_text("Error displaying widget")
    assert broken.count() == 0, f"{name}: a widget failed to render"


def shot(target, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_chapter_00_widgets_in_a_browser(lab, page):
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)

    state = open_and_run_all(page, lab, "00_welcome.ipynb")
    assert_ran_cleanly("00_welcome", state, page)
    shot(page, "00_welcome-after-run-all")
    page.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
    shot(page, "00_welcome-top")

    # Tokenizer explorer: coloured tokens with their ids, live as you type.
    explorer = page.locator(".course-token-explorer")
    tokens = explorer.locator(".course-token")
    assert tokens.count() == 16
    assert tokens.nth(0).inner_text().split() == ["[CLS]", "101"]
    assert "##face" in explorer.inner_text()
    background = tokens.nth(1).evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert tokens.nth(1).get_attribute("aria-label") == "token 2: i, id 1045"
    explorer.get_by_label("Text").fill("Tokenization is fun")
    expect(tokens).to_have_count(6)
    assert [t.split()[0] for t in tokens.all_inner_texts()] == [
        "[CLS]", "token", "##ization", "is", "fun", "[SEP]",
    ]  # fmt: skip
    shot(explorer, "00_welcome-token-explorer")

    # Playground: pick an example, press Run, see one bar per label with its score.
    playground = page.locator(".course-playground")
    playground.get_by_label("Example").select_option(label="This is not a bad film at all.")
    # The kernel fills the text box: wait for the round trip.
    expect(playground.get_by_label("Text")).to_have_value("This is not a bad film at all.")
    playground.get_by_role("button", name="Run").click()
    bars = playground.locator(".course-bar")
    bars.first.wait_for()
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert sorted(a.split(":")[0] for a in labels) == ["NEGATIVE", "POSITIVE"]  # top_k=None
    assert all(": score 0." in a or ": score 1.000" in a for a in labels)
    shot(playground, "00_welcome-playground")
    playground.get_by_label("Text").fill("")
    playground.get_by_role("button", name="Run").click()
    playground.get_by_text("Type or paste some text first").wait_for()
    assert playground.locator(".course-bar").count() == 0

    # Quiz: a wrong answer by mouse, then the right one with the keyboard (Tab, Space).
    question = page.locator(".course-quiz .widget-radio-box").first
    wrong = question.get_by_label("The network is slow")
    wrong.check()
    page.get_by_text("A slow network makes downloads slow").wait_for()
    assert "Not quite:" in page.locator(".course-quiz").inner_text()
    wrong.focus()
    page.keyboard.press("Shift+Tab")  # to the option above it
    page.keyboard.press("Space")
    page.get_by_text("Binder gives you 1 to 2 GB").wait_for()
    quiz = page.locator(".course-quiz")
    assert "Correct:" in quiz.inner_text()
    assert "1 of 4 answered, 1 correct." in quiz.inner_text()
    shot(quiz, "00_welcome-quiz")

    # The exercise's checker answers in words.
    assert page.get_by_text("Replace the placeholder with your answer").count() == 1


OTHER_CHAPTERS = [p for p in conventions.chapters() if not p.name.startswith("00_")]


@pytest.mark.parametrize("path", OTHER_CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_in_a_browser(lab, page, path):
    state = open_and_run_all(page, lab, path.name)
    assert_ran_cleanly(path.stem, state, page)
    shot(page, f"{path.stem}-after-run-all")
