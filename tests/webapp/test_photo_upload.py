"""Photo uploads in the web chat: real images are stored, anything else is refused with a reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image


def image_bytes(image_format: str, size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture
def media_dir(app, tmp_path):
    app.config["MEDIA_DIR"] = tmp_path
    return tmp_path / "web"


def upload(client, session_id, data: bytes, name="anh.jpg"):
    return client.post("/api/upload", data={"session_id": session_id, "photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_photo_is_stored_and_passed_on(client, session_id, media_dir, image_format):
    response = upload(client, session_id, image_bytes(image_format))
    assert response.status_code == 503  # stored, then Rasa (down in these tests) was asked
    stored = list(media_dir.iterdir())
    assert len(stored) == 1
    with Image.open(stored[0]) as image:  # re-encoded without metadata (urban_reports.photos)
        assert (image.format, image.size) == (image_format, (32, 24)) and not image.getexif()


@pytest.mark.parametrize(
    ("data", "name", "status", "reason"),
    [
        (b"<?php system($_GET['c']); ?>", "anh.jpg", 415, "không phải ảnh"),
        (b"GIF89a" + b"\x00" * 64, "anh.gif", 415, "không phải ảnh"),
        (b"", "anh.jpg", 400, "Không nhận được ảnh"),
    ],
)
def test_what_is_not_a_photo_is_refused_with_a_reason(client, session_id, media_dir, data, name, status, reason):
    response = upload(client, session_id, data, name)
    assert response.status_code == status
    assert reason in response.get_json()["error"]
    assert not media_dir.exists() or not any(media_dir.iterdir())


def test_an_oversized_photo_is_refused(app, client, session_id, media_dir):
    app.config["MAX_PHOTO_BYTES"] = 1000
    response = upload(client, session_id, image_bytes("PNG", (400, 400)) + b"\x00" * 2000)
    assert response.status_code == 413
    assert "quá lớn" in response.get_json()["error"]


def test_an_upload_over_the_request_limit_gets_a_json_reason(app, client, session_id):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(client, session_id, b"\xff\xd8\xff" + b"\x00" * 20_000)
    assert response.status_code == 413
    assert "quá lớn" in response.get_json()["error"]


def test_an_upload_needs_a_session(client, media_dir):
    response = upload(client, "nope", image_bytes("JPEG"))
    assert response.status_code == 400
