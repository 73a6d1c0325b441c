"""Intent macro-F1 and accuracy on the held-out split: our pipeline vs Rasa's default.

Run with the Rasa environment (`make eval-nlu`). Both pipelines are trained on
the same training data (NLU only); messages are scored separately by whether
they carry Vietnamese diacritics.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
from pathlib import Path

import structlog
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import accuracy_score, f1_score

from vietnamese_text import fold

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "training_data" / "tests" / "nlu_heldout.yml"
PIPELINES = {"ours (bot/config.yml)": ROOT / "bot" / "config.yml",
             "Rasa default (whitespace + count vectors)": ROOT / "evaluation" / "default_pipeline.yml"}
OUT = ROOT / "var" / "eval-nlu"


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def train(name: str, config: Path, reuse: bool) -> Path:
    out = OUT / name.split()[0]
    if reuse and (out / "nlu.tar.gz").exists():
        return out / "nlu.tar.gz"
    command = [str(Path(sys.executable).with_name("rasa")), "train", "nlu", "--config", str(config),
               "--nlu", "training_data/nlu", "--out", str(out), "--fixed-model-name", "nlu"]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / "nlu.tar.gz"


async def predict(model: Path, texts: list[str]) -> list[str]:
    agent = Agent.load(str(model))
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # no per-parse logs
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def scores(gold: list[str], predicted: list[str]) -> tuple[float, float, int]:
    """Macro-F1 over the intents of the split (a fallback prediction counts as an error, not as a class)."""
    f1 = f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0)
    return f1, accuracy_score(gold, predicted), len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="evaluate the models of the last run without retraining")
    args = parser.parse_args()
    examples = [m for m in load_data(str(HELD_OUT)).intent_examples]
    texts = [m.get("text") for m in examples]
    gold = [m.get("intent") for m in examples]
    accented = [has_diacritics(t) for t in texts]
    rows = []
    for name, config in PIPELINES.items():
        predicted = asyncio.run(predict(train(name, config, args.reuse), texts))
        for subset, keep in (("accented", True), ("unaccented", False)):
            pairs = [(g, p) for g, p, a in zip(gold, predicted, accented) if a == keep]
            rows.append((name, subset, *scores([g for g, _ in pairs], [p for _, p in pairs])))
        rows.append((name, "all", *scores(gold, predicted)))
    print("| pipeline | messages | n | intent macro-F1 | accuracy |\n|---|---|---|---|---|")
    for name, subset, f1, accuracy, n in rows:
        print(f"| {name} | {subset} | {n} | {f1:.3f} | {accuracy:.3f} |")


if __name__ == "__main__":
    main()
