"""webapp/static/chat.js's polling of pushed messages, run by Node.js against a minimal DOM and a scripted server.

No browser needed (the Chromium tests in test_pending_ack_in_browser.py cover the real page): each "page load"
runs the script once with the storage the previous load left, the server's answers to
GET /api/chat/updates scripted, and POST /api/chat/updates/ack recorded (or failing, as when the page
closes or the network drops before it arrives). Skipped where Node.js is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CHAT_JS = Path(__file__).resolve().parents[2] / "webapp" / "static" / "chat.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
SESSION = "AAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"

HARNESS = r"""
const fs = require("fs");
const scenario = JSON.parse(process.argv[process.argv.length - 1]);
const storage = Object.assign({}, scenario.storage);
const acks = [], polls = [];

function element(tag) {
  const node = {
    tagName: tag, children: [], className: "", dataset: {}, hidden: false, _text: null, _listeners: {},
    classList: { contains: () => false },
    appendChild(child) { this.children.push(child); return child; },
    addEventListener(name, fn) { (this._listeners[name] = this._listeners[name] || []).push(fn); },
    setAttribute() {}, remove() {}, focus() {}, click() {},
    get textContent() { return this._text !== null ? this._text : this.children.map((c) => c.textContent).join(""); },
    set textContent(value) { this._text = String(value); this.children = []; },
  };
  return node;
}
const ids = ["chat", "log", "status", "composer", "message", "photo", "photo-button", "location-button", "language",
             "my-dossiers", "my-dossiers-button", "my-dossiers-list", "my-dossiers-empty"];
const elements = {};
ids.forEach((id) => { elements[id] = element("div"); });
elements.chat.dataset = { typing: "…", retry: "Thử lại", errorBusy: "bận", errorOffline: "mất mạng",
                          imageAlt: "ảnh", maxPhotoBytes: "1000", idleSeconds: "60" };
elements.language.dataset = { lang: "en" };

const windowListeners = {};
global.window = {
  localStorage: {
    getItem: (k) => (Object.prototype.hasOwnProperty.call(storage, k) ? storage[k] : null),
    setItem: (k, v) => { storage[k] = String(v); },
    removeItem: (k) => { delete storage[k]; },
  },
  location: { search: "", pathname: "/", replace() {} },
  addEventListener: (name, fn) => { (windowListeners[name] = windowListeners[name] || []).push(fn); },
  parent: { postMessage() {} },
};
global.document = {
  hidden: false,
  body: { classList: { contains: () => false } },
  documentElement: { lang: "vi" },
  getElementById: (id) => elements[id] || null,
  createElement: element,
  createDocumentFragment: () => element("#fragment"),
  createTextNode: (text) => ({ textContent: text }),
  addEventListener() {},
};
global.navigator = {};
global.setInterval = () => 0;

const updates = scenario.updates.slice();
global.fetch = (url, options) => {
  const reply = (body, status) => Promise.resolve({ ok: (status || 200) < 400, status: status || 200,
                                                   json: () => Promise.resolve(body) });
  if (url.startsWith("/api/chat/updates?")) {
    polls.push(url);
    return reply({ messages: updates.length ? updates.shift() : [] });
  }
  if (url === "/api/chat/updates/ack") {
    acks.push(JSON.parse(options.body));
    return scenario.ackFails ? Promise.reject(new TypeError("network")) : reply({ acknowledged: 0 });
  }
  if (url === "/api/session") { return reply({ session_id: scenario.session }); }
  if (url === "/api/chat") { return reply({ messages: [{ text: "Xin chào" }] }); }
  return reply({}, 404);
};

eval(fs.readFileSync(scenario.script, "utf8"));
let checks = scenario.checks;
function settle(then) { setTimeout(then, 30); }
function next() {
  if (checks-- > 0) { (windowListeners.online || []).forEach((fn) => fn()); settle(next); return; }
  const shown = elements.log.children.filter((c) => c.className === "msg bot").map((c) => c.textContent);
  process.stdout.write(JSON.stringify({ storage, acks, polls: polls.length, shown }));
}
settle(next);
"""


def load_page(storage: dict, updates: list[list[dict]], ack_fails: bool = False, checks: int = 0) -> dict:
    """One page load: the script runs, polls once at load and `checks` more times; what it left and did."""
    scenario = {"storage": storage, "updates": updates, "ackFails": ack_fails, "checks": checks,
                "session": SESSION, "script": str(CHAT_JS)}
    done = subprocess.run([NODE, "-e", HARNESS, json.dumps(scenario)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def conversation() -> dict:
    """The storage of a page that already talked: its session and a greeting in the transcript."""
    return {"tlcd-session": SESSION, "tlcd-transcript": json.dumps([{"kind": "bot", "text": "Xin chào"}])}


NOTICE = {"id": 41, "text": "Hồ sơ của bạn đã có kết quả."}
STAFF = {"id": 42, "text": "Cán bộ phường: mời bạn mang bản chính.", "buttons": [{"title": "OK", "payload": "/ok"}]}


def test_the_page_polls_when_it_loads_shows_the_messages_and_acknowledges_their_ids():
    page = load_page(conversation(), [[NOTICE, STAFF]])
    assert page["shown"] == ["Xin chào", NOTICE["text"], STAFF["text"]]
    assert page["acks"] == [{"session_id": SESSION, "ids": [41, 42]}]
    assert [entry["text"] for entry in json.loads(page["storage"]["tlcd-transcript"])][1:] == [
        NOTICE["text"], STAFF["text"]]


def test_a_message_polled_again_before_its_acknowledgement_arrived_is_shown_once_and_acknowledged_again():
    first = load_page(conversation(), [[NOTICE]], ack_fails=True)  # the ack is lost (network, page closed)
    assert first["shown"] == ["Xin chào", NOTICE["text"]] and first["acks"][0]["ids"] == [41]
    reloaded = load_page(first["storage"], [[NOTICE, STAFF]])  # the server still holds 41 as pending
    assert reloaded["shown"] == ["Xin chào", NOTICE["text"], STAFF["text"]]  # 41 from the transcript only
    assert reloaded["acks"] == [{"session_id": SESSION, "ids": [41, 42]}]


def test_polls_without_messages_send_no_acknowledgement():
    page = load_page(conversation(), [[], []], checks=1)
    assert page["polls"] == 2 and page["acks"] == [] and page["shown"] == ["Xin chào"]


def test_the_same_poll_answered_twice_in_one_page_shows_the_message_once():
    page = load_page(conversation(), [[NOTICE], [NOTICE]], checks=1, ack_fails=True)
    assert page["shown"] == ["Xin chào", NOTICE["text"]]
    assert [ack["ids"] for ack in page["acks"]] == [[41], [41]]
