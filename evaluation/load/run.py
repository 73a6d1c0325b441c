"""Load test of the web chat: seed dossiers, run locust headless, summarise the turn latencies.

    python -m evaluation.load.run --host http://127.0.0.1:8000 --users 50 --spawn-rate 10 --duration 5m \
        --label single --database-url sqlite:///var/app.db --out var/load/

Residents and think time: evaluation/load/locustfile.py and scenarios.yml. With --database-url, the
runner first imports --dossiers (200) generated dossiers (receipt numbers 999.99.99.H29-261101-NNNN, "Dữ liệu thử
tải" in their notes) into that app database with `python -m dossiers import`; importing them again changes
nothing. Reports filed by the "report" scenario stay in the target's database: run against a copy.
The web app rate-limits the chat per conversation and per address, and every simulated resident comes
from this machine's address: raise RATELIMIT_CHAT, RATELIMIT_UPLOAD, RATELIMIT_CHAT_PER_ADDRESS and
RATELIMIT_NEW_SESSION in the web app's environment (e.g. "100000/minute"), or rate-limited turns (HTTP 429)
count as errors.

Writes to --out: <label>-summary.json (also printed), locust's <label>_stats.csv / _failures.csv,
<label>-samples.json (every turn) and <label>-locust.log.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from evaluation.servers import REPO_ROOT

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DATA = yaml.safe_load(LOCUSTFILE.with_name("scenarios.yml").read_text(encoding="utf-8"))
SCENARIOS = tuple(DATA["weights"])  # each is the locustfile's <Name>Resident class
DOSSIERS = 200
STOP_TIMEOUT_SECONDS = 60  # users finish their current turn (at most the locustfile's read timeout)
STATUSES = ("Được tiếp nhận", "Đang xử lý", "Yêu cầu bổ sung giấy tờ", "Đã xử lý xong", "Đã trả kết quả")
SESSION = "session"  # the locustfile's name for new sessions, which are not turns


def seconds(duration: str) -> int:
    """Locust's --run-time notation: "300", "90s", "5m", "1h30m"."""
    if duration.isdigit():
        return int(duration)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", duration)
    if not parts or not any(parts.groups()):
        raise argparse.ArgumentTypeError(f"not a duration: {duration!r} (e.g. 60s, 5m, 1h30m)")
    hours, minutes, secs = (int(value or 0) for value in parts.groups())
    return hours * 3600 + minutes * 60 + secs


def weights(value: str) -> dict[str, int]:
    """NAME=WEIGHT pairs ("report=1,guide=0"): the share of residents in those scenarios, 0 for none; the
    scenarios not named keep the weight scenarios.yml gives them."""
    try:
        chosen = {name.strip(): int(weight) for name, weight in (pair.split("=") for pair in value.split(","))}
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not NAME=WEIGHT,...: {value!r}") from error
    unknown = set(chosen) - set(SCENARIOS)
    if unknown or any(weight < 0 for weight in chosen.values()):
        raise argparse.ArgumentTypeError(f"scenarios are {', '.join(SCENARIOS)}, weights 0 or more: {value!r}")
    return chosen


def dossiers(count: int) -> list[dict]:
    """Generated dossiers, the same ones every run; last4 is what the resident types to verify."""
    return [{"receipt": f"999.99.99.H29-261101-{i:04d}", "last4": f"{i:04d}"} for i in range(1, count + 1)]


def write_import_file(path: Path, generated: list[dict]) -> None:
    from dossiers.importer import DEFAULT_COLUMNS

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(DEFAULT_COLUMNS.values()))
        writer.writeheader()
        for index, dossier in enumerate(generated):
            writer.writerow({
                DEFAULT_COLUMNS["receipt_number"]: dossier["receipt"],
                DEFAULT_COLUMNS["procedure_name"]: "Đăng ký khai sinh",
                DEFAULT_COLUMNS["procedure_code"]: "1.001193",
                DEFAULT_COLUMNS["applicant_name"]: "Nguyễn Văn An",
                DEFAULT_COLUMNS["applicant_phone"]: f"090000{dossier['last4']}",
                DEFAULT_COLUMNS["status"]: STATUSES[index % len(STATUSES)],
                DEFAULT_COLUMNS["received_on"]: "01/11/2026",
                DEFAULT_COLUMNS["due_on"]: "04/11/2026",
                DEFAULT_COLUMNS["notes"]: "Dữ liệu thử tải",
                DEFAULT_COLUMNS["status_at"]: "2026-11-02T08:00:00+07:00",
            })


