"""Train the Rasa model only when its inputs changed.

`rasa train` loads TensorFlow and checks its own caches before it decides to
skip, which costs ~20 s on a 2-core machine. A content fingerprint of the
config, domain, training data and custom NLU code decides in milliseconds.
Run with the Rasa environment: `.venv-rasa/bin/python -m bot.train`.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["bot/config.yml", "bot/domain", "bot/nlu", "bot/dialogue", "knowledge/question_aspects.py", "vietnamese_text",
          "training_data/nlu", "training_data/stories", "training_data/rules"]
TRAINING_DATA = ["training_data/nlu", "training_data/stories", "training_data/rules"]


def fingerprint(config: str = "bot/config.yml") -> str:
    digest = hashlib.sha256()
    for entry in [config] + [p for p in INPUTS if p != "bot/config.yml"]:
        path = ROOT / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def train(config: str, out: Path, name: str, force: bool = False) -> Path:
    model = out / f"{name}.tar.gz"
    stamp = out / f"{name}.fingerprint"
    wanted = fingerprint(config)
    if not force and model.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        print(f"Model {model} is up to date (fingerprint {wanted[:12]}).")
        return model
    out.mkdir(parents=True, exist_ok=True)
    command = [str(Path(sys.executable).with_name("rasa")), "train", "--config", config, "--domain", "bot/domain",
               "--data", *TRAINING_DATA, "--out", str(out), "--fixed-model-name", name]
    print("Training:", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    stamp.write_text(wanted + "\n")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="bot/config.yml")
    parser.add_argument("--out", default="var/models", type=Path)
    parser.add_argument("--name", default="assistant")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    train(args.config, args.out, args.name, args.force)


if __name__ == "__main__":
    main()
