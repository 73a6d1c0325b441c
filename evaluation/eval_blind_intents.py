"""Intent families on the blind resident messages (evaluation/data/blind/intent_messages.yml), Rasa env.

The set was written by a helper who had not read the training data and committed before any tuning; tune on
the dev half only. Run with `make eval-blind-intents` (test half) or `--split dev --show-failures`.
Families: what the bot should do with the message (procedure, dossier, report, follow_report, vneid,
digital_signature, staff, smalltalk, out_of_scope, language); each intent belongs to one.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path

import yaml

from vietnamese_text import fold

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "evaluation" / "data" / "blind" / "intent_messages.yml"
MODEL = ROOT / "var" / "models" / "assistant.tar.gz"
FAMILY = {
    "ask_procedure": "procedure", "check_dossier": "dossier", "subscribe_dossier": "dossier",
    "unsubscribe_dossier": "dossier", "give_phone_digits": "dossier", "report_issue": "report",
    "check_report": "follow_report", "guide_vneid": "vneid", "guide_digital_signature": "digital_signature",
    "continue_guide": "vneid", "talk_to_staff": "staff", "greet": "smalltalk", "goodbye": "smalltalk",
    "thank": "smalltalk", "affirm": "smalltalk", "deny": "smalltalk", "bot_challenge": "smalltalk",
    "menu": "smalltalk", "rate_answer": "smalltalk", "out_of_scope": "out_of_scope", "nlu_fallback": "out_of_scope",
    "change_language": "language",
}


async def families(texts: list[str]) -> list[str]:
    import logging

    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # no per-parse logs

    agent = Agent.load(str(MODEL))
    return [FAMILY.get((await agent.parse_message(text))["intent"]["name"], "?") for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--show-failures", action="store_true", help="dev half only")
    args = parser.parse_args()
    messages = [m for m in yaml.safe_load(SET.read_text("utf-8"))["messages"] if m["split"] == args.split]
    as_written = asyncio.run(families([m["text"] for m in messages]))
    folded = asyncio.run(families([fold(m["text"]) for m in messages]))
    accented = [i for i, m in enumerate(messages) if fold(m["text"]) != m["text"].lower()]
    right = [p == m["family"] for p, m in zip(as_written, messages)]
    right_folded = [p == m["family"] for p, m in zip(folded, messages)]
    print(f"{len(messages)} blind messages ({args.split} half), {len(accented)} written with diacritics\n")
    print("| subset | n | family accuracy |\n|---|---|---|")
    print(f"| as written | {len(messages)} | {sum(right) / len(messages):.3f} |")
    print(f"| written with diacritics | {len(accented)} | {sum(right[i] for i in accented) / len(accented):.3f} |")
    print(f"| all without diacritics | {len(messages)} | {sum(right_folded) / len(messages):.3f} |")
    per_family = Counter(m["family"] for m in messages)
    hits = Counter(m["family"] for m, ok in zip(messages, right) if ok)
    print("\n| family | n | accuracy |\n|---|---|---|")
    for family, count in sorted(per_family.items()):
        print(f"| {family} | {count} | {hits[family] / count:.3f} |")
    if args.show_failures and args.split == "dev":
        for message, predicted, ok in zip(messages, as_written, right):
            if not ok:
                print(f"  {message['id']} {message['family']} -> {predicted}: {message['text']!r}")


if __name__ == "__main__":
    main()
