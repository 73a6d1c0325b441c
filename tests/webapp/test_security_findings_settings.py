"""Issue #18: only the bubble's iframe follows WIDGET_FRAME_ANCESTORS; the production profile refuses to start with
any site allowed to frame it or without a /metrics token; TRUST_PROXY_HEADERS comes from the environment."""

import os
import stat

import pytest
from flask import request
from honcho.environ import parse as parse_env_file

from deployment import __main__ as deployment_cli
from deployment.topology import Topology, write_files
from evaluation.servers import free_port
from webapp import create_app
from webapp.security import UnsafeSettings

WARD = "https://phuong1.example.gov.vn"
SETTINGS = ("APP_ENV", "WIDGET_FRAME_ANCESTORS", "METRICS_TOKEN", "TRUST_PROXY_HEADERS")


@pytest.fixture(autouse=True)
def _no_settings(monkeypatch):
    """As `make run`: none of these settings in the environment unless a test sets them."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _database(tmp_path, monkeypatch):
    """/metrics reads the app database: a throwaway one."""
    monkeypatch.setenv("APP_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")


def make_app(**config):
    return create_app({"TESTING": True, "RASA_URL": f"http://127.0.0.1:{free_port()}",
                       "APP_DATABASE_URL": os.environ["APP_DATABASE_URL"], **config})


def frame_ancestors(response) -> str:
    policy = dict((part.strip() + " ").split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"].strip()


@pytest.mark.parametrize("ancestors", ["*", WARD])
def test_only_the_bubbles_iframe_may_be_framed_by_other_sites(ancestors):
    client = make_app(WIDGET_FRAME_ANCESTORS=ancestors).test_client()
    embedded = client.get("/?embed=1")
    assert frame_ancestors(embedded) == ancestors and "X-Frame-Options" not in embedded.headers
    for path in ("/", "/?lang=en", "/?kiosk=1", "/?embed=1&kiosk=1", "/?embed=0"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert frame_ancestors(page) == "'self'" and page.headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert page.headers["Cross-Origin-Resource-Policy"] == "same-origin", path
        assert "geolocation=(self)" in page.headers["Permissions-Policy"], path  # "Gửi vị trí của tôi" still works


def test_make_run_starts_with_no_settings():
    client = make_app().test_client()
    assert frame_ancestors(client.get("/?embed=1")) == "*"
    assert client.get("/metrics").status_code == 200  # on the local machine


@pytest.mark.parametrize(("settings", "named"), [
    ({}, ["WIDGET_FRAME_ANCESTORS", "METRICS_TOKEN"]),
    ({"WIDGET_FRAME_ANCESTORS": "*", "METRICS_TOKEN": "s3cret"}, ["WIDGET_FRAME_ANCESTORS"]),
    ({"WIDGET_FRAME_ANCESTORS": f"{WARD} https:", "METRICS_TOKEN": "s3cret"}, ["WIDGET_FRAME_ANCESTORS"]),
    ({"WIDGET_FRAME_ANCESTORS": WARD}, ["METRICS_TOKEN"]),
    ({"WIDGET_FRAME_ANCESTORS": WARD, "METRICS_TOKEN": " "}, ["METRICS_TOKEN"]),
])
def test_the_production_profile_refuses_unsafe_settings(monkeypatch, settings, named):
    monkeypatch.setenv("APP_ENV", "production")
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnsafeSettings) as refused:
        make_app()
    message = str(refused.value)
    assert all(name in message for name in named), message
    assert not any(name in message for name in {"WIDGET_FRAME_ANCESTORS", "METRICS_TOKEN"} - set(named)), message


def test_the_production_profile_starts_with_safe_settings_and_guards_the_metrics(monkeypatch):
    for name, value in (("APP_ENV", "production"), ("WIDGET_FRAME_ANCESTORS", f"{WARD} 'self'"),
                        ("METRICS_TOKEN", "s3cret-token"), ("TRUST_PROXY_HEADERS", "1")):
        monkeypatch.setenv(name, value)
    client = make_app().test_client()
    assert frame_ancestors(client.get("/?embed=1")) == f"{WARD} 'self'"
    assert frame_ancestors(client.get("/")) == "'self'"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


@pytest.mark.parametrize("value", ["yes", "-1", "1.5"])
def test_a_bad_proxy_count_or_frame_list_is_refused_at_start(monkeypatch, value):
    monkeypatch.setenv("TRUST_PROXY_HEADERS", value)
    with pytest.raises(UnsafeSettings, match="TRUST_PROXY_HEADERS"):
        make_app()
    monkeypatch.delenv("TRUST_PROXY_HEADERS")
    with pytest.raises(UnsafeSettings, match="WIDGET_FRAME_ANCESTORS"):
        make_app(WIDGET_FRAME_ANCESTORS=f"{WARD}; script-src *")


@pytest.mark.parametrize(("proxies", "address"), [(None, "127.0.0.1"), ("1", "198.51.100.2"), ("2", "203.0.113.1")])
def test_the_number_of_trusted_proxies_comes_from_the_environment(monkeypatch, proxies, address):
    if proxies:
        monkeypatch.setenv("TRUST_PROXY_HEADERS", proxies)
    app = make_app()
    app.add_url_rule("/_address", "address", lambda: request.remote_addr or "")
    answer = app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.1, 198.51.100.2"})
    assert answer.text == address


def test_the_rendered_profile_sets_safe_settings_the_app_accepts(tmp_path):
    write_files(Topology(), tmp_path, env={"TELEGRAM_BOT_TOKEN": ""})
    env_file = tmp_path / "env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    settings = parse_env_file(env_file.read_text())  # as honcho reads it for `make run-prod`
    assert settings["APP_ENV"] == "production" and settings["TRUST_PROXY_HEADERS"] == "1"
    assert settings["WIDGET_FRAME_ANCESTORS"] == "'self'"
    token = settings["METRICS_TOKEN"]
    assert len(token) >= 32 and stat.S_IMODE((tmp_path / "metrics_token").stat().st_mode) == 0o600
    write_files(Topology(), tmp_path, env={"TELEGRAM_BOT_TOKEN": ""})
    assert parse_env_file(env_file.read_text())["METRICS_TOKEN"] == token  # kept: Prometheus is configured once
    client = make_app(**{name: settings[name] for name in SETTINGS}).test_client()
    assert client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_operators_settings_win_in_the_profile(tmp_path):
    settings = Topology().environment({"TRUST_PROXY_HEADERS": "2", "WIDGET_FRAME_ANCESTORS": WARD,
                                       "METRICS_TOKEN": "given-token", "APP_ENV": "development"}, tmp_path)
    assert (settings["TRUST_PROXY_HEADERS"], settings["WIDGET_FRAME_ANCESTORS"], settings["METRICS_TOKEN"]) == (
        "2", WARD, "given-token")
    assert settings["APP_ENV"] == "production"  # the profile is the profile
    assert not (tmp_path / "metrics_token").exists()


def test_render_refuses_any_site_before_anything_starts(monkeypatch, capsys):
    monkeypatch.setenv("WIDGET_FRAME_ANCESTORS", "*")
    monkeypatch.setenv("METRICS_TOKEN", "given-token")
    assert deployment_cli.render(None) == 1
    assert "WIDGET_FRAME_ANCESTORS" in capsys.readouterr().err
