"""A photo named in a chat message is read only from the media folder."""

import pytest

from actions.report_steps import _stored_photo


def test_a_photo_reference_outside_the_media_folder_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not a photo")
    media = tmp_path / "media"
    (media / "web").mkdir(parents=True)
    for reference in ("media://../secret.txt", "media://web/../../secret.txt", "media://web/missing.jpg",
                      "https://photo-stal.zadn.vn/abc.jpg", f"file://{secret}"):
        with pytest.raises(OSError):
            _stored_photo(reference, media)
