"""The survey's validation and submit actions on tracker fixtures."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from actions.survey import ActionAskSurveyScore, ActionSubmitSurvey, ValidateSurveyForm
from feedback_store import surveys
from feedback_store.db import transaction
from feedback_store.models import SurveyResponse
from feedback_store.questionnaire import load

CODE = "000.00.15.H12-250709-0007"


def tracker(slots: dict[str, Any]) -> Tracker:
    return Tracker("zalo:42", slots, {"text": "", "intent": {"name": "x"}, "entities": []}, [], False, None, {}, None)


async def validate(slot: str, value: Any, slots: dict[str, Any] | None = None) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateSurveyForm(), f"validate_{slot}")
    return await method(value, dispatcher, tracker(slots or {}), {}), dispatcher.messages


async def test_scores_accumulate_until_the_last_question(feedback_db: str) -> None:
    result, _ = await validate("survey_score", "4 điểm", {"survey_answers": [5, 5]})
    assert result == {"survey_answers": [5, 5, 4], "survey_score": None}
    result, _ = await validate("survey_score", "rất hài lòng", {"survey_answers": [5, 5, 4, 3]})
    assert result == {"survey_answers": [5, 5, 4, 3, 5], "survey_score": "done"}


async def test_an_unclear_score_is_asked_again(feedback_db: str) -> None:
    result, messages = await validate("survey_score", "để mình nghĩ", {"survey_answers": [5]})
    assert result == {"survey_score": None}
    assert messages[0]["response"] == "utter_survey_score_invalid"


async def test_dossier_code_checks(feedback_db: str) -> None:
    result, messages = await validate("dossier_code", "abc")
    assert result == {"dossier_code": None} and messages[0]["response"] == "utter_dossier_code_invalid"
    result, messages = await validate("dossier_code", CODE.lower())
    assert result == {"dossier_code": CODE} and messages[0]["response"] == "utter_dossier_code_unverified"


async def test_skip_comment(feedback_db: str) -> None:
    assert (await validate("survey_comment", "Bỏ qua"))[0] == {"survey_comment": ""}
    assert (await validate("survey_comment", "Cán bộ tận tình"))[0] == {"survey_comment": "Cán bộ tận tình"}


async def test_questions_come_from_the_questionnaire() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskSurveyScore().run(dispatcher, tracker({"survey_answers": [4, 4]}), {})
    message = dispatcher.messages[0]
    assert message["response"] == "utter_survey_question"
    assert (message["number"], message["total"]) == ("3", "5")
    assert message["question"] == load().criteria[2].question


async def test_submit_stores_and_resets(feedback_db: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"dossier_code": CODE, "survey_answers": [5, 4, 3, 2, 1], "survey_comment": ""}
    events = await ActionSubmitSurvey().run(dispatcher, tracker(slots), {})
    assert dispatcher.messages[0]["response"] == "utter_survey_thanks"
    assert SlotSet("survey_answers", None) in events
    with transaction(feedback_db) as session:
        stored = session.scalars(select(SurveyResponse)).one()
        assert stored.channel == "zalo" and sorted(a.value for a in stored.answers) == [1, 2, 3, 4, 5]


async def test_database_down_says_try_later_and_stores_nothing(
    feedback_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_: Any, **__: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(surveys, "submit", down)
    dispatcher = CollectingDispatcher()
    slots = {"dossier_code": CODE, "survey_answers": [5, 5, 5, 5, 5], "survey_comment": ""}
    await ActionSubmitSurvey().run(dispatcher, tracker(slots), {})
    assert dispatcher.messages[0]["response"] == "utter_survey_save_failed"
    with transaction(feedback_db) as session:
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
