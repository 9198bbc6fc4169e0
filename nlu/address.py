"""Resolve an address a citizen typed (old three-level or new two-level) to the 34 provinces and their communes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from underthesea import convert_address

# Abbreviations convert_address does not know; matched case-insensitively on word boundaries.
ABBREVIATIONS = (
    (r"\b(?:tp\.?\s*hcm|tp\.?\s*hồ chí minh|hcm|sài gòn|sai gon|sg)\b", "Thành phố Hồ Chí Minh"),
    (r"\b(?:tp\.?\s*hn|hn)\b", "Hà Nội"),
    (r"\b(?:tp\.?\s*đn|đn)\b", "Đà Nẵng"),
    (r"\btp\.?\s+", "thành phố "),
    (r"\bq\.\s*", "quận "),
    (r"\bp\.\s*", "phường "),
    (r"\bh\.\s*", "huyện "),
    (r"\btx\.\s*", "thị xã "),
    (r"\btt\.\s*", "thị trấn "),
)


# Citizens often leave out the commas convert_address needs between levels.
LEVELS = "phường|phuong|xã|quận|quan|huyện|huyen|thị xã|thi xa|thị trấn|thi tran|tỉnh|tinh|thành phố|thanh pho"
LEVEL_START = re.compile(rf"(?<!,)\s+(?=(?:{LEVELS})\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    province: str
    commune: str | None
    label: str  # the address in today's units, as shown to the citizen


def resolve(text: str) -> Place | None:
    """The place in today's units, or None when not even the province can be told."""
    cleaned = " ".join(text.split())
    for pattern, replacement in ABBREVIATIONS:
        cleaned = re.sub(pattern, replacement, cleaned, flags=re.IGNORECASE)
    cleaned = LEVEL_START.sub(", ", cleaned)
    if not cleaned:
        return None
    words = cleaned.split()
    # "... quận Ba Đình Hà Nội": the province often ends the text without a comma before it.
    candidates = [cleaned] + [f"{' '.join(words[:-n])}, {' '.join(words[-n:])}" for n in (2, 3) if len(words) > n]
    for candidate in candidates:
        result = convert_address(candidate)
        if result.new.province:
            return Place(province=result.new.province, commune=result.new.ward or None, label=result.converted)
    return None
