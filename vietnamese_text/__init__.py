"""Vietnamese text utilities shared by the Rasa runtime (Python 3.10) and the app (Python 3.11).

Only the standard library is used here, so both
environments can import it without pulling heavy dependencies.
"""

from vietnamese_text.normalize import (
    clean_text,
    expand_abbreviations,
    fold,
    fold_token,
    match_key,
    nfc,
    word_key,
)

__all__ = ["clean_text", "expand_abbreviations", "fold", "fold_token", "match_key", "nfc", "word_key"]
