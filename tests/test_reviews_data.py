"""The course's review dataset (chapter 09): reproducible, balanced, shipped with the package."""

from __future__ import annotations

import csv
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "course_utils" / "data" / "reviews"
sys.path.insert(0, str(ROOT / "scripts"))

import make_reviews_dataset  # noqa: E402


def rows(split: str) -> list[dict[str, str]]:
    with (DATA / f"{split}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_files_are_what_the_script_writes(tmp_path):
    for path in make_reviews_dataset.write(tmp_path):
        shipped = DATA / path.name
        assert shipped.read_bytes() == path.read_bytes(), (
            f"{shipped.name} differs from the generator's output: "
            "run `python scripts/make_reviews_dataset.py`"
        )


def test_splits_are_balanced_unique_and_disjoint():
    texts = {}
    for split, n in make_reviews_dataset.SIZES.items():
        data = rows(split)
        assert len(data) == n
        labels = [r["label"] for r in data]
        assert labels.count("0") == labels.count("1") == n // 2, f"{split} is not balanced"
        texts[split] = {r["text"] for r in data}
        assert len(texts[split]) == n, f"{split} repeats a review"
    assert not texts["train"] & texts["test"], "a test review also appears in train"


def test_test_opinion_words_never_appear_in_train():
    train_text = " ".join(r["text"] for r in rows("train")).lower()
    for key in ("good", "bad"):
        for word in make_reviews_dataset.WORDS["test"][key]:
            assert f" {word}" not in train_text, f"test word {word!r} appears in train"


def test_data_card_and_package_data():
    card = (DATA / "README.md").read_text(encoding="utf-8")
    assert "license: cc0-1.0" in card
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["course_utils"]
    for name in ("train.csv", "test.csv", "README.md"):
        rel = f"data/reviews/{name}"
        assert any(fnmatch(rel, pattern) for pattern in patterns), f"{rel} is not package data"
