"""Whether a message says "stop" and nothing else, on accent-folded, teencode-expanded syllables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from nlu.text import canonical, canonical_syllables, has_diacritics

WORD = re.compile(r"\w+")


class StopRule:
    """Phrases without diacritics match the folded text; with them, the accented text.

    Folding merges "dừng" (stop) with "đúng" (right), so "dừng" is only taken
    when written with its marks; a plain "dung" stays DIET's call.
    """

    def __init__(self, phrases: Iterable[str], fillers: Iterable[str]) -> None:
        phrases = list(phrases)
        self.plain = [f" {p} " for p in phrases if not has_diacritics(p)]
        self.accented = [f" {p} " for p in phrases if has_diacritics(p)]
        self.allowed = {s for p in phrases for s in canonical_syllables(p)} | set(fillers)

    def says_stop(self, text: str) -> bool:
        """A stop phrase, with only fillers around it: "thôi ạ", "ko làm nữa", not "hủy đăng ký thường trú"."""
        syllables = canonical_syllables(text)
        if not syllables or not set(syllables) <= self.allowed:
            return False
        folded = f" {canonical(text)} "
        accented = f" {' '.join(WORD.findall(unicodedata.normalize('NFC', text).lower()))} "
        return any(p in folded for p in self.plain) or any(p in accented for p in self.accented)
