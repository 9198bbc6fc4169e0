"""Survey storage on SQLite and on a real PostgreSQL: whole or nothing, once per dossier."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from feedback_store import surveys, transactions
from feedback_store.db import transaction
from feedback_store.models import SurveyAnswer, SurveyResponse
from feedback_store.questionnaire import load

QUESTIONNAIRE = load("sipas-5-components-v1")
ALL_FOURS = {c.code: 4 for c in QUESTIONNAIRE.criteria}
CODE = "000.00.15.H12-250709-0001"


def count(url: str, model: type) -> int:
    with transaction(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_registered_dossier_gives_a_verified_response(store_url: str) -> None:
    with transaction(store_url) as session:
        transactions.register(session, CODE, "1.001193", "UBND-XA-01", datetime(2025, 7, 9, tzinfo=timezone.utc))
    with transaction(store_url) as session:
        response = surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="web", comment="tốt")
        assert response.verified and response.agency_code == "UBND-XA-01" and response.procedure_code == "1.001193"
    assert count(store_url, SurveyAnswer) == len(QUESTIONNAIRE.criteria)


def test_an_unknown_dossier_is_stored_unverified(store_url: str) -> None:
    with transaction(store_url) as session:
        response = surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="telegram")
        assert not response.verified and response.agency_code is None


def test_a_dossier_is_rated_once(store_url: str) -> None:
    with transaction(store_url) as session:
        surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="web")
    with pytest.raises(surveys.AlreadyRated), transaction(store_url) as session:
        surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="web")
    assert count(store_url, SurveyResponse) == 1


def test_the_constraint_catches_a_race_the_check_missed(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both completions passed the "already rated?" check before either was written.
    monkeypatch.setattr(surveys, "already_rated", lambda *_: False)
    with transaction(store_url) as session:
        surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="web")
    with pytest.raises(surveys.AlreadyRated), transaction(store_url) as session:
        surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel="zalo")
    assert count(store_url, SurveyResponse) == 1
    assert count(store_url, SurveyAnswer) == len(QUESTIONNAIRE.criteria)


def test_concurrent_completions_store_exactly_one(store_url: str) -> None:
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def complete(channel: str) -> None:
        start.wait()
        try:
            with transaction(store_url) as session:
                surveys.submit(session, CODE, QUESTIONNAIRE, ALL_FOURS, channel=channel)
            outcomes.append("stored")
        except surveys.AlreadyRated:
            outcomes.append("refused")

    threads = [threading.Thread(target=complete, args=(f"c{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert count(store_url, SurveyResponse) == 1


def test_an_incomplete_survey_stores_nothing(store_url: str) -> None:
    partial = dict(ALL_FOURS)
    partial.pop(QUESTIONNAIRE.criteria[-1].code)
    with pytest.raises(surveys.IncompleteSurvey), transaction(store_url) as session:
        surveys.submit(session, CODE, QUESTIONNAIRE, partial, channel="web")
    assert count(store_url, SurveyResponse) == 0


def test_registering_twice_keeps_the_first_token(store_url: str) -> None:
    when = datetime(2025, 7, 9, tzinfo=timezone.utc)
    with transaction(store_url) as session:
        first = transactions.register(session, CODE, "1.001193", "A", when).survey_token
    with transaction(store_url) as session:
        assert transactions.register(session, CODE, "1.001193", "A", when).survey_token == first
        assert transactions.by_token(session, first).dossier_code == CODE
