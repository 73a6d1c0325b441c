"""Babel message catalogs and locale formatting shared by the action server and the web app.

Source strings are Vietnamese (the residents' language); `translations/en`
holds the English catalog. Amounts and dates are formatted with Babel's CLDR
data for vi_VN or en.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Callable

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
_LOCALES = {"vi": "vi_VN", "en": "en"}


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is defined; translate it later with gettext."""
    return message


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled catalog for a language; Vietnamese msgids need none."""
    language = language_or_default(language)
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain="messages")


def gettext_for(language: str | None) -> Callable[[str], str]:
    return catalog(language_or_default(language)).gettext


def format_vnd(amount: int, language: str | None = None) -> str:
    """'7.000 đồng' / '7,000 VND' (the catalogue publishes fees in đồng)."""
    language = language_or_default(language)
    number = format_decimal(amount, locale=_LOCALES[language])
    return f"{number} đồng" if language == "vi" else f"{number} VND"


def format_day(day: dt.date, language: str | None = None) -> str:
    """'22/11/2026' in Vietnamese, 'Nov 22, 2026' in English."""
    language = language_or_default(language)
    return _format_date(day, format="dd/MM/yyyy" if language == "vi" else "medium", locale=_LOCALES[language])
