"""An uploaded file that waits for "Áp dụng" after staff saw its preview.

The file is kept under a random name (the browser's name is not ours to trust); its token lives in the
staff member's session, so only the person who saw the preview can apply it, and only once: claiming
renames it, so a second click or a second tab finds nothing. Previews never applied are swept after a day.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
import time
from pathlib import Path

from flask import current_app
from flask import session as browser_session
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from localization import N_
from storage.database import REPO_ROOT
from webapp.admin.blueprint import staff

KEEP_SECONDS = 24 * 3600
ALREADY_APPLIED = N_("Tệp này đã được áp dụng hoặc không còn nữa, nên không có gì được nhập thêm. "
                     "Nếu cần, bạn tải tệp lên lại để xem trước.")


class ApplyForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


class ReviewedUploads:
    """Uploads of one kind, under var/<folder> (or the app setting `config_key`)."""

    def __init__(self, name: str, config_key: str, extensions: tuple[str, ...]) -> None:
        self.name, self.config_key, self.extensions = name, config_key, extensions  # first extension: the default

    def keep(self, upload: FileStorage) -> Path:
        """Store the upload in place of this session's unapplied one; sweep old ones."""
        self.forget()
        directory = self._directory()
        directory.mkdir(parents=True, exist_ok=True)
        cutoff = time.time() - KEEP_SECONDS
        for old in directory.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if old.stat().st_mtime < cutoff:
                    old.unlink()
        extension = Path(upload.filename.lower()).suffix
        path = directory / f"{secrets.token_hex(16)}{extension if extension in self.extensions else self.extensions[0]}"
        upload.save(path)
        return path

    def await_apply(self, path: Path) -> ApplyForm:
        """Remember the previewed file for this staff member; the form that applies it."""
        browser_session[self.name] = {"file": path.name, "user": staff().id}
        return ApplyForm(formdata=None, token=path.stem)

    def claim(self) -> Path | None:
        """The previewed file, renamed for the caller to import and delete; None if it is not pending."""
        form, pending = ApplyForm(), browser_session.pop(self.name, None)
        if not (form.validate_on_submit() and pending and pending["user"] == staff().id
                and hmac.compare_digest(Path(pending["file"]).stem.encode(), form.token.data.encode())):
            return None
        source = self._directory() / pending["file"]
        claimed = source.with_name(f"{source.stem}-applying{source.suffix}")
        try:
            source.rename(claimed)
        except FileNotFoundError:
            return None
        return claimed

    def forget(self) -> None:
        pending = browser_session.pop(self.name, None)
        if pending:
            (self._directory() / pending["file"]).unlink(missing_ok=True)

    def _directory(self) -> Path:
        return Path(current_app.config.get(self.config_key) or REPO_ROOT / "var" / self.name)
