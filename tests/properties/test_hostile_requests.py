"""10,000 seeded hostile requests against the public endpoints: no 5xx, a reason with every JSON refusal,
and nothing stored (rows or media files) by a refused request.

Rasa is the loopback stand-in of tests/channels; Zalo replies go to a port where nothing listens.
Inputs that once crashed the app (fixed) have their own tests at the end.
"""

import io
import json
import os
import random
import sqlite3
import time
import unicodedata

import pytest
from PIL import Image

from channels.zalo.settings import ZaloSettings
from dossiers.webhook import WebhookSettings, signature
from evaluation.servers import free_port
from knowledge import importer, reference_data
from knowledge.__main__ import SEED
from knowledge.service import KnowledgeBase
from open311.keys import add_key
from storage.database import session_factory, session_scope, upgrade
from tests.channels.fake_rasa import FakeRasa
from tests.channels.zalo_events import APP_ID, OA_SECRET, signed, user_send_text
from webapp import create_app

REQUESTS = 10_000
SEED_NUMBER = 20261129
MAX_PHOTO_BYTES = 32 * 1024
DOSSIER_SECRET = "dossier-secret"
JURISDICTION = "phuong-ben-thanh"

TEXTS = ["", " ", "chào", "Đăng ký tạm trú", unicodedata.normalize("NFD", "Đăng ký tạm trú"), "\x00\x07\x1b",
         "\u200b\u200f\ufeff", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR 1=1 --",
         "'; DROP TABLE urban_reports; --", "1; SELECT * FROM staff_users", "../../../../etc/passwd",
         "..\\..\\windows\\win.ini", "%00", "{{7*7}}", "${jndi:ldap://x}", "😀" * 50, "\ud7ff\ue000\U0010ffff",
         "PA-261129-0001", "000.00.31.H29-251103-0042", "0912345678", "a" * 4000, "a" * 4001, "x" * 501]
BAD_BYTES = [b"\xff\xfe\xfd", b"\xc3\x28", b"\xed\xa0\x80", b"{\"a\": \"\xff\"}", b"\x00" * 64, b"[" * 500,
             b"{" * 200, b"null", b"123", b"\"str\"", b"[]", b"true"]
JSON_VALUES = [None, True, 0, -1, 1e308, "x", [], {}, [[[[[]]]]], {"a": {"b": {"c": [1, {"d": None}]}}},
               ["message"], {"$ne": None}, "a" * 5000]
CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "application/xml", "image/png", "", "application/json; charset=latin-1"]


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    db_file = tmp / "app.db"
    url = f"sqlite:///{db_file}"
    upgrade(url)
    with session_scope(url) as session:
        records, _ = importer.read_records(SEED)
        importer.upsert_records(session, records[:10])
        reference_data.load_ward_mapping(session)
        api_key = add_key(session, "hostile client")[1]
    rasa = FakeRasa([{"text": "Xin chào"}])  # Zalo replies then go to `nowhere` and fail quietly
    nowhere = f"http://127.0.0.1:{free_port()}"
    app = create_app({
        # RATELIMIT_ENABLED off: every hostile request reaches its view instead of a 429.
        "TESTING": True, "RATELIMIT_ENABLED": False, "APP_DATABASE_URL": url, "RASA_URL": rasa.url,
        "RASA_TIMEOUT_SECONDS": 2,
        "MAX_PHOTO_BYTES": MAX_PHOTO_BYTES, "MEDIA_DIR": tmp / "media", "OPEN311_JURISDICTION_ID": JURISDICTION,
        "KNOWLEDGE_BASE": KnowledgeBase(session_factory(url), tmp / "search"),
        "ZALO": ZaloSettings(app_id=APP_ID, signing_secret=OA_SECRET, access_token="token", api_base=nowhere,
                             token_url=nowhere),
        "DOSSIER_WEBHOOK": WebhookSettings(DOSSIER_SECRET)})
    client = app.test_client()
    yield {"client": client, "db": db_file, "media": tmp / "media", "api_key": api_key,
           "session_id": client.post("/api/session").get_json()["session_id"]}
    rasa.close()


