"""Questions written in English: the catalogue's Vietnamese words for the English terms they use.

The embedding model is multilingual, but at its size it cannot rank 2,642 Vietnamese names from an English
question (measured 2026-12-05: "how do I register my baby's birth" put copy extracts and adoption before birth
registration, every English question fell below the clarify threshold). A reviewed glossary
(knowledge/data/english_terms.yml, a legal basis for each line) gives the catalogue's words; the English
function words are dropped so that they count neither for nor against a procedure.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.search.colloquial import term_table
from vietnamese_text.language import written_in_english

DATA = Path(__file__).resolve().parent.parent / "data" / "english_terms.yml"
# Dropped from an English question once it is known to be English.
_FUNCTION_WORDS = frozenset(
    "how what where when which who whom why does did is are am was were of for with and please need want get you your "
    "should would could will there this that have has from about into my our much many long documents papers fee cost "
    "i register registration apply application submit certificate me we us a an the to in on at by it its be do can "
    "or if s ok okay hi hello one some any just also here now then so card new".split())


def in_catalogue_words(core: str, question: str) -> str:
    """For a question in English: the catalogue words of the core's terms and its other content words; else the
    core as is."""
    if not written_in_english(question):
        return core
    padded, found = f" {core} ", []
    for term, official in term_table(DATA):
        if f" {term} " in padded:
            if official not in found:
                found.append(official)
            padded = padded.replace(f" {term} ", " ")
    rest = [w for w in padded.split() if w not in _FUNCTION_WORDS]
    return " ".join(found + rest)
