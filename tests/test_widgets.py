"""The playground and the tokenizer explorer, driven from Python as a learner's clicks do."""

from __future__ import annotations

import pytest
from conftest import run_python

from course_utils.widgets import Playground, explore_tokens, playground, render_result


class FakeTokenizer:
    """Word-level: one id per word, [CLS]/[SEP] around, at most `model_max_length`."""

    all_special_ids = [1, 2]
    name_or_path = "org/fake-tokenizer"

    def __init__(self, model_max_length: int = 512) -> None:
        self.model_max_length = model_max_length
        self.vocab = {"[CLS]": 1, "[SEP]": 2}

    def __call__(self, text, add_special_tokens=True):
        ids = [self.vocab.setdefault(w, len(self.vocab) + 1) for w in text.lower().split()]
        return {"input_ids": [1, *ids, 2] if add_special_tokens else ids}

    def convert_ids_to_tokens(self, ids):
        inverse = {v: k for k, v in self.vocab.items()}
        return [inverse[i] for i in ids]


class FakeClassifier:
    task = "text-classification"

    def __init__(self, fail: Exception | None = None) -> None:
        self.tokenizer = FakeTokenizer(model_max_length=8)
        self.calls: list[tuple[str, dict]] = []
        self.fail = fail

    def __call__(self, text, **kwargs):
        self.calls.append((text, kwargs))
        if self.fail:
            raise self.fail
        return [{"label": "POSITIVE", "score": 0.75}]


# ---------------------------------------------------------------- playground


def test_playground_draws_score_bars_with_words():
    pipe = FakeClassifier()
    pg = playground(pipe, examples=["I loved it."])
    out = pg.run("What a film")
    assert pipe.calls == [("What a film", {})]
    assert 'class="course-bar"' in pg.output.value
    assert "POSITIVE" in out and "0.750" in out  # the label and the score in words
    assert "width:75.0%" in out


def test_playground_example_fills_the_text_box_and_button_runs_it():
    pipe = FakeClassifier()
    pg = playground(pipe, examples=["I loved it.", "Dull."])
    pg.example.value = "Dull."
    assert pg.text.value == "Dull."
    pg.button.click()
    assert pipe.calls[-1][0] == "Dull."
    assert "POSITIVE" in pg.output.value


def test_playground_empty_text_says_what_to_do():
    pipe = FakeClassifier()
    pg = playground(pipe)
    out = pg.run("   ")
    assert "Type or paste some text first" in out
    assert pipe.calls == [] and pg.output.value == ""


def test_playground_cuts_long_text_and_says_so():
    pipe = FakeClassifier()
    pg = Playground(pipe, max_chars=20)
    out = pg.run("word " * 10)
    sent = pipe.calls[-1][0]
    assert len(sent) == 20
    assert "50 characters" in out and "first 20" in out


def test_playground_truncates_tokens_beyond_the_model_limit_out_loud():
    pipe = FakeClassifier()  # its tokenizer reads at most 8 tokens
    out = playground(pipe).run("one two three four five six seven eight nine")
    assert pipe.calls[-1][1] == {"truncation": True}
    assert "at most 8 tokens" in out and "has 11" in out


def test_playground_reports_a_failing_pipeline():
    pg = playground(FakeClassifier(fail=RuntimeError("index out of range in self")))
    out = pg.run("Hello")
    assert "Problem:" in out and "RuntimeError: index out of range" in out
    assert not pg.button.disabled  # ready for the next try


def test_playground_reports_a_model_that_fails_to_load(monkeypatch):
    def broken():
        raise OSError("org/no-such-model is not a valid model identifier")

    pg = playground("org/no-such-model", task="text-classification")
    monkeypatch.setattr(pg, "_load", broken)
    out = pg.run("Hello")
    assert "Could not load model 'org/no-such-model'" in out
    assert "OSError: org/no-such-model is not a valid model identifier" in out
    assert pg.output.value == "" and not pg.button.disabled


def test_model_ids_load_or_fail_clearly_against_a_hub(standin_endpoint):
    """Real loading through huggingface_hub: a good id works, a mistyped one is explained."""
    code = (
        "from course_utils.widgets import explore_tokens, playground\n"
        "ex = explore_tokens('distilbert/distilbert-base-uncased-finetuned-sst-2-english',"
        " 'org/no-such-model', text='Hello world')\n"
        "print(ex.panels[0].tokens)\n"
        "print(ex.panels[1].html.value)\n"
        "pg = playground('org/no-such-model', task='text-classification')\n"
        "print(pg.run('Hello'))\n"
    )
    env = {"HF_ENDPOINT": standin_endpoint, "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    done = run_python(code, {**env, "TRANSFORMERS_VERBOSITY": "error"})
    assert done.returncode == 0, done.stderr
    tokens, explorer_error, playground_error = done.stdout.splitlines()[:3]
    assert tokens == "[('[CLS]', 101), ('hello', 7592), ('world', 2088), ('[SEP]', 102)]"
    assert "Could not load the tokenizer of 'org/no-such-model'" in explorer_error
    assert "Could not load model 'org/no-such-model'" in playground_error
    assert 'role="alert"' in playground_error


@pytest.mark.parametrize("bad", [42, None, ["text-classification"]])
def test_playground_rejects_what_is_not_a_pipeline(bad):
    with pytest.raises(TypeError, match="takes a pipeline"):
        playground(bad)


def test_playground_needs_a_task_with_a_model_id():
    with pytest.raises(ValueError, match="say the task"):
        playground("org/model")


def test_playground_text_fallback_names_the_task_only():
    bundle = playground(FakeClassifier())._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Playground for a text-classification pipeline")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_playground_accessible_labels():
    pg = playground(FakeClassifier(), examples=["x"])
    assert pg.text.description == "Text"
    assert pg.example.description == "Example"
    assert pg.button.description == "Run" and pg.button.tooltip


def test_render_entities_marks_spans_with_their_label():
    text = "Ada Lovelace lived in London."
    out = render_result(
        text,
        [
            {"entity_group": "PER", "score": 0.9, "word": "Ada Lovelace", "start": 0, "end": 12},
            {"entity_group": "LOC", "score": 0.9, "word": "London", "start": 22, "end": 28},
        ],
    )
    assert out.count('class="course-entity"') == 2
    assert "Ada Lovelace <small><b>[PER]</b></small></mark> lived in" in out
    assert "[LOC]" in out and out.endswith(".</p>")


def test_render_generated_text_and_chat_answers():
    plain = render_result("Once", [{"generated_text": "Once upon a <time>"}])
    assert "course-generated" in plain and "Once upon a &lt;time&gt;" in plain
    chat = [
        {
            "generated_text": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello!"},
            ]
        }
    ]
    assert "Hello!" in render_result("Hi", chat) and ">Hi<" not in render_result("Hi", chat)


