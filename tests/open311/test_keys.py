"""API keys: stored hashed, shown once, revocable; `python -m open311 keys add|list|revoke`."""

from sqlalchemy import select

from open311.__main__ import main
from open311.keys import add_key, hash_key, revoke_key, valid_key
from open311.models import ApiKey
from storage.database import session_scope


def test_only_the_hash_is_stored_and_a_revoked_key_stops_working(db_url):
    with session_scope(db_url) as session:
        row, key = add_key(session, "Ứng dụng phản ánh")
        assert row.key_hash == hash_key(key) and key not in row.key_hash
        assert valid_key(session, key).id == row.id and valid_key(session, key + "x") is None
        assert revoke_key(session, row.id) and valid_key(session, key) is None
        assert not revoke_key(session, 999)


def test_the_command_line_adds_lists_and_revokes(db_url, monkeypatch, capsys):
    monkeypatch.setenv("APP_DATABASE_URL", db_url)
    assert main(["keys", "add", "Cổng dịch vụ công"]) == 0
    key = capsys.readouterr().out.splitlines()[1]
    with session_scope(db_url) as session:
        row = session.scalar(select(ApiKey))
        assert valid_key(session, key).id == row.id
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Cổng dịch vụ công" in listing and "active" in listing and key not in listing
    assert main(["keys", "revoke", str(row.id)]) == 0 and main(["keys", "revoke", "999"]) == 1
    assert main(["keys", "list"]) == 0 and "revoked" in capsys.readouterr().out
