"""`setup()`, the first call of every notebook, and the panel it shows.

`setup()` looks at where the notebook runs, decides once whether the libraries go online
or read the cache only, and says what to do about anything that will get in the way.
It must run before transformers, huggingface_hub, datasets or evaluate are imported:
they read HF_HUB_OFFLINE once, at import.
"""

from __future__ import annotations

import html
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from course_utils import resources
from course_utils.environment import (
    NOT_INSTALLED,
    Device,
    HubStatus,
    Memory,
    Platform,
    detect_device,
    detect_memory,
    detect_platform,
    endpoint_host,
    hub_endpoint,
    hub_libraries_imported,
    library_versions,
    offline_requested,
    probe_hub,
)
from course_utils.resources import Resource

if TYPE_CHECKING:
    import torch

Mode = Literal["online", "offline", "blocked", "no-hub"]
"""online: the Hub answers. offline: HF_HUB_OFFLINE is on. blocked: offline mode is needed
but a Hub library was imported first. no-hub: the Hub does not answer and files are missing."""

LOW_MEMORY_GB = 3.0
RESTART = "Restart the kernel (Kernel > Restart Kernel) and run this cell first."
STANDIN_WARNING = (
    "Stand-in hub: models here have random weights for offline testing; scores and "
    "generated text are meaningless. Learners use the real Hub."
)

# Warnings a learner can do nothing about, printed again and again. Progress bars stay.
NOISY_WARNINGS: tuple[tuple[type[Warning], str], ...] = (
    # Older huggingface_hub on Colab, on every download: the course needs no token.
    (UserWarning, r"\s*The secret `HF_TOKEN` does not exist"),
    # Windows without Developer Mode: the cache still works, using more disk.
    (UserWarning, r"`huggingface_hub` cache-system uses symlinks"),
    # torch, while loading some checkpoints.
    (UserWarning, r"TypedStorage is deprecated"),
)


@dataclass
class SetupReport:
    """Everything `setup()` found and decided; chapter 00 explains each line."""

    notebook: str | None
    platform: Platform
    device: Device
    memory: Memory
    versions: dict[str, str]
    hub: HubStatus
    hub_checked: bool
    """False where HF_HUB_OFFLINE was already set: then the Hub is not asked."""
    resources: tuple[Resource, ...]
    missing: tuple[Resource, ...]
    mode: Mode
    offline_switched: bool
    """True where setup() turned offline mode on (HF_HUB_OFFLINE=1) itself."""
    imported_too_early: tuple[str, ...]
    warnings: tuple[str, ...]
    advice: tuple[str, ...]
    cache_dir: Path
    _shown_in_cell: int | None = field(default=None, repr=False, compare=False)

    @property
    def endpoint(self) -> str:
        return self.hub.endpoint

    @property
    def hub_reachable(self) -> bool:
        return self.hub.reachable

    @property
    def standin(self) -> bool:
        return self.hub.standin

    def rows(self) -> list[tuple[str, str]]:
        """The panel's visible rows, in order."""
        return _rows(self)

    def as_text(self) -> str:
        return render_text(self)

    def as_html(self) -> str:
        return render_html(self)

    def __str__(self) -> str:
        return self.as_text()

    def _ipython_display_(self) -> None:
        shell = _ipython()
        if shell is not None and shell.execution_count == self._shown_in_cell:
            return  # setup() showed the panel in this very cell already
        _display(self)


# --- Deciding -----------------------------------------------------------------------


def prefetch_command(notebook: str | None) -> str:
    """The command that downloads a notebook's resources: by chapter, else by name."""
    stem = Path(notebook or "").stem
    if stem[:2].isdigit():
        return f"python -m course_utils prefetch --chapter {int(stem[:2])}"
    return f"python -m course_utils prefetch --notebook {stem}" if stem else ""


