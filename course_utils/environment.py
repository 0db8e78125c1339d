"""Where a notebook runs: platform, device, memory, library versions, and the Hub.

Each function reads the state it needs from arguments that default to the real thing
(`os.environ`, `sys.modules`, `/sys/fs/cgroup`, torch), so that every branch can be
checked on any machine. Nothing here imports transformers, huggingface_hub, datasets or
evaluate: they read the Hub variables once, when first imported, and `setup()` must be
able to change those variables first.
"""

from __future__ import annotations

import importlib.metadata
import json
import math
import os
import platform as _platform
import socket
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal
from urllib.parse import urlsplit

# --- Platform -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformRule:
    name: str
    label: str
    env: tuple[str, ...] = ()
    """Any of these environment variables marks the platform."""
    modules: tuple[str, ...] = ()
    """Any of these modules, already imported by the platform's kernel, marks it."""


# The first rule that matches wins. Kaggle comes first: its image is built on Colab's, so
# it carries COLAB_RELEASE_TAG too. Binder's variables come from BinderHub's spawner.
PLATFORMS: tuple[PlatformRule, ...] = (
    PlatformRule("kaggle", "Kaggle", env=("KAGGLE_KERNEL_RUN_TYPE",)),
    PlatformRule("colab", "Google Colab", env=("COLAB_RELEASE_TAG",), modules=("google.colab",)),
    PlatformRule(
        "binder", "Binder", env=("BINDER_REPO_URL", "BINDER_LAUNCH_HOST", "BINDER_REQUEST")
    ),
)


@dataclass(frozen=True)
class Platform:
    name: str
    """`colab`, `kaggle`, `binder` or `local`."""
    label: str
    evidence: str
    """The variable or module that gave it away; empty for `local`."""


def detect_platform(
    environ: Mapping[str, str] | None = None, modules: Mapping[str, Any] | None = None
) -> Platform:
    """The hosted notebook service this kernel runs on, or `local`."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    for rule in PLATFORMS:
        for var in rule.env:
            if environ.get(var):
                return Platform(rule.name, rule.label, var)
        for mod in rule.modules:
            if mod in modules:
                return Platform(rule.name, rule.label, f"module {mod}")
    return Platform("local", "Local", "")


# --- Memory and CPU cores -----------------------------------------------------------

CGROUP_ROOT = Path("/sys/fs/cgroup")
SELF_CGROUP = Path("/proc/self/cgroup")
# cgroup v1 writes "no limit" as a huge number (2**63 rounded down to a page).
_UNLIMITED = 2**60
_GB = 1e9


def _cgroup_files(
    root: Path, self_cgroup: Path, v2_name: str, v1_dir: str, v1_name: str
) -> Iterator[Path]:
    """Candidate files for one setting: this process's own cgroup and its parents.

    Inside a container the process's cgroup is the root; on a laptop it is a nested
    group (a user slice), whose limit applies too.
    """
    paths = {"v2": "/", "v1": "/"}
    try:
        for line in self_cgroup.read_text().splitlines():
            num, controllers, path = line.split(":", 2)
            if num == "0" and not controllers:
                paths["v2"] = path
            elif v1_dir in controllers.split(","):
                paths["v1"] = path
    except (OSError, ValueError):
        pass
    for version, base, name in (("v2", root, v2_name), ("v1", root / v1_dir, v1_name)):
        own = Path(paths[version].lstrip("/"))
        for rel in (own, *own.parents):
            yield base / rel / name


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def cgroup_memory_limit(root: Path = CGROUP_ROOT, self_cgroup: Path = SELF_CGROUP) -> int | None:
    """The container's memory limit in bytes, or None where there is none.

    Binder gives 1 to 2 GB inside a host with far more: psutil sees the host, the kernel
    is killed at the container's limit.
    """
    limits = []
    for path in _cgroup_files(root, self_cgroup, "memory.max", "memory", "memory.limit_in_bytes"):
        text = _read(path)
        if text and text.isdigit() and int(text) < _UNLIMITED:
            limits.append(int(text))
    return min(limits, default=None)


def cgroup_cpu_limit(root: Path = CGROUP_ROOT, self_cgroup: Path = SELF_CGROUP) -> int | None:
    """Whole cores allowed by a CPU quota (`cpu.max`, v1 `cpu.cfs_quota_us`), or None."""
    limits = []
    for path in _cgroup_files(root, self_cgroup, "cpu.max", "cpu", "cpu.cfs_quota_us"):
        text = _read(path)
        if not text:
            continue
        if path.name == "cpu.max":
            quota, _, period = text.partition(" ")
        else:
            quota, period = text, _read(path.with_name("cpu.cfs_period_us")) or ""
        if quota.isdigit() and period.isdigit() and int(period) > 0:
            limits.append(max(1, math.ceil(int(quota) / int(period))))
    return min(limits, default=None)


def usable_cpus(
    affinity: set[int] | None = None,
    root: Path = CGROUP_ROOT,
    self_cgroup: Path = SELF_CGROUP,
) -> int:
    """Cores this process may use: its CPU affinity, capped by a container's CPU quota."""
    if affinity is None and hasattr(os, "sched_getaffinity"):
        affinity = os.sched_getaffinity(0)
    cores = len(affinity) if affinity else (os.cpu_count() or 1)
    quota = cgroup_cpu_limit(root, self_cgroup)
    return min(cores, quota) if quota else cores


