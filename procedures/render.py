"""Turn a procedure record into the pieces of text the bot's answers show.

Every figure comes from the record. Sentence frames live in domain.yml; the
few words this module needs (channel and unit names...) come in `labels`,
read from the `utter_procedure_labels` response of the domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nlu.text import canonical_syllables
from procedures.model import Detail, Fee, Method, Procedure

ITEM_LIMIT = 400
SECTION_LIMIT = 2500
TITLE_LIMIT = 100  # a button a phone shows whole; Zalo's limit too


CHANNEL_ORDER = ("DIRECT", "ONLINE", "POSTAL")


def clip(text: str, limit: int = ITEM_LIMIT) -> str:
    """Collapse whitespace runs inside lines and cut at a word boundary."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if len(cleaned) <= limit:
        return cleaned
    return cleaned[:limit].rsplit(" ", 1)[0] + " …"


def choices(procedures: Iterable[Procedure], question: str) -> dict[str, Procedure]:
    """Procedures to choose from by button title: their names, short enough for a phone.

    A name listing cases after semicolons ("Đăng ký biến động ... trong các trường hợp ...;
    chuyển nhượng, thừa kế, tặng cho ...") shows its first phrase and the case the question is
    about. Records whose titles read alike (one procedure as several provinces record it) are
    offered once, the best-ranked first.
    """
    asked = set(canonical_syllables(question))
    offered: dict[str, Procedure] = {}
    seen: set[str] = set()
    for procedure in procedures:
        title = clip(_case_asked(procedure.name, asked), TITLE_LIMIT)
        alike = " ".join(canonical_syllables(title)).removeprefix("thu tuc ")
        if alike not in seen:
            seen.add(alike)
            offered[title] = procedure
    return offered


def _case_asked(name: str, asked: set[str]) -> str:
    """A long name cut to its first phrase and the case it lists that shares most words with the question."""
    cases = [case.strip() for case in name.split(";")]
    best = max(cases, key=lambda case: len(asked & set(canonical_syllables(case))))
    if len(cases) == 1 or best == cases[0]:
        return name
    return f"{cases[0].split(',')[0]}: {best}"


def bullets(items: Iterable[str], limit: int = SECTION_LIMIT) -> str:
    out: list[str] = []
    size = 0
    for item in items:
        # The portal's texts often carry their own "- " or "+ " bullets.
        line = f"• {item.lstrip('-+*• ').strip()}"
        if size + len(line) > limit:
            out.append("• …")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def number(value: float) -> str:
    """Vietnamese number format: 50.000, 1,5."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def _group(pairs: Iterable[tuple[str, str]], labels: Mapping[str, str]) -> list[str]:
    """Join channels that share the same text: "Trực tiếp, Bưu chính: 3 ngày"."""
    grouped: dict[str, dict[str, None]] = {}
    for channel, text in sorted(pairs, key=lambda pair: _channel_rank(pair[0])):
        grouped.setdefault(text, {})[labels.get(f"channel_{channel}", channel)] = None
    return [f"{', '.join(channels)}: {text}" for text, channels in grouped.items()]


def _channel_rank(channel: str) -> int:
    return CHANNEL_ORDER.index(channel) if channel in CHANNEL_ORDER else len(CHANNEL_ORDER)


def fee_text(fee: Fee, labels: Mapping[str, str]) -> str:
    kind = labels.get(f"fee_{fee.kind}", fee.kind)
    if fee.amount:
        amount = f"{kind} {number(fee.amount)} {labels['currency']}"
        return f"{amount} ({clip(fee.description, 300)})" if fee.description else amount
    if fee.description:
        return clip(fee.description)
    return labels["fee_none"]


def fees(detail: Detail, labels: Mapping[str, str]) -> str:
    pairs = [
        (m.channel, "; ".join(dict.fromkeys(fee_text(f, labels) for f in m.fees)) or labels["fee_none"])
        for m in detail.methods
    ]
    return bullets(_group(pairs, labels)) or labels["not_stated"]


def time_text(method: Method, detail: Detail, labels: Mapping[str, str]) -> str:
    if method.time_unit != "OTHER" and method.time:
        text = f"{number(method.time)} {labels.get(f'unit_{method.time_unit}', method.time_unit)}"
        return f"{text} ({clip(method.description, 300)})" if method.description else text
    if method.description:
        return clip(method.description)
    known = [(qty, unit) for qty, unit in detail.case_times if unit != "OTHER"]
    if known:
        return "; ".join(f"{number(qty)} {labels.get(f'unit_{unit}', unit)}" for qty, unit in known)
    return labels["not_stated"]


def times(detail: Detail, labels: Mapping[str, str]) -> str:
    return (
        bullets(_group(((m.channel, time_text(m, detail, labels)) for m in detail.methods), labels))
        or labels["not_stated"]
    )


def documents(detail: Detail, labels: Mapping[str, str]) -> str:
    sections: list[str] = []
    for case in detail.cases:
        lines = []
        for component in case.components:
            counts = []
            if component.originals:
                counts.append(f"{component.originals} {labels['original']}")
            if component.copies:
                counts.append(f"{component.copies} {labels['copy']}")
            suffix = f" ({', '.join(counts)})" if counts else ""
            lines.append(clip(component.name) + suffix)
        body = bullets(lines, SECTION_LIMIT // max(len(detail.cases), 1))
        sections.append(f"{clip(case.name, 200)}\n{body}" if case.name else body)
    return clip("\n\n".join(sections), SECTION_LIMIT * 2) or labels["not_stated"]


def channels(detail: Detail, labels: Mapping[str, str]) -> str:
    ordered = sorted(detail.methods, key=lambda m: _channel_rank(m.channel))
    names = dict.fromkeys(labels.get(f"channel_{m.channel}", m.channel) for m in ordered)
    return ", ".join(names) or labels["not_stated"]


def agencies(procedure: Procedure, labels: Mapping[str, str]) -> str:
    detail = procedure.detail
    names = (detail.agencies if detail and detail.agencies else procedure.departments) or ()
    return ", ".join(names) or labels["not_stated"]


def levels(detail: Detail, labels: Mapping[str, str]) -> str:
    return ", ".join(labels.get(f"level_{level}", level) for level in detail.levels) or labels["not_stated"]


def steps(detail: Detail, labels: Mapping[str, str]) -> str:
    return clip("\n".join(detail.steps), 1200) or labels["not_stated"]


def legal_basis(detail: Detail, labels: Mapping[str, str]) -> str:
    return bullets(clip(item, 300) for item in detail.legal_basis) or labels["not_stated"]