def _listing(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _named(missing: tuple[Resource, ...]) -> str:
    return ", ".join(f"{res.kind} {res.repo_id} ({res.size_mb:,.0f} MB)" for res in missing)


def _hub_warnings(
    mode: Mode,
    notebook: str | None,
    host: str,
    missing: tuple[Resource, ...],
    early: tuple[str, ...],
) -> list[str]:
    fix = (
        f"Where you have internet, run `{prefetch_command(notebook)}`, "
        "then point HF_HOME at that cache."
    )
    if mode == "blocked":
        verb = "is" if len(early) == 1 else "are"
        return [
            f"{host} does not answer. This notebook's files are in your cache, but offline "
            f"mode cannot take effect: {_listing(early)} {verb} already imported. {RESTART}"
        ]
    if mode == "no-hub":
        return [f"{host} does not answer, and your cache lacks {_named(missing)}. {fix}"]
    if mode == "offline" and missing:
        return [f"Offline mode is on, and your cache lacks {_named(missing)}. {fix}"]
    return []


def _machine_advice(
    platform: Platform, device: Device, memory: Memory, versions: Mapping[str, str]
) -> list[str]:
    advice = []
    if device.kind == "mps":
        advice.append(
            "Apple GPU found: `device()` picks it (MPS). If an operation is not supported on "
            "MPS, restart Jupyter with PYTORCH_ENABLE_MPS_FALLBACK=1 set."
        )
    elif device.kind == "cpu":
        again = "then run the notebook again from the top."
        where = {
            "colab": f"For a GPU: Runtime > Change runtime type > T4 GPU, {again}",
            "kaggle": f"For a GPU: Settings > Accelerator, pick a GPU, {again}",
        }.get(platform.name, "Every chapter is sized to run on a CPU.")
        advice.append(f"No GPU. The course runs on the CPU, only slower. {where}")
    if memory.total_gb < LOW_MEMORY_GB:
        advice.append(
            f"Only {memory.total_gb:.1f} GB of memory. Shut down the kernels of the notebooks "
            "you are not using (the Running tab in JupyterLab). The chapters are sized for 2 GB."
        )
    absent = tuple(name for name, version in versions.items() if version == NOT_INSTALLED)
    if absent:
        advice.append(
            f"Not installed: {_listing(absent)}. Run `%pip install {' '.join(absent)}` "
            "in a cell, then restart the kernel."
        )
    return advice


def gather(
    notebook: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    modules: Mapping[str, Any] | None = None,
    probe: Callable[[str], HubStatus] = probe_hub,
    cache_dir: Path | None = None,
    device_info: Device | None = None,
    memory: Memory | None = None,
    versions: dict[str, str] | None = None,
) -> SetupReport:
    """Look at the machine and decide; change nothing (`apply()` does that)."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    endpoint = hub_endpoint(environ)
    already_offline = offline_requested(environ)
    if already_offline:
        hub = HubStatus(endpoint, False, False, "not asked: HF_HUB_OFFLINE is set")
    else:
        hub = probe(endpoint)
    cache = cache_dir or resources.hub_cache_dir()
    declared = tuple(resources.for_notebook(notebook)) if notebook else ()
    missing = tuple(res for res in declared if not resources.is_cached(res, cache))
    early = hub_libraries_imported(modules)

    mode: Mode
    switched = False
    if already_offline:
        mode = "offline"
    elif hub.reachable:
        mode = "online"
    elif missing:
        mode = "no-hub"
    elif early:
        mode = "blocked"
    else:
        mode, switched = "offline", True

    platform = detect_platform(environ, modules)
    device_info = device_info or detect_device()
    memory = memory or detect_memory(environ=environ)
    versions = versions or library_versions()
    loud = [STANDIN_WARNING] if hub.standin else []
    loud += _hub_warnings(mode, notebook, endpoint_host(endpoint), missing, early)
    return SetupReport(
        notebook=Path(notebook).stem if notebook else None,
        platform=platform,
        device=device_info,
        memory=memory,
        versions=versions,
        hub=hub,
        hub_checked=not already_offline,
        resources=declared,
        missing=missing,
        mode=mode,
        offline_switched=switched,
        imported_too_early=early if mode == "blocked" else (),
        warnings=tuple(loud),
        advice=tuple(_machine_advice(platform, device_info, memory, versions)),
        cache_dir=cache,
    )


def quiet_libraries(
    environ: MutableMapping[str, str] | None = None, modules: Mapping[str, Any] | None = None
) -> None:
    """Silence library chatter (info logs, repeated warnings) but keep the progress bars."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "TRANSFORMERS_VERBOSITY" not in environ:
        environ["TRANSFORMERS_VERBOSITY"] = "error"
        # Read at import: a transformers imported before setup() is told directly.
        logging = getattr(modules.get("transformers"), "logging", None)
        if hasattr(logging, "set_verbosity_error"):
            logging.set_verbosity_error()
    environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for category, message in NOISY_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)


