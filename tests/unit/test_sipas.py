"""The SIPAS index against hand-computed examples."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from feedback_store import sipas, surveys, transactions
from feedback_store.db import transaction
from feedback_store.questionnaire import Criterion, Questionnaire, load

TWO_BY_TWO = Questionnaire(
    version="test",
    title="test",
    components={"a": "A", "b": "B"},
    criteria=(
        Criterion("a.1", "a", "?"),
        Criterion("a.2", "a", "?"),
        Criterion("b.1", "b", "?"),
        Criterion("b.2", "b", "?"),
    ),
)


def test_hand_computed_index() -> None:
    answers = [
        # a.1: 4, 5, 3, 1 -> 2 of 4 satisfied = 0.5
        ("a.1", 4), ("a.1", 5), ("a.1", 3), ("a.1", 1),
        # a.2: 5, 5, 5, 2 -> 3/4 = 0.75          component a = (0.5 + 0.75) / 2 = 0.625
        ("a.2", 5), ("a.2", 5), ("a.2", 5), ("a.2", 2),
        # b.1: 1, 2, 3, 4 -> 1/4 = 0.25
        ("b.1", 1), ("b.1", 2), ("b.1", 3), ("b.1", 4),
        # b.2: 4, 4, 4, 4 -> 1.0                  component b = (0.25 + 1.0) / 2 = 0.625
        ("b.2", 4), ("b.2", 4), ("b.2", 4), ("b.2", 4),
    ]  # fmt: skip
    report = sipas.compute(TWO_BY_TWO, answers, responses=4)
    a, b = report.components
    assert [k.index for k in a.criteria] == [0.5, 0.75]
    assert a.index == pytest.approx(0.625)
    assert [k.index for k in b.criteria] == [0.25, 1.0]
    assert b.index == pytest.approx(0.625)
    assert report.index == pytest.approx(0.625)


def test_invalid_values_do_not_count_and_empty_criteria_are_left_out() -> None:
    report = sipas.compute(TWO_BY_TWO, [("a.1", 5), ("a.1", 0), ("a.1", 9), ("b.1", 3)], responses=1)
    a, b = report.components
    assert a.criteria[0].valid == 1 and a.criteria[0].index == 1.0
    assert a.criteria[1].index is None and a.index == 1.0
    assert b.index == 0.0
    assert report.index == 0.5


def test_no_answers_no_index() -> None:
    assert sipas.compute(TWO_BY_TWO, [], responses=0).index is None


def test_report_filters_by_agency_period_and_verification(store_url: str) -> None:
    questionnaire = load("sipas-5-components-v1")
    now = datetime.now(timezone.utc)
    with transaction(store_url) as session:
        for i, agency in enumerate(["X", "X", "Y"]):
            code = f"000.00.15.H12-250709-000{i}"
            transactions.register(session, code, "1.001193", agency, now)
            value = 5 if i == 0 else 2
            surveys.submit(session, code, questionnaire, {c.code: value for c in questionnaire.criteria}, "web")
        surveys.submit(
            session, "000.00.15.H12-250709-0009", questionnaire, {c.code: 5 for c in questionnaire.criteria}, "web"
        )
    with transaction(store_url) as session:
        everything = sipas.report(session, questionnaire)
        agency_x = sipas.report(session, questionnaire, agency="X")
        with_unverified = sipas.report(session, questionnaire, include_unverified=True)
        future = sipas.report(session, questionnaire, start=now + timedelta(days=1))
    assert everything.responses == 3 and everything.index == pytest.approx(1 / 3)
    assert agency_x.responses == 2 and agency_x.index == pytest.approx(0.5)
    assert with_unverified.responses == 4 and with_unverified.index == pytest.approx(0.5)
    assert future.responses == 0 and future.index is None
    data = agency_x.as_dict()
    assert data["components"][0]["criteria"][0] == {
        "code": "access.overall",
        "index": 0.5,
        "valid": 2,
        "satisfied": 1,
    }
    assert "share of its valid answers that are 4 or 5" in data["formula"]