def seed(database_url: str, csv_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "dossiers", "import", str(csv_path)], cwd=REPO_ROOT,
                            env={**os.environ, "APP_DATABASE_URL": database_url}, capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"seeding dossiers failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def run_locust(args: argparse.Namespace, out: Path, receipts: Path, samples: Path) -> None:
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", args.host,
               "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
               "--stop-timeout", str(STOP_TIMEOUT_SECONDS), "--csv", str(out / args.label), "--only-summary",
               "--exit-code-on-error", "0", "--loglevel", "WARNING"]
    command += [f"{name.capitalize()}Resident" for name in SCENARIOS if args.weights.get(name, 1) > 0]
    env = {**os.environ, "LOAD_RECEIPTS": str(receipts), "LOAD_SAMPLES": str(samples),
           "LOAD_WEIGHTS": json.dumps(args.weights)}
    samples.unlink(missing_ok=True)
    with open(out / f"{args.label}-locust.log", "wb") as log:
        try:
            subprocess.run(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True,
                           timeout=args.duration + STOP_TIMEOUT_SECONDS + 60)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise SystemExit(f"locust failed ({error}); see {log.name}") from error
    if not samples.exists():
        raise SystemExit(f"locust wrote no samples; see {out / f'{args.label}-locust.log'}")


def percentile(ordered: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)], 1)


def figures(rows: list[list], elapsed: float) -> dict:
    latencies = sorted(row[2] for row in rows)
    return {"requests": len(rows), "errors": sum(1 for row in rows if row[3]),
            "p50_ms": percentile(latencies, 0.50), "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
            "throughput_per_s": round(len(rows) / elapsed, 2) if elapsed > 0 else None}


def summarise(recorded: dict, args: argparse.Namespace) -> dict:
    """Turn latency and errors per scenario and overall; new sessions counted apart."""
    elapsed = (recorded["stopped"] or 0) - (recorded["started"] or 0)
    turns = [row for row in recorded["samples"] if row[0] != SESSION]
    sessions = [row for row in recorded["samples"] if row[0] == SESSION]
    return {
        "label": args.label, "host": args.host, "users": args.users, "spawn_rate": args.spawn_rate,
        "duration_s": args.duration, "measured_s": round(elapsed, 1), "think_time_s": DATA["think_time_seconds"],
        "overall": figures(turns, elapsed),
        "scenarios": {name: figures([row for row in turns if row[0] == name], elapsed)
                      for name in sorted({row[0] for row in turns})},
        "new_sessions": {"requests": len(sessions), "errors": sum(1 for row in sessions if row[3])},
        "errors_by_reason": dict(Counter(row[3] for row in recorded["samples"] if row[3]).most_common(10)),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m evaluation.load.run", description=__doc__.split("\n")[0])
    parser.add_argument("--host", required=True, help="the web app, e.g. http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--duration", type=seconds, default="60s", help="e.g. 60s, 5m")
    parser.add_argument("--label", default="run", help="names the output files")
    parser.add_argument("--database-url", help="the target's app database, to seed dossiers into (else no seeding)")
    parser.add_argument("--weights", type=weights, default={},
                        help="override scenarios.yml's weights, e.g. report=1,dossier=1,guide=0")
    parser.add_argument("--dossiers", type=int, default=DOSSIERS)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "load")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[\w.-]+", args.label):
        parser.error("--label: letters, digits, '.', '_' and '-' only")

    args.out.mkdir(parents=True, exist_ok=True)
    generated = dossiers(args.dossiers)
    receipts = args.out / f"{args.label}-receipts.json"
    receipts.write_text(json.dumps(generated), encoding="utf-8")
    if args.database_url:
        write_import_file(args.out / f"{args.label}-dossiers.csv", generated)
        seed(args.database_url, args.out / f"{args.label}-dossiers.csv")
    samples = args.out / f"{args.label}-samples.json"
    run_locust(args, args.out, receipts, samples)
    summary = summarise(json.loads(samples.read_text(encoding="utf-8")), args)
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    (args.out / f"{args.label}-summary.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return summary


if __name__ == "__main__":
    main()
