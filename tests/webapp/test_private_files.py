"""Secrets the app creates on disk are readable by their owner only."""

import stat

import webapp


def test_the_development_secret_key_is_created_private(tmp_path, monkeypatch):
    monkeypatch.setattr(webapp, "REPO_ROOT", tmp_path)
    key = webapp._dev_secret_key()
    mode = stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode)
    assert len(key) == 64 and mode == 0o600


def test_an_existing_world_readable_key_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setattr(webapp, "REPO_ROOT", tmp_path)
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("ab" * 32)
    (tmp_path / "var" / "secret_key").chmod(0o644)
    assert webapp._dev_secret_key() == "ab" * 32
    assert stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode) == 0o600
