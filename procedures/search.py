"""Find the procedure a citizen means among the catalogue's names.

Ranking is BM25 over accent-folded syllables and syllable pairs of the names,
after expanding teencode and aliases (everyday words -> the portal's words;
some phrases by context, procedures.context: "sang tên" of a car is not of land)
and dropping question words, with unknown words corrected to the nearest
catalogue word (one edit) unless they are well-formed syllables. In a message of
several sentences, the last one's words count more: a story ends with its request. A word typed
with other diacritics than a name writes it counts less there ("ngoại" is not
"ngoài"). Among near-duplicate records the one the question's words fit is
preferred (procedures.variants: cấp lại or not, for foreigners or not, for
which age), then one open to people rather than only to organisations, the one
a commune or district office runs, the national one over a province's own, and
one with full details. Last, among the first few hits, a near-twin that names every word of the
question its rival names, and more, goes first (Đổi giấy phép lái xe / … của người nước ngoài).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

from nlu.text import Spelt, canonical_syllables, readings, spelt_syllables
from procedures import variants
from procedures.context import ContextAliases
from procedures.model import Procedure
from procedures.phrases import PhraseTable

# One file per group of lĩnh vực; a phrase may be written in only one of them.
ALIASES_DIR = Path(__file__).with_name("aliases")
# An alias maps a phrase to its expansion, or to one expansion per context (procedures.context).
Aliases = dict[str, "str | dict[str, str]"]

# Phrases that say what is asked, not which procedure ("cần giấy tờ gì",
# "mất bao lâu"); removed from a question before it is matched. Accent-folded.
QUESTION_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in """
    can nhung giay to gi|can giay to gi|giay to gi|nhung giay to nao|giay to nao|can nhung gi|can mang gi
    |can chuan bi gi|chuan bi gi|mang theo gi|ho so gom nhung gi|ho so gom|thanh phan ho so|ho so can
    |le phi bao nhieu|le phi|phi bao nhieu|bao nhieu tien|mat phi|mien phi|het bao nhieu|bao nhieu
    |mat bao lau|bao lau|mat may ngay|may ngay|mat tien|mat bao nhieu|bao nhieu ngay
    |thoi gian giai quyet|thoi han giai quyet|thoi gian|thoi han|khi nao co ket qua
    |nop o dau|lam o dau|o dau|co quan nao|noi nao|cho nao
    |nop truc tuyen|truc tuyen|nop online|online|qua mang|dich vu cong|qua buu dien|buu dien|vneid
    |can cu phap ly|van ban nao|nghi dinh nao|luat nao|trinh tu|cac buoc|tung buoc
    |huong dan|thu tuc|nhu the nao|the nao|lam sao|ra sao|cho hoi|xin hoi|muon hoi|duoc khong
    """.replace("\n", " ").split("|")
)
# Chat words, dropped unless they form a catalogue word pair with a neighbour
# ("căn" in "căn cước", "đăng" in "đăng ký").
CHAT_WORDS = frozenset(
    """
    a ad admin ah ak anh ban be bo cac cai can chau cho chu co con cua da dau day de den di dieu do
    duoc em gi gio giup hay het hoi khi khong la lam lau len luon ma may minh moi muon nao nay
    ne nen ngay nha nhe nhi nhieu nho nhung noi oi ok on ong phai phat qua ra rang roi sao se shop
    the thi thoi toi tre tren uh um va vang vay ve vi voi vua xem xin ya
    """.split()
)

# A folded Vietnamese syllable: onset, vowels, final. A word of this shape that names do not use is
# another real word ("heo"), not a typo of one they use ("hộ"); a typo rarely keeps the shape ("thuog").
SYLLABLE_SHAPE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)

K1, B = 1.2, 0.75
NAME_WEIGHT = 1.0  # how much naming all of a procedure's words counts over matching some
ALIAS_WEIGHT = 0.8  # a word only an alias brought in, against a word the citizen typed
PRUNE = 0.1  # share of the best word score under which a document is not ranked at all (for speed)
CASE_HEAD = 8  # syllables of a long name's head put before each of the cases it lists
# Records run by a commune or district office are the ones citizens come to ask about.
LOCAL_AGENCY = re.compile(r"cấp (?:xã|huyện)|phường", re.IGNORECASE)
LOCAL_BOOST = 1.15
# The bot serves people: a record only organisations, businesses or officials can file is rarely meant,
# unless the question speaks for one ("công ty muốn xin giấy phép lao động").
PERSONAL_TARGETS = re.compile(r"^(?:Công dân|Người)")
PERSONAL_BOOST = 1.2
ORGANISATION = re.compile(r"\b(?:cong ty|doanh nghiep|hop tac xa|to chuc|truong|benh vien|co so)\b")
DETAIL_BOOST = 1.1
SPECIFIC_PENALTY = 0.9
# A word typed with other diacritics than the name's ("ông ngoại" against "nước ngoài") is
# probably another word: it still counts, in case the marks are the typo, but less.
ACCENT_MISMATCH = 0.5


# The words of a long message's last sentence count this much more (ProcedureSearch._last_request).
FOCUS_WEIGHT = 1.0
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\n+")


MIN_SCORE = 8.0  # below this a match rests on one common word: no procedure was named
# A message names the best record when this share of its words are in the name: citizens tell their
# story around the procedure ("bé nhà mình mới sinh được 2 tuần thì..."), so a third suffices ...
MIN_COVERAGE = 0.3
# ... or when it says this share of the name's words: a long story is mostly other words ("Ông nội
# tôi mất tại nhà tối qua, gia đình phải đi khai tử ở đâu và trong bao nhiêu ngày?").
MIN_NAME_SHARE = 0.5
FAMILY_WORDS = 3  # content words of a question that may name only a family of procedures
CLOSE = 0.85  # hits within this share of the best word score are competing readings
# Ranking weighs words against name length and priors; between two close hits that is a guess, while a
# name holding every question word its rival holds, and more, is evidence. Such a hit goes first when
# it scores within FULLER_CLOSE of the one above it and its extra words weigh FULLER_EVIDENCE (idf).
FULLER_TOP = 3
FULLER_CLOSE = 0.85
FULLER_EVIDENCE = 3.0


@dataclass(frozen=True)
class Resolution:
    """The procedure a message names, or the candidates to ask about, or neither."""

    procedure: Procedure | None = None
    choices: tuple[Procedure, ...] = ()


@dataclass(frozen=True)
class Query:
    """A question as the index reads it."""

    words: list[str]  # content words, as matched against names
    expanded: list[str]  # every syllable after expansion, chat words included
    typed: list[str]  # syllables the citizen wrote (after typo correction), question phrases dropped
    marks: dict[str, set[str]]  # the diacritics the citizen gave a folded syllable, when any


@dataclass(frozen=True)
class Hit:
    procedure: Procedure
    score: float
    coverage: float  # share of the query's content words found in the name
    match: float  # the score from words alone, before the record's prior and variant fit


class ProcedureSearch:
    def __init__(self, procedures: list[Procedure], aliases: Aliases | None = None) -> None:
        self.procedures = procedures
        # Names are indexed without the words questions lose ("Thủ tục", "lệ phí"...), so both sides match alike.
        # A name's notes in parentheses can match but do not make it longer than its siblings.
        names: list[list[str]] = []
        self._docs: list[set[str]] = []
        self._lengths: list[int] = []
        for procedure in procedures:
            name, note = _name_parts(procedure.name)
            names.append(QUESTION_TABLE.replace(canonical_syllables(name)))
            terms = _terms(names[-1])
            self._lengths.append(len(terms))
            self._docs.append(terms | _terms(QUESTION_TABLE.replace(canonical_syllables(note))) if note else terms)
        self._average = sum(self._lengths) / max(len(self._lengths), 1)
        # A long name listing cases after semicolons ("Đăng ký biến động ... trong các trường hợp ...;
        # chuyển nhượng, thừa kế, tặng cho ...") or procedures after slashes ("Đăng ký sử dụng hoá đơn
        # điện tử/ Thay đổi nội dung .../Khai thác dữ liệu ...") is also indexed case by case, each case
        # after the name's head, so that naming one case is not drowned in the others. Documents past the
        # records are such cases; a record scores as its best document.
        self._record_of = list(range(len(procedures)))
        # A case stands for its record only when the question names it: with the head alone, the short
        # document would beat its own record and its siblings on length.
        self._case_words: list[frozenset[str]] = []
        cased_names = list(names)
        for index, procedure in enumerate(procedures):
            for case in _cases(_name_parts(procedure.name)[0])[1:]:
                head, own = names[index][:CASE_HEAD], QUESTION_TABLE.replace(canonical_syllables(case))
                cased_names.append(head + own)
                self._case_words.append(frozenset(own) - frozenset(head))
                self._docs.append(_terms(cased_names[-1]))
                self._lengths.append(len(self._docs[-1]))
                self._record_of.append(index)
        # Which documents write a folded syllable with which diacritics (a case as its record does).
        spellings = [spelt_syllables(procedure.name) for procedure in procedures]
        self._written: dict[tuple[str, str], set[int]] = {}
        for doc, record in enumerate(self._record_of):
            for syllable in spellings[record]:
                if syllable.marks is not None:
                    self._written.setdefault((syllable, syllable.marks), set()).add(doc)
                    self._written.setdefault((syllable, "*"), set()).add(doc)
        frequency: Counter[str] = Counter()
        for doc in self._docs[: len(procedures)]:
            frequency.update(doc)
        total = len(procedures)
        self._idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._vocabulary = {t: frequency[t] for t in frequency if " " not in t}
        # Pairs of words that names use protect a chat word inside them ("căn" in "căn cước").
        self._pairs = {t for t in frequency if " " in t}
        name_words = [set(self._content(name)) for name in cased_names]
        self._name_sizes = [len(words) for words in name_words]
        self._named_in: dict[str, list[int]] = {}
        for index, words in enumerate(name_words):
            for word in words:
                self._named_in.setdefault(word, []).append(index)
        # Equal scores: the shorter name first, then the lower code.
        self._order = [0] * len(procedures)
        for rank, index in enumerate(
            sorted(range(len(procedures)), key=lambda i: (len(procedures[i].name), procedures[i].code))
        ):
            self._order[index] = rank
        rules = load_aliases() if aliases is None else aliases
        self.aliases = _alias_table({k: v for k, v in rules.items() if isinstance(v, str)}, procedures)
        # Phrases whose meaning depends on the rest of the question ("sang tên" of a car or of land).
        self.context = ContextAliases(
            {k: v for k, v in rules.items() if isinstance(v, dict)},
            lambda text: spelt_syllables(unicodedata.normalize("NFC", text.lower())),
        )
        self._corrections: dict[str, str] = {}
        # Words the alias rules are written in are no typos of a catalogue word ("sang" is not "đăng").
        fold = self.context.fold
        self._known = {
            w for k, v in rules.items() for text in [k, *(v if isinstance(v, dict) else ())] for w in fold(text)
        }
        # Each term's BM25 weight in each name, computed once: a search only adds them up. A word said
        # twice in a name ("đăng ký thay đổi nội dung đăng ký") counts once: names are short.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(self._docs):
            length_norm = K1 * (1 - B + B * self._lengths[index] / self._average)
            for term in doc & self._idf.keys():  # a case's head and its words make pairs no name has
                self._postings.setdefault(term, []).append((index, self._idf[term] * (K1 + 1) / (1 + length_norm)))
        self._prior = [_prior(p) for p in procedures]
        self._personal = [_personal(p) for p in procedures]
        # Most records are no variant at all: each distinct variant is fitted to a question once.
        kinds: dict[variants.Variant, int] = {}
        self._variant_of = [
            kinds.setdefault(variants.of_record(name, p, _first_part(p.name)), len(kinds))
            for name, p in zip(names, procedures)
        ]
        self._variants = list(kinds)

    def query_words(self, text: str) -> list[str]:
        """The content words of a question, aliases expanded and typos corrected."""
        return self._read(text).words

    def _read(self, text: str) -> Query:
        """A question's words with typos corrected, aliases expanded and question phrases dropped.

        Question phrases go before aliases too, so that "làm sao" is not read as "cấp sao". Context
        rules go first of all: their context may be a word the question table drops ("vneid mức 2").
        """
        syllables = [
            w if w in self._vocabulary or w in self._known else self._correct(w) for w in spelt_syllables(text)
        ]
        typed = QUESTION_TABLE.replace(syllables)
        read = QUESTION_TABLE.replace(self.context.replace(syllables)) if self.context else typed
        expanded = QUESTION_TABLE.replace(self.aliases.replace(read))
        marks: dict[str, set[str]] = {}
        for syllable in syllables:
            if isinstance(syllable, Spelt) and syllable.marks:
                marks.setdefault(syllable, set()).add(syllable.marks)
        return Query(self._content(expanded, frozenset(typed)), expanded, typed, marks)

    def _content(self, syllables: list[str], typed: frozenset[str] | None = None) -> list[str]:
        """The words that name something: not chat words, unless an alias wrote them ("mới" in
        "xây dựng mới") or they are part of a word pair names use ("căn" in "căn cước")."""
        return [
            word
            for i, word in enumerate(syllables)
            if word not in CHAT_WORDS
            or (typed is not None and word not in typed)
            or " ".join(syllables[i - 1 : i + 1]) in self._pairs
            or " ".join(syllables[i : i + 2]) in self._pairs
        ]

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        query = self._read(text)
        words = query.words
        if not words:
            return []
        scores: dict[int, float] = defaultdict(float)  # by document
        misspelt = {w: self._misspelt(w, marks) for w, marks in query.marks.items()}
        last = self._last_request(text)
        focus = frozenset(last.words) if last else frozenset()
        typed = frozenset(query.typed)
        for term in _terms(words):
            # Words only an alias brought in weigh less than the citizen's own: "mở quán karaoke"
            # is about karaoke more than about the household business "mở quán" expands to.
            factor = 1.0 if all(w in typed for w in term.split()) else ALIAS_WEIGHT
            if all(w in focus for w in term.split()):
                factor *= 1 + FOCUS_WEIGHT
            elsewise = set().union(*(misspelt[w] for w in term.split() if w in misspelt))
            for doc, weight in self._postings.get(term, ()):
                scores[doc] += factor * weight * (ACCENT_MISMATCH if doc in elsewise else 1.0)
        unique_words = set(words)
        named: dict[int, int] = defaultdict(int)
        for word in unique_words:
            for doc in self._named_in.get(word, ()):
                named[doc] += 1
        matches: dict[int, float] = {}  # by record: its best document's
        # A document this far below the best on words cannot make it up with its name share and prior.
        floor = PRUNE * max(scores.values(), default=0.0)
        cases = len(self.procedures)
        for doc, score in scores.items():
            if score < floor or (doc >= cases and not unique_words & self._case_words[doc - cases]):
                continue
            record = self._record_of[doc]
            matches[record] = max(matches.get(record, 0.0), self._match(doc, score, named))
        asked = variants.of_question(query.expanded, last.expanded if last else None, (last or query).typed)
        organisation = bool(ORGANISATION.search(" ".join(query.expanded)))
        fits = [variants.fit(variant, asked) for variant in self._variants]
        ranked = [
            (
                -match
                * self._prior[index]
                * (PERSONAL_BOOST if self._personal[index] and not organisation else 1.0)
                * fits[self._variant_of[index]],
                self._order[index],
                index,
            )
            for index, match in matches.items()
        ]
        top = [(-score, index) for score, _, index in heapq.nsmallest(max(limit, FULLER_TOP), ranked)]
        content = [w for w in unique_words if w not in CHAT_WORDS]
        said = {
            index: frozenset(w for w in content if w in self._docs[index] and index not in misspelt.get(w, ()))
            for _, index in top[:FULLER_TOP]
        }
        return [
            Hit(
                self.procedures[index],
                score,
                sum(1 for w in unique_words if w in self._docs[index]) / len(unique_words),
                matches[index],
            )
            for score, index in self._fuller_first(top, said)[:limit]
        ]

    def _fuller_first(self, top: list[tuple[float, int]], said: dict[int, frozenset[str]]) -> list[tuple[float, int]]:
        """The hits in order, but each of the first few after any close one that says more of the question.

        Outdoing another means saying a strict superset of its words, so some hit is always outdone by none.
        """
        head, rest = top[:FULLER_TOP], top[FULLER_TOP:]
        ordered = []
        while head:
            first = next(hit for hit in head if not any(self._outdoes(other, hit, said) for other in head))
            head.remove(first)
            ordered.append(first)
        return ordered + rest

    def _outdoes(self, hit: tuple[float, int], rival: tuple[float, int], said: dict[int, frozenset[str]]) -> bool:
        (score, index), (rival_score, rival_index) = hit, rival
        extra = said[index] - said[rival_index]
        return (
            said[rival_index] < said[index]
            and score >= FULLER_CLOSE * rival_score
            and sum(self._idf[w] for w in extra) >= FULLER_EVIDENCE
        )

    def _last_request(self, text: str) -> Query | None:
        """The last sentence that names something, when a message has several.

        "Vợ em vừa sinh bé, giấy đăng ký kết hôn còn đủ. Giờ em muốn làm khai sinh cho bé": a story
        names other papers too, but it ends with what the citizen asks for.
        """
        sentences = [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]
        for sentence in reversed(sentences[1:]):
            if (read := self._read(sentence)).words:
                return read
        return None

    def _misspelt(self, word: str, marks: set[str]) -> set[int]:
        """The documents that write a folded word only with other diacritics than the given ones."""
        return self._written.get((word, "*"), set()).difference(*(self._written.get((word, m), ()) for m in marks))

    def _match(self, index: int, score: float, named: dict[int, int]) -> float:
        """A document's word score, raised by the share of its words the question says."""
        size = self._name_sizes[index]
        return score * (1 + NAME_WEIGHT * named.get(index, 0) / size) if size else score

    def resolve(self, text: str, max_choices: int = 4) -> Resolution:
        """Answer directly when the message names one procedure; offer choices when several fit."""
        hits = [hit for hit in self.search(text, limit=12) if hit.score >= MIN_SCORE]
        if not hits:
            return Resolution()
        best = hits[0]
        named = set(self.query_words(text))
        name = set(self.query_words(best.procedure.name))
        if best.coverage < MIN_COVERAGE and len(name & named) < MIN_NAME_SHARE * len(name):
            return Resolution()
        if name <= named:
            return Resolution(procedure=best.procedure)
        # Competing readings are judged on words alone: which variant a short question means is a guess,
        # so "khai sinh" offers "đăng ký khai sinh" and its siblings, best guess first.
        close: dict[str, Procedure] = {}
        # A question naming only a family ("giám hộ", "chứng thực") is offered the family: the shortest
        # name would win it on words alone, but nothing says that one is meant.
        family = len(named) <= FAMILY_WORDS
        for hit in hits:
            if hit.match >= CLOSE * best.match or (family and hit.coverage == 1.0):
                close.setdefault(hit.procedure.name.lower(), hit.procedure)
        if len(close) == 1:
            return Resolution(procedure=best.procedure)
        return Resolution(choices=tuple(close.values())[:max_choices])

    def _correct(self, word: Spelt) -> Spelt:
        if len(word) < 3 or not word.isalpha() or SYLLABLE_SHAPE.fullmatch(word):
            return word
        if word not in self._corrections:
            self._corrections[word] = _closest(word, self._vocabulary) or word
        corrected = self._corrections[word]
        # The diacritics typed on a misspelt word say nothing about the word it was meant to be.
        return word if corrected == word else Spelt(corrected, None)


