"""Phrase tables over accent-folded syllables, shared by the search and the variant reader."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence

from nlu.text import clashes, has_diacritics, spelt_syllables


class PhraseTable:
    """Phrase replacements applied longest first, left to right, looked up by their first word."""

    def __init__(
        self, pairs: Iterable[tuple[tuple[str, ...], list[str]]], keep: Collection[tuple[str, ...]] = ()
    ) -> None:
        """`keep`: sources written out before their replacement instead of being dropped."""
        self._by_first: dict[str, list[tuple[tuple[str, ...], list[str], list[str]]]] = {}
        for source, target in sorted(pairs, key=lambda pair: -len(pair[0])):
            if source:
                kept = list(source) if source in keep else []
                self._by_first.setdefault(source[0], []).append((source, target, kept))

    def replace(self, words: list[str]) -> list[str]:
        """The words with every phrase replaced, unless the text around already says its replacement."""
        return [word for _, _, segment in self._segments(words, repeat=False) for word in segment]

    def find(self, words: list[str], before: int | None = None) -> list[str]:
        """The replacements of the phrases found in the words (starting before index `before`, if given).

        A phrase starting there is read whole, so that "đối với" shields "đối" even where it ends after.
        """
        limit = len(words) if before is None else before
        return [
            word
            for start, found, segment in self._segments(words, repeat=True)
            if found and start < limit
            for word in segment
        ]

    def _segments(self, words: list[str], repeat: bool) -> Iterator[tuple[int, bool, list[str]]]:
        """Left to right, with where each starts: a phrase's replacement (after its kept source), or an
        unmatched word."""
        i = 0
        while i < len(words):
            for source, target, kept in self._by_first.get(words[i], ()):
                found = words[i : i + len(source)]
                if tuple(found) == source and agrees(found, source) and (repeat or not _already(words, i, target)):
                    yield i, True, kept + target
                    i += len(source)
                    break
            else:
                yield i, False, [words[i]]
                i += 1


def agrees(typed: Sequence[str], phrase: Sequence[str]) -> bool:
    """False when the words were typed with other diacritics than the phrase is written with."""
    return not any(clashes(word, written) for word, written in zip(typed, phrase))


def labels(table: dict[str, str]) -> PhraseTable:
    """A table finding each phrase's label; phrases labelled "" only shield their words from shorter ones.

    A phrase written with diacritics keeps them: it is not found where other marks were typed.
    """
    return PhraseTable(
        (tuple(spelt_syllables(phrase) if has_diacritics(phrase) else phrase.split()), [label] if label else [])
        for phrase, label in table.items()
    )


def _already(words: list[str], i: int, target: list[str]) -> bool:
    """True when the text around position i already says `target` in full."""
    if not target:
        return False
    size = len(target)
    return any(words[start : start + size] == target for start in range(max(0, i - size + 1), i + 1))
