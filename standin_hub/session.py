"""Run something against a served stand-in hub: the environment the course's tools share.

The Hub variables must be in the environment of every kernel before it imports
huggingface_hub, so the tools (test runs, output regeneration, benchmark, the start
command on a machine without the Hub) start the server first and hand its variables to
the processes they launch.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Always needed against the stand-in: no telemetry, and no download-count ping to
# cloud storage that a machine without internet cannot reach.
STANDIN_ENV = {
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "HF_UPDATE_DOWNLOAD_COUNTS": "0",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}

# For validation runs only: progress bars and info logs differ from run to run.
# Learners keep their progress bars, so the notebooks never set these.
QUIET_ENV = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_VERBOSITY": "error",
    "PYTHONHASHSEED": "0",
}


@contextmanager
def standin_environment(
    seed: int = 0,
    *,
    quiet: bool = True,
    hf_home: Path | None = None,
    log=print,
) -> Iterator[dict[str, str]]:
    """Build (if needed) and serve the stand-in of `seed`; yield the variables to export.

    Without `hf_home`, a fresh empty cache is used, so every run downloads from the
    stand-in exactly as a learner's first run downloads from the Hub.
    """
    from standin_hub.build import build
    from standin_hub.server import serve_in_thread

    root = build(seed=seed, log=log)
    server, endpoint = serve_in_thread(root)
    with tempfile.TemporaryDirectory(prefix="course-hf-home-") as tmp:
        env = {"HF_ENDPOINT": endpoint, "HF_HOME": str(hf_home or tmp), **STANDIN_ENV}
        if quiet:
            env.update(QUIET_ENV)
        try:
            yield env
        finally:
            server.shutdown()
            server.server_close()


def apply(env: dict[str, str]) -> None:
    """Export `env` into this process, so that kernels started from it inherit it."""
    os.environ.update(env)