# "(thực hiện tại cấp tỉnh)": the level a variant runs at; citizens rarely say it, so it should not
# make a name look longer than its twin at another level.
_LEVEL_NOTE = re.compile(r"\((?:thực hiện )?(?:tại |ở )?cấp [^()]*\)", re.IGNORECASE)
_NOTE = re.compile(r"\(([^()]*)\)")


def _name_parts(name: str) -> tuple[str, str]:
    """A name without its level note, split into the name proper and its notes in parentheses."""
    name = _LEVEL_NOTE.sub(" ", name)
    return _NOTE.sub(" ", name), " ".join(_NOTE.findall(name))


# "/" between words joins alternatives ("cấp mới/cấp lại", "doanh nghiệp/hợp tác xã"); before a capital
# it starts the next procedure of a list.
_SLASH = re.compile(r"(?<=[^\W\d])\s*/\s*(?=[^\W\d])")


def _cases(name: str) -> list[str]:
    """A name's cases: its parts between semicolons, and between slashes where a capital follows."""
    cases = []
    for part in name.split(";"):
        head, *rest = _SLASH.split(part)
        cases.append(head)
        for piece in rest:
            if piece[0].isupper():
                cases.append(piece)
            else:
                cases[-1] += "/" + piece
    return cases


def _first_part(name: str) -> list[str] | None:
    """The indexed words before a name's first comma ("Cấp" in "Cấp, cấp lại ..."), if it has one."""
    return QUESTION_TABLE.replace(canonical_syllables(name.split(",")[0])) if "," in name else None


