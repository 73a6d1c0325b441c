"""Rasa tokenizer for Vietnamese as residents type it.

Token texts keep the resident's spelling (multi-syllable words joined with "_"
by underthesea segmentation, so CountVectorsFeaturizer does not split them
again). Lemmas are what the count-vector features see: folded syllables with
chat abbreviations expanded, separated by spaces. Because underthesea segments
accented and unaccented text differently, word-level lemmas would differ between
"đăng ký tạm trú" and "dang ky tam tru"; syllable lemmas (plus the featurizer's
n-grams) do not.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from underthesea import word_tokenize

from vietnamese_text import clean_text, fold_token
from vietnamese_text.privacy import personal_number_spans
from vietnamese_text.segmentation import Piece, pieces

MAX_CHARS = 2000  # longer messages are cut: nobody's question needs more, and it bounds the work


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(Tokenizer):
    """underthesea word segmentation with accent-folded, abbreviation-expanded lemmas."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return ["vi"]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        raw = message.get(attribute) or ""
        text = clean_text(raw, MAX_CHARS)
        if text != raw:
            # Offsets must refer to the text later components read (NFC, no control chars).
            message.set(attribute, text)
        found = pieces(text)
        if not found:
            return [Token(text or " ", 0, lemma=fold_token(text) or " ")] if text else []
        # Training examples carry entity spans: a word never straddles one.
        boundaries = {offset for entity in message.get("entities") or [] for offset in (entity["start"], entity["end"])}
        tokens = [_to_token(group) for group in _group_words(text, found, boundaries)]
        return _without_personal_numbers(tokens, personal_number_spans(text))


def _without_personal_numbers(tokens: List[Token], spans: List[tuple[int, int]]) -> List[Token]:
    """Leave out the words of a phone or ID number ("sđt em 0912…"): they say whose, not what about."""
    return [t for t in tokens if not any(start < t.end and t.start < end for start, end in spans)]


def _to_token(group: List[Piece]) -> Token:
    first, last = group[0], group[-1]
    return Token(
        "_".join(piece.text for piece in group),
        first.start,
        last.end,
        lemma=" ".join(piece.lemma for piece in group),
    )


def _group_words(text: str, found: List[Piece], boundaries: set[int]) -> List[List[Piece]]:
    """Group consecutive plain pieces into the words underthesea segments."""
    groups: List[List[Piece]] = []
    run: List[Piece] = []
    for piece in found + [Piece("", len(text), len(text), "end")]:
        if piece.kind == "word":
            run.append(piece)
            continue
        for group in _segment_run(run):
            groups.extend(_split_at(group, boundaries))
        run = []
        if piece.kind != "end":
            groups.append([piece])
    return groups


def _split_at(group: List[Piece], boundaries: set[int]) -> List[List[Piece]]:
    if not any(piece.start in boundaries for piece in group[1:]):
        return [group]
    parts: List[List[Piece]] = [[group[0]]]
    for piece in group[1:]:
        if piece.start in boundaries:
            parts.append([piece])
        else:
            parts[-1].append(piece)
    return parts


def _segment_run(run: List[Piece]) -> List[List[Piece]]:
    """Ask underthesea how to group a run of syllables; fall back to one per syllable.

    Without diacritics underthesea mostly guesses ("cho e hoi" -> "e_hoi"), so
    unaccented runs stay one token per syllable. underthesea also rewrites some
    characters (tone-mark placement such as "hoà" -> "hòa"), so its words are
    matched back to our pieces by folded syllable.
    """
    if len(run) < 2 or all(fold_token(piece.text) == piece.text.lower() for piece in run):
        return [[piece] for piece in run]
    groups: List[List[Piece]] = []
    position = 0
    for word in word_tokenize(" ".join(piece.text for piece in run)):
        syllables = word.split()
        chunk = run[position : position + len(syllables)]
        if [fold_token(s) for s in syllables] != [fold_token(p.text) for p in chunk]:
            return groups + [[piece] for piece in run[position:]]
        groups.append(chunk)
        position += len(syllables)
    return groups + [[piece] for piece in run[position:]]
