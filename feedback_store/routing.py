"""Routing of reports to agencies, and due dates in working days — both read from routing.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
import yaml

from nlu.text import canonical

ROUTING_FILE = Path(__file__).resolve().parent / "routing.yml"


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    deadline_days: int


@dataclass(frozen=True)
class Rule:
    agency: str
    category: str | None = None
    province: str | None = None
    commune: str | None = None

    def matches(self, category: str, province: str | None, commune: str | None) -> bool:
        return all(
            wanted is None or wanted == actual
            for wanted, actual in ((self.category, category), (self.province, province), (self.commune, commune))
        )


@dataclass(frozen=True)
class Routing:
    categories: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    agencies: dict[str, Agency]
    rules: tuple[Rule, ...]
    extra_days_off: frozenset[date]
    make_up_working_days: frozenset[date]

    def agency_for(self, category: str, province: str | None = None, commune: str | None = None) -> Agency:
        for rule in self.rules:
            if rule.matches(category, province, commune):
                return self.agencies[rule.agency]
        raise LookupError(f"no routing rule for {category}, {province}, {commune}")

    def suggest_category(self, text: str) -> str | None:
        """The category whose keywords the text mentions most, or None."""
        words = f" {canonical(text)} "
        counts = {
            code: sum(1 for keyword in keywords if f" {canonical(keyword)} " in words)
            for code, keywords in self.keywords.items()
        }
        best = max(counts, key=lambda code: counts[code], default=None)
        return best if best and counts[best] else None

    def is_working_day(self, day: date) -> bool:
        if day in self.make_up_working_days:
            return True
        return day.weekday() < 5 and day not in self.extra_days_off and day not in holidays.Vietnam(years=day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the day of receipt does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Routing:
    path = path or Path(os.environ.get("ROUTING_FILE", ROUTING_FILE))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    agencies = {a["code"]: Agency(a["code"], a["name"], int(a["deadline_days"])) for a in raw["agencies"]}
    rules = tuple(Rule(**rule) for rule in raw["rules"])
    unknown = {r.agency for r in rules} - agencies.keys()
    if unknown:
        raise ValueError(f"{path}: rules name unknown agencies {sorted(unknown)}")
    return Routing(
        categories={c["code"]: c["name"] for c in raw["categories"]},
        keywords={c["code"]: tuple(c.get("keywords") or ()) for c in raw["categories"]},
        agencies=agencies,
        rules=rules,
        extra_days_off=frozenset(date.fromisoformat(str(d)) for d in raw.get("extra_days_off") or []),
        make_up_working_days=frozenset(date.fromisoformat(str(d)) for d in raw.get("make_up_working_days") or []),
    )
