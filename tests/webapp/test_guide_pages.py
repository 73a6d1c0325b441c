"""The printable guide pages: every step, source and trouble entry, a QR code to the chat, escaped text."""

import base64
import dataclasses
import re

import pytest

from knowledge.guides import Image, Text, guide, load_guides


def _qr_svg(html: str) -> str:
    encoded = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html).group(1)
    return base64.b64decode(encoded).decode("utf-8")


def test_the_list_links_every_guide(client):
    html = client.get("/guides/").get_data(as_text=True)
    for item in load_guides().values():
        assert f'href="/guides/{item.id}?lang=vi"' in html
        assert item.title.vi in html


@pytest.mark.parametrize("guide_id", ["vneid_level2", "digital_signature"])
def test_the_page_shows_every_question_step_trouble_and_source(client, guide_id):
    response = client.get(f"/guides/{guide_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    item = guide(guide_id)
    for text in [q.text.vi for q in item.entry_questions] + [s.title.vi for s in item.steps] \
            + [t.title.vi for t in item.troubleshooting]:
        assert str(text) in html
    assert html.count('class="step"') == len(item.steps)
    for source in item.sources:
        assert f'href="{source.url}"' in html
    assert f"http://localhost/?start=guide:{guide_id}" in html
    assert _qr_svg(html).startswith("<svg")


def test_the_english_page_is_in_english_and_its_qr_code_opens_the_chat_in_english(client):
    html = client.get("/guides/vneid_level2?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert guide("vneid_level2").step(1).title.en in html
    assert "http://localhost/?start=guide:vneid_level2&amp;lang=en" in html


def test_guide_text_is_escaped_and_images_come_from_static(client, monkeypatch):
    item = guide("vneid_level2")
    hostile = dataclasses.replace(item.step(1), title=Text("<script>x()</script>", "x"),
                                  image=Image("otp.png", Text("Màn hình \"OTP\"", "OTP screen")))
    altered = dataclasses.replace(item, steps=(hostile, *item.steps[1:]))
    monkeypatch.setattr("webapp.guides.guide", lambda guide_id: altered)
    html = client.get("/guides/vneid_level2").get_data(as_text=True)
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert '<img src="/static/guides/otp.png" alt="Màn hình &#34;OTP&#34;">' in html


def test_an_unknown_guide_is_404(client):
    assert client.get("/guides/unknown").status_code == 404
