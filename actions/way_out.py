"""What a resident stuck at a question of a form or guide can always do: come back later, stop, ask a person.

The payloads are words every form and guide reads alike (vietnamese_text.replies) and the staff intent.
"""

from __future__ import annotations

from typing import Callable, Dict, List


def way_out_buttons(_: Callable[[str], str], stop_title: str) -> List[Dict[str, str]]:
    return [{"title": _("Để sau"), "payload": "để sau"}, {"title": stop_title, "payload": "hủy"},
            {"title": _("Gặp cán bộ"), "payload": "/talk_to_staff"}]
