"""A status change reaches its subscriber through the shared outbox and dispatcher (SQLite and PostgreSQL)."""

import datetime as dt

from channels.outbound import WebAdapter
from channels.pending import take_pending
from dossiers.registry import record_status
from dossiers.statuses import DossierStatus
from dossiers.subscriptions import subscribe
from notifications.dispatcher import Dispatcher
from tests.dossiers.conftest import RECEIPT, T0


def test_a_web_subscriber_finds_the_status_change_when_the_page_polls(registered):
    with registered.begin() as session:
        subscribe(session, RECEIPT, "web:session-1", "en")
        record_status(session, RECEIPT, DossierStatus.PROCESSED, T0 + dt.timedelta(days=1), "webhook", "e1")
    assert Dispatcher(registered, [WebAdapter(registered)]).run_once() == 1
    with registered.begin() as session:
        [reply] = take_pending(session, "web", "session-1")
    assert reply.text.startswith(f"Dossier {RECEIPT} has a new status:")
    assert [(button.title, button.payload) for button in reply.buttons] == [("Check a dossier", "/check_dossier")]
