"""PostgreSQL (the app database and Rasa's tracker store) restarts under web chat traffic: while it is down
residents get a prompt, polite answer (never a hang, never a server error page), and once it is back every
process answers again by itself, a report in progress included.

Rasa on its own does not refuse while its tracker store is down: its fail-safe tracker store answers from an
empty in-memory conversation (the resident's context is lost for that turn, and that turn is not kept).
Here the web app's own database access fails first, so the resident does not get that context-less answer.
"""

import threading
import time

import pytest

from tests.chaos.conftest import (
    ADDRESS,
    BUSY,
    RASA_TIMEOUT,
    Answer,
    RestResident,
    WebResident,
    a_report_waiting_for_its_location,
)

pytestmark = [pytest.mark.chaos, pytest.mark.timeout(180, func_only=True)]

QUESTION = "đăng ký tạm trú cần giấy tờ gì"  # answered from the procedure catalogue in the app database
OUTAGE = 4  # seconds between the stop and the start


def is_answered(answer: Answer) -> bool:
    return answer.status == 200 and "Đăng ký tạm trú (mã 1.004194)" in answer.text


class Traffic(threading.Thread):
    """Residents asking one after the other; each answer with the time its question was sent."""

    def __init__(self, web_url: str) -> None:
        super().__init__(daemon=True)
        self.web_url, self.answers, self.done = web_url, [], threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sent = time.monotonic()
            self.answers.append((sent, WebResident(self.web_url).says(QUESTION)))
            time.sleep(0.2)

    def answered_since(self, moment: float) -> int:
        return sum(1 for sent, answer in self.answers if sent > moment and is_answered(answer))


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_during_a_restart_residents_are_asked_to_retry_and_afterwards_everything_answers_again(production):
    resident, straight = WebResident(production.web_url), RestResident(timeout=RASA_TIMEOUT)
    a_report_waiting_for_its_location(lambda text: resident.says(text).text)
    a_report_waiting_for_its_location(lambda text: straight.says(text, production.rasa))
    traffic = Traffic(production.web_url)
    traffic.start()
    try:
        wait_until(lambda: traffic.answered_since(0) >= 2, 60, "answers before the restart")
        stopped = time.monotonic()
        production.postgres.stop()
        rasa = straight.reaches(ADDRESS, production.rasa)  # Rasa itself, with its tracker store down
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - stopped)))
        production.postgres.start()
        started = time.monotonic()
        wait_until(lambda: traffic.answered_since(started) >= 2, 90, "answers after the restart")
    finally:
        traffic.done.set()
        traffic.join(timeout=RASA_TIMEOUT + 30)

    failed = [answer for sent, answer in traffic.answers if not is_answered(answer)]
    recovered = min(sent + answer.seconds for sent, answer in traffic.answers if sent > started and is_answered(answer))
    print(f"\n{len(traffic.answers)} questions, {len(failed)} not answered: "
          f"{sorted({(a.status, a.text[:60]) for a in failed})}; outage {started - stopped:.1f}s; "
          f"first answer {recovered - started:.1f}s after PostgreSQL was back; Rasa meanwhile answered "
          f"{rasa.status_code} {rasa.text[:100]!r} in {rasa.elapsed.total_seconds():.2f}s")
    assert failed  # the outage was noticed
    assert max(answer.seconds for _, answer in traffic.answers) < RASA_TIMEOUT + 5  # no hang
    back = resident.says(ADDRESS)
    assert back.status == 200 and "ảnh" in back.text  # the report in progress survived in the tracker store
    assert "ảnh" in straight.says(ADDRESS, production.rasa)  # the turn answered during the outage left no trace

    assert all(answer.status == 503 and BUSY in answer.body["error"] for answer in failed)


def test_after_a_quiet_restart_the_first_message_is_answered_in_context(production):
    """No request meets the outage: the connections pooled before it are stale when the resident writes."""
    resident = WebResident(production.web_url)
    a_report_waiting_for_its_location(lambda text: resident.says(text).text)
    production.postgres.stop()
    production.postgres.start()
    first = resident.says(ADDRESS)
    print(f"\nfirst message after a quiet restart: {first.status} {first.text[:100]!r} in {first.seconds:.2f}s")
    assert first.status == 200 and "ảnh" in first.text
