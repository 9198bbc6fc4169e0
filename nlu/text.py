"""Text normalisation that makes "đăng ký", "dang ky" and "dk" look alike.

Citizens type with and without diacritics and in teencode; every matcher in the
project (NLU features and procedure search) compares text through `canonical`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Chat abbreviations seen in Vietnamese public-service questions, keyed by their
# accent-folded form; values are what they stand for, spelt with diacritics.
TEENCODE: dict[str, str] = {
    "ko": "không",
    "k": "không",
    "kh": "không",
    "khg": "không",
    "kg": "không",
    "hok": "không",
    "hong": "không",
    "hem": "không",
    "dc": "được",
    "dk": "đăng ký",
    "dkkh": "đăng ký kết hôn",
    "dkks": "đăng ký khai sinh",
    "hkd": "hộ kinh doanh",
    "kd": "kinh doanh",
    "dky": "đăng ký",
    "j": "gì",
    "ji": "gì",
    "z": "vậy",
    "v": "vậy",
    "zay": "vậy",
    "ntn": "như thế nào",
    "bn": "bao nhiêu",
    "bnhieu": "bao nhiêu",
    "nhiu": "nhiều",
    "ad": "admin",
    "add": "admin",
    "mk": "mình",
    "lm": "làm",
    "bit": "biết",
    "bik": "biết",
    "bjk": "biết",
    "mun": "muốn",
    "cx": "cũng",
    "ik": "đi",
    "mik": "mình",
    "e": "em",
    "a/c": "anh chị",
    "ac": "anh chị",
    "r": "rồi",
    "ns": "nói",
    "bh": "bao giờ",
    "h": "giờ",  # "bao h", "mấy h"
    "trc": "trước",
    "onl": "online",
    "ol": "online",
    "vs": "với",
    "ng": "người",
    "vk": "vợ",
    "ck": "chồng",  # also "chuyển khoản" in shops; in questions to a commune it is the husband
    "tks": "cảm ơn",
    "thks": "cảm ơn",
    "thanks": "cảm ơn",
    "thank": "cảm ơn",
    "cmon": "cảm ơn",
    "tt": "thủ tục",
    "ttuc": "thủ tục",
    "hs": "hồ sơ",
    "gt": "giấy tờ",
    "sdt": "số điện thoại",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "gplx": "giấy phép lái xe",
    "gks": "giấy khai sinh",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "ubnd": "ủy ban nhân dân",
    "qsdd": "quyền sử dụng đất",
    "gcn": "giấy chứng nhận",
    "lltp": "lý lịch tư pháp",
    "dvc": "dịch vụ công",
    "hk": "hộ khẩu",
    "cty": "công ty",
    # Abbreviations of the domain: on forms and in names as much as in chat ("chế độ TNLĐ, BNN").
    "ks": "khai sinh",
    "cmt": "chứng minh thư",
    "mst": "mã số thuế",
    "gpkd": "giấy phép kinh doanh",
    "dkkd": "đăng ký kinh doanh",
    "dn": "doanh nghiệp",  # typed "đn" it is Đà Nẵng: the expansion has no "đ"
    "dkdn": "đăng ký doanh nghiệp",
    "gpxd": "giấy phép xây dựng",
    "gpld": "giấy phép lao động",
    "hdld": "hợp đồng lao động",
    "tncn": "thu nhập cá nhân",
    "bhtn": "bảo hiểm thất nghiệp",
    "nvqs": "nghĩa vụ quân sự",
    "qs": "quân sự",
    "tnld": "tai nạn lao động",
    "bnn": "bệnh nghề nghiệp",
    "ksk": "khám sức khỏe",
    "pccc": "phòng cháy chữa cháy",
    "attp": "an toàn thực phẩm",
    "vsattp": "vệ sinh an toàn thực phẩm",
    "hdnd": "hội đồng nhân dân",
    "cchn": "chứng chỉ hành nghề",
    "tctn": "trợ cấp thất nghiệp",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
}

# Spellings of one syllable ("kì", "kí" for "kỳ"), whatever diacritics they are typed with.
SPELLINGS: dict[str, str] = {"ki": "ky", "li": "ly"}

_SYLLABLE = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics ("Đăng Ký" -> "dang ky")."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    """Folded form of one syllable or word, with teencode expanded.

    A word typed with diacritics its expansion does not have is another word: "hông" is "không",
    but "hỏng" (broken), "hồng" (sổ hồng) and "hẻm" (an alley) are themselves.
    """
    folded = fold(word)
    expansion = TEENCODE.get(folded)
    if expansion is None or not _marks(word) <= _marks(expansion):
        return SPELLINGS.get(folded, folded)
    return fold(expansion)


def readings(text: str, syllables: Callable[[str], list[str]] | None = None) -> list[list[str]]:
    """A phrase's syllables (`spelt_syllables` unless given) as written and, when teencode reads it
    otherwise, as typed without diacritics: "sổ hồng" typed "so hong" reads "so khong", and should
    still match."""
    read = syllables or spelt_syllables
    written, plain = read(text), read(fold(text))
    return [written, plain] if plain != written else [written]


def _marks(text: str) -> set[str]:
    lower = text.lower()
    return {c for c in unicodedata.normalize("NFD", lower) if unicodedata.combining(c)} | ({"đ"} & set(lower))


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
        folded = fold(word)
        # An abbreviation's marks ("đ" in "đc") are not those of the word it stands for ("được").
        if parts == [SPELLINGS.get(folded, folded)]:
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
