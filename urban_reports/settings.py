"""The ward's own settings for urban-order reports, read from the office config (config/office.yml).

While the file is missing or still `is_example: true`, nothing from it is used: deadlines follow
the standard office week and units keep their generic names.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.office import CONFIG_DIR


@lru_cache(maxsize=1)
def office_settings() -> dict:
    """The office config as a dict; empty while only example values exist."""
    path = Path(os.environ.get("OFFICE_CONFIG", CONFIG_DIR / "office.yml"))
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {} if data.get("is_example", True) else data
