"""Detection of platform, memory, cores, device, versions and the Hub, branch by branch.

Every input is handed in (environment, modules, cgroup files, a fake torch), and the Hub
probes talk to small servers on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from course_utils import environment as env

ROOT = Path(__file__).resolve().parent.parent
GB = 10**9


# --- Platform -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "modules", "name"),
    [
        ({"COLAB_RELEASE_TAG": "release-colab_20260101-060000_RC00"}, {}, "colab"),
        ({}, {"google.colab": ModuleType("google.colab")}, "colab"),
        ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, {}, "kaggle"),
        # Kaggle's image is built on Colab's and carries its variables.
        ({"KAGGLE_KERNEL_RUN_TYPE": "Batch", "COLAB_RELEASE_TAG": "release-x"}, {}, "kaggle"),
        ({"BINDER_REPO_URL": "https://github.com/org/course"}, {}, "binder"),
        ({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, {}, "binder"),
        ({"HOME": "/home/you", "COLAB_RELEASE_TAG": ""}, {}, "local"),
        ({}, {}, "local"),
    ],
)
def test_platform(environ, modules, name):
    found = env.detect_platform(environ, modules)
    assert found.name == name
    assert bool(found.evidence) == (name != "local")


def test_platform_table_names_each_platform_once():
    names = [rule.name for rule in env.PLATFORMS]
    assert sorted(names) == ["binder", "colab", "kaggle"]
    assert names.index("kaggle") < names.index("colab")


# --- cgroups: memory and CPU ----------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    return path


@pytest.fixture
def cgroup(tmp_path):
    """An empty cgroup tree and a /proc/self/cgroup saying this process sits at its root."""
    root = tmp_path / "cgroup"
    root.mkdir()
    self_cgroup = write(tmp_path / "self_cgroup", "0::/")
    return root, self_cgroup


def test_cgroup_v2_memory_max(cgroup):
    root, self_cgroup = cgroup
    write(root / "memory.max", str(2 * GB))
    assert env.cgroup_memory_limit(root, self_cgroup) == 2 * GB


def test_cgroup_v2_unlimited(cgroup):
    root, self_cgroup = cgroup
    write(root / "memory.max", "max")
    assert env.cgroup_memory_limit(root, self_cgroup) is None


def test_cgroup_v1_limit_and_its_unlimited_sentinel(cgroup):
    root, self_cgroup = cgroup
    limit = write(root / "memory" / "memory.limit_in_bytes", str(1 * GB))
    assert env.cgroup_memory_limit(root, self_cgroup) == 1 * GB
    limit.write_text("9223372036854771712\n")
    assert env.cgroup_memory_limit(root, self_cgroup) is None


def test_cgroup_nested_group_counts_with_its_parents(tmp_path):
    """On a laptop the process sits in a nested group; the lowest limit on the way up wins."""
    root = tmp_path / "cgroup"
    self_cgroup = write(tmp_path / "self_cgroup", "0::/user.slice/jupyter.scope")
    write(root / "user.slice" / "jupyter.scope" / "memory.max", "max")
    write(root / "user.slice" / "memory.max", str(3 * GB))
    assert env.cgroup_memory_limit(root, self_cgroup) == 3 * GB
    v1_self = write(tmp_path / "v1_self", "4:memory:/box/kernel\n0::/")
    write(root / "memory" / "box" / "kernel" / "memory.limit_in_bytes", str(GB))
    assert env.cgroup_memory_limit(root, v1_self) == GB


def test_no_cgroup_files_means_no_limit(tmp_path):
    assert env.cgroup_memory_limit(tmp_path / "absent", tmp_path / "absent-self") is None
    assert env.cgroup_cpu_limit(tmp_path / "absent", tmp_path / "absent-self") is None


@pytest.mark.parametrize(
    ("files", "cores"),
    [
        ({"cpu.max": "max 100000"}, None),
        ({"cpu.max": "150000 100000"}, 2),
        ({"cpu.max": "50000 100000"}, 1),
        ({"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, None),
        ({"cpu/cpu.cfs_quota_us": "400000", "cpu/cpu.cfs_period_us": "100000"}, 4),
    ],
)
def test_cgroup_cpu_quota(cgroup, files, cores):
    root, self_cgroup = cgroup
    for name, text in files.items():
        write(root / name, text)
    assert env.cgroup_cpu_limit(root, self_cgroup) == cores


def test_usable_cpus_is_affinity_capped_by_quota(cgroup):
    root, self_cgroup = cgroup
    assert env.usable_cpus({0, 1, 2, 3}, root, self_cgroup) == 4
    write(root / "cpu.max", "100000 100000")
    assert env.usable_cpus({0, 1, 2, 3}, root, self_cgroup) == 1


def test_usable_cpus_on_this_machine():
    assert 1 <= env.usable_cpus() <= (os.cpu_count() or 1)


def test_memory_capped_by_container_limit(cgroup):
    root, self_cgroup = cgroup
    write(root / "memory.max", str(2 * GB))
    host = SimpleNamespace(total=64 * GB, available=60 * GB)
    mem = env.detect_memory(host, {}, root, self_cgroup)
    assert (mem.total_gb, mem.machine_gb, mem.limit_gb) == (2.0, 64.0, 2.0)
    assert mem.available_gb <= mem.total_gb


def test_memory_limit_from_jupyterhub_variable(cgroup):
    root, self_cgroup = cgroup
    host = SimpleNamespace(total=64 * GB, available=60 * GB)
    mem = env.detect_memory(host, {"MEM_LIMIT": str(1_500_000_000)}, root, self_cgroup)
    assert (mem.total_gb, mem.limit_gb) == (1.5, 1.5)


def test_memory_without_limit(cgroup):
    root, self_cgroup = cgroup
    host = SimpleNamespace(total=int(15.66 * GB), available=7 * GB)
    mem = env.detect_memory(host, {}, root, self_cgroup)
    assert (mem.total_gb, mem.limit_gb, mem.available_gb) == (15.7, None, 7.0)


# --- Device -------------------------------------------------------------------------


def fake_torch(gpus=(), mps=False, mem_get_info=None):
    """The few torch calls detect_device makes, answering as a machine with `gpus`."""

    def free_and_total(i):
        return (gpus[i][1] // 2, gpus[i][1])

    cuda = SimpleNamespace(
        is_available=lambda: bool(gpus),
        device_count=lambda: len(gpus),
        get_device_name=lambda i: gpus[i][0],
        get_device_properties=lambda i: SimpleNamespace(total_memory=gpus[i][1]),
        get_device_capability=lambda i: gpus[i][2],
        mem_get_info=mem_get_info or free_and_total,
    )
    return SimpleNamespace(
        cuda=cuda, backends=SimpleNamespace(mps=SimpleNamespace(is_available=lambda: mps))
    )


def test_cuda_device():
    torch = fake_torch(gpus=[("Tesla T4", 15_828_320_256, (7, 5))])
    dev = env.detect_device(torch, cpu_cores=2)
    assert dev.kind == "cuda"
    (gpu,) = dev.gpus
    assert (gpu.name, gpu.total_gb, gpu.capability, gpu.free_gb) == ("Tesla T4", 15.8, "7.5", 7.9)
    assert dev.label == "cuda (Tesla T4, 15.8 GB, compute capability 7.5)"


def test_several_gpus_and_unreadable_free_memory():
    def broken(_):
        raise RuntimeError("CUDA error: out of memory")

    a100 = ("NVIDIA A100-SXM4-80GB", 85_899_345_920, (8, 0))
    dev = env.detect_device(fake_torch(gpus=[a100, a100], mem_get_info=broken), cpu_cores=16)
    assert len(dev.gpus) == 2 and dev.gpus[1].capability == "8.0"
    assert all(gpu.free_gb is None for gpu in dev.gpus)
    assert dev.label.startswith("cuda (2 × NVIDIA A100-SXM4-80GB, 85.9 GB each")


def test_mps_device():
    dev = env.detect_device(fake_torch(mps=True), cpu_cores=8)
    assert (dev.kind, dev.gpus, dev.label) == ("mps", (), "mps (Apple GPU)")


def test_cpu_device():
    dev = env.detect_device(fake_torch(), cpu_cores=2)
    assert (dev.kind, dev.label, dev.torch_installed) == ("cpu", "cpu (no GPU, 2 cores)", True)
    assert env.detect_device(fake_torch(), cpu_cores=1).label == "cpu (no GPU, 1 core)"


def test_device_without_torch(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    dev = env.detect_device(cpu_cores=2)
    assert (dev.kind, dev.torch_installed) == ("cpu", False)


def test_real_torch_agrees_with_device():
    pytest.importorskip("torch")
    from course_utils import device

    assert device().type == env.detect_device().kind


# --- Versions -----------------------------------------------------------------------


def test_versions_found_and_missing():
    versions = env.library_versions(("torch", "surely-not-a-course-package"))
    assert list(versions) == ["python", "torch", "surely-not-a-course-package"]
    assert versions["python"] == ".".join(map(str, sys.version_info[:3]))
    assert versions["torch"][0].isdigit()
    assert versions["surely-not-a-course-package"] == env.NOT_INSTALLED


def test_import_is_light():
    """`import course_utils` and the version check load none of the libraries they name."""
    heavy = ["torch", "transformers", "huggingface_hub", "datasets", "evaluate", "ipywidgets"]
    heavy += ["tokenizers", "accelerate", "IPython"]
    code = (
        "import json, sys\n"
        "import course_utils\n"
        "from course_utils import environment\n"
        "environment.library_versions()\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# --- The Hub ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 must not go through a proxy set on the test machine."""
    for var in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.upper(), raising=False)


