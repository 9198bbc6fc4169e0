"""Questionnaires as data: versioned YAML files, one per form."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "questionnaires"
DEFAULT_VERSION = "sipas-5-components-v1"


@dataclass(frozen=True)
class Criterion:
    code: str
    component: str
    question: str


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: str
    components: dict[str, str]  # code -> name, in order
    criteria: tuple[Criterion, ...]
    handling_ratings_criterion: str | None = None


@lru_cache(maxsize=8)
def load(version: str | None = None) -> Questionnaire:
    version = version or os.environ.get("SURVEY_QUESTIONNAIRE", DEFAULT_VERSION)
    raw = yaml.safe_load((FOLDER / f"{version}.yml").read_text(encoding="utf-8"))
    if raw["version"] != version:
        raise ValueError(f"{version}.yml declares version {raw['version']}")
    components = {c["code"]: c["name"] for c in raw["components"]}
    criteria = tuple(
        Criterion(code=k["code"], component=c["code"], question=k["question"])
        for c in raw["components"]
        for k in c["criteria"]
    )
    if len({k.code for k in criteria}) != len(criteria):
        raise ValueError(f"{version}: criterion codes repeat")
    handling = raw.get("handling_ratings_criterion")
    if handling and handling not in {k.code for k in criteria}:
        raise ValueError(f"{version}: handling_ratings_criterion {handling} is not a criterion")
    return Questionnaire(
        version=version,
        title=raw["title"],
        components=components,
        criteria=criteria,
        handling_ratings_criterion=handling,
    )
