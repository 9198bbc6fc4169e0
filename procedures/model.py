"""Typed view of the portal's procedure records, keeping the portal's values as they are."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fee:
    kind: str  # FEE (lệ phí), SERVICE_FEE (phí), PRICE_LEVEL (giá)
    amount: float | None
    description: str


@dataclass(frozen=True)
class Method:
    channel: str  # DIRECT, ONLINE, POSTAL
    time: float | None
    time_unit: str  # WORKING_DAY, DAY, HOUR, MONTH, OTHER
    description: str
    fees: tuple[Fee, ...]


@dataclass(frozen=True)
class Component:
    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class Case:
    name: str
    components: tuple[Component, ...]


@dataclass(frozen=True)
class Detail:
    """The parts of a full portal record that the bot shows a citizen."""

    steps: tuple[str, ...]
    methods: tuple[Method, ...]
    cases: tuple[Case, ...]
    legal_basis: tuple[str, ...]
    results: tuple[str, ...]
    agencies: tuple[str, ...]
    levels: tuple[str, ...]  # ward, province, ministry, other
    receiving_addresses: str
    requirements: str
    offline_only: bool
    case_times: tuple[tuple[float, str], ...]  # processing time per case, when the methods say OTHER

    @property
    def online(self) -> bool:
        return not self.offline_only and any(m.channel == "ONLINE" for m in self.methods)

    @classmethod
    def from_portal(cls, data: dict[str, Any]) -> Detail:
        return cls(
            steps=tuple(_text(s.get("description")) or _text(s.get("name")) for s in data.get("executionSteps") or []),
            methods=tuple(_method(m) for m in data.get("executionMethods") or []),
            cases=tuple(_case(c) for c in data.get("executionCases") or []),
            legal_basis=tuple(_legal(b) for b in data.get("legalBasisesDetails") or []),
            results=tuple(_text(r.get("name")) for r in data.get("resultsDetails") or []),
            agencies=_agencies(data),
            levels=tuple(
                level
                for level, flag in (
                    ("ward", "isWard"),
                    ("province", "isProvince"),
                    ("ministry", "isMinistry"),
                    ("other", "isOtherAgency"),
                )
                if data.get(flag)
            ),
            receiving_addresses=_text(data.get("dossierReceivingAddresses")),
            requirements=_text(data.get("requirementsAndConditions")),
            offline_only=bool(data.get("isOfflineOnly")),
            case_times=tuple(
                dict.fromkeys(
                    (float(day["qty"]), day.get("type") or "OTHER")
                    for day in (c.get("processingDay") for c in data.get("cases") or [])
                    if isinstance(day, dict) and _number(day.get("qty")) is not None
                )
            ),
        )


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    categories: tuple[str, ...]
    departments: tuple[str, ...]
    promulgated_by: str
    targets: tuple[str, ...]
    kind: str  # STANDARD, SPECIFIC (one province), STANDARD_INTERNAL
    detail: Detail | None = field(default=None, compare=False)

    @classmethod
    def from_catalog(cls, row: dict[str, Any], detail: dict[str, Any] | None = None) -> Procedure:
        return cls(
            code=row["code"],
            name=" ".join(_text(row.get("name")).split()),
            categories=tuple(row.get("categories") or ()),
            departments=tuple(_text(d) for d in row.get("departments") or () if d),
            promulgated_by=_text(row.get("departmentPromulgate")),
            targets=tuple(row.get("formalityTargetType") or ()),
            kind=row.get("type") or "STANDARD",
            detail=Detail.from_portal(detail) if detail else None,
        )


def _text(value: Any) -> str:
    # Some of the portal's names come decomposed (NFD): shown and compared as composed text.
    return unicodedata.normalize("NFC", str(value).strip()) if value else ""


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _method(raw: dict[str, Any]) -> Method:
    return Method(
        channel=raw.get("submissionMethod") or "",
        time=_number(raw.get("processingTime")),
        time_unit=raw.get("processingTimeUnit") or "OTHER",
        description=_text(raw.get("description")),
        fees=tuple(
            Fee(kind=f.get("type") or "FEE", amount=_number(f.get("value")), description=_text(f.get("description")))
            for f in raw.get("fees") or []
        ),
    )


def _case(raw: dict[str, Any]) -> Case:
    return Case(
        name=_text(raw.get("name")),
        components=tuple(
            Component(
                name=_text(p.get("name")),
                originals=int(_number(p.get("originalQty")) or 0),
                copies=int(_number(p.get("copyQty")) or 0),
            )
            for p in raw.get("profileComponents") or []
        ),
    )


def _legal(raw: dict[str, Any]) -> str:
    name, code = _text(raw.get("name")), _text(raw.get("code"))
    return name if not code or code in name else f"{code}: {name}"


def _agencies(data: dict[str, Any]) -> tuple[str, ...]:
    names = [d.get("name") for d in data.get("departmentsExecuting") or []]
    names += [u.get("name") for u in data.get("unitGroupsExecuting") or []]
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(" ".join(str(name).split()), None)
    return tuple(seen)
