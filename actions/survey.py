"""The SIPAS satisfaction survey: a form that asks the questionnaire's questions, then stores them whole."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from feedback_store import surveys, transactions
from feedback_store.db import transaction
from feedback_store.dossier import normalise
from feedback_store.questionnaire import load
from nlu.scale import score
from nlu.text import canonical

logger = logging.getLogger(__name__)

SURVEY_SLOTS = ("survey_token", "dossier_code", "survey_score", "survey_answers", "survey_comment", "survey_refused")
SKIP_COMMENT = {"bo qua", "khong", "khong co", "skip", "thoi khong", "khong gop y"}


def channel_of(tracker: Tracker) -> str:
    return tracker.sender_id.split(":", 1)[0] if ":" in tracker.sender_id else "rest"


def _dossier_status(code: str) -> tuple[bool, bool]:
    """(already rated, registered by the office)."""
    with transaction() as session:
        return surveys.already_rated(session, code), transactions.by_dossier(session, code) is not None


def _dossier_for_token(token: str) -> str | None:
    with transaction() as session:
        found = transactions.by_token(session, token)
        return found.dossier_code if found else None


class ValidateSurveyForm(FormValidationAction):
    def name(self) -> str:
        return "validate_survey_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # A refused dossier ends the form at once; the submit action then stores nothing.
        return [] if tracker.get_slot("survey_refused") else domain_slots

    async def extract_dossier_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A survey link (QR code) carries a token that stands for the dossier code."""
        token = tracker.get_slot("survey_token")
        if not token or tracker.get_slot("dossier_code"):
            return {}
        code = await asyncio.to_thread(_dossier_for_token, token)
        if code is None:
            dispatcher.utter_message(response="utter_survey_link_invalid")
            return {"survey_token": None}
        return {"dossier_code": code, "survey_token": None}

    async def validate_dossier_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        code = normalise(str(value or ""))
        if code is None:
            dispatcher.utter_message(response="utter_dossier_code_invalid", code=str(value or "")[:60])
            return {"dossier_code": None}
        rated, registered = await asyncio.to_thread(_dossier_status, code)
        if rated:
            dispatcher.utter_message(response="utter_survey_already_rated", code=code)
            return {"dossier_code": code, "survey_refused": True}
        if not registered:
            dispatcher.utter_message(response="utter_dossier_code_unverified", code=code)
        return {"dossier_code": code}

    async def validate_survey_score(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = score(str(value or ""))
        if value is None:
            dispatcher.utter_message(response="utter_survey_score_invalid")
            return {"survey_score": None}
        answers = [*(tracker.get_slot("survey_answers") or []), value]
        done = len(answers) >= len(load().criteria)
        # The same slot asks every question: it stays empty until the last one is answered.
        return {"survey_answers": answers, "survey_score": "done" if done else None}

    async def validate_survey_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        return {"survey_comment": "" if canonical(text) in SKIP_COMMENT else text[:4000]}


class ActionAskSurveyScore(Action):
    def name(self) -> str:
        return "action_ask_survey_score"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        questionnaire = load()
        number = len(tracker.get_slot("survey_answers") or []) + 1
        criterion = questionnaire.criteria[min(number, len(questionnaire.criteria)) - 1]
        dispatcher.utter_message(
            response="utter_survey_question",
            number=str(number),
            total=str(len(questionnaire.criteria)),
            component=questionnaire.components[criterion.component],
            question=criterion.question,
        )
        return []


class ActionSubmitSurvey(Action):
    def name(self) -> str:
        return "action_submit_survey"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reset = [SlotSet(slot, None) for slot in SURVEY_SLOTS]
        code = tracker.get_slot("dossier_code")
        if tracker.get_slot("survey_refused") or not code:
            return reset
        questionnaire = load()
        answers = dict(zip((c.code for c in questionnaire.criteria), tracker.get_slot("survey_answers") or []))

        def store() -> None:
            with transaction() as session:
                surveys.submit(
                    session, code, questionnaire, answers, channel_of(tracker), tracker.get_slot("survey_comment") or ""
                )

        try:
            await asyncio.to_thread(store)
        except surveys.AlreadyRated:
            dispatcher.utter_message(response="utter_survey_already_rated", code=code)
        except (SQLAlchemyError, surveys.IncompleteSurvey):
            logger.exception("survey for %s not stored", code)
            dispatcher.utter_message(response="utter_survey_save_failed")
        else:
            dispatcher.utter_message(response="utter_survey_thanks", code=code)
        return reset


class ActionResetSurvey(Action):
    def name(self) -> str:
        return "action_reset_survey"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet(slot, None) for slot in SURVEY_SLOTS]
