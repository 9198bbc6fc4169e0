"""Tracking codes a citizen can read over the phone: no 0/O, 1/I/L, 5/S, 2/Z look-alikes."""

from __future__ import annotations

import math
import re
import secrets

ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
LENGTH = 10
BITS = LENGTH * math.log2(len(ALPHABET))  # about 47.5, over the 40 the issue asks
PATTERN = re.compile(rf"^PA-[{ALPHABET}]{{5}}-[{ALPHABET}]{{5}}$")
# What a citizen may have typed for one: any case, spaces or dashes between the parts.
WRITTEN = re.compile(r"\bPA[\s-]*\w{5}[\s-]*\w{5}\b", re.I)


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"PA-{body[:5]}-{body[5:]}"


def normalise(text: str) -> str | None:
    """The code in what a citizen typed ("pa 7kx9m-ab3cd", spaces, lower case), or None."""
    compact = re.sub(r"[\s-]", "", text.upper())
    if compact.startswith("PA"):
        compact = compact[2:]
    if len(compact) != LENGTH:
        return None
    code = f"PA-{compact[:5]}-{compact[5:]}"
    return code if PATTERN.match(code) else None


def find(text: str) -> str | None:
    """The first well-formed code written anywhere in a message."""
    return next((code for written in WRITTEN.findall(text) if (code := normalise(written))), None)
