"""Procedure search quality on the labelled resident questions: hybrid vs BM25-only vs dense-only.

Run with `make eval-search`. Prints markdown tables for docs/BENCHMARKS.md.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from knowledge.reference_data import shipped_records
from knowledge.search import ProcedureSearch, documents_from_records
from vietnamese_text import fold

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "evaluation" / "data" / "search_questions.yml"


def load_search() -> ProcedureSearch:
    records, aliases = shipped_records()
    return ProcedureSearch.load_or_build(documents_from_records(records, aliases), ROOT / "var" / "search")


def unaccented(text: str) -> bool:
    return fold(text) == text.lower()


def rank_of(codes: list[str], gold: set[str]) -> int | None:
    return next((i for i, code in enumerate(codes) if code in gold), None)


def metrics(ranks: list[int | None]) -> str:
    n = len(ranks)
    hit1 = sum(r == 0 for r in ranks) / n
    hit3 = sum(r is not None and r < 3 for r in ranks) / n
    mrr = sum(1 / (r + 1) for r in ranks if r is not None) / n
    return f"{hit1:.3f} | {hit3:.3f} | {mrr:.3f}"


def main() -> None:
    search = load_search()
    questions = yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]
    methods = {
        "hybrid": lambda q: [h.code for h in search.search(q, k=10).hits],
        "BM25 only": lambda q: [h.code for h in search.search_bm25(q, k=10)],
        "dense only (e5, accents restored)": lambda q: [h.code for h in search.search_dense(q, k=10)],
    }
    subsets = {
        "all": lambda e: True,
        "accented": lambda e: not unaccented(e["q"]),
        "unaccented / teencode": lambda e: unaccented(e["q"]),
        "procedures without aliases": lambda e: e.get("group") == "other",
    }
    print(f"{len(questions)} questions, {sum(unaccented(e['q']) for e in questions)} unaccented\n")
    print("| method | subset | n | hit@1 | hit@3 | MRR |\n|---|---|---|---|---|---|")
    for name, method in methods.items():
        ranks = {id(e): rank_of(method(e["q"]), set(e["codes"])) for e in questions}
        for subset, keep in subsets.items():
            chosen = [ranks[id(e)] for e in questions if keep(e)]
            print(f"| {name} | {subset} | {len(chosen)} | {metrics(chosen)} |")
    same = sum(search.search(e["q"]).hits[:1] == search.search(fold(e["q"])).hits[:1] for e in questions)
    print(f"\nAccent invariance (same top-1 with diacritics stripped): {same / len(questions):.3f}")
    decisions = Counter(search.search(e["q"]).decision for e in questions)
    correct_answers = sum(
        1 for e in questions
        if (r := search.search(e["q"])).decision == "answer" and r.hits[0].code in e["codes"])
    print(f"Decisions: {dict(decisions)}; precision of 'answer': {correct_answers / max(decisions['answer'], 1):.3f}")


if __name__ == "__main__":
    main()
