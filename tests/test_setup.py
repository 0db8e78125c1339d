"""`setup()`'s decisions, advice and panel, for every state a learner's machine can be in.

Most tests call `gather()` with the machine described in arguments; two run the real
`setup()` in a fresh Python, and one in a Jupyter kernel.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from course_utils import resources, startup
from course_utils.environment import Device, Gpu, HubStatus, Memory, Platform
from course_utils.startup import RESTART, STANDIN_WARNING, apply, gather, quiet_libraries

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "00_welcome"
MODEL = resources.for_notebook(NOTEBOOK)[0]
PREFETCH = "python -m course_utils prefetch --chapter 0"
CPU = Device("cpu", (), 2)
T4 = Device("cuda", (Gpu("Tesla T4", 15.8, 14.3, "7.5"),), 2)
MEMORY = Memory(total_gb=12.7, machine_gb=12.7, limit_gb=None, available_gb=9.4)
VERSIONS = {"python": "3.11.7", "torch": "2.13.0", "transformers": "5.24.0"}


def cache_with(folder: Path, *resources_: resources.Resource) -> Path:
    """A Hub cache holding a snapshot of each resource, laid out as huggingface_hub does."""
    sha = "0123456789abcdef0123456789abcdef01234567"
    for res in resources_:
        repo = folder / f"{res.repo_type}s--{res.hub_repo_id.replace('/', '--')}"
        (repo / "refs").mkdir(parents=True)
        (repo / "refs" / res.revision).write_text(sha)
        (repo / "snapshots" / sha).mkdir(parents=True)
        (repo / "snapshots" / sha / "config.json").write_text("{}")
    return folder


def answers(standin: bool = False):
    return lambda endpoint: HubStatus(endpoint, True, standin, "HTTP 200")


def silent(endpoint: str) -> HubStatus:
    return HubStatus(endpoint, False, False, "connection refused")


def report(tmp_path, notebook=NOTEBOOK, cached=False, **kwargs):
    """gather() on a described machine: local, CPU, 12.7 GB, the Hub silent, no library loaded."""
    cache = tmp_path / "hub"
    cache.mkdir(exist_ok=True)
    if cached:
        cache_with(cache, *resources.for_notebook(notebook))
    args = dict(
        environ={},
        modules={},
        probe=silent,
        cache_dir=cache,
        device_info=CPU,
        memory=MEMORY,
        versions=VERSIONS,
    )
    return gather(notebook, **{**args, **kwargs})


# --- Decisions ----------------------------------------------------------------------


def test_hub_answers_stays_online(tmp_path):
    r = report(tmp_path, probe=answers())
    assert (r.mode, r.offline_switched, r.hub_reachable, r.standin) == (
        "online",
        False,
        True,
        False,
    )
    assert r.warnings == ()
    assert r.missing == (MODEL,)
    environ = {}
    apply(r, environ)
    assert "HF_HUB_OFFLINE" not in environ
    assert "first run downloads 268 MB" in r.as_text()


def test_standin_is_said_loudly(tmp_path):
    r = report(tmp_path, probe=answers(standin=True), environ={"HF_ENDPOINT": "http://127.0.0.1:5"})
    assert r.standin and r.mode == "online"
    assert r.warnings[0] == STANDIN_WARNING
    assert "WARNING        Stand-in hub: models here have random weights" in r.as_text()
    page = r.as_html()
    assert 'role="alert"' in page and "Stand-in hub" in page
    assert "stand-in hub, not the real Hub" in page


def test_silent_hub_and_full_cache_switch_offline(tmp_path):
    r = report(tmp_path, cached=True)
    assert (r.mode, r.offline_switched, r.missing) == ("offline", True, ())
    assert r.warnings == ()
    environ: dict[str, str] = {}
    apply(r, environ)
    assert environ["HF_HUB_OFFLINE"] == "1"
    assert environ["HF_EVALUATE_OFFLINE"] == "1"  # evaluate has a flag of its own
    assert "setup() set HF_HUB_OFFLINE=1" in r.as_text()
    assert "1 of 1 already in your cache" in r.as_text()


def test_silent_hub_and_missing_files_name_them_and_the_fix(tmp_path):
    r = report(tmp_path)
    assert (r.mode, r.offline_switched, r.missing) == ("no-hub", False, (MODEL,))
    (warning,) = r.warnings
    assert MODEL.repo_id in warning and "268 MB" in warning
    assert f"`{PREFETCH}`" in warning and "HF_HOME" in warning
    environ: dict[str, str] = {}
    apply(r, environ)
    assert "HF_HUB_OFFLINE" not in environ and "HF_EVALUATE_OFFLINE" not in environ
    assert PREFETCH in r.as_text() and f"<code>{PREFETCH}</code>" in r.as_html()


def test_too_late_import_gives_restart_advice_and_no_offline_claim(tmp_path):
    modules = {"transformers": ModuleType("transformers")}
    r = report(tmp_path, cached=True, modules=modules)
    assert (r.mode, r.offline_switched, r.imported_too_early) == (
        "blocked",
        False,
        ("transformers",),
    )
    (warning,) = r.warnings
    assert RESTART in warning and "transformers is already imported" in warning
    environ: dict[str, str] = {}
    apply(r, environ, modules)
    assert "HF_HUB_OFFLINE" not in environ
    text = r.as_text()
    assert "offline:" not in text and "not switched to offline mode" in text


def test_offline_already_set_skips_the_hub(tmp_path):
    def must_not_probe(endpoint):
        raise AssertionError("the Hub is asked although HF_HUB_OFFLINE is set")

    r = report(tmp_path, environ={"HF_HUB_OFFLINE": "1"}, probe=must_not_probe)
    assert (r.mode, r.offline_switched, r.hub_checked) == ("offline", False, False)
    (warning,) = r.warnings
    assert "Offline mode is on" in warning and PREFETCH in warning
    assert "not asked, because HF_HUB_OFFLINE is set" in r.as_text()
    assert report(tmp_path, environ={"HF_HUB_OFFLINE": "1"}, cached=True).warnings == ()


def test_unnamed_notebook(tmp_path):
    r = report(tmp_path, notebook=None, probe=answers())
    assert (r.notebook, r.resources, r.missing) == (None, (), ())
    assert 'name the notebook, as in setup("00_welcome")' in r.as_text()


def test_notebook_named_with_its_file_name(tmp_path):
    r = report(tmp_path, notebook="notebooks/00_welcome.ipynb")
    assert r.notebook == NOTEBOOK and r.resources == (MODEL,)


@pytest.mark.parametrize(
    ("notebook", "command"),
    [
        ("00_welcome", "python -m course_utils prefetch --chapter 0"),
        ("12_fine_tuning.ipynb", "python -m course_utils prefetch --chapter 12"),
        ("scratch", "python -m course_utils prefetch --notebook scratch"),
    ],
)
def test_prefetch_command(notebook, command):
    assert startup.prefetch_command(notebook) == command


# --- Advice -------------------------------------------------------------------------


def advice_for(tmp_path, platform_env=None, device=CPU, memory=MEMORY, versions=VERSIONS):
    r = report(
        tmp_path,
        environ=platform_env or {},
        device_info=device,
        memory=memory,
        versions=versions,
        probe=answers(),
    )
    return " | ".join(r.advice)


def test_advice_no_gpu_on_colab(tmp_path):
    text = advice_for(tmp_path, {"COLAB_RELEASE_TAG": "release-x"})
    assert "Runtime > Change runtime type > T4 GPU" in text


def test_advice_no_gpu_on_kaggle(tmp_path):
    text = advice_for(tmp_path, {"KAGGLE_KERNEL_RUN_TYPE": "Interactive"})
    assert "Settings > Accelerator" in text and "Runtime >" not in text


def test_advice_no_gpu_locally(tmp_path):
    assert "runs on the CPU, only slower" in advice_for(tmp_path)


def test_advice_little_memory_on_binder(tmp_path):
    small = Memory(total_gb=2.0, machine_gb=120.0, limit_gb=2.0, available_gb=1.1)
    binder = {"BINDER_REPO_URL": "https://github.com/org/course"}
    r = report(tmp_path, environ=binder, memory=small, probe=answers())
    text = " | ".join(r.advice)
    assert r.platform.name == "binder"
    assert "Only 2.0 GB of memory" in text and "Shut down the kernels" in text
    assert "sized for 2 GB" in text
    assert "the limit of this container; the machine has 120.0 GB" in r.as_text()


def test_advice_mps(tmp_path):
    text = advice_for(tmp_path, device=Device("mps", (), 8))
    assert "MPS" in text and "No GPU" not in text


def test_no_device_advice_with_cuda(tmp_path):
    assert advice_for(tmp_path, device=T4) == ""


def test_advice_missing_library(tmp_path):
    text = advice_for(tmp_path, versions={**VERSIONS, "evaluate": "not installed"})
    assert "Not installed: evaluate" in text and "%pip install evaluate" in text


# --- Logging --------------------------------------------------------------------------


def test_quiet_libraries_keeps_progress_bars():
    environ: dict[str, str] = {}
    quiet_libraries(environ, {})
    assert environ == {"TRANSFORMERS_VERBOSITY": "error", "TOKENIZERS_PARALLELISM": "false"}
    mine = {"TRANSFORMERS_VERBOSITY": "info", "TOKENIZERS_PARALLELISM": "true"}
    quiet_libraries(mine, {})
    assert mine == {"TRANSFORMERS_VERBOSITY": "info", "TOKENIZERS_PARALLELISM": "true"}


def test_quiet_libraries_tells_an_imported_transformers():
    calls = []
    transformers = SimpleNamespace(
        logging=SimpleNamespace(set_verbosity_error=lambda: calls.append(1))
    )
    quiet_libraries({}, {"transformers": transformers})
    assert calls == [1]


def test_noisy_warnings_are_filtered_others_kept():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_libraries({}, {})
        for message in [
            "\nThe secret `HF_TOKEN` does not exist in your Colab secrets.",
            "TypedStorage is deprecated. It will be removed.",
            "something a learner should see",
        ]:
            warnings.warn(message, UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["something a learner should see"]


# --- The panel ----------------------------------------------------------------------


def test_panel_shows_the_key_facts(tmp_path):
    r = report(tmp_path, device_info=T4, environ={"COLAB_RELEASE_TAG": "x"}, probe=answers())
    text, page = r.as_text(), r.as_html()
    facts = ["Google Colab", "cuda (Tesla T4, 15.8 GB, compute capability 7.5)", "12.7 GB"]
    facts += ["huggingface.co answers", "online", "transformers 5.24.0", str(r.cache_dir)]
    for fact in facts:
        assert fact in text, fact
    for fact in [*facts, "<table", "<details>", "<th"]:
        assert fact in page, fact
    assert str(r) == text


def test_panel_leaves_out_what_changes_between_runs(tmp_path):
    """Free RAM and free GPU memory change every second; stored outputs must not."""
    first = report(tmp_path, device_info=T4)
    again = report(tmp_path, device_info=T4)
    assert first.as_text() == again.as_text() and first.as_html() == again.as_html()
    for panel in (first.as_text(), first.as_html()):
        assert "9.4" not in panel and "14.3" not in panel


def test_panel_hides_the_port_of_a_local_endpoint(tmp_path):
    r = report(tmp_path, environ={"HF_ENDPOINT": "http://127.0.0.1:50123"}, probe=answers(True))
    assert r.endpoint == "http://127.0.0.1:50123"
    assert "50123" not in r.as_text() and "50123" not in r.as_html()


def test_panel_escapes_html(tmp_path):
    r = report(tmp_path, environ={"HF_ENDPOINT": "https://<b>odd</b>.example"})
    assert "<b>odd" not in r.as_html()


def test_platform_evidence_in_details(tmp_path):
    r = report(tmp_path, environ={"KAGGLE_KERNEL_RUN_TYPE": "Interactive"})
    assert r.platform == Platform("kaggle", "Kaggle", "KAGGLE_KERNEL_RUN_TYPE")
    assert "KAGGLE_KERNEL_RUN_TYPE" in r.as_html()


# --- The real setup(), in a fresh Python ----------------------------------------------

SCRIPT = """
import json, os, sys, types
if sys.argv[1] == "early":
    sys.modules["transformers"] = types.ModuleType("transformers")
