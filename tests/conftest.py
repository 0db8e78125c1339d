"""Shared fixtures: the course's stand-in hub, built once and served on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def standin_endpoint() -> Iterator[str]:
    """The URL of the stand-in hub (seed 0) holding every resource the course declares."""
    from standin_hub.build import build
    from standin_hub.server import serve_in_thread

    root = build(seed=0, log=lambda *a, **k: None)
    server, endpoint = serve_in_thread(root)
    yield endpoint
    server.shutdown()
    server.server_close()


def run_python(
    code: str, env: dict[str, str], timeout: float = 120, args: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Run Python in a fresh process: Hub variables only count before the first import."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE"))}
    return subprocess.run(
        [sys.executable, *(args or ["-c", code])],
        env={**base, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connections are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
