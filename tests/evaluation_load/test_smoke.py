"""The load test runner for 10 seconds, one resident per scenario, against the web app in a thread and a fake Rasa.

The fake Rasa gives every turn the same reply, so this checks the runner and the requests the residents
send (the chat, the photo upload, the seeded dossiers), not the bot's answers.
"""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from evaluation.load.run import main
from tests.channels.fake_rasa import FakeRasa
from webapp import create_app

SCENARIOS = {"procedure", "dossier", "guide", "report"}


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'app.db'}"  # migrated by the runner's `python -m dossiers import`


@pytest.fixture
def web_url(tmp_path, database_url):
    rasa = FakeRasa([{"recipient_id": "x", "text": "Dạ, bạn cần hỏi gì thêm ạ?"}])
    app = create_app({"RASA_URL": rasa.url, "APP_DATABASE_URL": database_url,
                      "MEDIA_DIR": tmp_path / "media", "RATELIMIT_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", rasa
    server.shutdown()
    rasa.close()


def test_four_residents_for_ten_seconds_give_a_summary_without_errors(web_url, database_url, tmp_path):
    url, rasa = web_url
    out = tmp_path / "load"

    summary = main(["--host", url, "--users", "4", "--spawn-rate", "4", "--duration", "10s", "--label", "smoke",
                    "--weights", "procedure=1,dossier=1,guide=1,report=1", "--database-url", database_url,
                    "--dossiers", "20", "--out", str(out)])

    assert json.loads((out / "smoke-summary.json").read_text(encoding="utf-8")) == summary
    overall = summary["overall"]
    assert overall["requests"] >= 6 and overall["errors"] == 0 and summary["errors_by_reason"] == {}
    assert summary["new_sessions"]["requests"] >= 3 and summary["new_sessions"]["errors"] == 0
    assert 0 < overall["p50_ms"] <= overall["p95_ms"] <= overall["p99_ms"] and overall["throughput_per_s"] > 0
    assert set(summary["scenarios"]) == SCENARIOS
    assert sum(s["requests"] for s in summary["scenarios"].values()) == overall["requests"]
    assert len(rasa.messages) == overall["requests"]  # every turn reached the bot, as the browser sends it
    assert all(m["sender"].startswith("web:") for m in rasa.messages)
    photos = [m for m in rasa.messages if m["metadata"].get("image_url", "").startswith("media://web/")]
    assert photos and all(m["message"] == "/report_issue" for m in photos)
    assert any("999.99.99.H29-261101-" in m["message"] for m in rasa.messages)  # a seeded receipt number
    with create_engine(database_url).connect() as connection:
        seeded = connection.execute(text("SELECT count(*) FROM dossiers WHERE receipt_number LIKE '999.99.99.H29-%'"))
        assert seeded.scalar() == 20
