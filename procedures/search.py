"""Find the procedure a citizen means among the catalogue's names.

Ranking is BM25 over accent-folded syllables and syllable pairs of the names,
after expanding teencode and aliases and dropping question words, with
unknown words corrected to the nearest catalogue word (one edit). Records the
portal publishes nationally and records with full details come first when
scores tie, since those are the ones citizens usually mean.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

from nlu.text import canonical_syllables
from procedures.model import Procedure

ALIASES_FILE = Path(__file__).with_name("aliases.yml")

# Phrases that say what is asked, not which procedure ("cần giấy tờ gì",
# "mất bao lâu"); removed from a question before it is matched. Accent-folded.
QUESTION_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in """
    can nhung giay to gi|can giay to gi|giay to gi|nhung giay to nao|giay to nao|can nhung gi|can mang gi
    |can chuan bi gi|chuan bi gi|mang theo gi|ho so gom nhung gi|ho so gom|thanh phan ho so|ho so can
    |le phi bao nhieu|le phi|phi bao nhieu|bao nhieu tien|mat phi|mien phi|het bao nhieu|bao nhieu
    |mat bao lau|bao lau|mat may ngay|may ngay|bao nhieu ngay|thoi gian giai quyet|thoi han giai quyet
    |thoi gian|thoi han|khi nao co ket qua|nop o dau|lam o dau|o dau|co quan nao|noi nao|cho nao
    |nop truc tuyen|truc tuyen|nop online|online|qua mang|dich vu cong|qua buu dien|buu dien|vneid
    |can cu phap ly|phap ly|van ban nao|nghi dinh nao|luat nao|trinh tu|cac buoc|tung buoc
    |huong dan|thu tuc|nhu the nao|the nao|lam sao|ra sao|cho hoi|xin hoi|muon hoi|duoc khong
    """.replace("\n", " ").split("|")
)
# Chat words, dropped unless they form a catalogue word pair with a neighbour
# ("căn" in "căn cước", "đăng" in "đăng ký").
CHAT_WORDS = frozenset(
    """
    a ad admin ah ak anh ban be bo cac cai can chau cho chu co con cua da dau day de den di dieu do
    duoc em gi gio giup hay het hoi khi khong la lam lau len luon ma mat may minh moi muon nao nay
    ne nen ngay nha nhe nhi nhieu nho nhung noi oi ok on ong phai phat qua ra rang roi sao se shop
    the thi thoi toi tre tren uh um va vang vay ve vi voi vua xem xin ya
    """.split()
)

K1, B = 1.2, 0.75
NAME_WEIGHT = 1.0  # how much naming all of a procedure's words counts over matching some
PAIR_MIN = 1
DETAIL_BOOST = 1.1
SPECIFIC_PENALTY = 0.9


MIN_SCORE = 8.0  # below this a match rests on one common word: no procedure was named
CLOSE = 0.85  # hits within this share of the best score are competing readings


@dataclass(frozen=True)
class Resolution:
    """The procedure a message names, or the candidates to ask about, or neither."""

    procedure: Procedure | None = None
    choices: tuple[Procedure, ...] = ()


@dataclass(frozen=True)
class Hit:
    procedure: Procedure
    score: float
    coverage: float  # share of the query's content words found in the name


class ProcedureSearch:
    def __init__(self, procedures: list[Procedure], aliases: dict[str, str] | None = None) -> None:
        self.procedures = procedures
        self.aliases = PhraseTable(
            (tuple(canonical_syllables(k)), canonical_syllables(v)) for k, v in (aliases or load_aliases()).items()
        )
        # Names are indexed without the words questions lose ("Thủ tục", "lệ phí"...), so both sides match alike.
        names = [QUESTION_TABLE.replace(canonical_syllables(_indexed_name(p.name))) for p in procedures]
        self._docs = [_terms(name) for name in names]
        self._lengths = [sum(doc.values()) for doc in self._docs]
        self._average = sum(self._lengths) / max(len(self._lengths), 1)
        frequency: Counter[str] = Counter()
        for doc in self._docs:
            frequency.update(doc.keys())
        total = len(self._docs)
        self._idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._vocabulary = {t: frequency[t] for t in frequency if " " not in t}
        # Pairs common enough in names to protect a chat word inside them.
        self._pairs = {t for t, n in frequency.items() if " " in t and n >= PAIR_MIN}
        self._name_words = [set(self._content(name)) for name in names]
        self._corrections: dict[str, str] = {}
        # Each term's BM25 weight in each name, computed once: a search only adds them up.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(self._docs):
            length_norm = K1 * (1 - B + B * self._lengths[index] / self._average)
            for term, tf in doc.items():
                weight = self._idf[term] * tf * (K1 + 1) / (tf + length_norm)
                self._postings.setdefault(term, []).append((index, weight))
        self._prior = [
            (DETAIL_BOOST if p.detail is not None else 1.0) * (SPECIFIC_PENALTY if p.kind == "SPECIFIC" else 1.0)
            for p in procedures
        ]

    def query_words(self, text: str) -> list[str]:
        """The content words of a question, aliases expanded and typos corrected."""
        syllables = [w if w in self._vocabulary else self._correct(w) for w in canonical_syllables(text)]
        return self._content(QUESTION_TABLE.replace(self.aliases.replace(syllables)))

    def _content(self, syllables: list[str]) -> list[str]:
        return [
            word
            for i, word in enumerate(syllables)
            if word not in CHAT_WORDS
            or " ".join(syllables[i - 1 : i + 1]) in self._pairs
            or " ".join(syllables[i : i + 2]) in self._pairs
        ]

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        words = self.query_words(text)
        if not words:
            return []
        query = _terms(words)
        scores: dict[int, float] = defaultdict(float)
        for term in query:
            for index, weight in self._postings.get(term, ()):
                scores[index] += weight
        unique_words = set(words)
        ranked = []
        for index, score in scores.items():
            name_words = self._name_words[index]
            if name_words:
                score *= 1 + NAME_WEIGHT * len(name_words & unique_words) / len(name_words)
            ranked.append((score * self._prior[index], index))
        best = heapq.nsmallest(
            limit,
            ranked,
            key=lambda pair: (-pair[0], len(self.procedures[pair[1]].name), self.procedures[pair[1]].code),
        )
        return [
            Hit(
                self.procedures[index],
                score,
                sum(1 for w in unique_words if w in self._docs[index]) / len(unique_words),
            )
            for score, index in best
        ]

    def resolve(self, text: str, max_choices: int = 4) -> Resolution:
        """Answer directly when the message names one procedure; offer choices when several fit."""
        hits = [hit for hit in self.search(text, limit=12) if hit.score >= MIN_SCORE]
        if not hits or hits[0].coverage < 0.5:
            return Resolution()
        best = hits[0]
        named = set(self.query_words(text))
        if set(self.query_words(best.procedure.name)) <= named:
            return Resolution(procedure=best.procedure)
        close: dict[str, Procedure] = {}
        for hit in hits:
            if hit.score >= CLOSE * best.score:
                close.setdefault(hit.procedure.name.lower(), hit.procedure)
        if len(close) == 1:
            return Resolution(procedure=best.procedure)
        return Resolution(choices=tuple(close.values())[:max_choices])

    def _correct(self, word: str) -> str:
        if len(word) < 3 or not word.isalpha():
            return word
        if word not in self._corrections:
            self._corrections[word] = _closest(word, self._vocabulary) or word
        return self._corrections[word]


# "(thực hiện tại cấp tỉnh)": the level a variant runs at; citizens rarely say it, so it should not
# make a name look longer than its twin at another level.
_LEVEL_NOTE = re.compile(r"\((?:thực hiện )?(?:tại |ở )?cấp [^()]*\)", re.IGNORECASE)


def _indexed_name(name: str) -> str:
    return _LEVEL_NOTE.sub(" ", name)


class PhraseTable:
    """Phrase replacements applied longest first, left to right, looked up by their first word."""

    def __init__(self, pairs: Iterable[tuple[tuple[str, ...], list[str]]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], list[str]]]] = {}
        for source, target in sorted(pairs, key=lambda pair: -len(pair[0])):
            if source:
                self._by_first.setdefault(source[0], []).append((source, target))

    def replace(self, words: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(words):
            for source, target in self._by_first.get(words[i], ()):
                if tuple(words[i : i + len(source)]) == source and not _already(words, i, target):
                    out.extend(target)
                    i += len(source)
                    break
            else:
                out.append(words[i])
                i += 1
        return out


QUESTION_TABLE = PhraseTable((phrase, []) for phrase in QUESTION_PHRASES)


def _already(words: list[str], i: int, target: list[str]) -> bool:
    """True when the text around position i already says `target` in full."""
    if not target:
        return False
    size = len(target)
    return any(words[start : start + size] == target for start in range(max(0, i - size + 1), i + 1))


def _closest(word: str, vocabulary: dict[str, int]) -> str | None:
    best: tuple[int, str] | None = None
    for candidate, count in vocabulary.items():
        if abs(len(candidate) - len(word)) <= 1 and _one_edit(word, candidate) and (best is None or count > best[0]):
            best = (count, candidate)
    return best[1] if best else None


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _terms(words: list[str]) -> Counter[str]:
    terms = Counter(words)
    terms.update(" ".join(pair) for pair in pairwise(words))
    return terms


def load_aliases(path: Path = ALIASES_FILE) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {str(k): str(v) for k, v in (yaml.safe_load(handle) or {}).items()}
