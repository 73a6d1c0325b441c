"""Procedure search on the blind resident questions (evaluation/data/blind/procedure_questions.yml).

The set was written by someone who had not read the code, the aliases, the training data or the
older sets, from the catalogue alone, and committed before any tuning. Tune on the dev half only;
the test half is only scored. Run with `make eval-blind-search` (test half) or
`python -m evaluation.eval_blind_search --split dev --show-failures` while tuning.

Figures, per half, as written and with every question's diacritics stripped:
- hit@1, hit@3: a gold code first / among the first three;
- outright precision: of the questions answered without choices, how many with a gold code;
- resident success: answered with a gold code, or a gold code among the choices offered (the plausible
  ones of the first three, as the bot shows them: knowledge/search/families.plausible);
- answered / clarified / fallback shares.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from evaluation.eval_search import load_search
from knowledge.search.families import plausible
from vietnamese_text import fold

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "evaluation" / "data" / "blind" / "procedure_questions.yml"
OLD = ROOT / "evaluation" / "data" / "search_questions.yml"
# Written blind like BLIND, on 2026-12-08, to find faults beyond the dev half: read freely, never scored as a target.
PRACTICE = BLIND.with_name("practice_questions.yml")


def score(search, questions: list[dict], transform=lambda q: q) -> dict:
    n = len(questions)
    hit1 = hit3 = answered = answered_right = success = clarified = 0
    failures = []
    for entry in questions:
        gold = set(entry["codes"])
        result = search.search(transform(entry["q"]), k=3)
        codes = [hit.code for hit in result.hits]
        hit1 += bool(codes[:1] and codes[0] in gold)
        hit3 += bool(gold & set(codes[:3]))
        if result.decision == "answer":
            answered += 1
            answered_right += codes[0] in gold
            success += codes[0] in gold
        elif result.decision == "clarify":
            clarified += 1
            success += bool(gold & {hit.code for hit in plausible(result.hits[:3])})  # the buttons the bot shows
        if not (codes[:1] and codes[0] in gold) or (result.decision == "answer" and codes[0] not in gold):
            failures.append((entry, result))
    return {
        "n": n, "hit@1": hit1 / n, "hit@3": hit3 / n,
        "outright precision": answered_right / answered if answered else 0.0,
        "resident success": success / n,
        "answered": answered / n, "clarified": clarified / n, "fallback": (n - answered - clarified) / n,
        "failures": failures,
    }


def row(label: str, figures: dict) -> str:
    keys = ("hit@1", "hit@3", "outright precision", "resident success", "answered", "clarified", "fallback")
    return f"| {label} | {figures['n']} | " + " | ".join(f"{figures[k]:.3f}" for k in keys) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "both", "practice"), default="test")
    parser.add_argument("--set", type=Path, default=BLIND, help=f"question file (default: the blind set; "
                        f"{PRACTICE.name} with --split practice)")
    parser.add_argument("--show-failures", action="store_true", help="print failures (never the test half)")
    parser.add_argument("--old", action="store_true", help="also score the older, non-blind set")
    args = parser.parse_args()
    search = load_search()
    questions = yaml.safe_load(args.set.read_text("utf-8"))["questions"]
    known = {code for code in search._documents}  # noqa: SLF001 - evaluation reads the index it scores
    outside = [q for q in questions if not set(q["codes"]) & known]
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    print(f"{len(questions)} blind questions; {len(outside)} name only procedures outside the knowledge base "
          f"({len(known)} procedures) and count as misses.\n")
    print("| set | n | hit@1 | hit@3 | outright precision | resident success | answered | clarified | fallback |")
    print("|---|---|---|---|---|---|---|---|---|")
    for split in splits:
        chosen = [q for q in questions if q["split"] == split]
        accented = [q for q in chosen if fold(q["q"]) != q["q"].lower()]
        as_written = score(search, chosen)
        print(row(f"blind {split}, as written", as_written))
        print(row(f"blind {split}, written with diacritics", score(search, accented)))
        print(row(f"blind {split}, all without diacritics", score(search, chosen, fold)))
        if args.show_failures and split != "test":
            for entry, result in as_written["failures"]:
                offered = ", ".join(f"{h.code} {h.name[:50]}" for h in result.hits[:3])
                print(f"  MISS {entry['id']} {entry['q']!r} gold={entry['codes']} {result.decision}: {offered}")
    if args.old:
        old = yaml.safe_load(OLD.read_text("utf-8"))["questions"]
        print(row("old set (not blind), as written", score(search, old)))


if __name__ == "__main__":
    main()