@dataclass(frozen=True)
class Memory:
    total_gb: float
    """What the notebook may use: the machine's RAM or the container's limit, if lower."""
    machine_gb: float
    limit_gb: float | None
    """The container's limit (cgroup, or MEM_LIMIT from JupyterHub); None where unlimited."""
    available_gb: float
    """Free right now: it changes from second to second, so the panel never shows it."""


def detect_memory(
    virtual_memory: Any = None,
    environ: Mapping[str, str] | None = None,
    root: Path = CGROUP_ROOT,
    self_cgroup: Path = SELF_CGROUP,
) -> Memory:
    """RAM as psutil sees it, capped by the container's limit.

    `virtual_memory` is an object with `total` and `available` in bytes (psutil's).
    JupyterHub, and so Binder, also passes the limit in MEM_LIMIT.
    """
    environ = os.environ if environ is None else environ
    if virtual_memory is None:
        import psutil

        virtual_memory = psutil.virtual_memory()
    limits = [cgroup_memory_limit(root, self_cgroup)]
    if environ.get("MEM_LIMIT", "").isdigit():
        limits.append(int(environ["MEM_LIMIT"]))
    limit = min((v for v in limits if v), default=None)
    usable = min(virtual_memory.total, limit) if limit else virtual_memory.total
    return Memory(
        total_gb=round(usable / _GB, 1),
        machine_gb=round(virtual_memory.total / _GB, 1),
        limit_gb=round(limit / _GB, 1) if limit else None,
        available_gb=round(min(virtual_memory.available, usable) / _GB, 1),
    )


# --- Device -------------------------------------------------------------------------


@dataclass(frozen=True)
class Gpu:
    name: str
    total_gb: float
    free_gb: float | None
    """Free right now (None where it cannot be read); never shown in the panel."""
    capability: str
    """CUDA compute capability such as `7.5` (a T4) or `8.0` (an A100)."""


@dataclass(frozen=True)
class Device:
    kind: Literal["cuda", "mps", "cpu"]
    gpus: tuple[Gpu, ...]
    cpu_cores: int
    torch_installed: bool = True

    @property
    def label(self) -> str:
        """The torch device name, then what it is: `cpu (no GPU, 2 cores)`."""
        if self.kind == "cuda":
            gpu, count = self.gpus[0], len(self.gpus)
            many, each = (f"{count} × ", " each") if count > 1 else ("", "")
            return (
                f"cuda ({many}{gpu.name}, {gpu.total_gb:.1f} GB{each}, "
                f"compute capability {gpu.capability})"
            )
        if self.kind == "mps":
            return "mps (Apple GPU)"
        return f"cpu (no GPU, {self.cpu_cores} core{'s' if self.cpu_cores != 1 else ''})"


def _gpu(cuda: Any, index: int) -> Gpu:
    props = cuda.get_device_properties(index)
    try:
        free = round(cuda.mem_get_info(index)[0] / _GB, 1)
    except Exception:  # an old driver, or a GPU taken by another process
        free = None
    major, minor = cuda.get_device_capability(index)
    return Gpu(
        name=cuda.get_device_name(index),
        total_gb=round(props.total_memory / _GB, 1),
        free_gb=free,
        capability=f"{major}.{minor}",
    )


def detect_device(torch_module: ModuleType | Any = None, cpu_cores: int | None = None) -> Device:
    """The best device torch can use: CUDA, then Apple's MPS, then the CPU."""
    cores = cpu_cores if cpu_cores is not None else usable_cpus()
    if torch_module is None:
        try:
            import torch as torch_module
        except ImportError:
            return Device("cpu", (), cores, torch_installed=False)
    cuda = torch_module.cuda
    if cuda.is_available() and cuda.device_count() > 0:
        gpus = tuple(_gpu(cuda, i) for i in range(cuda.device_count()))
        return Device("cuda", gpus, cores)
    mps = getattr(getattr(torch_module, "backends", None), "mps", None)
    if mps is not None and mps.is_available():
        return Device("mps", (), cores)
    return Device("cpu", (), cores)