class Hostile:
    """Builds one hostile request at a time from a seeded generator: (method, path, keyword arguments)."""

    def __init__(self, rng: random.Random, session_id: str, api_key: str) -> None:
        self.rng, self.session_id, self.api_key = rng, session_id, api_key
        self.builders = [getattr(self, name) for name in dir(self) if name.startswith("req_")]

    def next(self):
        return self.rng.choice(self.builders)()

    def pick(self, values):
        return self.rng.choice(values)

    def text(self) -> str:
        text = self.pick(TEXTS)
        return text if self.rng.random() < 0.7 else text + "".join(chr(self.rng.randint(1, 0x2FFF)) for _ in range(8))

    def session(self):
        valid = self.session_id
        return self.pick([valid, valid, valid[:-1] + ("A" if valid[-1] != "A" else "B"), "", None, 1, [valid],
                          "x" * 47, valid + "=", self.text()])

    def json_body(self, fields: dict):
        choice = self.rng.random()
        if choice < 0.15:
            return {"data": self.pick(BAD_BYTES), "content_type": self.pick(CONTENT_TYPES)}
        if choice < 0.25:
            return {"data": json.dumps(self.pick(JSON_VALUES)), "content_type": "application/json"}
        body = {key: (self.pick(JSON_VALUES) if self.rng.random() < 0.3 else value) for key, value in fields.items()}
        return {"data": json.dumps(body, ensure_ascii=self.rng.random() < 0.5),
                "content_type": self.pick(CONTENT_TYPES[:1] * 6 + CONTENT_TYPES)}

    def req_session(self):
        return self.pick(["POST", "POST", "GET", "PUT"]), "/api/session", self.json_body({"session_id": "x"})

    def req_chat(self):
        fields = {"session_id": self.session(), "message": self.text()}
        if self.rng.random() < 0.2:
            fields["location"] = self.pick([{"latitude": 10.77, "longitude": 106.7}, {"latitude": "nan"},
                                            {"latitude": 91, "longitude": 0}, "here", None])
        return "POST", "/api/chat", self.json_body(fields)

    def req_upload(self):
        size = self.pick([0, 10, MAX_PHOTO_BYTES - 1, MAX_PHOTO_BYTES, MAX_PHOTO_BYTES + 1,
                          MAX_PHOTO_BYTES + 64 * 1024 + 1])
        photo = self.pick([png(), png() + b"trailing", b"\x89PNG\r\n\x1a\n" + os.urandom(40), b"GIF89a" + b"0" * 20,
                           b"<svg onload=alert(1)>", os.urandom(max(size, 1))[:size]])
        name = self.pick(["anh.jpg", "../../../../tmp/evil.png", "..\\..\\evil.png", "/etc/passwd", "a\x00.png",
                          "ảnh chụp.PNG", "x" * 300 + ".png", ""])
        data = {"session_id": self.session() if self.rng.random() < 0.9 else None, "caption": self.text()}
        data = {key: value for key, value in data.items() if isinstance(value, str)}
        if self.rng.random() < 0.85:
            data["photo"] = (io.BytesIO(photo), name, self.pick(["image/png", "text/html", "application/x-php"]))
        content_type = "multipart/form-data" if self.rng.random() < 0.9 else self.pick(CONTENT_TYPES)
        return "POST", "/api/upload", {"data": data, "content_type": content_type}

    def req_updates(self):
        path = self.pick(["/api/chat/updates", "/api/my-dossiers"])
        session = self.session()
        return "GET", path, {"query_string": {"session_id": session} if isinstance(session, str) else {}}

    def req_search(self):
        if self.rng.random() < 0.03:  # a real search costs an embedding: a few only
            return "GET", "/api/search", {"query_string": {"q": self.pick(TEXTS[2:5] + TEXTS[7:12])}}
        query = self.pick([{}, {"q": ""}, {"q": "\u200b \x00"}, {"q": "x" * 501}, {"q": "khai sinh", "k": "abc"},
                           {"q": "khai sinh", "k": "0"}, {"q": "khai sinh", "k": "21"}, {"q": "a", "k": "1e3"},
                           {"q": "a", "k": "٣"}, {"q": "a", "k": "9" * 40}])
        if self.rng.random() < 0.2:  # undecodable bytes in the query string
            return "GET", "/api/search?q=%ff%fe&k=%c3%28", {}
        return "GET", "/api/search", {"query_string": query}

    def req_procedure(self):
        return "GET", "/api/procedures/" + self.pick(["1.004194", "0.000000", "..%2f..%2fetc%2fpasswd", "%ff",
                                                      "' OR 1=1 --", "x" * 2000, "%00"]), {}

    def req_zalo(self):
        event = user_send_text(self.text(), f"hostile-{self.rng.random()}")
        choice = self.rng.random()
        if choice < 0.3:
            body, headers = signed(event, secret=self.pick(["wrong", "", OA_SECRET[:-1]]))
        elif choice < 0.45:
            body, headers = signed(event | {"timestamp": self.pick(["0", "-1", "abc", "", "9" * 20, "1e3"])})
        elif choice < 0.55:
            body, headers = signed(event | {"app_id": self.pick(["", "0", "1", APP_ID + " "])})
        elif choice < 0.65:
            body, headers = signed(event)  # genuine: accepted (and answered by nothing)
        else:
            body = self.pick(BAD_BYTES + [json.dumps(event).encode()])
            headers = self.pick([{}, {"X-ZEvent-Signature": "mac="}, {"X-ZEvent-Signature": "mac=" + "0" * 64},
                                 {"X-ZEvent-Signature": "\x00"}])
        return "POST", "/webhooks/zalo", {"data": body, "headers": headers, "content_type": self.pick(CONTENT_TYPES)}

    def req_dossier_event(self):
        fields = {"receipt_number": self.pick(["000.00.31.H29-251103-0042", "junk", None, 1, ["x"]]),
                  "status": self.pick(["received", "đã tiếp nhận", "", None, 3, {"a": 1}, "<b>"]),
                  "status_at": self.pick(["2026-11-20T09:00:00+07:00", "0001-01-01", "not a date", None, 5]),
                  "event_id": self.pick(["e1", "", None, 0, []])}
        body = json.dumps(fields).encode() if self.rng.random() < 0.8 else self.pick(BAD_BYTES)
        timestamp = self.pick([str(int(time.time())), "0", "abc", "", str(int(time.time()) - 3600)])
        good = signature(DOSSIER_SECRET, timestamp, body)
        headers = {"X-Timestamp": timestamp,
                   "X-Signature": self.pick([good, "sha256=" + good, good[:-1] + "0", "", "x" * 5000])}
        if self.rng.random() < 0.1:
            headers = {}
        return "POST", "/api/dossiers/events", {"data": body, "headers": headers,
                                                "content_type": self.pick(CONTENT_TYPES)}

    def req_open311_get(self):
        fmt = self.pick(["json", "xml", "html", "JSON", ""])
        path = self.pick([f"/open311/v2/discovery.{fmt}", f"/open311/v2/services.{fmt}",
                          f"/open311/v2/services/garbage.{fmt}", f"/open311/v2/services/%3Cscript%3E.{fmt}",
                          f"/open311/v2/requests.{fmt}", f"/open311/v2/requests/PA-261129-0001.{fmt}",
                          f"/open311/v2/requests/..%2F..%2Fetc.{fmt}", f"/open311/v2/tokens/{'t' * 300}.{fmt}",
                          "/open311/v2/../../etc/passwd", "/open311/v2/", "/open311/v2/requests"])
        year = self.rng.choice([1, 2, 1900, 2026, 2200, 9999])
        query = {name: self.pick(values) for name, values in {
            "start_date": [f"{year}-01-01", f"{year}-06-01T10:00:00+07:00", "yesterday", "", "2026-02-30", "\x00"],
            "end_date": [f"{year}-12-31T23:59:59Z", "2026-13-01", "' OR 1=1", "1e3"],
            "status": ["open", "closed", "open,closed", "OPEN", "pending", ",,,"],
            "service_request_id": ["PA-261129-0001", "pa-261129-0001,PA-1", "' OR 1=1 --", "x" * 2000],
            "service_code": ["garbage", "<script>", ""],
            "page": ["1", "0", "-1", "1000001", "9" * 40, "١", "1.5"],
            "page_size": ["1", "200", "201", "abc"],
            "jurisdiction_id": [JURISDICTION, "other", "", "\u200b"]}.items() if self.rng.random() < 0.4}
        return "GET", path, {"query_string": query}

    def req_open311_post(self):
        form = {name: self.pick(values) for name, values in {
            "api_key": [self.api_key, self.api_key, "", "wrong", "k" * 300, self.api_key + "\x00"],
            "service_code": ["garbage", "pothole", "nope", "", "<script>", "' OR 1=1"],
            "lat": ["10.7725", "nan", "inf", "91", "abc", "", "1e999", "-0"],
            "long": ["106.6980", "nan", "-inf", "181", "", "0x10"],
            "address_string": ["12 Lê Lợi, phường Bến Thành", "", "x" * 400, "P.12 Gò Vấp", "<b>"],
            "description": TEXTS, "phone": ["0912345678", "", "abc", "+84" + "9" * 40],
            "media_url": ["http://example.org/a.jpg", "javascript:alert(1)", "", "http://" + "a" * 600],
            "attribute[kind]": ["x", "", "\x00"], "jurisdiction_id": [JURISDICTION, "other"],
        }.items() if self.rng.random() < 0.7}
        fmt = self.pick(["json", "xml"])
        if self.rng.random() < 0.05:
            form["description"] = "x" * (MAX_PHOTO_BYTES + 64 * 1024 + self.pick([-2048, 1]))
        content_type = self.pick(["application/x-www-form-urlencoded"] * 4 + CONTENT_TYPES)
        if content_type != "application/x-www-form-urlencoded" and content_type != "multipart/form-data":
            return "POST", f"/open311/v2/requests.{fmt}", {"data": json.dumps(form), "content_type": content_type}
        return "POST", f"/open311/v2/requests.{fmt}", {"data": form, "content_type": content_type}

    def req_pages(self):
        path = self.pick(["/widget.js", "/guides/", "/guides/nope", "/guides/..%2F..%2Fetc%2Fpasswd",
                          "/guides/" + "x" * 1000, "/guides/%ff", "/?kiosk=1&embed=1&lang=%ff", "/healthz"])
        languages = [{}, {"lang": "en"}, {"lang": "<script>"}, {"lang": "\x00"}]
        return "GET", path, {} if "?" in path else {"query_string": self.pick(languages)}

    def req_admin_login(self):
        form = {"username": self.text(), "password": self.text()}
        return "POST", "/admin/login", {"data": form, "content_type": self.pick(CONTENT_TYPES[1:4])}


