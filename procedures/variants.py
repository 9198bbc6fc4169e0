"""Which of a procedure's near-duplicate records a question means.

The catalogue holds a procedure next to its variants: "Cấp thẻ căn cước" beside
"Cấp đổi" and "Cấp lại thẻ căn cước", "Đăng ký kết hôn" beside its versions with
a foreign element, at the border or mobile, a card for under-14s beside the one
for adults, a record run by an embassy beside the commune's. Their names share
almost every word, so word matching alone cannot choose; the words that set a
variant apart can. A question that does not say "cấp lại" means the plain
procedure, and one that says it means a record that renews something. Phrases
are matched on accent-folded syllables, as the search index holds them; one
written with diacritics is not found where a question types other marks ("họ
đòi giấy" does not ask to "đổi" it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from procedures.model import Procedure
from procedures.phrases import labels

# What is done to an existing paper or registration, by the label a question's words map to.
# Actions count where a name starts (HEAD syllables), so that "đối với" or "biên phòng ... thu hồi"
# deep in a long name do not turn it into a variant. Phrases mapped to "" only shield their words.
ACTIONS: dict[str, str] = {
    "cấp lại": "lai",
    "đăng ký lại": "lai",
    "xin lại": "lai",
    "cấp đổi": "doi",
    "đổi": "doi",
    "thay đổi": "thay doi",
    "sửa đổi": "thay doi",
    "điều chỉnh": "thay doi",
    "cập nhật": "thay doi",
    "hiệu đính": "thay doi",
    "bổ sung": "thay doi",
    "cải chính": "thay doi",
    "đính chính": "thay doi",
    "gia hạn": "gia han",
    "thu hồi": "thu hoi",
    "xóa": "xoa",
    "hủy": "huy",
    "hủy bỏ": "huy",
    "bãi bỏ": "huy",
    "chấm dứt": "cham dut",
    "tạm ngừng": "tam ngung",
    "tạm dừng": "tam ngung",
    "dừng thực hiện": "dung",
    "đình chỉ": "dinh chi",
    "giải thể": "giai the",
    "sáp nhập": "sap nhap",
    "miễn nhiệm": "mien nhiem",
    "thôi hưởng": "thoi huong",
    "tiếp tục": "tiep tuc",
    "khôi phục": "khoi phuc",
    "mở khóa": "mo khoa",
    "khóa": "khoa",
    "trình báo": "trinh bao",
    "rút": "rut",
} | dict.fromkeys(
    "đối với|đối tượng|chuyển đổi|quân đội|đối ngoại|đổi ngoại tệ|đối tác|đối chiếu|đổi thửa|đời sống".split("|")
    + "khoa học|chuyên khoa|đa khoa".split("|"),
    "",
)
HEAD = 8
PLAIN_ACT = 3  # syllables of a plain act listed before a name's variants ("Cấp, cấp lại ...")
# Whom or where a record is for, beyond the plain case; they count anywhere in a name.
# A foreign element ("người nước ngoài", "yếu tố nước ngoài") is one qualifier, being abroad another.
QUALIFIERS: dict[str, str] = dict.fromkeys(["yeu to nuoc ngoai", "nguoi nuoc ngoai"], "nuoc ngoai") | {
    "o nuoc ngoai": "o nuoc ngoai",
    "tai nuoc ngoai": "o nuoc ngoai",
    "luu dong": "luu dong",
    "bien gioi": "bien gioi",
    "ket hop": "ket hop",
    "co thoi han": "co thoi han",
    "theo yeu cau cua co quan": "co quan",
    # A record for those who do NOT meet a condition ("không đủ điều kiện hưởng lương hưu") is
    # the negated variant of the record for those who do.
    "khong du dieu kien": "khong du",
    "chua du dieu kien": "khong du",
    "khong du": "khong du",
    # Records for an investment project are for investors, not for a family's plot or house.
    "du an dau tu": "du an",
}
# A name listing Vietnamese citizens beside foreigners ("cho công dân Việt Nam, người nước ngoài
# đang cư trú tại Việt Nam") is for everyone, not the foreigners' variant.
EVERYONE = {"cong dan viet nam": "everyone"}
# Records for Vietnamese abroad (embassies, Bộ Ngoại giao) are the "ở nước ngoài" variant of a local one.
ABROAD_AGENCY = re.compile(r"ở nước ngoài", re.IGNORECASE)
ABROAD_PROMULGATOR = "Bộ Ngoại giao"
# Bộ Quốc phòng's records are for the army even where their names read like a civilian twin's ("Cấp mới
# giấy phép hành nghề khám bệnh, chữa bệnh" is for army doctors): a question speaking of the army means
# them. One that does not may still mean one: many have no civilian twin (flycam permits, oil-spill plans).
ARMY_PROMULGATOR = "Bộ Quốc phòng"
ARMY = "quan doi"
# Qualifiers that count only when a question says them: a record having one is not ranked down for it.
ASKED_ONLY = frozenset({ARMY})
ARMY_WORDS = dict.fromkeys(
    "quân đội|quân nhân|quân sự|quân y|quân khu|quốc phòng|bộ đội|đi lính|sĩ quan|tại ngũ|xuất ngũ|nhập ngũ"
    "|phục viên|dân quân|biên phòng|du kích|chiến sĩ|trung đoàn|sư đoàn|lữ đoàn|đại đội|tiểu đoàn|cam ranh".split("|"),
    ARMY,
)
# The level of government a record is run at, from its name ("(cấp tỉnh)", "thuộc thẩm quyền của cấp
# trung ương") or else its agencies: a question that names a level ("trong phạm vi tỉnh", "công an xã",
# "xin gia hạn ở tỉnh", "giấy phép do tỉnh cấp") means that level's twin of a procedure the catalogue
# holds at several.
LEVELS = {"xã": "xa", "huyện": "xa", "phường": "xa", "tỉnh": "tinh", "tw": "tw", "trung ương": "tw"}
# A name's "(cấp Bộ)" is the central twin; a question's plain "cua bo" is as often "của bố".
NAME_LEVELS = LEVELS | {"bộ": "tw"}
NAME_LEVEL = re.compile(r"\bcấp (xã|huyện|tỉnh|tw|trung ương|bộ)\b", re.IGNORECASE)
# An agency's level, tried in this order ("Ủy ban nhân dân tỉnh và thành phố trực thuộc Trung ương" is a province's).
AGENCY_LEVELS = tuple(
    (level, re.compile(pattern, re.IGNORECASE))
    for level, pattern in (
        ("xa", r"cấp\s+(?:xã|huyện)|phường|^(?:ubnd|ủy ban nhân dân) xã|^Chi nhánh Văn phòng|^Thuế cơ sở"),
        ("tinh", r"tỉnh|^Sở\b"),
        ("tw", r"^Bộ\b|- Bộ\b|Bộ trưởng|cơ quan ngang Bộ|^(?:Cục|Tổng cục)\b|Chính phủ|Trung ương|Nhà nước Việt Nam"),
    )
)
ASKED_LEVELS: dict[str, str] = {
    f"{before} {level}": label
    for level, label in LEVELS.items()
    for before in ("cấp", "ubnd", "ủy ban nhân dân", "ủy ban", "công an", "phạm vi", "ở", "tại", "lên", "do", "của")
} | {f"{level} cấp": label for level, label in LEVELS.items()}
ASKED_LEVELS |= {"phường": "xa", "lên bộ": "tw", "cấp bộ": "tw", "trung ương": "tw"}
# Words a question uses for a child when it gives no age: they satisfy a record for under-N-year-olds.
CHILD_WORDS = dict.fromkeys(["be", "tre", "nho", "so sinh"], "child")

ACTION_PENALTY = 0.6  # the record does something to a paper the question does not ask for, or the reverse
# Undoing or ending something (hủy, thu hồi, giải thể...) is further from what a citizen asks for than
# another way of getting it: a question that does not say so means it even less.
ENDINGS = frozenset({"huy", "thu hoi", "xoa", "cham dut", "tam ngung", "dung", "dinh chi", "giai the", "sap nhap"})
ENDING_PENALTY = 0.6
QUALIFIER_PENALTY = 0.7  # per qualifier of the record the question does not say
UNMET_PENALTY = 0.85  # per qualifier the question says and the record lacks
LEVEL_PENALTY = 0.8  # the question names a level of government the record is not run at
AGE_PENALTY = 0.6  # the question's age is outside the record's, or a child's record and no child is said

_LOWER_AGE = re.compile(r"\b(tu du|tu|du|tren) (\d+) tuoi")
_UPPER_AGE = re.compile(r"\b(duoi|chua du|den duoi|den) (\d+) tuoi")
_AGE = re.compile(r"\b(?:(duoi|chua du|tren|tu du|tu) )?(\d+) tuoi")
_ACTIONS, _QUALIFIERS, _EVERYONE, _CHILD = labels(ACTIONS), labels(QUALIFIERS), labels(EVERYONE), labels(CHILD_WORDS)
_LEVELS, _ARMY = labels(ASKED_LEVELS), labels(ARMY_WORDS)


@dataclass(frozen=True)
class Variant:
    """What sets a record apart from the plain procedure."""

    actions: frozenset[str] = frozenset()
    plain: bool = True  # the record does the plain procedure too ("Cấp, cấp lại ...", or no action at all)
    qualifiers: frozenset[str] = frozenset()
    ages: tuple[int, int] | None = None  # [from, to) years of age the record is for
    levels: frozenset[str] = frozenset()  # levels of government it is run at, when known


@dataclass(frozen=True)
class Asked:
    """The variant words a question says."""

    actions: frozenset[str]
    qualifiers: frozenset[str]
    age: int | None  # the age a question gives
    child: bool  # the question speaks of a child
    levels: frozenset[str] = frozenset()  # levels of government the question names


def of_record(name: list[str], procedure: Procedure, first_part: list[str] | None = None) -> Variant:
    """The variant a record is, from its indexed name, its agencies and the words before its first comma if any.

    "Thực hiện, điều chỉnh, thôi hưởng trợ cấp" starts with the plain act, then lists its variants:
    such a record is for the plain procedure as well.
    """
    qualifiers = set(_QUALIFIERS.find(name))
    if _EVERYONE.find(name):
        qualifiers -= {"nuoc ngoai", "o nuoc ngoai"}
    if procedure.promulgated_by == ARMY_PROMULGATOR:
        qualifiers.add(ARMY)
    if procedure.promulgated_by == ABROAD_PROMULGATOR or any(ABROAD_AGENCY.search(d) for d in procedure.departments):
        qualifiers.add("o nuoc ngoai")
    actions = frozenset(_ACTIONS.find(name, before=HEAD))
    plain = not actions or (first_part is not None and len(first_part) <= PLAIN_ACT and not _ACTIONS.find(first_part))
    return Variant(
        actions=actions, plain=plain, qualifiers=frozenset(qualifiers), ages=_ages(name), levels=_levels(procedure)
    )


def of_question(words: list[str], request: list[str] | None = None, typed: list[str] | None = None) -> Asked:
    """The variant words a question says, from its expanded syllables.

    `request`, the sentence a story ends with, says the action when it names one: "công ty cũ
    giải thể rồi" earlier in the story is what happened, not what is asked. A level of government
    counts only when `typed`, the citizen's own words of the request, names it: not an alias ("lễ hội
    làng"), nor a story's "đã làm khai tử ở xã".
    """
    age = _AGE.search(" ".join(words))
    actions = set(_ACTIONS.find(request or [])) or set(_ACTIONS.find(words))
    if "doi" in actions:  # "đổi địa chỉ" asks for a change as much as "thay đổi" does
        actions.add("thay doi")
    qualifiers = set(_QUALIFIERS.find(words))
    if "nuoc" in words and "ngoai" in words:  # any mention of abroad brings in a foreign element
        qualifiers.add("nuoc ngoai")
    qualifiers.update(_ARMY.find(words))
    return Asked(
        actions=frozenset(actions),
        qualifiers=frozenset(qualifiers),
        age=int(age.group(2)) + {"duoi": -1, "chua du": -1, "tren": 1}.get(age.group(1), 0) if age else None,
        child=bool(_CHILD.find(words)),
        levels=frozenset(_LEVELS.find(words if typed is None else typed)),
    )


def fit(record: Variant, question: Asked) -> float:
    """How well a record's variant fits what the question says: 1.0, or less for each mismatch."""
    factor = ENDING_PENALTY if record.actions & ENDINGS and not record.actions & question.actions else 1.0
    if question.actions:
        if not record.actions & question.actions:
            factor *= ACTION_PENALTY
    elif not record.plain:
        factor *= ACTION_PENALTY
    factor *= QUALIFIER_PENALTY ** len(record.qualifiers - question.qualifiers - ASKED_ONLY)
    factor *= UNMET_PENALTY ** len(question.qualifiers - record.qualifiers)
    if question.levels and record.levels and not question.levels & record.levels:
        factor *= LEVEL_PENALTY
    if record.ages is not None:
        low, high = record.ages
        if question.age is not None:
            factor *= 1.0 if low <= question.age < high else AGE_PENALTY
        elif low == 0 and not question.child:
            factor *= AGE_PENALTY
    return factor


def _levels(procedure: Procedure) -> frozenset[str]:
    named = {NAME_LEVELS[level.lower()] for level in NAME_LEVEL.findall(procedure.name)}
    if named:
        return frozenset(named)
    return frozenset(
        next((level for level, agency in AGENCY_LEVELS if agency.search(department)), None)
        for department in procedure.departments
    ) - {None}


def _ages(name: list[str]) -> tuple[int, int] | None:
    if "tuoi" not in name:
        return None
    text = " ".join(name)
    lower, upper = _LOWER_AGE.search(text), _UPPER_AGE.search(text)
    if not lower and not upper:
        return None
    low = int(lower.group(2)) + (lower.group(1) == "tren") if lower else 0
    high = int(upper.group(2)) + (upper.group(1) == "den") if upper else 200
    return low, high
