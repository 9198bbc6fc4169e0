"""Read a 1-5 satisfaction answer typed as text: "5", "4 điểm", "tốt", "bình thường", "ko hài lòng"."""

from __future__ import annotations

import re

from nlu.text import canonical

# Accent-folded phrases (after teencode expansion), most specific first.
PHRASES: tuple[tuple[str, int], ...] = (
    ("rat khong hai long", 1),
    ("hoan toan khong hai long", 1),
    ("qua te", 1),
    ("rat te", 1),
    ("rat kem", 1),
    ("khong hai long", 2),
    ("chua hai long", 2),
    ("khong tot", 2),
    ("chua tot", 2),
    ("te", 2),
    ("kem", 2),
    ("binh thuong", 3),
    ("tam duoc", 3),
    ("tam on", 3),
    ("trung binh", 3),
    ("tam tam", 3),
    ("rat hai long", 5),
    ("rat tot", 5),
    ("tuyet voi", 5),
    ("xuat sac", 5),
    ("hai long", 4),
    ("tot", 4),
    ("on", 4),
)
_DIGIT = re.compile(r"(?<!\d)([1-5])(?!\d)")


def score(text: str) -> int | None:
    """The 1-5 value a citizen meant, or None when the text does not say one clearly."""
    digits = set(_DIGIT.findall(text))
    if len(digits) == 1:
        return int(digits.pop())
    if digits:
        return None
    words = f" {canonical(text)} "
    for phrase, value in PHRASES:
        if f" {phrase} " in words:
            return value
    return None
