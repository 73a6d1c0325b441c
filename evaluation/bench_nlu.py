"""Latency of the running assistant: `/model/parse` and whole REST turns with actions.

Starts the real Rasa server and action server on free ports (as the end-to-end
tests do), warms them up, then sends resident messages one at a time.
Run with `make bench-nlu`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import requests
import yaml

from evaluation.servers import action_server, free_port, rasa_server, server_env

ROOT = Path(__file__).resolve().parent.parent


def resident_messages(count: int) -> list[str]:
    """Held-out messages (plus training ones when more are needed), cycled to `count`."""
    texts: list[str] = []
    for path in [ROOT / "training_data/tests/nlu_heldout.yml", *sorted((ROOT / "training_data/nlu").glob("*.yml"))]:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                texts += [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
    return [texts[i % len(texts)] for i in range(count)]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms (n={len(ordered)})"


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    args = parser.parse_args()
    messages = resident_messages(args.messages)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        actions_port, rasa_port = free_port(), free_port()
        env = server_env(tmp, actions_port)
        with action_server(tmp, actions_port, env), rasa_server(tmp, rasa_port, env):
            url = f"http://127.0.0.1:{rasa_port}"
            session = requests.Session()

            def parse(text: str) -> None:
                session.post(f"{url}/model/parse", params={"token": env["RASA_AUTH_TOKEN"]}, json={"text": text},
                             timeout=60).raise_for_status()

            def turn(text: str, sender: str) -> None:
                response = session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                        timeout=60)
                response.raise_for_status()

            for text in messages[:20]:
                parse(text)
                turn(text, "warm-up")
            parse_ms = [timed(lambda t=text: parse(t)) for text in messages]
            turn_ms = [timed(lambda t=text, i=i: turn(t, f"bench-{i // 5}")) for i, text in enumerate(messages)]
    print(f"/model/parse: {percentiles(parse_ms)}")
    print(f"REST turn with actions: {percentiles(turn_ms)}")


if __name__ == "__main__":
    main()
