"""The first-run demo: DEMO dossiers and reports into an empty registry only, every text marked DEMO."""

import pytest
from sqlalchemy import select

from demo.__main__ import load
from dossiers.models import Dossier
from knowledge.reference_data import load_ward_mapping
from storage.database import session_factory, upgrade
from urban_reports.models import Report


@pytest.fixture
def empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    with session_factory(url).begin() as session:
        load_ward_mapping(session)
    return url


def test_demo_content_is_loaded_once_and_every_text_says_demo(empty_database, capsys):
    load(empty_database)
    load(empty_database)
    assert "nothing loaded" in capsys.readouterr().out
    with session_factory(empty_database)() as session:
        dossiers = session.scalars(select(Dossier)).all()
        reports = session.scalars(select(Report)).all()
    assert len(dossiers) == 3 and len(reports) == 2
    assert all("DEMO" in d.procedure_name and "DEMO" in d.applicant_name for d in dossiers)
    assert all("DEMO" in r.description and "DEMO" in r.address for r in reports)


def test_the_demo_ward_profile_says_it_is_not_real():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "config" / "office.demo.yml").read_text(encoding="utf-8")
    assert "DEMO" in text and "không có thật" in text
