"""Where the stand-in hub keeps its repos on disk: the contract between builder and server.

    <root>/
      fingerprint.txt                       hash of the build's inputs; a change triggers a rebuild
      build.json                            build time, seed, sizes (written by the builder)
      repos/model/<org>/<name>/...          the repo's files, exactly as served
      repos/dataset/<org>/<name>/...
      repos/space/<org>/<name>/...
      repos/<type>/<org>/<name>/.standin.json   metadata (never served as a file), see RepoMeta

The stand-in hub exists because this project's machines and CI cannot reach the real
Hugging Face Hub. Learners never use it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

META_FILE = ".standin.json"
REPO_TYPES = ("model", "dataset", "space")


def repo_root() -> Path:
    """The project's checkout (the folder that holds `standin_hub/`)."""
    return Path(__file__).resolve().parent.parent


def default_root(seed: int = 0) -> Path:
    """Where a stand-in of one seed is built: `seed-<seed>` in `$STANDIN_DIR` or `.standin/`."""
    base = os.environ.get("STANDIN_DIR")
    return (Path(base) if base else repo_root() / ".standin") / f"seed-{seed}"


def fixtures_dir() -> Path:
    """The real config and tokenizer files gathered for testing (`../shared/hub-fixtures`)."""
    env = os.environ.get("COURSE_HUB_FIXTURES")
    return Path(env) if env else repo_root().parent / "shared" / "hub-fixtures"


@dataclass
class RepoMeta:
    """What the Hub's API says about a repo beyond its files."""

    repo_type: str
    repo_id: str
    sha: str = ""
    """40-hex commit id; the builder derives it from the files' hashes."""
    aliases: list[str] = field(default_factory=list)
    """Other revisions that resolve to `sha` (e.g. the short revision a pipeline default pins)."""
    pipeline_tag: str | None = None
    library_name: str | None = None
    tags: list[str] = field(default_factory=list)
    downloads: int = 0
    likes: int = 0
    created_at: str = "2022-03-02T23:29:04.000Z"
    last_modified: str = "2024-01-01T00:00:00.000Z"
    card_data: dict = field(default_factory=dict)
    sdk: str | None = None
    """Spaces only: gradio, streamlit, static, docker."""
    faithful_config: bool = True
    """False where the config was written from documented values instead of the real file."""
    weights: str = "none"
    """`real`, `random` (seeded), or `none` (datasets, spaces)."""

    def save(self, folder: Path) -> None:
        (folder / META_FILE).write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, folder: Path) -> RepoMeta:
        return cls(**json.loads((folder / META_FILE).read_text()))


def repo_dir(root: Path, repo_type: str, repo_id: str) -> Path:
    if repo_type not in REPO_TYPES:
        raise ValueError(f"unknown repo type {repo_type!r}")
    return root / "repos" / repo_type / repo_id


def iter_repos(root: Path):
    """Yield (folder, RepoMeta) for every repo of a built stand-in."""
    for meta_path in sorted((root / "repos").glob(f"*/*/*/{META_FILE}")):
        yield meta_path.parent, RepoMeta.load(meta_path.parent)


def repo_files(folder: Path) -> list[str]:
    """Relative POSIX paths of the files a repo serves (metadata excluded), sorted."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != META_FILE
    )


def git_blob_sha1(path: Path) -> str:
    """The id the Hub gives a small (non-LFS) file: git's blob hash."""
    h = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    """The id the Hub gives an LFS file (weights, parquet): its sha256."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


LFS_SUFFIXES = (".safetensors", ".parquet", ".bin", ".gguf", ".arrow")
LFS_MIN_BYTES = 10 * 1024 * 1024


def is_lfs(path: Path) -> bool:
    """Whether the Hub would store this file with LFS (weights, data, anything over 10 MB)."""
    return path.suffix in LFS_SUFFIXES or path.stat().st_size >= LFS_MIN_BYTES
