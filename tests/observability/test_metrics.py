"""GET /metrics: chat turns measured in the web app, the app database's queues counted at each scrape."""

import datetime as dt
import os
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families

from channels.messages import Reply
from handoff.models import Handoff
from knowledge.models import UnansweredQuestion
from notifications.outbox import enqueue
from storage.database import session_scope, utcnow
from tests.conftest import REPO_ROOT
from tests.observability.conftest import chat, web_app
from urban_reports.models import Report

NAMES = ["chat_turn_duration_seconds", "chat_turns", "chat_turns_failed", "notification_outbox_messages",
         "unanswered_questions_recent", "handoffs_opened_recent", "handoffs_open", "urban_reports_overdue",
         "app_database_up"]


def samples_of(text: str) -> dict[tuple, float]:
    return {(s.name, *sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    return samples_of(response.get_data(as_text=True))


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, *sorted(labels.items())), 0.0)


def test_every_metric_is_exposed(client):
    response = client.get("/metrics")
    names = {family.name for family in text_string_to_metric_families(response.get_data(as_text=True))}
    assert set(NAMES) <= names


def test_a_chat_turn_moves_the_latency_histogram(client, rasa):
    before = scrape(client)
    assert chat(client).status_code == 200
    after = scrape(client)

    assert value(after, "chat_turn_duration_seconds_count", channel="web") == \
        value(before, "chat_turn_duration_seconds_count", channel="web") + 1
    assert value(after, "chat_turn_duration_seconds_sum", channel="web") > \
        value(before, "chat_turn_duration_seconds_sum", channel="web")
    assert value(after, "chat_turns_total", channel="web") == value(before, "chat_turns_total", channel="web") + 1
    assert value(after, "chat_turns_failed_total", channel="web") == \
        value(before, "chat_turns_failed_total", channel="web")


def test_a_turn_rasa_does_not_answer_counts_as_failed(rasa_down_client):
    before = scrape(rasa_down_client)
    assert chat(rasa_down_client).status_code == 503
    after = scrape(rasa_down_client)

    assert value(after, "chat_turns_failed_total", channel="web") == \
        value(before, "chat_turns_failed_total", channel="web") + 1


def test_the_database_gauges_count_the_rows(client, sqlite_url):
    now = utcnow()
    before = scrape(client)
    assert value(before, "app_database_up") == 1
    assert value(before, "notification_outbox_messages", state="pending") == 0

    with session_scope(sqlite_url) as session:
        enqueue(session, "web:abc", [Reply(text="Hồ sơ đã có kết quả")], "dossier:1:web:abc", "dossier_status")
        session.add(UnansweredQuestion(text="lệ phí cấp sổ đỏ", match_key="le phi cap so do", channel="web",
                                       created_at=now - dt.timedelta(hours=3)))
        session.add(Handoff(conversation_id="web:abc", channel="web", status="open", reason="asked",
                            summary="Người dân muốn gặp cán bộ", created_at=now))
        session.add(Report(code="PA-260101-0001", category="trash", description="Rác", photos=[], attributes={},
                           anonymous=True, language="vi", status="received", handling_unit="UBND phường",
                           created_at=now - dt.timedelta(days=5), deadline_at=now - dt.timedelta(days=1),
                           updated_at=now))
    after = scrape(client)

    assert value(after, "notification_outbox_messages", state="pending") == 1
    assert value(after, "notification_outbox_messages", state="dead") == 0
    assert value(after, "unanswered_questions_recent", window="1h") == 0
    assert value(after, "unanswered_questions_recent", window="24h") == 1
    assert value(after, "handoffs_opened_recent", window="1h") == 1
    assert value(after, "handoffs_open") == 1
    assert value(after, "urban_reports_overdue") == 1


def test_a_broken_database_still_answers_the_scrape(rasa, tmp_path):
    client = web_app(rasa.url, f"sqlite:///{tmp_path}").test_client()  # a directory: cannot be opened

    samples = scrape(client)
    assert value(samples, "app_database_up") == 0 and ("handoffs_open",) not in samples


def test_metrics_need_the_token_when_one_is_set(client, monkeypatch):
    monkeypatch.setenv("METRICS_TOKEN", "s3cret-token")

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_gunicorn_workers_are_summed_in_multiprocess_mode(tmp_path, sqlite_url):
    (tmp_path / "prometheus").mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}

    def python(code: str) -> str:
        return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=120, check=True).stdout

    for _ in range(2):  # two workers, one turn each
        python("from observability.metrics import TURNS, TURN_SECONDS; TURNS.labels('web').inc(); "
               "TURN_SECONDS.labels('web').observe(0.3)")
    text = python(f"from observability.metrics import exposition; print(exposition('{sqlite_url}').decode())")

    samples = samples_of(text)
    assert value(samples, "chat_turns_total", channel="web") == 2
    assert value(samples, "chat_turn_duration_seconds_count", channel="web") == 2
    assert value(samples, "app_database_up") == 1
