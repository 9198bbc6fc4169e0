"""Aliases whose meaning depends on what else a question says.

"Sang tên" is a land transfer next to "sổ đỏ" or "đất" and a change of a vehicle's owner next
to "xe"; "mở quán" is a household business unless the quán is a karaoke, which needs its own
licence; "bị sai" is a correction of the civil-status record next to "khai sinh" and of the land
certificate next to "sổ đỏ". Such a phrase maps to one expansion per context: the expansion of
the first context (in the order written) that the question says anywhere, else the default ("*")
if there is one, else the phrase is left to the plain aliases.

In the alias files (procedures/aliases/) a context rule is an entry whose value is a mapping:

    sang tên:
      xe | ô tô | xe máy: đăng ký sang tên xe thay đổi chủ xe
      đất | sổ đỏ | nhà: đăng ký biến động chuyển nhượng

All phrases are compared as accent-folded syllables, like the rest of the index; a phrase does not
apply where the citizen typed it with other diacritics ("Sài Gòn" is not "sai").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from nlu.text import readings
from procedures.phrases import agrees

DEFAULT = "*"


@dataclass(frozen=True)
class Rule:
    source: tuple[str, ...]
    # (context phrases, expansion), in the order written; the default has no context phrases.
    readings: tuple[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]], ...]


class ContextAliases:
    def __init__(self, rules: Mapping[str, Mapping[str, str]], fold: Callable[[str], list[str]]) -> None:
        """`rules`: phrase -> {"context | context": expansion}; `fold`: text -> folded syllables."""
        self.fold = fold
        self._by_first: dict[str, list[Rule]] = {}
        for phrase, by_context in rules.items():
            parsed = []
            for contexts, expansion in by_context.items():
                said = () if contexts.strip() == DEFAULT else contexts.split("|")
                parsed.append((tuple(p for c in said for p in self._typed(c) if p), tuple(fold(expansion))))
            # The default is the last resort, wherever it was written.
            parsed.sort(key=lambda reading: not reading[0])
            for source in self._typed(phrase):
                if source:
                    self._by_first.setdefault(source[0], []).append(Rule(source, tuple(parsed)))
        for rules_ in self._by_first.values():
            rules_.sort(key=lambda rule: -len(rule.source))

    def _typed(self, phrase: str) -> list[tuple[str, ...]]:
        return [tuple(reading) for reading in readings(phrase, self.fold)]

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def replace(self, words: list[str]) -> list[str]:
        """The words with each context phrase replaced by the expansion its context calls for."""
        if not any(word in self._by_first for word in words):
            return words
        out: list[str] = []
        i = 0
        while i < len(words):
            for rule in self._by_first.get(words[i], ()):
                end = i + len(rule.source)
                if tuple(words[i:end]) != rule.source or not agrees(words[i:end], rule.source):
                    continue
                expansion = _reading(rule, [*words[:i], "|", *words[end:]])
                if expansion is not None:
                    out.extend(expansion)
                    i = end
                    break
            else:
                out.append(words[i])
                i += 1
        return out


def _reading(rule: Rule, around: list[str]) -> tuple[str, ...] | None:
    """The expansion of the first context said around the phrase, the default, or None."""
    for contexts, expansion in rule.readings:
        if not contexts or any(_says(around, context) for context in contexts):
            return expansion
    return None


def _says(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    first = phrase[0]
    return any(
        word == first and tuple(words[i : i + size]) == phrase and agrees(words[i : i + size], phrase)
        for i, word in enumerate(words)
    )
