"""Write the course's small review dataset: course_utils/data/reviews/{train,test}.csv.

Short English reviews of films, restaurants, hotels, gadgets, books and apps, labelled
0 (negative) or 1 (positive), written from templates by this script. The output is the
same on every machine: `random.Random` seeded with a string hashes it with SHA-512.

    python scripts/make_reviews_dataset.py

Chapter 09 fine-tunes a model on it. The data card is course_utils/data/reviews/README.md.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "course_utils" / "data" / "reviews"
SIZES = {"train": 600, "test": 200}
SEED = "hands-on-hf/reviews/v1"

# fmt: off
THINGS = {
    "film": ("this film", "the movie", "the sequel", "this documentary", "the new thriller",
             "the animated feature", "this comedy", "the remake"),
    "restaurant": ("this restaurant", "the new cafe", "the pizza place", "this bistro",
                   "the ramen bar", "the bakery on the corner", "this steakhouse"),
    "hotel": ("this hotel", "the guesthouse", "the resort", "our room", "the hostel",
              "this bed and breakfast"),
    "gadget": ("these headphones", "the phone", "this laptop", "the blender", "this camera",
               "the smartwatch", "this vacuum cleaner", "the kettle"),
    "book": ("this novel", "the book", "the memoir", "this cookbook", "the audiobook",
             "the second volume"),
    "app": ("this app", "the update", "the game", "this budgeting app", "the language app",
            "the new version"),
}
ASPECTS = {
    "film": ("acting", "plot", "soundtrack", "ending", "dialogue", "pacing", "special effects"),
    "restaurant": ("food", "service", "dessert", "coffee", "portions", "staff", "menu"),
    "hotel": ("bed", "breakfast", "staff", "view", "shower", "location", "check-in"),
    "gadget": ("battery", "screen", "sound", "build quality", "price", "design", "setup"),
    "book": ("writing", "characters", "story", "ending", "translation", "first chapter"),
    "app": ("interface", "design", "notifications", "sync", "price", "support team"),
}
# Words that carry the opinion. The test split uses its own words, none of which appear in
# train: a model must bring what it knows about English to score well on it.
WORDS = {
    "train": {
        "good": ("great", "wonderful", "excellent", "lovely", "fantastic", "delightful",
                 "brilliant", "solid", "impressive", "charming"),
        "bad": ("terrible", "awful", "disappointing", "poor", "mediocre", "clumsy",
                "frustrating", "dull", "cheap", "broken"),
        "good_verdict": ("I loved it.", "Highly recommended.", "I would go back tomorrow.",
                         "Worth every penny.", "Five stars from me.",
                         "I will tell all my friends.", "A real pleasure.",
                         "Better than I hoped."),
        "bad_verdict": ("I want my money back.", "Avoid it.", "Never again.",
                        "One star, and that is generous.", "What a waste of time.",
                        "I regret it.", "Save yourself the trouble.", "I expected much more."),
        "good_feel": ("It made my week.", "Everything worked the way it should.",
                      "I had a smile on my face the whole time.",
                      "It exceeded my expectations."),
        "bad_feel": ("It ruined my evening.", "Nothing worked the way it should.",
                     "I was bored the whole time.", "It fell short in every way."),
    },
    "test": {
        "good": ("superb", "marvellous", "terrific", "splendid", "stunning", "outstanding"),
        "bad": ("dreadful", "abysmal", "shoddy", "lousy", "atrocious", "sloppy"),
        "good_verdict": ("Money well spent.", "I am already planning a second visit.",
                         "Count me as a fan.", "A must."),
        "bad_verdict": ("Not worth the price.", "I gave up halfway.", "Stay away.",
                        "A total letdown."),
        "good_feel": ("I could not put it down.", "It was a joy from start to finish."),
        "bad_feel": ("I could not wait for it to end.", "It was a chore from start to finish."),
    },
}
OPENERS = ("Honestly,", "To be fair,", "Overall,", "In short,", "After a week,", "Well,",
           "I have to say", "Frankly,", "")
# fmt: on


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _sentence_about(rng: random.Random, w: dict, domain: str, label: int, avoid: str = "") -> str:
    """One clause that praises (label 1) or criticises (label 0) one aspect."""
    aspect = rng.choice([a for a in ASPECTS[domain] if f"the {a} " not in avoid])
    (good, good2), (bad, bad2) = rng.sample(w["good"], 2), rng.sample(w["bad"], 2)
    verb = "were" if aspect.endswith("s") and aspect not in ("sync", "plot", "dialogue") else "was"
    if label == 1:
        forms = (
            f"the {aspect} {verb} {good}",
            f"the {aspect} {verb} not bad at all",
            f"I really liked the {aspect}",
            f"the {aspect} {verb} much better than I expected",
            f"nothing to complain about the {aspect}",
            f"the {aspect} {verb} {good} and {good2}",
        )
    else:
        forms = (
            f"the {aspect} {verb} {bad}",
            f"the {aspect} {verb} not good at all",
            f"I did not like the {aspect}",
            f"the {aspect} {verb} much worse than I expected",
            f"the {aspect} {verb} a real problem",
            f"the {aspect} {verb} {bad} and {bad2}",
        )
    return rng.choice(forms)


def review(rng: random.Random, w: dict, label: int) -> str:
    """One short review of 1 to 3 sentences whose overall opinion is `label`, in words `w`."""
    domain = rng.choice(list(THINGS))
    thing = rng.choice(THINGS[domain])
    other = 1 - label
    shape = rng.randrange(5)
    if shape == 0:  # verdict on the thing, then one reason
        adj = rng.choice(w["good"] if label else w["bad"])
        text = f"{_cap(thing)} is {adj}: {_sentence_about(rng, w, domain, label)}."
    elif shape == 1:  # a mixed review: the last clause carries the opinion
        first = _sentence_about(rng, w, domain, other)
        text = (
            f"{_cap(first)}, but {_sentence_about(rng, w, domain, label, first)}. "
            f"{rng.choice(w['good_verdict'] if label else w['bad_verdict'])}"
        )
    elif shape == 2:  # two reasons and a feeling
        first = _sentence_about(rng, w, domain, label)
        text = (
            f"{_cap(first)}, and {_sentence_about(rng, w, domain, label, first)}. "
            f"{rng.choice(w['good_feel'] if label else w['bad_feel'])}"
        )
    elif shape == 3:  # an opener, the thing, a verdict
        opener = rng.choice(OPENERS)
        adj = rng.choice(w["good"] if label else w["bad"])
        body = f"{thing} was {adj}."
        text = f"{opener} {body}" if opener else _cap(body)
        text += f" {rng.choice(w['good_verdict'] if label else w['bad_verdict'])}"
    else:  # expectations turned around
        if label:
            text = (
                f"I expected little from {thing}, but {_sentence_about(rng, w, domain, 1)}. "
                f"{rng.choice(w['good_feel'])}"
            )
        else:
            text = (
                f"I had high hopes for {thing}, but {_sentence_about(rng, w, domain, 0)}. "
                f"{rng.choice(w['bad_feel'])}"
            )
    return text


def split_rows(rng: random.Random, split: str, n: int, seen: set[str]) -> list[tuple[str, int]]:
    """`n` unique reviews, half of each label, in random order."""
    labels = [i % 2 for i in range(n)]
    rng.shuffle(labels)
    rows = []
    for label in labels:
        text = review(rng, WORDS[split], label)
        while text in seen:
            text = review(rng, WORDS[split], label)
        seen.add(text)
        rows.append((text, label))
    return rows


def write(out: Path = OUT) -> list[Path]:
    """Write every split's CSV file into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    seen: set[str] = set()
    paths = []
    for split, n in SIZES.items():
        path = out / f"{split}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["text", "label"])
            writer.writerows(split_rows(rng, split, n, seen))
        paths.append(path)
    return paths


def main() -> int:
    for path in write():
        print(f"{path}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
