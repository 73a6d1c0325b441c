"""Blind follow-up conversations played against the real Rasa and action servers.

Each conversation (evaluation/data/blind/followup_conversations.yml, written blind from the
catalogue) is a procedure question and one to three follow-ups as residents phrase them, each
labelled with the acceptable codes and the aspect asked. Every turn goes through Rasa's REST
channel, as the web page and the channels send it, on a fresh conversation id per conversation.

When the bot offers choices and an acceptable one is among them, the resident taps it (its payload is
sent) before the next turn, as a resident would. Scored per turn, from what the resident sees:
- answered right: the reply is a procedure answer ("(mã X)") with an acceptable code;
- resident success: answered right, or an acceptable code among the offered choices;
- aspect shown: the part asked (fee, time, where, documents, online, steps, conditions) is in the reply;
and for follow-ups, "kept in context": a follow-up on the same procedure answered with it.

`make eval-conversations` (test half); `--split dev --show-failures` while tuning;
`--rasa-url http://127.0.0.1:5005` to use a stack already running (`make run`).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path

import requests
import yaml

from evaluation.servers import APP_DB, REPO_ROOT, action_server, copy_database, free_port, rasa_server, server_env

SET = REPO_ROOT / "evaluation" / "data" / "blind" / "followup_conversations.yml"
ANSWER_CODE = re.compile(r"\(mã ([0-9A-Za-z.]+)\)")
PAYLOAD_CODE = re.compile(r'"procedure_code":\s*"([^"]+)"')
ASPECT_SIGNS = {
    "fee": ("lệ phí",), "time": ("thời gian",), "where": ("nơi nộp", "bộ phận một cửa", "nộp tại"),
    "documents": ("giấy tờ",), "online": ("trực tuyến",), "steps": ("các bước",), "conditions": ("điều kiện",),
    "result": ("kết quả",), "legal_basis": ("căn cứ pháp lý",),
}


def play(rasa_url: str, turns: list[dict]) -> list[dict]:
    sender = f"eval-{uuid.uuid4().hex}"
    outcomes = []
    for turn in turns:
        replies = requests.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": turn["q"]},
                                timeout=60).json()
        text = "\n".join(r.get("text") or "" for r in replies)
        buttons = [b.get("payload", "") for r in replies for b in r.get("buttons") or []]
        answered = ANSWER_CODE.findall(text)
        offered = PAYLOAD_CODE.findall(" ".join(buttons)) if not answered else []
        gold = set(turn["codes"])
        chosen = next((b for b in buttons if set(PAYLOAD_CODE.findall(b)) & gold), None) if offered else None
        if chosen:  # the resident taps the right choice, as they would; the conversation goes on from there
            requests.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": chosen}, timeout=60)
        outcomes.append({
            "turn": turn, "text": text,
            "answered right": bool(answered) and answered[0] in gold,
            "success": (bool(answered) and answered[0] in gold) or bool(gold & set(offered)),
            "aspect shown": any(sign in text.lower() for sign in ASPECT_SIGNS.get(turn.get("aspect"), ("",))),
            "answered": answered[:1], "offered": offered, "reply": text[:160].replace("\n", " / "),
        })
    return outcomes


def share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "n/a"


def report(conversations: list[dict], results: list[list[dict]], show_failures: bool) -> None:
    first = [r[0] for r in results]
    follow = [(c["turns"][i - 1], r[i]) for c, r in zip(conversations, results) for i in range(1, len(r))]
    same = [o for previous, o in follow if set(o["turn"]["codes"]) & set(previous["codes"])]
    switch = [o for previous, o in follow if not set(o["turn"]["codes"]) & set(previous["codes"])]
    aspect_turns = [o for r in results for o in r if o["turn"].get("aspect") in ASPECT_SIGNS]
    print(f"{len(conversations)} conversations, {sum(len(r) for r in results)} turns\n")
    print("| measure | share |\n|---|---|")
    print(f"| first question answered right | {share([o['answered right'] for o in first])} |")
    print(f"| first question resident success | {share([o['success'] for o in first])} |")
    print(f"| follow-ups kept in context (same procedure answered) | {share([o['answered right'] for o in same])} |")
    print(f"| follow-ups that switch subject, answered right | {share([o['answered right'] for o in switch])} |")
    print(f"| follow-ups that switch subject, resident success | {share([o['success'] for o in switch])} |")
    print(f"| aspect asked shown in the reply | {share([o['aspect shown'] for o in aspect_turns])} |")
    print(f"| every turn, resident success | {share([o['success'] for r in results for o in r])} |")
    if show_failures:
        for conversation, outcomes in zip(conversations, results):
            for o in outcomes:
                if not o["answered right"] or (o["turn"].get("aspect") in ASPECT_SIGNS and not o["aspect shown"]):
                    print(f"  {conversation['id']} {o['turn']['q']!r} gold={o['turn']['codes']} "
                          f"aspect={o['turn'].get('aspect')} answered={o['answered']} offered={o['offered'][:3]} "
                          f"shown={o['aspect shown']}\n      -> {o['reply']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET, help="a set in the same format (a practice set)")
    parser.add_argument("--split", choices=("test", "dev", "both", "practice"), default="test")
    parser.add_argument("--rasa-url", help="a running stack; by default the servers are started here")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    conversations = [c for c in yaml.safe_load(args.set.read_text("utf-8"))["conversations"]
                     if args.split == "both" or c["split"] == args.split]
    with ExitStack() as stack:
        rasa_url = args.rasa_url
        if not rasa_url:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            actions_port, rasa_port = free_port(), free_port()
            # on a copy of the app database: the taps teach the search's example memory, which must not carry
            # over from one run to the next
            database = copy_database(APP_DB, tmp / "app.db")
            env = server_env(tmp, actions_port, {"APP_DATABASE_URL": f"sqlite:///{database}"})
            stack.enter_context(action_server(tmp, actions_port, env))
            stack.enter_context(rasa_server(tmp, rasa_port, env))
            rasa_url = f"http://127.0.0.1:{rasa_port}"
        results = [play(rasa_url, c["turns"]) for c in conversations]
    report(conversations, results, args.show_failures)


if __name__ == "__main__":
    main()
