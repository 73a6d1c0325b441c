"""The whole app on a throwaway SQLite database, every optional endpoint switched on, for the API contract tests.

Seeded so the endpoints have something to answer with: ten procedures, the ward mapping, an Open311
key, a filed report and a dossier the conversation follows. Rasa is the loopback stand-in of
tests/channels; Zalo replies go to a port where nothing listens.
"""

import datetime as dt

import pytest

from channels.zalo.settings import ZaloSettings
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from dossiers.subscriptions import subscribe
from dossiers.webhook import WebhookSettings
from evaluation.servers import free_port
from knowledge import importer, reference_data
from knowledge.__main__ import SEED
from knowledge.service import KnowledgeBase
from open311.keys import add_key
from storage.database import session_factory, session_scope, upgrade
from tests.channels.fake_rasa import FakeRasa
from tests.channels.zalo_events import APP_ID, OA_SECRET
from urban_reports.drafts import ReportDraft
from urban_reports.locations import Location
from urban_reports.service import file_report
from webapp import create_app
from webapp.chat_sessions import new_session_id

SECRET_KEY = "api-contract-secret"
DOSSIER_SECRET = "dossier-secret"
JURISDICTION = "phuong-ben-thanh"
RECEIPT = "000.00.31.H29-251103-0042"


@pytest.fixture(scope="session")
def contract(tmp_path_factory):
    """The app and what the tests need to sign or authenticate their calls."""
    tmp = tmp_path_factory.mktemp("api_contract")
    url = f"sqlite:///{tmp / 'app.db'}"
    upgrade(url)
    session_id = new_session_id(SECRET_KEY)
    with session_scope(url) as session:
        records, _ = importer.read_records(SEED)
        importer.upsert_records(session, records[:10])
        reference_data.load_ward_mapping(session)
        api_key = add_key(session, "contract client")[1]
        file_report(session, ReportDraft(category="garbage", description="Rác đổ bậy đầu hẻm, gọi 0912345678",
                                         location=Location(10.7725, 106.6980), contact_phone="0912345678"),
                    f"web:{session_id}", "vi")
        record_status(session, RECEIPT, DossierStatus.ACCEPTED, dt.datetime(2025, 11, 3, 2), "test")
        subscribe(session, RECEIPT, f"web:{session_id}", "vi")
    rasa = FakeRasa([{"text": "Xin chào"}])
    nowhere = f"http://127.0.0.1:{free_port()}"
    app = create_app({
        "TESTING": True, "SECRET_KEY": SECRET_KEY, "RATELIMIT_ENABLED": False, "APP_DATABASE_URL": url,
        "RASA_URL": rasa.url, "RASA_TIMEOUT_SECONDS": 2, "MAX_PHOTO_BYTES": 32 * 1024, "MEDIA_DIR": tmp / "media",
        "OPEN311_JURISDICTION_ID": JURISDICTION,
        "KNOWLEDGE_BASE": KnowledgeBase(session_factory(url), tmp / "search"),
        "ZALO": ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="token", api_base=nowhere,
                             token_url=nowhere),
        "DOSSIER_WEBHOOK": WebhookSettings(DOSSIER_SECRET)})
    yield {"app": app, "db_url": url, "session_id": session_id, "api_key": api_key}
    rasa.close()
