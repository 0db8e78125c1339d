"""Download the course's models, datasets and metrics ahead of time.

For Binder's postBuild (a launch then downloads nothing) and for instructors preparing a
room without internet: run it where the Hub answers, then point every learner's
`HF_HOME` at the same folder and set `HF_HUB_OFFLINE=1`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from course_utils import resources
from course_utils.resources import Resource

# Pickled weights can run code when loaded; the course only ever fetches safetensors.
NEVER_FETCHED = ("*.bin", "*.pt", "*.pth", "*.ckpt", "*.h5", "*.msgpack", "*.onnx", "*.gguf")


def select(chapter: int | None = None, notebook: str | None = None) -> list[Resource]:
    """The resources of one chapter, one notebook, or (neither given) the whole course."""
    if notebook is not None:
        chosen = resources.for_notebook(notebook)
    elif chapter is not None:
        chosen = resources.for_chapter(chapter)
    else:
        chosen = list(resources.RESOURCES)
    if not chosen:
        what = f"notebook {notebook!r}" if notebook else f"chapter {chapter}"
        raise SystemExit(f"Nothing to download: the course declares no Hub resource for {what}.")
    return chosen


def plan(chosen: Sequence[Resource]) -> str:
    """A short table of what will be downloaded, with the total first."""
    lines = [f"{len(chosen)} resource(s), about {resources.total_mb(chosen):,.0f} MB in total:"]
    for res in chosen:
        lines.append(f"  {res.kind:<8} {res.hub_repo_id:<60} {res.size_mb:>8,.0f} MB")
    return "\n".join(lines)


def download(res: Resource, downloader: Callable[..., str] | None = None) -> Path:
    """Fetch one resource into the Hub cache; a second run resumes or skips what is there.

    A dataset is also prepared in the datasets cache and a metric's module is stored in
    the modules cache, since `load_dataset` and `evaluate.load` read those when offline.
    """
    if downloader is None:
        from huggingface_hub import snapshot_download

        downloader = snapshot_download
    folder = downloader(
        repo_id=res.hub_repo_id,
        repo_type=res.repo_type,
        revision=res.revision,
        allow_patterns=list(res.patterns),
        ignore_patterns=list(NEVER_FETCHED),
    )
    if res.kind == "dataset":
        import datasets

        datasets.load_dataset(res.repo_id, revision=res.revision)
    elif res.kind == "metric":
        import evaluate

        evaluate.load(res.repo_id)
    return Path(folder)


def run(
    chapter: int | None = None,
    notebook: str | None = None,
    cache: Path | None = None,
    dry_run: bool = False,
) -> int:
    """The `python -m course_utils prefetch` command; returns the exit status."""
    if cache is not None:
        # huggingface_hub reads HF_HOME when it is imported, so set it first.
        os.environ["HF_HOME"] = str(cache.expanduser().resolve())
    chosen = select(chapter, notebook)
    print(plan(chosen), flush=True)
    target = resources.hub_cache_dir()
    print(f"Cache: {target}", flush=True)
    if dry_run:
        return 0
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        print("HF_HUB_OFFLINE=1 is set: unset it to download.")
        return 2

    from huggingface_hub.errors import (
        HfHubHTTPError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    failed = []
    for res in chosen:
        print(f"\n{res.hub_repo_id}", flush=True)
        try:
            download(res)
        except (RepositoryNotFoundError, RevisionNotFoundError) as err:
            failed.append(f"{res.hub_repo_id}: not found on the Hub ({type(err).__name__}).")
        except (HfHubHTTPError, OSError) as err:
            first_line = str(err).strip().splitlines()[0] if str(err).strip() else repr(err)
            failed.append(f"{res.hub_repo_id}: {first_line}")
    if failed:
        print("\nSome downloads failed. Check your connection and run the same command again;")
        print("finished files are kept and partial ones resume.")
        for line in failed:
            print(f"  - {line}")
        return 1
    print(f"\nAll {len(chosen)} resource(s) are in {target}.")
    if cache is not None:
        print("To use this cache without internet, start Jupyter with:")
        print(f"  HF_HOME={os.environ['HF_HOME']} HF_HUB_OFFLINE=1 jupyter lab")
    return 0
