"""Training data hygiene: the held-out split stays unseen, and unaccented examples are real variants."""

import re
from pathlib import Path

import yaml

from vietnamese_text import fold

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")


def examples(path: Path) -> list[tuple[str, str]]:
    found = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            found += [(block["intent"], ANNOTATION.sub(r"\1", line[2:]).strip())
                      for line in block["examples"].splitlines() if line.startswith("- ")]
    return found


def key(text: str) -> str:
    return " ".join(fold(text).split())


TRAINING = [e for path in sorted((ROOT / "training_data" / "nlu").glob("*.yml")) for e in examples(path)]
HELD_OUT = examples(ROOT / "training_data" / "tests" / "nlu_heldout.yml")


def test_no_training_example_is_another_with_its_accents_stripped():
    keys = [key(text) for _, text in TRAINING]
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)


def test_held_out_messages_never_appear_in_training_even_without_accents():
    training = {key(text) for _, text in TRAINING}
    assert not [text for _, text in HELD_OUT if key(text) in training]


def test_every_intent_has_at_least_thirty_examples_and_a_held_out_share():
    intents = {intent for intent, _ in TRAINING}
    assert all(sum(i == intent for i, _ in TRAINING) >= 30 for intent in intents)
    assert intents == {intent for intent, _ in HELD_OUT}
