"""The SIPAS satisfaction index, computed from the raw answers.

The formula, stated once (common practice; the official text was not available):
- a criterion's index is the share of its valid answers that are 4 or 5;
- a component's index is the mean of its criteria's indexes;
- the overall index is the mean of the components' indexes.
Criteria or components with no answers in the selection are left out of the
means, and their counts say so. Answers of unverified dossiers (codes the
office never registered) are left out unless asked for. Citizens' ratings of
how their reports were handled count as answers to the questionnaire's
`handling_ratings_criterion` (component 5); khiếu nại and tố cáo never do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from feedback_store.models import HandlingRating, Report, SurveyAnswer, SurveyResponse
from feedback_store.questionnaire import Questionnaire
from feedback_store.reports import LEGAL_KINDS

SATISFIED = (4, 5)


@dataclass(frozen=True)
class CriterionIndex:
    code: str
    valid: int
    satisfied: int

    @property
    def index(self) -> float | None:
        return self.satisfied / self.valid if self.valid else None


@dataclass(frozen=True)
class ComponentIndex:
    code: str
    name: str
    criteria: tuple[CriterionIndex, ...]

    @property
    def index(self) -> float | None:
        return _mean(c.index for c in self.criteria)


@dataclass(frozen=True)
class IndexReport:
    components: tuple[ComponentIndex, ...]
    responses: int
    handling_ratings: int = 0
    filters: dict[str, str | None] = field(default_factory=dict)

    @property
    def index(self) -> float | None:
        return _mean(c.index for c in self.components)

    def as_dict(self) -> dict:
        return {
            "formula": __doc__.split("\n\n")[1].strip(),
            "filters": self.filters,
            "responses": self.responses,
            "handling_ratings": self.handling_ratings,
            "index": self.index,
            "components": [
                {
                    "code": c.code,
                    "name": c.name,
                    "index": c.index,
                    "criteria": [
                        {"code": k.code, "index": k.index, "valid": k.valid, "satisfied": k.satisfied}
                        for k in c.criteria
                    ],
                }
                for c in self.components
            ],
        }


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def compute(questionnaire: Questionnaire, answers: Iterable[tuple[str, int]], responses: int) -> IndexReport:
    """The index from (criterion, value) pairs; the pure part, tested against hand-computed cases."""
    valid: dict[str, int] = defaultdict(int)
    satisfied: dict[str, int] = defaultdict(int)
    for criterion, value in answers:
        if value in (1, 2, 3, 4, 5):
            valid[criterion] += 1
            satisfied[criterion] += value in SATISFIED
    components = tuple(
        ComponentIndex(
            code=code,
            name=name,
            criteria=tuple(
                CriterionIndex(c.code, valid[c.code], satisfied[c.code])
                for c in questionnaire.criteria
                if c.component == code
            ),
        )
        for code, name in questionnaire.components.items()
    )
    return IndexReport(components=components, responses=responses)


def report(
    session: Session,
    questionnaire: Questionnaire,
    agency: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    include_unverified: bool = False,
) -> IndexReport:
    query = select(SurveyResponse.id, SurveyAnswer.criterion, SurveyAnswer.value).join(SurveyResponse.answers)
    query = _selection(query, SurveyResponse.agency_code, SurveyResponse.submitted_at, agency, start, end)
    if not include_unverified:
        query = query.where(SurveyResponse.verified.is_(True))
    rows = session.execute(query).all()
    answers = [(criterion, value) for _, criterion, value in rows]
    ratings: list[int] = []
    if questionnaire.handling_ratings_criterion:
        ratings = _handling_ratings(session, agency, start, end)
        answers += [(questionnaire.handling_ratings_criterion, value) for value in ratings]
    result = compute(questionnaire, answers, len({r[0] for r in rows}))
    return IndexReport(
        components=result.components,
        responses=result.responses,
        handling_ratings=len(ratings),
        filters={
            "agency": agency,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "include_unverified": str(include_unverified).lower(),
        },
    )


def _handling_ratings(session: Session, agency: str | None, start: datetime | None, end: datetime | None) -> list[int]:
    query = select(HandlingRating.value).join(Report, Report.id == HandlingRating.report_id)
    query = query.where(Report.kind.not_in(LEGAL_KINDS))
    return list(session.scalars(_selection(query, Report.agency_code, HandlingRating.at, agency, start, end)))


def _selection(
    query: Select,
    agency_column: Any,
    time_column: Any,
    agency: str | None,
    start: datetime | None,
    end: datetime | None,
) -> Select:
    """The agency and the half-open period [start, end) a report asks for."""
    if agency:
        query = query.where(agency_column == agency)
    if start:
        query = query.where(time_column >= start)
    if end:
        query = query.where(time_column < end)
    return query
