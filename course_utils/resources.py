"""Every Hub resource the course's notebooks use, declared once.

This list drives `prefetch` (Binder's postBuild, an instructor's offline cache),
`setup()`'s cache check, the offline stand-in hub, and the test that no notebook uses
an undeclared Hub id. Adding a model to a notebook means adding it here.

Importing this module must stay cheap: no torch, transformers or huggingface_hub.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["model", "dataset", "metric"]
KINDS: tuple[str, ...] = ("model", "dataset", "metric")

# Files a course download fetches: configs, tokenizers and safetensors weights.
# Pickled weights (*.bin, *.pt), TensorFlow, Flax, ONNX and GGUF files are never fetched.
MODEL_FILES: tuple[str, ...] = (
    "*.json",
    "*.safetensors",
    "*.txt",
    "*.model",
    "*.md",
    "tokenizer*",
)
DATASET_FILES: tuple[str, ...] = ("README.md", "*.parquet", "*.json", "*.csv", "*.jsonl")
METRIC_FILES: tuple[str, ...] = ("*.py", "README.md", "requirements.txt")


@dataclass(frozen=True)
class Resource:
    """One Hub repo a notebook needs."""

    kind: Kind
    repo_id: str
    """`org/name` as written in the notebooks; for a metric, the name given to `evaluate.load`."""
    task: str
    """The pipeline task of a model, the task of a dataset, or `metric`."""
    size_mb: float
    """Approximate size of what `prefetch` downloads from the real Hub, in MB."""
    notebooks: tuple[str, ...]
    """Notebook file names without `.ipynb` that use it, such as `00_welcome`."""
    revision: str = "main"
    allow_patterns: tuple[str, ...] = field(default=())

    @property
    def repo_type(self) -> str:
        """The Hub repo type: evaluate's metrics live in Spaces."""
        return {"model": "model", "dataset": "dataset", "metric": "space"}[self.kind]

    @property
    def hub_repo_id(self) -> str:
        """The repo id on the Hub (`evaluate-metric/accuracy` for the metric `accuracy`)."""
        return f"evaluate-metric/{self.repo_id}" if self.kind == "metric" else self.repo_id

    @property
    def patterns(self) -> tuple[str, ...]:
        if self.allow_patterns:
            return self.allow_patterns
        return {"model": MODEL_FILES, "dataset": DATASET_FILES, "metric": METRIC_FILES}[self.kind]