def row_counter(db_file):
    """Counts every table's rows in one query (on a connection of its own, reading committed data only)."""
    connection = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    query = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)
    return lambda: connection.execute(query).fetchone()


def media_files(media) -> int:
    return sum(len(files) for _, _, files in os.walk(media))


def reason_of(response) -> str | None:
    if response.is_json:
        body = response.get_json()
        if isinstance(body, dict):
            return body.get("error") if isinstance(body.get("error"), str) else None
        if isinstance(body, list) and body and isinstance(body[0], dict):
            return body[0].get("description")
        return None
    if response.mimetype == "text/xml":
        text = response.get_data(as_text=True)
        return text if "<description>" in text and "<description />" not in text else None
    return "not a JSON answer"


def test_ten_thousand_hostile_requests(setting):
    client, db_file, media = setting["client"], setting["db"], setting["media"]
    hostile = Hostile(random.Random(SEED_NUMBER), setting["session_id"], setting["api_key"])
    problems, statuses = [], {}
    row_counts = row_counter(db_file)
    counts, files = row_counts(), media_files(media)
    started = time.monotonic()
    for number in range(REQUESTS):
        method, path, options = hostile.next()
        response = client.open(path, method=method, **options)
        status = response.status_code
        statuses[status] = statuses.get(status, 0) + 1
        where = f"#{number} {method} {path} {str(options)[:200]} -> {status}"
        if status >= 500:
            problems.append(f"server error: {where} {response.get_data()[:200]!r}")
        if 400 <= status < 500 and not reason_of(response):
            problems.append(f"no reason: {where} {response.get_data()[:200]!r}")
        after_counts, after_files = row_counts(), media_files(media)
        if status >= 400 and after_counts != counts:
            problems.append(f"stored rows although refused: {where}")
        if status >= 400 and after_files != files:
            problems.append(f"stored a file although refused: {where}")
        counts, files = after_counts, after_files
    elapsed = time.monotonic() - started
    print(f"\n{REQUESTS} hostile requests in {elapsed:.1f} s; statuses {dict(sorted(statuses.items()))}")
    assert not problems, "\n".join(problems[:20])
    assert sum(n for s, n in statuses.items() if 400 <= s < 500) > REQUESTS // 2  # most of them were refused


# Hostile inputs that once crashed the app: a 500 each.

def test_deeply_nested_json_in_the_chat_is_a_400(setting):
    response = setting["client"].post("/api/chat", data=b"[" * 5_000, content_type="application/json")
    assert response.status_code == 400


def test_deeply_nested_json_on_the_zalo_webhook_is_a_401(setting):
    response = setting["client"].post("/webhooks/zalo", data=b"[" * 5_000, content_type="application/json")
    assert response.status_code == 401


def test_an_open311_date_at_year_one_is_a_400(setting):
    response = setting["client"].get("/open311/v2/requests.json", query_string={"end_date": "0001-01-02"})
    assert response.status_code == 400 and response.get_json()[0]["description"]