class Hub:
    """A tiny server answering GET /api/models the way the test asks it to."""

    def __init__(self, status=200, body=b"[]", headers=None):
        self.paths: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hub.paths.append(self.path)
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(**kwargs) -> Hub:
        servers.append(Hub(**kwargs))
        return servers[-1]

    yield start
    for hub in servers:
        hub.close()


def test_hub_answers(serve):
    hub = serve(body=b'[{"id": "org/model"}]')
    status = env.probe_hub(hub.endpoint + "/")
    assert (status.reachable, status.standin, status.detail) == (True, False, "HTTP 200")
    assert status.endpoint == hub.endpoint
    assert hub.paths == ["/api/models?limit=1"]


def test_standin_recognised_by_header(serve):
    hub = serve(headers={env.STANDIN_HEADER: "1"})
    status = env.probe_hub(hub.endpoint)
    assert status.reachable and status.standin


def test_login_page_is_not_the_hub(serve):
    """Wi-Fi that wants you to log in first answers every address with an HTML page."""
    hub = serve(body=b"<html><body>Accept the terms to continue</body></html>")
    status = env.probe_hub(hub.endpoint)
    assert not status.reachable and not status.standin


def test_hub_error_status(serve):
    hub = serve(status=503, body=b"busy")
    status = env.probe_hub(hub.endpoint)
    assert (status.reachable, status.detail) == (False, "HTTP 503")


