"""Data access for satisfaction surveys: stored whole or not at all, once per dossier."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from feedback_store import transactions
from feedback_store.models import SurveyAnswer, SurveyResponse
from feedback_store.questionnaire import Questionnaire


class AlreadyRated(Exception):
    """This dossier has a stored survey already."""


class IncompleteSurvey(ValueError):
    """Some criterion of the questionnaire has no valid 1-5 answer."""


def already_rated(session: Session, dossier_code: str) -> bool:
    return bool(session.scalar(select(exists().where(SurveyResponse.dossier_code == dossier_code))))


def submit(
    session: Session,
    dossier_code: str,
    questionnaire: Questionnaire,
    answers: Mapping[str, int],
    channel: str,
    comment: str = "",
) -> SurveyResponse:
    """Store a completed survey. The caller's transaction commits it; nothing partial is ever written."""
    missing = [c.code for c in questionnaire.criteria if answers.get(c.code) not in {1, 2, 3, 4, 5}]
    if missing:
        raise IncompleteSurvey(", ".join(missing))
    if already_rated(session, dossier_code):
        raise AlreadyRated(dossier_code)
    transaction = transactions.by_dossier(session, dossier_code)
    response = SurveyResponse(
        dossier_code=dossier_code,
        verified=transaction is not None,
        procedure_code=transaction.procedure_code if transaction else None,
        agency_code=transaction.agency_code if transaction else None,
        channel=channel,
        questionnaire_version=questionnaire.version,
        comment=comment[:4000],
        answers=[
            SurveyAnswer(criterion=c.code, component=c.component, value=answers[c.code]) for c in questionnaire.criteria
        ],
    )
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError as error:
        # Another completion for the same dossier won the race.
        raise AlreadyRated(dossier_code) from error
    return response
