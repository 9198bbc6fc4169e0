"""Cut a long answer into messages a platform accepts, at the most natural break that fits."""

from __future__ import annotations

BREAKS = ("\n\n", "\n", ". ", " ")


def split_message(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters that join back to the text, except for the whitespace cut at."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = next((window.rfind(mark) for mark in BREAKS if window.rfind(mark) > limit // 2), limit)
        if rest[cut : cut + 2] == ". ":
            cut += 1
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest else pieces