def test_hub_refused_is_fast():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    status = env.probe_hub(f"http://127.0.0.1:{port}")
    assert time.monotonic() - start < 1.0
    assert (status.reachable, status.detail) == (False, "connection refused")


def test_hub_that_never_answers_is_given_up_in_time():
    """A server that accepts the connection and never answers costs the time-out, no more."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        start = time.monotonic()
        status = env.probe_hub(f"http://127.0.0.1:{silent.getsockname()[1]}")
        elapsed = time.monotonic() - start
    assert elapsed < 5.0
    assert elapsed >= env.PROBE_TIMEOUT_S - 0.5
    assert not status.reachable and not status.standin


def test_hub_probe_never_waits_past_its_time_out():
    """Whatever step stalls (here the whole request, as a name lookup can), the probe returns."""
    release = threading.Event()

    def stuck(request, timeout):
        release.wait(30)
        raise OSError("released")

    start = time.monotonic()
    status = env.probe_hub("https://huggingface.co", timeout=0.5, urlopen=stuck)
    release.set()
    assert time.monotonic() - start < 2.0
    assert (status.reachable, status.detail) == (False, "no answer within 0.5 s")


def test_hub_endpoint_without_scheme():
    status = env.probe_hub("huggingface.co")
    assert not status.reachable and status.detail.startswith("not a web address")


def test_hub_endpoint_from_environment():
    assert env.hub_endpoint({}) == "https://huggingface.co"
    assert env.hub_endpoint({"HF_ENDPOINT": ""}) == "https://huggingface.co"
    assert env.hub_endpoint({"HF_ENDPOINT": "http://127.0.0.1:8080/"}) == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("environ", "offline"),
    [
        ({}, False),
        ({"HF_HUB_OFFLINE": "1"}, True),
        ({"HF_HUB_OFFLINE": "true"}, True),
        ({"HF_HUB_OFFLINE": "0"}, False),
        ({"TRANSFORMERS_OFFLINE": "1"}, True),
    ],
)
def test_offline_requested(environ, offline):
    assert env.offline_requested(environ) is offline


def test_endpoint_host_hides_local_ports_only():
    assert env.endpoint_host("https://huggingface.co") == "huggingface.co"
    assert env.endpoint_host("http://127.0.0.1:50123") == "127.0.0.1"
    assert env.endpoint_host("https://mirror.example.org:8443") == "mirror.example.org:8443"


def test_hub_libraries_imported():
    modules = {"numpy": object(), "transformers": object(), "evaluate": object()}
    assert env.hub_libraries_imported(modules) == ("transformers", "evaluate")
    assert env.hub_libraries_imported({}) == ()
