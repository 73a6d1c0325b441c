"""Reverting a revision: its `before` values written back, published as a new revision.

Refused when a field has changed again since (revert the newer revision first), and for a
creation (there is nothing to go back to: set the FAQ entry inactive instead).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from knowledge_editing import faq, procedures, revisions
from knowledge_editing.errors import NOT_FOUND, EditRefused
from knowledge_editing.models import KnowledgeRevision
from localization import N_
from staff.models import StaffUser

CHANGED_AGAIN = N_("Nội dung đã thay đổi sau phiên bản này; hãy hoàn tác các thay đổi mới hơn trước.")
CREATION = N_("Không thể hoàn tác việc tạo mới; hãy chuyển mục này sang trạng thái ngừng dùng.")


def revert(session: Session, author: StaffUser, revision_id: int) -> KnowledgeRevision:
    revision = session.get(KnowledgeRevision, revision_id)
    if revision is None:
        raise EditRefused(NOT_FOUND)
    if revision.before is None:
        raise EditRefused(CREATION)
    if revision.target_type == procedures.TARGET:
        procedure = procedures.load(session, revision.target_id, lock=True)
        current = procedures.snapshot(procedure)
        _refuse_if_changed_again(revision, current)
        return procedures.change(session, author, procedure, "revert", _restored(revision, current), revision.id)
    entry = faq.load(session, revision.target_id, lock=True)
    current = faq.snapshot(entry)
    _refuse_if_changed_again(revision, current)
    faq.write(entry, _restored(revision, current))
    return revisions.publish(session, author, faq.TARGET, entry.id, "revert", current, _restored(revision, current),
                             revision.id)


def _refuse_if_changed_again(revision: KnowledgeRevision, current: dict) -> None:
    if any(current.get(name) != after for name, (_, after) in revision.diff.items()):
        raise EditRefused(CHANGED_AGAIN)


def _restored(revision: KnowledgeRevision, current: dict) -> dict:
    return current | {name: before for name, (before, _) in revision.diff.items()}