from course_utils import setup
report = setup("00_welcome")
heavy = ["huggingface_hub", "datasets", "evaluate", "transformers"]
print(json.dumps({
    "mode": report.mode,
    "switched": report.offline_switched,
    "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE"),
    "verbosity": os.environ.get("TRANSFORMERS_VERBOSITY"),
    "progress_bars_off": [k for k in os.environ if k.endswith("DISABLE_PROGRESS_BARS")],
    "imported": [m for m in heavy if m in sys.modules and m != "transformers"],
}))
"""


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_env(tmp_path: Path, cached: bool) -> dict[str, str]:
    home = tmp_path / "hf-home"
    (home / "hub").mkdir(parents=True)
    if cached:
        cache_with(home / "hub", MODEL)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    environ.update(
        HF_HOME=str(home), HF_ENDPOINT=f"http://127.0.0.1:{closed_port()}", PYTHONPATH=str(ROOT)
    )
    return environ


@pytest.mark.parametrize("early", [False, True], ids=["first", "after-transformers"])
def test_real_setup_in_a_fresh_python(tmp_path, early):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "early" if early else "first"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=hub_env(tmp_path, cached=True),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    panel, result = done.stdout.rsplit("\n", 2)[0], json.loads(done.stdout.splitlines()[-1])
    assert panel.startswith("Course setup: 00_welcome")
    assert result["imported"] == [] and result["progress_bars_off"] == []
    assert result["verbosity"] == "error"
    if early:
        assert (result["mode"], result["switched"], result["HF_HUB_OFFLINE"]) == (
            "blocked",
            False,
            None,
        )
        assert RESTART in " ".join(panel.split())
    else:
        assert (result["mode"], result["switched"], result["HF_HUB_OFFLINE"]) == (
            "offline",
            True,
            "1",
        )


def test_setup_in_a_kernel_shows_one_html_panel(tmp_path):
    """In Jupyter the panel is HTML, shown once even when setup() ends the cell."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    cells = [
        'from course_utils import setup\nsetup("00_welcome")',
        "report = _\nreport",
        "print(report.mode)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute(env=hub_env(tmp_path, cached=False))
    first, second, third = (cell.outputs for cell in nb.cells)
    assert len(first) == 1 and first[0].output_type == "display_data"
    assert {"text/html", "text/plain"} <= set(first[0].data)
    assert "<table" in first[0].data["text/html"] and PREFETCH in first[0].data["text/plain"]
    assert len(second) == 1 and second[0].data["text/html"] == first[0].data["text/html"]
    assert third[0].text.strip() == "no-hub"
