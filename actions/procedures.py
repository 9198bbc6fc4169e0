"""Answer a question about a procedure, taking every figure from its portal record."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from procedures import render
from procedures.catalogue import Catalogue
from procedures.model import Procedure
from procedures.search import ProcedureSearch

PORTAL_URL = os.environ.get(
    "PORTAL_PROCEDURE_URL",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
)

ASPECTS = {
    "ask_procedure": "overview",
    "ask_documents": "documents",
    "ask_fee": "fee",
    "ask_processing_time": "processing_time",
    "ask_where": "where",
    "ask_online": "online",
    "ask_legal_basis": "legal_basis",
}


@lru_cache(maxsize=1)
def catalogue_search() -> tuple[Catalogue, ProcedureSearch]:
    catalogue = Catalogue.load()
    return catalogue, ProcedureSearch(catalogue.procedures)


def labels(domain: dict[str, Any]) -> dict[str, str]:
    return domain["responses"]["utter_procedure_labels"][0]["custom"]


def answer_values(procedure: Procedure, aspect: str, words: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The response to utter and the values that fill its frame."""
    values = {
        "name": procedure.name,
        "code": procedure.code,
        "categories": ", ".join(procedure.categories) or words["not_stated"],
        "agencies": render.agencies(procedure, words),
        "portal_url": PORTAL_URL.format(code=procedure.code),
    }
    detail = procedure.detail
    if detail is None:
        return "utter_procedure_no_detail", values | {"promulgated_by": procedure.promulgated_by or words["not_stated"]}
    values["channels"] = render.channels(detail, words)
    if aspect == "overview":
        values |= {
            "results": ", ".join(detail.results) or words["not_stated"],
            "steps": render.steps(detail, words),
        }
    elif aspect == "documents":
        values["documents"] = render.documents(detail, words)
    elif aspect == "fee":
        values["fees"] = render.fees(detail, words)
    elif aspect == "processing_time":
        values["times"] = render.times(detail, words)
    elif aspect == "where":
        values |= {
            "levels": render.levels(detail, words),
            "addresses": f"{words['addresses']}\n{render.clip(detail.receiving_addresses, 800)}"
            if detail.receiving_addresses
            else "",
        }
    elif aspect == "online":
        return ("utter_procedure_online_yes" if detail.online else "utter_procedure_online_no"), values
    elif aspect == "legal_basis":
        values["legal_basis"] = render.legal_basis(detail, words)
    return f"utter_procedure_{aspect}", values


class ActionAnswerProcedure(Action):
    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalogue, search = catalogue_search()
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name") or "ask_procedure"
        aspect = ASPECTS.get(intent, "overview")
        text = message.get("text") or ""

        code = next(tracker.get_latest_entity_values("procedure_code"), None)
        procedure = catalogue.get(code) if code else None
        if procedure is None and not text.startswith("/"):
            resolution = search.resolve(text)
            offered = render.choices(resolution.choices, text)
            if len(offered) > 1:
                dispatcher.utter_message(
                    response="utter_procedure_choose",
                    buttons=[
                        {"title": title, "payload": f'/{intent}{{"procedure_code": "{choice.code}"}}'}
                        for title, choice in offered.items()
                    ],
                )
                return []
            procedure = resolution.procedure or next(iter(offered.values()), None)
        # The procedure talked about before answers a follow-up that names none ("còn lệ phí thì sao?"),
        # not a question about something the catalogue does not have.
        if procedure is None and (text.startswith("/") or not search.query_words(text)):
            remembered = tracker.get_slot("procedure_code")
            procedure = catalogue.get(remembered) if remembered else None
        if procedure is None:
            if search.query_words(text) and not text.startswith("/"):
                dispatcher.utter_message(response="utter_procedure_not_found", query=render.clip(text, 100))
            else:
                dispatcher.utter_message(response="utter_ask_which_procedure")
            return []

        response, values = answer_values(procedure, aspect, labels(domain))
        dispatcher.utter_message(response=response, **values)
        return [SlotSet("procedure_code", procedure.code)]
