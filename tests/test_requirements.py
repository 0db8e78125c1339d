"""The pip requirements, the exact lock, environment.yml and binder/ agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines(path: Path) -> list[str]:
    return [
        ln.split("#")[0].strip() for ln in path.read_text().splitlines() if ln.split("#")[0].strip()
    ]


def lock() -> dict[str, Version]:
    pins = {}
    for line in requirement_lines(ROOT / "constraints.txt"):
        name, _, version = line.partition("==")
        assert version, f"constraints.txt holds exact pins only: {line!r}"
        pins[name.lower().replace("_", "-")] = Version(version)
    return pins


@pytest.mark.parametrize("req_file", ["requirements.in", "requirements-standin.txt"])
def test_every_requirement_is_locked_within_its_range(req_file):
    pins = lock()
    for line in requirement_lines(ROOT / req_file):
        req = Requirement(line)
        key = req.name.lower().replace("_", "-")
        assert key in pins, f"{req.name} ({req_file}) has no exact pin in constraints.txt"
        assert pins[key] in req.specifier, f"{req.name}=={pins[key]} is outside {req.specifier}"


def test_torch_is_pinned_to_a_plain_version():
    # A local tag such as +cpu would not match the wheels of other platforms.
    assert str(lock()["torch"]) == "2.13.0"


def test_majors_are_the_current_ones():
    pins = lock()
    assert pins["transformers"].major == 5
    assert pins["datasets"].major == 5
    assert pins["huggingface-hub"].major == 2
    assert pins["torch"].major == 2


@pytest.mark.parametrize("env_file", ["environment.yml", "binder/environment.yml"])
def test_conda_environments_use_the_same_pins(env_file):
    text = (ROOT / env_file).read_text()
    prefix = "../" if "/" in env_file else ""
    assert f"- -r {prefix}requirements.in" in text
    assert f"- -c {prefix}constraints.txt" in text
    torch = lock()["torch"]
    assert f"pytorch-cpu={torch.major}.{torch.minor}.*" in text
    python = re.search(r"- python=(\d+\.\d+)", text)
    assert python and python.group(1) == "3.11"


def test_binder_bakes_the_course_in():
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "python -m course_utils prefetch --all" in post
    assert "pip install" in post and "-e ." in post
