"""Dossier codes (mã hồ sơ) as printed on one-stop office receipts: 000.00.15.H12-250709-0001."""

from __future__ import annotations

import re
from datetime import date

# Unit code, receipt date YYMMDD, daily sequence.
PATTERN = re.compile(r"^(?P<unit>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(?P<date>\d{6})-(?P<seq>\d{4})$")
EXAMPLE = "000.00.15.H12-250709-0001"


def normalise(text: str) -> str | None:
    """The canonical code in `text`, or None when it is not a dossier code."""
    candidate = "".join(text.split()).upper()
    match = PATTERN.match(candidate)
    if not match:
        return None
    day = match["date"]
    try:
        date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
    except ValueError:
        return None
    return candidate
