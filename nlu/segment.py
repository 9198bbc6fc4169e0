"""Vietnamese word segmentation with exact character offsets.

underthesea segments words ("đăng ký", "khai sinh") but returns strings, not
spans, and may respace them. This module maps its words back onto the
original text so that every span is an exact substring, also for NFD input.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from underthesea import word_tokenize

from nlu.text import nfc_with_offsets

_PIECE = re.compile(r"\S+")


class Span(NamedTuple):
    text: str
    start: int
    end: int


def segment(text: str) -> list[Span]:
    """Words of `text` as spans whose `text` equals `text[start:end]`."""
    nfc, to_original = nfc_with_offsets(text)
    if not nfc.strip():
        return []
    words = word_tokenize(nfc, use_token_normalize=False)
    spans: list[Span] = []
    cursor = 0
    for word in words:
        located = _locate(nfc, word, cursor)
        if located is None:
            continue
        start, cursor = located
        spans.append(_to_original(text, to_original, start, cursor))
    # Anything underthesea dropped or rewrote is still covered, piece by piece.
    covered = _coverage(spans, text)
    for piece in _PIECE.finditer(nfc):
        start, end = to_original[piece.start()], to_original[piece.end()]
        if not any(covered[start:end]):
            spans.append(_to_original(text, to_original, piece.start(), piece.end()))
    return sorted(spans, key=lambda span: span.start)


def _locate(nfc: str, word: str, cursor: int) -> tuple[int, int] | None:
    """Start and end of `word`'s pieces found in order from `cursor`."""
    start = end = None
    position = cursor
    for piece in word.split():
        found = nfc.find(piece, position)
        if found < 0 or (start is not None and nfc[end:found].strip()):
            return None
        if start is None:
            start = found
        end = position = found + len(piece)
    if start is None or end is None:
        return None
    return start, end


def _to_original(text: str, to_original: list[int], start: int, end: int) -> Span:
    original_start, original_end = to_original[start], to_original[end]
    return Span(text[original_start:original_end], original_start, original_end)


def _coverage(spans: list[Span], text: str) -> list[bool]:
    covered = [False] * len(text)
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] = True
    return covered
