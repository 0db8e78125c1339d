"""Open the course in JupyterLab on 127.0.0.1 (what `make start` runs).

Where the Hugging Face Hub answers, the notebooks use it. Where it does not, this starts
the course's offline stand-in hub and points the notebooks at it: the notebooks then run,
but its models have random weights, so their scores and generated text mean nothing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_utils.environment import probe_hub  # noqa: E402

JUPYTER_QUIET = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]


def free_port(preferred: int) -> int:
    """`preferred` if nothing listens there, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def jupyter_command(port: int, token: str, open_browser: bool) -> list[str]:
    # Jupyter refuses to run as root unless told; containers often run as root.
    as_root = (
        ["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    )
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
        *JUPYTER_QUIET,
        *as_root,
    ]


def launch(env: dict[str, str], port: int, open_browser: bool) -> int:
    token = secrets.token_hex(16)
    port = free_port(port)
    print(f"\nThe course opens at  http://127.0.0.1:{port}/lab?token={token}", flush=True)
    print("Stop it with Ctrl-C.\n", flush=True)
    proc = subprocess.Popen(jupyter_command(port, token, open_browser), env={**os.environ, **env})
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--standin",
        action="store_true",
        help="use the offline stand-in hub even if the Hub answers",
    )
    args = parser.parse_args(argv)
    open_browser = not args.no_browser

    if os.environ.get("HF_HUB_OFFLINE") == "1" and not args.standin:
        print("HF_HUB_OFFLINE=1: the notebooks use the models already in your cache.")
        return launch({}, args.port, open_browser)

    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    hub = probe_hub(endpoint)
    if hub.reachable and not args.standin:
        print(f"The Hugging Face Hub answers at {endpoint}: the notebooks download from it.")
        return launch({}, args.port, open_browser)

    from standin_hub.session import standin_environment

    reason = "as asked (--standin)" if args.standin else f"because {endpoint} does not answer"
    print(f"Starting the course's offline stand-in hub {reason}.")
    hf_home = ROOT / ".standin" / "hf-home"
    with standin_environment(seed=0, quiet=False, hf_home=hf_home) as env:
        print("=" * 78)
        print(f"STAND-IN HUB at {env['HF_ENDPOINT']}")
        print("Its models have random weights: scores, labels and generated text mean nothing.")
        print("It exists so the notebooks run without internet. Learners use the real Hub.")
        print(f"Its downloads go to {hf_home}, not to your own Hugging Face cache.")
        print("=" * 78, flush=True)
        return launch(env, args.port, open_browser)


if __name__ == "__main__":
    sys.exit(main())