def apply(
    report: SetupReport,
    environ: MutableMapping[str, str] | None = None,
    modules: Mapping[str, Any] | None = None,
) -> None:
    """Carry out the report's decision: offline mode where it was decided, quiet logs."""
    environ = os.environ if environ is None else environ
    if report.offline_switched:
        environ["HF_HUB_OFFLINE"] = "1"
    if environ.get("HF_HUB_OFFLINE") == "1":
        # evaluate reads its own flag, not HF_HUB_OFFLINE.
        environ.setdefault("HF_EVALUATE_OFFLINE", "1")
    quiet_libraries(environ, modules)


def setup(notebook: str | None = None) -> SetupReport:
    """Check the machine, choose online or offline, quiet the logs, show one panel.

    Call it first, before importing transformers, datasets or evaluate:
    `setup("00_welcome")`, with the notebook's file name.
    """
    report = gather(notebook)
    apply(report)
    show(report)
    return report


def device() -> torch.device:
    """The fastest device here: CUDA, else Apple's MPS, else the CPU.

    Use it as `model.to(device())` or `pipeline(..., device=device())`.
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


# --- Showing ------------------------------------------------------------------------


def _hub_row(report: SetupReport) -> str:
    host = endpoint_host(report.endpoint)
    if not report.hub_checked:
        return f"{host}: not asked, because HF_HUB_OFFLINE is set"
    if report.standin:
        return f"{host} answers: the course's stand-in hub, not the real Hub"
    if report.hub_reachable:
        return f"{host} answers"
    return f"{host} does not answer ({report.hub.detail})"


def _mode_row(report: SetupReport) -> str:
    return {
        "online": "online: models download on first use, then come from your cache",
        "offline": (
            "offline: setup() set HF_HUB_OFFLINE=1, so the libraries read your cache only"
            if report.offline_switched
            else "offline: HF_HUB_OFFLINE is set, so the libraries read your cache only"
        ),
        "blocked": "not switched to offline mode (see the warning above)",
        "no-hub": "no Hub: downloads will fail (see the warning above)",
    }[report.mode]


def _resources_row(report: SetupReport) -> str:
    if report.notebook is None:
        return 'not checked: name the notebook, as in setup("00_welcome")'
    if not report.resources:
        return "this notebook downloads nothing from the Hub"
    total = len(report.resources)
    row = f"{total - len(report.missing)} of {total} already in your cache"
    if report.missing and report.mode == "online":
        size = resources.total_mb(report.missing)
        row += f"; the first run downloads {size:,.0f} MB: {_named(report.missing)}"
    elif report.missing:
        row += " (see the warning above)"
    return row


def _rows(report: SetupReport) -> list[tuple[str, str]]:
    memory_row = f"{report.memory.total_gb:.1f} GB"
    if report.memory.limit_gb is not None and report.memory.limit_gb < report.memory.machine_gb:
        memory_row += (
            f" (the limit of this container; the machine has {report.memory.machine_gb:.1f} GB)"
        )
    libraries = ", ".join(f"{name} {version}" for name, version in report.versions.items())
    return [
        ("Platform", report.platform.label),
        ("Device", report.device.label),
        ("Memory", memory_row),
        ("Libraries", libraries),
        ("Hub", _hub_row(report)),
        ("Mode", _mode_row(report)),
        ("Models & data", _resources_row(report)),
    ]


def _detail_rows(report: SetupReport) -> list[tuple[str, str]]:
    """The collapsed part of the HTML panel: where the facts above come from."""
    found = report.platform.evidence or "no hosted service's variables found"
    rows = [("Platform from", found), ("CPU cores", str(report.device.cpu_cores))]
    rows += [
        (f"GPU {i}", f"{g.name}, {g.total_gb:.1f} GB, compute capability {g.capability}")
        for i, g in enumerate(report.device.gpus)
    ]
    rows.append(("Hub address", endpoint_host(report.endpoint)))
    rows.append(("Cache folder", str(report.cache_dir)))
    return rows


def _title(report: SetupReport) -> str:
    return f"Course setup: {report.notebook}" if report.notebook else "Course setup"


def render_text(report: SetupReport, width: int = 88) -> str:
    """The panel as plain text, for terminals, logs and tests."""
    label_width = 15

    def line(label: str, text: str, hang: int = 0) -> str:
        # A `command` stays on one line, so that it can be copied; so does `torch 2.13.0`.
        kept = re.sub(r"`[^`]+`|\S+ \d", lambda m: m.group(0).replace(" ", "\0"), text)
        return textwrap.fill(
            kept,
            width,
            initial_indent=f"{label:<{label_width}}",
            subsequent_indent=" " * (label_width + hang),
            break_on_hyphens=False,
            break_long_words=False,
        ).replace("\0", " ")

    out = [_title(report)]
    out += [line("WARNING", text) for text in report.warnings]
    out += [line(label, text) for label, text in report.rows()]
    out += [line("" if i else "Advice", f"- {text}", 2) for i, text in enumerate(report.advice)]
    out.append(line("Cache folder", str(report.cache_dir)))
    return "\n".join(out)


def _html_text(text: str) -> str:
    """Escape text for HTML and show `backticked` commands as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