def _alias_table(aliases: dict[str, str], procedures: list[Procedure]) -> PhraseTable:
    """The alias rules as a phrase table over folded syllables.

    A citizen's phrase that the portal also writes ("sang tên", "chứng minh nhân dân") is kept beside
    its expansion, so that the records naming it literally still match it. That is decided with
    accents: "sổ đỏ" is not "sơ đồ".
    """
    written = "\n".join(unicodedata.normalize("NFC", p.name.lower()) for p in procedures)
    rules = {unicodedata.normalize("NFC", k.lower()): v for k, v in aliases.items()}
    return PhraseTable(
        ((tuple(reading), canonical_syllables(v)) for k, v in rules.items() for reading in readings(k)),
        keep={tuple(reading) for k in rules if " " in k and k in written for reading in readings(k)},
    )


def _prior(procedure: Procedure) -> float:
    """How likely a citizen means this record among equally named ones."""
    prior = DETAIL_BOOST if procedure.detail is not None else 1.0
    if procedure.kind == "SPECIFIC":
        prior *= SPECIFIC_PENALTY
    local = any(LOCAL_AGENCY.search(d) for d in procedure.departments) or (
        procedure.detail is not None and "ward" in procedure.detail.levels
    )
    return prior * (LOCAL_BOOST if local else 1.0)