RESOURCES: tuple[Resource, ...] = (
    Resource(
        kind="model",
        repo_id="distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        task="text-classification",
        size_mb=268.0,
        notebooks=(
            "00_welcome",
            "01_hub",
            "02_pipeline",
            "03_tasks",
            "04_inside_pipeline",
            "05_autoclasses",
        ),
    ),
    # Chapters 04 to 07: Auto classes, tokenizers and task-specific heads.
    Resource(
        kind="model",
        repo_id="distilbert/distilbert-base-uncased",
        task="fill-mask",
        size_mb=268.0,
        notebooks=("02_pipeline", "03_tasks", "05_autoclasses", "07_heads"),
    ),
    Resource(
        kind="model",
        repo_id="google-bert/bert-base-uncased",
        task="fill-mask",
        size_mb=441.0,
        notebooks=("06_tokenizers",),
    ),
    Resource(
        kind="model",
        repo_id="openai-community/gpt2",
        task="text-generation",
        size_mb=550.0,
        notebooks=("05_autoclasses", "06_tokenizers", "07_heads"),
    ),
    Resource(
        kind="model",
        repo_id="google-t5/t5-small",
        task="translation",
        size_mb=245.0,
        notebooks=("03_tasks", "05_autoclasses", "06_tokenizers", "07_heads"),
    ),
    Resource(
        kind="model",
        repo_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        task="text-generation",
        size_mb=272.0,
        notebooks=("01_hub", "02_pipeline", "03_tasks", "06_tokenizers"),
    ),
    Resource(
        kind="model",
        repo_id="distilbert/distilbert-base-cased-distilled-squad",
        task="question-answering",
        size_mb=262.0,
        notebooks=("07_heads",),
    ),
    # Chapters 08 and 09: datasets, fine-tuning with Trainer.
    Resource(
        kind="dataset",
        repo_id="stanfordnlp/sst2",
        task="text-classification",
        size_mb=3.2,
        notebooks=("01_hub", "02_pipeline", "08_datasets"),
    ),
    Resource(
        kind="dataset",
        repo_id="stanfordnlp/imdb",
        task="text-classification",
        size_mb=84.0,
        notebooks=("08_datasets",),
    ),
    Resource(
        kind="model",
        repo_id="sentence-transformers/all-MiniLM-L6-v2",
        task="sentence-similarity",
        size_mb=91.0,
        notebooks=("03_tasks", "09_fine_tuning"),
    ),
    Resource(
        kind="metric",
        repo_id="accuracy",
        task="metric",
        size_mb=0.01,
        notebooks=("09_fine_tuning",),
    ),
    Resource(
        kind="metric",
        repo_id="f1",
        task="metric",
        size_mb=0.01,
        notebooks=("09_fine_tuning",),
    ),
    # Chapters 01 to 03: the Hub, pipeline(), a tour of tasks.
    Resource(
        kind="model",
        repo_id="dslim/bert-base-NER",
        task="token-classification",
        size_mb=433.0,
        notebooks=("02_pipeline", "03_tasks"),
    ),
    Resource(
        kind="model",
        repo_id="typeform/distilbert-base-uncased-mnli",
        task="zero-shot-classification",
        size_mb=268.0,
        notebooks=("03_tasks",),
    ),
    Resource(
        kind="model",
        repo_id="google/vit-base-patch16-224",
        task="image-classification",
        size_mb=346.0,
        notebooks=("03_tasks",),
    ),
    Resource(
        kind="model",
        repo_id="openai/whisper-tiny",
        task="automatic-speech-recognition",
        size_mb=152.0,
        notebooks=("03_tasks",),
    ),
)


def by_id(repo_id: str) -> Resource:
    for res in RESOURCES:
        if repo_id in (res.repo_id, res.hub_repo_id):
            return res
    raise KeyError(f"{repo_id!r} is not declared in course_utils/resources.py")


def for_notebook(name: str) -> list[Resource]:
    """Resources of one notebook, by file name with or without `.ipynb`."""
    stem = Path(name).stem
    return [res for res in RESOURCES if stem in res.notebooks]


def for_chapter(number: int) -> list[Resource]:
    """Resources of every notebook whose name starts with the chapter's two digits."""
    prefix = f"{number:02d}_"
    return [res for res in RESOURCES if any(nb.startswith(prefix) for nb in res.notebooks)]


def total_mb(resources: list[Resource] | tuple[Resource, ...]) -> float:
    return sum(res.size_mb for res in resources)


def hub_cache_dir() -> Path:
    """The huggingface_hub cache folder, read from the environment as the library does."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(os.environ["HUGGINGFACE_HUB_CACHE"]).expanduser()
    hf_home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "huggingface"
    )
    return Path(hf_home).expanduser() / "hub"


def is_cached(res: Resource, cache_dir: Path | None = None) -> bool:
    """True when a snapshot of the resource's revision sits in the Hub cache.

    Reads the cache layout directly (`<type>s--org--name/refs/<rev>`, `snapshots/<sha>`)
    so that it works before huggingface_hub is imported.
    """
    cache = cache_dir or hub_cache_dir()
    folder = cache / f"{res.repo_type}s--{res.hub_repo_id.replace('/', '--')}"
    ref = folder / "refs" / res.revision
    if ref.is_file():
        commit = ref.read_text().strip()
    elif len(res.revision) == 40:
        commit = res.revision
    else:
        return False
    snapshot = folder / "snapshots" / commit
    return snapshot.is_dir() and any(snapshot.iterdir())
