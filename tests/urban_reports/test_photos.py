"""Report photos: real JPEG/PNG/WebP only, at most 10 MB, stored without EXIF (GPS included)."""

import io

import pytest
from PIL import Image

from urban_reports.photos import MAX_PHOTO_BYTES, NOT_AN_IMAGE, TOO_LARGE, RejectedPhoto, store_report_photo

GPS_IFD = 0x8825


def photo_with_gps(image_format="JPEG") -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 46.0, 21.0), 3: "E", 4: (106.0, 41.0, 53.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, image_format, exif=exif)
    return buffer.getvalue()


def stored_file(media_dir, reference):
    assert reference.startswith("media://reports/")
    return media_dir / "reports" / reference.removeprefix("media://reports/")


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_exif_and_gps_are_gone_and_the_photo_stands_upright(tmp_path, image_format, extension):
    original = photo_with_gps(image_format)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(GPS_IFD)  # the test photo really carries a position
    path = stored_file(tmp_path, store_report_photo(original, tmp_path))
    assert path.suffix == f".{extension}"
    with Image.open(path) as stored:
        assert stored.format == image_format
        assert not stored.getexif() and not stored.getexif().get_ifd(GPS_IFD)
        assert stored.size == (20, 40)  # the orientation tag was applied to the pixels
    assert b"PhoneMaker" not in path.read_bytes()


@pytest.mark.parametrize("data", [b"<?php system($_GET['c']); ?>", b"GIF89a" + b"\x00" * 64, b"%PDF-1.7\n" * 10])
def test_what_is_not_an_accepted_image_is_refused(tmp_path, data):
    with pytest.raises(RejectedPhoto) as refused:
        store_report_photo(data, tmp_path)
    assert (str(refused.value), refused.value.status) == (NOT_AN_IMAGE, 415)
    assert not (tmp_path / "reports").exists()


def test_a_gif_with_a_jpg_name_is_still_a_gif(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    with pytest.raises(RejectedPhoto):
        store_report_photo(buffer.getvalue(), tmp_path)


def test_over_10_mb_is_refused(tmp_path):
    with pytest.raises(RejectedPhoto) as refused:
        store_report_photo(photo_with_gps() + b"\x00" * MAX_PHOTO_BYTES, tmp_path)
    assert (str(refused.value), refused.value.status, refused.value.params) == (TOO_LARGE, 413, {"megabytes": 10})
    assert refused.value.text(lambda s: s) == "Ảnh quá lớn (tối đa 10 MB), bạn vui lòng gửi ảnh nhỏ hơn."


def test_an_empty_upload_is_refused(tmp_path):
    with pytest.raises(RejectedPhoto) as refused:
        store_report_photo(b"", tmp_path)
    assert refused.value.status == 400
