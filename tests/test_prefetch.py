"""`python -m course_utils prefetch`: what it plans, what it fetches, how it fails."""

from __future__ import annotations

import time

from conftest import closed_port, run_python

from course_utils import prefetch, resources


def test_plan_prints_the_total_first():
    chosen = prefetch.select(chapter=0)
    text = prefetch.plan(chosen)
    first = text.splitlines()[0]
    assert first.startswith(f"{len(chosen)} resource(s), about ")
    assert f"{resources.total_mb(chosen):,.0f} MB" in first
    for res in chosen:
        assert res.hub_repo_id in text


def test_select_names_an_unknown_chapter():
    try:
        prefetch.select(chapter=99)
    except SystemExit as stop:
        assert "chapter 99" in str(stop)
    else:
        raise AssertionError("chapter 99 declares nothing and should say so")


def test_download_asks_for_safetensors_only():
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return "/tmp/x"

    res = resources.RESOURCES[0]
    prefetch.download(res, downloader=fake)
    (call,) = calls
    assert call["repo_id"] == res.hub_repo_id and call["repo_type"] == res.repo_type
    assert "*.safetensors" in call["allow_patterns"]
    assert {"*.bin", "*.pt", "*.gguf"} <= set(call["ignore_patterns"])


def test_prefetch_fills_a_cache_that_works_offline(standin_endpoint, tmp_path):
    cache = tmp_path / "course-cache"
    env = {"HF_ENDPOINT": standin_endpoint, "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    done = run_python(
        "", env, args=["-m", "course_utils", "prefetch", "--chapter", "0", "--cache", str(cache)]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].startswith("1 resource(s), about 268 MB")
    assert f"HF_HOME={cache} HF_HUB_OFFLINE=1" in done.stdout
    hub = cache / "hub"
    for res in resources.for_chapter(0):
        assert resources.is_cached(res, hub), res.repo_id
    files = [p.name for p in hub.rglob("*") if p.is_file() or p.is_symlink()]
    assert "model.safetensors" in files
    assert not [f for f in files if f.endswith((".bin", ".pt", ".gguf"))]

    # The same cache, no endpoint at all: the pipeline loads offline.
    offline = run_python(
        "from transformers import pipeline\n"
        f"clf = pipeline('text-classification', model={resources.for_chapter(0)[0].repo_id!r})\n"
        "print(sorted(clf.model.config.id2label.values()))",
        {"HF_HOME": str(cache), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error"},
    )
    assert offline.returncode == 0, offline.stderr
    assert "['NEGATIVE', 'POSITIVE']" in offline.stdout


def test_prefetch_without_a_hub_fails_fast_and_says_what_to_do(tmp_path):
    port = closed_port()
    start = time.perf_counter()
    done = run_python(
        "",
        {"HF_ENDPOINT": f"http://127.0.0.1:{port}"},
        args=["-m", "course_utils", "prefetch", "--chapter", "0", "--cache", str(tmp_path)],
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Some downloads failed" in done.stdout
    assert "run the same command again" in done.stdout
    assert elapsed < 60


def test_prefetched_dataset_and_metric_load_offline(tmp_path):
    """Datasets and metrics have caches of their own; prefetch must fill those too."""
    from standin_hub.build import build
    from standin_hub.server import serve_in_thread

    root = build(
        ["stanfordnlp/imdb", "accuracy"], seed=0, root=tmp_path / "standin", log=lambda *a: None
    )
    server, endpoint = serve_in_thread(root)
    home = tmp_path / "home"
    common = {
        "HF_HOME": str(home),
        "HF_UPDATE_DOWNLOAD_COUNTS": "0",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    }
    try:
        fetched = run_python(
            "from course_utils.prefetch import download\n"
            "from course_utils.resources import Resource\n"
            "download(Resource('dataset', 'stanfordnlp/imdb', 'text-classification', 0.1, ()))\n"
            "download(Resource('metric', 'accuracy', 'metric', 0.01, ()))\n",
            {**common, "HF_ENDPOINT": endpoint},
        )
        assert fetched.returncode == 0, fetched.stderr
    finally:
        server.shutdown()
        server.server_close()
    offline = run_python(
        "import datasets\n"
        "import evaluate\n"
        "ds = datasets.load_dataset('stanfordnlp/imdb')\n"
        "print(sorted(ds), ds['train'].features['label'].names)\n"
        "accuracy = evaluate.load('accuracy')\n"
        "print(accuracy.compute(predictions=[1, 0, 1, 1], references=[1, 1, 1, 1]))",
        {**common, "HF_HUB_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"},
    )
    assert offline.returncode == 0, offline.stderr
    assert "['test', 'train', 'unsupervised'] ['neg', 'pos']" in offline.stdout
    assert "{'accuracy': 0.75}" in offline.stdout
