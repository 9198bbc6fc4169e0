"""Hand a citizen over to an officer: record the request, give the contacts."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from feedback_store import handoff
from feedback_store.db import transaction

logger = logging.getLogger(__name__)


def support_contacts(domain: dict[str, Any]) -> dict[str, str]:
    """The province's contacts from SUPPORT_* variables, else the domain's defaults."""
    defaults = domain["responses"]["utter_support_contacts"][0]["custom"]
    return {key: os.environ.get(f"SUPPORT_{key.upper()}") or value for key, value in defaults.items()}


def _record(sender_id: str, text: str, procedure_code: str | None) -> int:
    with transaction() as session:
        return handoff.record(session, sender_id, text, procedure_code).id


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        contacts = support_contacts(domain)
        try:
            request_id = await asyncio.to_thread(
                _record, tracker.sender_id, tracker.latest_message.get("text") or "", tracker.get_slot("procedure_code")
            )
        except SQLAlchemyError:
            logger.exception("handoff request not saved")
            dispatcher.utter_message(response="utter_human_handoff_unsaved", **contacts)
        else:
            dispatcher.utter_message(response="utter_human_handoff", request_id=str(request_id), **contacts)
        return []