def test_render_fill_mask_zero_shot_and_vectors():
    fill = render_result("a [MASK]", [{"token_str": "cat", "score": 0.5, "sequence": "a cat"}])
    assert "cat" in fill and "course-bar" in fill
    zero = render_result("x", {"sequence": "x", "labels": ["sport", "food"], "scores": [0.7, 0.3]})
    assert zero.count('class="course-bar"') == 2
    assert "shape (3, 4)" in render_result("x", [[[0.0] * 4] * 3])
    assert "nothing found" in render_result("x", [])


# ---------------------------------------------------------------- tokenizer explorer


def test_explorer_colours_tokens_and_shows_ids():
    ex = explore_tokens(FakeTokenizer(), text="Hello world")
    html = ex.panels[0].html.value
    assert html.count('class="course-token') == 4
    assert ex.panels[0].tokens == [("[CLS]", 1), ("hello", 3), ("world", 4), ("[SEP]", 2)]
    assert "course-special" in html and "background:" in html
    assert 'aria-label="token 2: hello, id 3"' in html
    assert "4 tokens" in html


def test_explorer_updates_live_when_the_text_changes():
    ex = explore_tokens(FakeTokenizer(), text="a")
    ex.text.value = "a b c"
    assert len(ex.panels[0].tokens) == 5
    assert "5 tokens" in ex.panels[0].html.value


def test_explorer_compares_two_tokenizers_side_by_side():
    other = FakeTokenizer()
    other.name_or_path = "org/other"
    ex = explore_tokens(FakeTokenizer(), other)
    pairs = ex.show("same text")
    assert len(pairs) == 2 and pairs[0] == pairs[1]
    text = ex._repr_mimebundle_()["text/plain"]
    assert "org/fake-tokenizer: 4 tokens" in text and "org/other: 4 tokens" in text


def test_explorer_empty_and_long_text():
    ex = explore_tokens(FakeTokenizer(model_max_length=3), text="")
    assert "Type some text" in ex.panels[0].html.value
    ex.max_chars = 10
    ex.show("one two three four five")
    html = ex.panels[0].html.value
    assert "23 characters" in html and "first 10" in html
    assert "at most 3 tokens" in html


def test_explorer_model_that_fails_to_load_is_said_in_its_panel(monkeypatch):
    import transformers

    def broken(name):
        raise OSError("Repository Not Found for url: .../org/typo")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", broken)
    ex = explore_tokens("org/typo", FakeTokenizer(), text="still works")
    assert "Could not load the tokenizer of 'org/typo'" in ex.panels[0].html.value
    assert "Repository Not Found" in ex.panels[0].html.value
    assert len(ex.panels[1].tokens) == 4  # the other side still works


@pytest.mark.parametrize("bad", [42, {"input_ids": []}])
def test_explorer_rejects_what_is_not_a_tokenizer(bad):
    with pytest.raises(TypeError, match="takes a tokenizer"):
        explore_tokens(bad)


def test_explorer_wrong_text_type_and_too_many_tokenizers():
    ex = explore_tokens(FakeTokenizer())
    with pytest.raises(TypeError, match="as a string"):
        ex.show(["a", "b"])
    with pytest.raises(TypeError, match="at most two"):
        explore_tokens(FakeTokenizer(), FakeTokenizer(), FakeTokenizer())


def test_explorer_with_a_real_fast_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "token": 3, "##izers": 4, "split": 5}
    core = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 1), ("[SEP]", 2)]
    )
    tok = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="[UNK]", cls_token="[CLS]", sep_token="[SEP]"
    )
    ex = explore_tokens(tok, text="tokenizers split")
    assert ex.panels[0].tokens == [
        ("[CLS]", 1),
        ("token", 3),
        ("##izers", 4),
        ("split", 5),
        ("[SEP]", 2),
    ]
    assert ex.panels[0].html.value.count("course-special") == 2


def test_playground_passes_extra_keywords_to_every_call():
    pipe = FakeClassifier()
    playground(pipe, top_k=None).run("Fine")
    assert pipe.calls == [("Fine", {"top_k": None})]


def test_widget_modules_import_no_heavy_library():
    code = (
        "import sys, json\n"
        "import course_utils.widgets, course_utils.quiz, course_utils.checks\n"
        "heavy = ['ipywidgets', 'transformers', 'torch', 'huggingface_hub', 'IPython']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    done = run_python(code, {})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