def _personal(procedure: Procedure) -> bool:
    """Whether a person can file the record, not only an organisation, a business or an official."""
    return not procedure.targets or any(PERSONAL_TARGETS.match(t) for t in procedure.targets)


# Names that contain a question phrase as a qualifier keep it: "có thời hạn" is a kind of building
# permit, not a question about a deadline.
NAME_PHRASES = (("co", "thoi", "han"),)
QUESTION_TABLE = PhraseTable(((phrase, []) for phrase in QUESTION_PHRASES + NAME_PHRASES), keep=NAME_PHRASES)


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


def _terms(words: list[str]) -> set[str]:
    """The syllables of a text and its syllable pairs."""
    return set(words) | {" ".join(pair) for pair in pairwise(words)}


class _Pairs(yaml.SafeLoader):
    """Reads every mapping as its list of pairs, so that a key written twice is seen, not dropped."""


_Pairs.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, lambda loader, node: loader.construct_pairs(node, deep=True)
)


def load_aliases(folder: Path = ALIASES_DIR) -> Aliases:
    """The rules of every alias file; a phrase written twice is refused, since one reading would be lost."""
    rules: Aliases = {}
    written_in: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        for key, value in yaml.load(path.read_text(encoding="utf-8"), Loader=_Pairs) or []:
            phrase = unicodedata.normalize("NFC", str(key).lower())
            if phrase in written_in:
                raise ValueError(f"the alias {key!r} is written twice: in {written_in[phrase]} and {path.name}")
            written_in[phrase] = path.name
            rules[str(key)] = {str(c): str(e) for c, e in value} if isinstance(value, list) else str(value)
    return rules