# --- Library versions ---------------------------------------------------------------

LIBRARIES: tuple[str, ...] = (
    "torch",
    "transformers",
    "datasets",
    "evaluate",
    "huggingface_hub",
    "tokenizers",
    "accelerate",
    "ipywidgets",
)
NOT_INSTALLED = "not installed"


def library_versions(
    names: tuple[str, ...] = LIBRARIES,
    version: Callable[[str], str] = importlib.metadata.version,
) -> dict[str, str]:
    """Python's version and each library's, read from package metadata without importing."""
    found = {"python": _platform.python_version()}
    for name in names:
        try:
            found[name] = version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = NOT_INSTALLED
    return found


# --- The Hub ------------------------------------------------------------------------

DEFAULT_ENDPOINT = "https://huggingface.co"
STANDIN_HEADER = "X-Course-Standin"
PROBE_TIMEOUT_S = 3.0
# The libraries that read HF_ENDPOINT and HF_HUB_OFFLINE once, when first imported.
HUB_LIBRARIES: tuple[str, ...] = ("huggingface_hub", "transformers", "datasets", "evaluate")
_TRUE = {"1", "ON", "YES", "TRUE"}


def hub_endpoint(environ: Mapping[str, str] | None = None) -> str:
    """The Hub the libraries will talk to: HF_ENDPOINT, else the public Hub."""
    environ = os.environ if environ is None else environ
    return (environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def offline_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether offline mode is already asked for, read as huggingface_hub reads it."""
    environ = os.environ if environ is None else environ
    value = environ.get("HF_HUB_OFFLINE") or environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in _TRUE


def hub_libraries_imported(modules: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """Hub libraries already imported: too late for them to see a changed Hub variable."""
    modules = sys.modules if modules is None else modules
    return tuple(name for name in HUB_LIBRARIES if name in modules)


def endpoint_host(endpoint: str) -> str:
    """The endpoint as the panel shows it: its host, without a port for local servers.

    A server on this machine gets a free port each time it starts; leaving the port out
    keeps the panel the same from run to run.
    """
    parts = urlsplit(endpoint)
    host = parts.hostname or endpoint
    if host in ("127.0.0.1", "localhost", "::1"):
        return host
    return parts.netloc or endpoint


@dataclass(frozen=True)
class HubStatus:
    endpoint: str
    reachable: bool
    standin: bool
    """The endpoint is the course's offline stand-in hub: random weights, for testing."""
    detail: str
    """Why, in a few words: `HTTP 200`, `connection refused`, `no answer within 3 s`."""


def _why(err: BaseException, timeout: float) -> str:
    reason = getattr(err, "reason", err)
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return type(reason).__name__


def probe_hub(
    endpoint: str | None = None,
    timeout: float = PROBE_TIMEOUT_S,
    urlopen: Callable[..., Any] = urllib.request.urlopen,
) -> HubStatus:
    """Ask the endpoint for one model, as the libraries would; give up after `timeout`.

    The request runs in a background thread so that no step of it (a slow name lookup
    on bad Wi-Fi, a server that accepts and never answers) can hold the notebook longer.
    A page that is not JSON (a Wi-Fi login page) does not count as the Hub.
    """
    endpoint = (endpoint or hub_endpoint()).rstrip("/")
    result: dict[str, HubStatus] = {}

    def ask() -> None:
        standin = False
        try:
            request = urllib.request.Request(
                f"{endpoint}/api/models?limit=1", headers={"User-Agent": "course-utils-setup"}
            )
            with urlopen(request, timeout=timeout) as response:
                standin = response.headers.get(STANDIN_HEADER, "").strip() == "1"
                json.loads(response.read(1_000_000))
                status = HubStatus(endpoint, True, standin, f"HTTP {response.status}")
        except urllib.error.HTTPError as err:
            standin = (err.headers or {}).get(STANDIN_HEADER, "").strip() == "1"
            status = HubStatus(endpoint, False, standin, f"HTTP {err.code}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            status = HubStatus(endpoint, False, standin, "answers, but not as the Hub does")
        except ValueError:
            status = HubStatus(endpoint, False, False, "not a web address (http://, https://)")
        except Exception as err:
            status = HubStatus(endpoint, False, False, _why(err, timeout))
        result["status"] = status

    worker = threading.Thread(target=ask, name="course-hub-probe", daemon=True)
    worker.start()
    worker.join(timeout)
    return result.get("status") or HubStatus(
        endpoint, False, False, f"no answer within {timeout:g} s"
    )
