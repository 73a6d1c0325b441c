"""Photos from Zalo and Telegram are stored in MEDIA_DIR like the web chat's, and reach Rasa as media:// references.

Zalo's CDN and Telegram's file server are faked on loopback (the HTTP boundary).
"""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from actions.report_steps import _stored_photo
from channels.photos import store_channel_photo
from channels.zalo.media import PHOTO_NOT_FETCHED
from channels.zalo.queue import ZaloInboundEvent
from channels.zalo.settings import ZaloSettings
from channels.zalo.worker import BUSY, Bot, InboundWorker, QueueSettings
from evaluation.servers import free_port
from storage.database import session_factory
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeBotApi
from tests.channels.loopback import LoopbackServer, Response
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from urban_reports.photos import NOT_AN_IMAGE, TOO_LARGE
from webapp import create_app

USER = "5510185758261927916"
FAST = QueueSettings(backoff_base=0, lease=60, max_attempts=3, poll=0.05)
LIMIT = 64 * 1024


def jpeg_with_gps(size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 47.0, 32.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


class FakeCdn(LoopbackServer):
    """Zalo's photo CDN on loopback: GET /<name> answers `files[name]`, or `status` when set; /moved/<name>
    redirects to /<name>."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.status: int | None = None
        self.requests: list[str] = []
        super().__init__(self.respond)

    def respond(self, method: str, path: str, headers: dict, raw: bytes) -> Response:
        self.requests.append(path)
        name = path.lstrip("/")
        if name.startswith("moved/"):
            return 302, {"Location": "/" + name.removeprefix("moved/")}, b""
        status = self.status or (200 if name in self.files else 404)
        return status, {"Content-Type": "image/jpeg"}, self.files.get(name, b"") if status == 200 else b""


@pytest.fixture
def cdn():
    server = FakeCdn()
    yield server
    server.close()


@pytest.fixture
def rasa():
    server = FakeRasa([{"text": "Bạn muốn phản ánh việc gì?"}])
    yield server
    server.close()


@pytest.fixture
def settings(api):
    return replace(ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="oa-token"),
                   api_base=api.url, media_hosts=("127.0.0.1",))


def user_send_image(url: str, msg_id: str, text: str = "") -> dict:
    # Shape of Zalo's user_send_image event (shared/docs/channels.md §1.1): the photo as a CDN link.
    event = user_send_text(text, msg_id, sender=USER)
    event["event_name"] = "user_send_image"
    event["message"]["attachments"] = [{"type": "image", "payload": {"thumbnail": url, "url": url}}]
    return event


def send_photo(sqlite_url, settings, rasa, tmp_path, url, msg_id="photo-1", text="") -> InboundWorker:
    client = create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": sqlite_url, "RASA_URL": rasa.url,
                         "RASA_TIMEOUT_SECONDS": 5, "ZALO_WORKER_IN_WEB": False}).test_client()
    body, headers = signed(user_send_image(url, msg_id, text))
    assert client.post("/webhooks/zalo", data=body, headers=headers).get_json() == {"status": "accepted"}
    worker = InboundWorker(session_factory(sqlite_url), settings, Bot(rasa.url, 5, tmp_path / "media", LIMIT), FAST)
    worker.run_once()
    return worker


def stored(tmp_path: Path, reference: str) -> Path:
    assert reference.startswith("media://zalo/")
    return tmp_path / "media" / "zalo" / reference.removeprefix("media://zalo/")


def test_a_zalo_photo_is_downloaded_checked_stored_in_media_dir_and_passed_as_a_media_reference(
        sqlite_url, settings, api, rasa, cdn, tmp_path):
    cdn.files["anh.jpg"] = jpeg_with_gps()
    send_photo(sqlite_url, settings, rasa, tmp_path, f"{cdn.url}/moved/anh.jpg", text="rác đầu hẻm")
    [message] = rasa.messages
    reference = message["metadata"]["image_url"]
    path = stored(tmp_path, reference)
    assert path.is_file() and message["message"] == "rác đầu hẻm"
    with Image.open(path) as image:
        assert image.format == "JPEG" and not image.getexif()  # EXIF (GPS) stripped, like the web chat's
    assert api.sent_texts() == ["Bạn muốn phản ánh việc gì?"]
    # the report form takes it like the web chat's and Telegram's photos
    report_photo = _stored_photo(reference, tmp_path / "media")
    assert report_photo.startswith("media://reports/")


@pytest.mark.parametrize("content, answer", [(b"not an image at all", NOT_AN_IMAGE),
                                             (b"\xff" * (LIMIT + 1), TOO_LARGE % {"megabytes": 0})])
def test_a_zalo_file_that_is_no_image_or_too_large_is_refused_without_asking_rasa(
        sqlite_url, settings, api, rasa, cdn, tmp_path, content, answer):
    cdn.files["x.jpg"] = content
    send_photo(sqlite_url, settings, rasa, tmp_path, f"{cdn.url}/x.jpg")
    assert rasa.messages == [] and api.sent_texts() == [answer]
    assert not (tmp_path / "media" / "zalo").exists() or not any((tmp_path / "media" / "zalo").iterdir())


def test_a_link_outside_zalos_hosts_is_never_fetched(sqlite_url, settings, api, rasa, cdn, tmp_path):
    cdn.files["anh.jpg"] = jpeg_with_gps()
    send_photo(sqlite_url, replace(settings, media_hosts=("zdn.vn",)), rasa, tmp_path, f"{cdn.url}/anh.jpg")
    assert cdn.requests == [] and rasa.messages == [] and api.sent_texts() == [PHOTO_NOT_FETCHED]


def test_a_failing_cdn_gets_the_busy_reply_and_the_photo_is_fetched_on_a_retry(
        sqlite_url, settings, api, rasa, cdn, tmp_path):
    cdn.files["anh.jpg"] = jpeg_with_gps()
    cdn.status = 503
    worker = send_photo(sqlite_url, settings, rasa, tmp_path, f"{cdn.url}/anh.jpg")
    assert rasa.messages == [] and api.sent_texts() == [BUSY]
    cdn.status = None
    assert worker.run_once() == 1
    assert stored(tmp_path, rasa.messages[0]["metadata"]["image_url"]).is_file()
    assert worker.run_once() == 0 and len(cdn.requests) == 2


def test_a_stored_photo_is_not_downloaded_again_when_the_answer_is_retried(
        sqlite_url, settings, api, rasa, cdn, tmp_path):
    cdn.files["anh.jpg"] = jpeg_with_gps()
    rasa_url = rasa.url
    client = create_app({"TESTING": True, "ZALO": settings, "APP_DATABASE_URL": sqlite_url, "RASA_URL": rasa_url,
                         "RASA_TIMEOUT_SECONDS": 5, "ZALO_WORKER_IN_WEB": False}).test_client()
    body, headers = signed(user_send_image(f"{cdn.url}/anh.jpg", "photo-retry"))
    client.post("/webhooks/zalo", data=body, headers=headers)
    no_rasa = Bot(f"http://127.0.0.1:{free_port()}", 5, tmp_path / "media", LIMIT)
    InboundWorker(session_factory(sqlite_url), settings, no_rasa, FAST).run_once()  # photo stored, Rasa down
    with session_factory(sqlite_url)() as session:
        kept = session.scalar(select(ZaloInboundEvent)).message["image_url"]
    assert kept.startswith("media://zalo/") and stored(tmp_path, kept).is_file()
    InboundWorker(session_factory(sqlite_url), settings, Bot(rasa_url, 5, tmp_path / "media", LIMIT), FAST).run_once()
    assert len(cdn.requests) == 1 and rasa.messages[0]["metadata"]["image_url"] == kept


def test_every_channel_stores_through_the_same_code(tmp_path):
    photo = jpeg_with_gps()
    for channel in ("web", "telegram", "zalo"):
        reference = store_channel_photo(photo, channel, tmp_path, LIMIT)
        assert reference.startswith(f"media://{channel}/")
        assert (tmp_path / channel / reference.rsplit("/", 1)[1]).is_file()


class FakeBotApiWithFiles(FakeBotApi):
    """The fake Bot API, plus getFile and the file download (GET https://api.telegram.org/file/bot<token>/...)."""

    def __init__(self, photo: bytes) -> None:
        super().__init__()
        self.photo = photo

    async def do_request(self, url, method, request_data=None, **kwargs):
        if "/file/bot" in url:
            self.calls.append(("download", {"url": url}))
            return 200, self.photo
        if url.endswith("/getFile"):
            self.calls.append(("getFile", request_data.parameters))
            return 200, json.dumps({"ok": True, "result": {
                "file_id": "f1", "file_unique_id": "u1", "file_size": len(self.photo),
                "file_path": "photos/file_1.jpg"}}).encode()
        return await super().do_request(url, method, request_data, **kwargs)


def photo_update(file_size: int, update_id: int = 5) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "caption": "ổ gà", "chat": {"id": 777, "type": "private"},
        "from": {"id": 777, "is_bot": False, "first_name": "Lan"},
        "photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 40, "height": 30, "file_size": file_size}]}}


def run_telegram(api: FakeBotApi, rasa_url: str, *updates: dict) -> None:
    from telegram import Update

    from channels.telegram_bot import build_application

    async def run():
        application = build_application("123:ABC", rasa_url, request=api)
        async with application:
            for update in updates:
                await application.process_update(Update.de_json(update, application.bot))

    asyncio.run(run())


def test_telegram_photos_follow_media_dir(rasa, tmp_path, sqlite_url, monkeypatch):
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.setenv("APP_DATABASE_URL", sqlite_url)
    photo = jpeg_with_gps()
    api = FakeBotApiWithFiles(photo)
    run_telegram(api, rasa.url, photo_update(len(photo)), photo_update(len(photo)))  # the second: redelivered
    [message] = rasa.messages
    reference = message["metadata"]["image_url"]
    assert reference.startswith("media://telegram/") and message["message"] == "ổ gà"
    path = tmp_path / "media" / "telegram" / reference.removeprefix("media://telegram/")
    with Image.open(path) as image:
        assert not image.getexif()
    assert [name for name, _ in api.calls].count("download") == 1
    assert api.sent()[0]["text"] == "Bạn muốn phản ánh việc gì?"


def test_a_telegram_photo_over_the_limit_is_refused_without_downloading_it(rasa, tmp_path, sqlite_url, monkeypatch):
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.setenv("APP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("MAX_PHOTO_BYTES", str(LIMIT))
    api = FakeBotApiWithFiles(jpeg_with_gps())
    run_telegram(api, rasa.url, photo_update(LIMIT + 1))
    assert rasa.messages == [] and "download" not in [name for name, _ in api.calls]
    assert api.sent()[0]["text"] == TOO_LARGE % {"megabytes": 0}
