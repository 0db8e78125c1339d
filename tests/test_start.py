"""`make start`'s script: without a Hub it serves the stand-in and opens a working JupyterLab."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import closed_port

ROOT = Path(__file__).resolve().parent.parent


def test_start_without_a_hub_serves_the_standin_and_jupyterlab(standin_endpoint):
    # standin_endpoint makes sure the stand-in is built, so this test measures start-up only.
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env["HF_ENDPOINT"] = f"http://127.0.0.1:{closed_port()}"
    proc = subprocess.Popen(
        [sys.executable, "scripts/start_course.py", "--no-browser", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+)/lab\?token=(\w+)", line)
            if found:
                url = found
        assert url, "".join(lines)
        text = "".join(lines)
        assert "does not answer" in text and "STAND-IN HUB" in text
        assert "random weights" in text
        base, token = url.group(1), url.group(2)
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=2) as r:
                    listing = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, "".join(lines) + proc.stdout.read()
                time.sleep(0.5)
        else:
            raise AssertionError("JupyterLab did not answer:\n" + "".join(lines))
        names = {item["name"] for item in listing["content"]}
        assert "00_welcome.ipynb" in names
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=5) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