_TH = 'style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;font-weight:600"'
_TD = 'style="text-align:left;vertical-align:top;padding:2px 0"'
# Colours that read on light and dark themes alike: a mid-tone border, a faint tint.
_WARN = (
    'style="text-align:left;padding:6px 10px;border-left:4px solid #d97706;'
    'background:rgba(217,119,6,0.15);font-weight:600"'
)


def render_html(report: SetupReport) -> str:
    """The panel as a small HTML table; the theme's own text colour is kept."""

    def row(label: str, cell: str) -> str:
        return f"<tr><th {_TH}>{html.escape(label)}</th><td {_TD}>{cell}</td></tr>"

    def table(rows: list[str]) -> str:
        return f'<table style="border-collapse:collapse;margin:0">{"".join(rows)}</table>'

    rows = [row(label, _html_text(text)) for label, text in report.rows()]
    if report.advice:
        items = "".join(f"<li>{_html_text(a)}</li>" for a in report.advice)
        rows.append(row("Advice", f'<ul style="margin:0;padding-left:1.2em">{items}</ul>'))
    details = [row(label, _html_text(text)) for label, text in _detail_rows(report)]
    return "".join(
        [
            '<div class="course-setup" style="font-size:0.95em;line-height:1.4">',
            f"<strong>{html.escape(_title(report))}</strong>",
            *(f'<div role="alert" {_WARN}>⚠ {_html_text(w)}</div>' for w in report.warnings),
            table(rows),
            f"<details><summary>Where these facts come from</summary>{table(details)}</details>",
            "</div>",
        ]
    )


def _ipython() -> Any:
    """The running IPython shell, without importing IPython where it is not loaded."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _display(report: SetupReport) -> None:
    from IPython.display import display

    display({"text/plain": report.as_text(), "text/html": report.as_html()}, raw=True)


def show(report: SetupReport) -> None:
    """HTML in a notebook (text where the front end has no HTML), plain text elsewhere."""
    shell = _ipython()
    if shell is None:
        print(report.as_text())
        return
    _display(report)
    report._shown_in_cell = shell.execution_count
