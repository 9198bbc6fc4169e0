"""Text normalisation that makes "đăng ký", "dang ky" and "dk" look alike.

Citizens type with and without diacritics and in teencode; every matcher in the
project (NLU features and procedure search) compares text through `canonical`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Chat abbreviations seen in Vietnamese public-service questions, keyed by their
# accent-folded form. Values are accent-folded expansions.
TEENCODE: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "kg": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "dc": "duoc",
    "ki": "ky",
    "li": "ly",
    "dk": "dang ky",
    "dkkh": "dang ky ket hon",
    "dkks": "dang ky khai sinh",
    "hkd": "ho kinh doanh",
    "kd": "kinh doanh",
    "dky": "dang ky",
    "j": "gi",
    "ji": "gi",
    "z": "vay",
    "v": "vay",
    "zay": "vay",
    "ntn": "nhu the nao",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "nhiu": "nhieu",
    "ad": "admin",
    "add": "admin",
    "mk": "minh",
    "lm": "lam",
    "bit": "biet",
    "bik": "biet",
    "bjk": "biet",
    "mun": "muon",
    "cx": "cung",
    "ik": "di",
    "mik": "minh",
    "e": "em",
    "a/c": "anh chi",
    "ac": "anh chi",
    "r": "roi",
    "ns": "noi",
    "bh": "bao gio",
    "trc": "truoc",
    "onl": "online",
    "ol": "online",
    "vs": "voi",
    "ng": "nguoi",
    "tks": "cam on",
    "thks": "cam on",
    "thanks": "cam on",
    "thank": "cam on",
    "cmon": "cam on",
    "tt": "thu tuc",
    "ttuc": "thu tuc",
    "hs": "ho so",
    "gt": "giay to",
    "sdt": "so dien thoai",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "gplx": "giay phep lai xe",
    "gks": "giay khai sinh",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "ubnd": "uy ban nhan dan",
    "qsdd": "quyen su dung dat",
    "gcn": "giay chung nhan",
    "lltp": "ly lich tu phap",
    "dvc": "dich vu cong",
    "hk": "ho khau",
    "cty": "cong ty",
    # Abbreviations of the domain: on forms and in names as much as in chat ("chế độ TNLĐ, BNN").
    "ks": "khai sinh",
    "cmt": "chung minh thu",
    "mst": "ma so thue",
    "gpkd": "giay phep kinh doanh",
    "dkkd": "dang ky kinh doanh",
    "gpxd": "giay phep xay dung",
    "gpld": "giay phep lao dong",
    "hdld": "hop dong lao dong",
    "tncn": "thu nhap ca nhan",
    "bhtn": "bao hiem that nghiep",
    "nvqs": "nghia vu quan su",
    "tnld": "tai nan lao dong",
    "bnn": "benh nghe nghiep",
    "ksk": "kham suc khoe",
    "pccc": "phong chay chua chay",
    "attp": "an toan thuc pham",
    "vsattp": "ve sinh an toan thuc pham",
    "hdnd": "hoi dong nhan dan",
    "cchn": "chung chi hanh nghe",
    "tctn": "tro cap that nghiep",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
}

_SYLLABLE = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics ("Đăng Ký" -> "dang ky")."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    """Folded form of one syllable or word, with teencode expanded."""
    folded = fold(word)
    return TEENCODE.get(folded, folded)


def canonical_syllables(text: str) -> list[str]:
    """The folded, teencode-expanded syllables of a text, punctuation dropped."""
    out: list[str] = []
    for match in _SYLLABLE.finditer(unicodedata.normalize("NFC", text)):
        out.extend(canonical_word(match.group()).split())
    return out


class Spelt(str):
    """A folded syllable that remembers the diacritics it was written with.

    `marks` is "" for none and None when unknown (a part of an expanded abbreviation, a corrected
    typo). The marks are compared as a set, so that "hoà" and "hòa", or "kí" and "ký", are alike
    while "ngoại" and "ngoài" are not.
    """

    marks: str | None

    def __new__(cls, folded: str, marks: str | None) -> Spelt:
        syllable = super().__new__(cls, folded)
        syllable.marks = marks
        return syllable


def spelt_syllables(text: str) -> list[Spelt]:
    """`canonical_syllables`, each remembering its diacritics."""
    out: list[Spelt] = []
    for match in _SYLLABLE.finditer(unicodedata.normalize("NFC", text)):
        word = match.group()
        parts = canonical_word(word).split()
        if len(parts) == 1:
            lower = word.lower()
            marks = "".join(sorted(c for c in unicodedata.normalize("NFD", lower) if unicodedata.combining(c)))
            out.append(Spelt(parts[0], marks + "đ" * ("đ" in lower)))
        else:
            out.extend(Spelt(part, None) for part in parts)
    return out


def clashes(typed: str, written: str) -> bool:
    """True when a syllable was typed with other diacritics than a phrase writes it ("để" for "đẻ").

    A syllable typed without any says nothing: it may be either.
    """
    typed_marks, written_marks = getattr(typed, "marks", None), getattr(written, "marks", None)
    return bool(typed_marks) and written_marks is not None and typed_marks != written_marks


def canonical(text: str) -> str:
    return " ".join(canonical_syllables(text))


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC-normalise `text` and map every NFC index back to an index in `text`.

    The returned list has one more entry than the NFC string, so that both a
    token's start and its end can be mapped back to the original (maybe NFD) text.
    """
    nfc_parts: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        nfc_parts.append(cluster)
        # Every composed char of a cluster points at the cluster's start.
        mapping.extend([i] * len(cluster))
        i = j
    mapping.append(len(text))
    return "".join(nfc_parts), mapping
