"""Security headers (CSP, framing, referrer, permissions, HSTS) and the public endpoints' rate limits."""

import logging
import re
import uuid
from pathlib import Path

import pytest
import redis

from evaluation.servers import free_port
from staff.accounts import create_user
from staff.models import Role
from storage.database import session_scope, upgrade
from tests.analytics.conftest import tracker_db  # noqa: F401 (fixture used by name)
from tests.webapp.test_admin import PASSWORD, signed_in
from webapp import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)
LOCAL_REDIS = "redis://127.0.0.1:6379"
BUSY = "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Bạn vui lòng đợi một chút rồi thử lại nhé."


def make_app(**config):
    # Nothing listens on the Rasa port: a message gets the polite 503, which still counts against the limit.
    return create_app({"TESTING": True, "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TIMEOUT_SECONDS": 1,
                       **config})


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))


def chat(client, session_id, message="xin chào", **kwargs):
    return client.post("/api/chat", json={"session_id": session_id, "message": message}, **kwargs)


@pytest.fixture
def admin_app(tmp_path, tracker_db):  # noqa: F811 (the imported fixture)
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    with session_scope(url) as session:
        create_user(session, "admin", PASSWORD, Role.ADMIN)
    return make_app(APP_DATABASE_URL=url, WTF_CSRF_ENABLED=False, MEDIA_DIR=tmp_path / "media")


def test_the_chat_page_may_be_framed_by_ward_sites_and_runs_no_inline_code(client):
    response = client.get("/?embed=1&lang=vi")
    policy = directives(response)
    assert policy["frame-ancestors"].strip() == "*"
    assert policy["script-src"].strip() == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["img-src"].strip() == "'self' data: blob:" and policy["connect-src"].strip() == "'self'"
    assert "X-Frame-Options" not in response.headers
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert not INLINE.search(response.get_data(as_text=True))


def test_the_sites_allowed_to_frame_the_chat_are_configurable():
    response = make_app(WIDGET_FRAME_ANCESTORS="https://phuong.example.gov.vn").test_client().get("/?embed=1")
    assert directives(response)["frame-ancestors"].strip() == "https://phuong.example.gov.vn"


def test_ward_sites_can_load_the_bubble_script(client):
    response = client.get("/widget.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_json_api_and_guides_cannot_be_framed_elsewhere(client):
    for response in (client.post("/api/session"), client.get("/guides/")):
        assert response.status_code == 200
        assert directives(response)["frame-ancestors"].strip() == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_admin_pages_are_never_framed_and_send_no_referrer(admin_app):
    signed_out, client = admin_app.test_client(), signed_in(admin_app, "admin")
    for response, path in ((signed_out.get("/admin/login"), "login"), (client.get("/admin/"), "home"),
                           (client.get("/admin/dashboard"), "dashboard")):
        assert response.status_code == 200, path
        assert directives(response)["frame-ancestors"].strip() == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_dashboard_loads_its_charts_from_a_file_not_inline(admin_app):
    client = signed_in(admin_app, "admin")
    page = client.get("/admin/dashboard").get_data(as_text=True)
    assert not INLINE.search(page)
    assert '<script src="/admin/static/dashboard.js"></script>' in page
    script = client.get("/admin/static/dashboard.js")
    assert script.status_code == 200 and b"new Chart(canvas" in script.data


def test_no_template_has_inline_scripts_styles_or_handlers():
    offenders = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
                 for path in TEMPLATES.rglob("*.html") for match in INLINE.finditer(path.read_text())]
    assert offenders == []


def test_the_guide_prints_with_its_own_script_and_stylesheet(client):
    page = client.get("/guides/").get_data(as_text=True)
    assert not INLINE.search(page)
    assert client.get("/static/guide.css").status_code == 200
    assert b'getElementById("print")' in client.get("/static/guide.js").data
    assert 'id="print"' in page


def test_hsts_only_over_https_or_from_a_trusted_proxy():
    plain, trusting = make_app().test_client(), make_app(TRUST_PROXY_HEADERS=1).test_client()
    assert "Strict-Transport-Security" not in plain.get("/healthz").headers
    assert plain.get("/healthz", base_url="https://localhost").headers["Strict-Transport-Security"].startswith("max-age=")
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in plain.get("/healthz", headers=forwarded).headers
    assert "Strict-Transport-Security" in trusting.get("/healthz", headers=forwarded).headers


def test_a_burst_over_the_chat_limit_is_told_to_wait_and_other_conversations_go_on(client, session_id):
    answers = [chat(client, session_id).status_code for _ in range(31)]
    assert answers[:30] == [503] * 30  # Rasa is down here, but each message was let through
    refused = chat(client, session_id)
    assert refused.status_code == 429
    assert refused.get_json()["error"] == BUSY
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    other = client.post("/api/session").get_json()["session_id"]
    assert chat(client, other, "").status_code == 200


def test_the_address_counts_only_through_a_trusted_proxy():
    trusting = make_app(TRUST_PROXY_HEADERS=1, RATELIMIT_NEW_SESSION="2/minute").test_client()
    plain = make_app(RATELIMIT_NEW_SESSION="2/minute").test_client()
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(2):
            assert trusting.post("/api/session", headers={"X-Forwarded-For": address}).status_code == 200
    statuses = [plain.post("/api/session", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(3)]
    assert statuses == [200, 200, 429]  # a forged header does not buy a fresh allowance


@pytest.fixture
def redis_prefix():
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    store = redis.Redis.from_url(LOCAL_REDIS)
    keys = list(store.scan_iter(f"*{prefix}*"))
    if keys:
        store.delete(*keys)


def test_limits_are_shared_through_redis_by_every_worker(redis_prefix):
    config = {"RATELIMIT_STORAGE_URI": LOCAL_REDIS, "RATELIMIT_KEY_PREFIX": redis_prefix, "RATELIMIT_CHAT": "3/minute"}
    first, second = make_app(**config).test_client(), make_app(**config).test_client()
    session_id = first.post("/api/session").get_json()["session_id"]
    assert [chat(first, session_id, "").status_code for _ in range(3)] == [200, 200, 200]
    assert chat(second, session_id, "").status_code == 429
    assert list(redis.Redis.from_url(LOCAL_REDIS).scan_iter(f"*{redis_prefix}*"))


def test_an_unreachable_redis_does_not_stop_the_chat(caplog):
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1", RATELIMIT_CHAT="3/minute").test_client()
    with caplog.at_level(logging.WARNING):
        session_id = client.post("/api/session").get_json()["session_id"]
        assert [chat(client, session_id, "").status_code for _ in range(3)] == [200, 200, 200]
    assert chat(client, session_id, "").status_code == 429  # the limits go on in memory
    assert "Rate limit storage unreachable" in caplog.text
