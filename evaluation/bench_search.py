"""Latency of `/api/search` (Flask app in-process, real index) with the seed KB and with all 2,642 records.

Run with `make bench-search`. Reports index build time, query p50/p95 over 1,000
queries (resident questions, accented and unaccented, plus variations) and RSS.
"""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from evaluation.eval_search import QUESTIONS
from knowledge import importer
from knowledge.reference_data import shipped_records
from knowledge.search import ProcedureSearch, documents_from_records
from vietnamese_text import fold

ROOT = Path(__file__).resolve().parent.parent
FULL_CATALOGUE = ROOT.parent / "shared" / "data" / "catalogue" / "procedures_light.jsonl"
QUERIES = 1000


def queries() -> list[str]:
    base = [e["q"] for e in yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]]
    rng = random.Random(7)
    pool = base + [fold(q) for q in base] + [q + " ạ" for q in base] + ["cho em hỏi " + q for q in base]
    return [rng.choice(pool) for _ in range(QUERIES)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class SearchOnly:
    """The part of KnowledgeBase that /api/search uses, over an index built for the benchmark."""

    def __init__(self, search: ProcedureSearch) -> None:
        self.search = search.search


def bench(label: str, records: list[dict], aliases: dict[str, list[str]]) -> None:
    from webapp import create_app

    documents = documents_from_records(records, aliases)
    with tempfile.TemporaryDirectory() as index_dir:
        start = time.perf_counter()
        search = ProcedureSearch.load_or_build(documents, Path(index_dir))
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        ProcedureSearch.load_or_build(documents, Path(index_dir))
        load_s = time.perf_counter() - start

    # One address sends every query: the per-address search limit would answer 429 after 60.
    client = create_app({"TESTING": True, "RATELIMIT_ENABLED": False,
                         "KNOWLEDGE_BASE": SearchOnly(search)}).test_client()
    timings = []
    for query in queries():
        start = time.perf_counter()
        response = client.get("/api/search", query_string={"q": query, "k": 5})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    print(f"| {label} | {len(records)} | {build_s:.1f} s | {load_s:.2f} s | {statistics.median(timings):.1f} ms | "
          f"{timings[int(0.95 * (len(timings) - 1))]:.1f} ms | {rss_mb():.0f} MB |")


def main() -> None:
    seed, aliases = shipped_records()
    print("| knowledge base | procedures | index build | index load | p50 | p95 | max RSS |")
    print("|---|---|---|---|---|---|---|")
    bench("seed (ward + city citizen procedures)", seed, aliases)
    if FULL_CATALOGUE.exists():
        everything, _ = importer.read_records(FULL_CATALOGUE, scope="all")
        bench("whole national catalogue", everything, aliases)


if __name__ == "__main__":
    main()
