"""Reports and suggestions (phản ánh, kiến nghị): the intake form, filing, status, legal complaints."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.survey import channel_of
from feedback_store import reports, tracking
from feedback_store.db import transaction
from feedback_store.routing import load as load_routing
from nlu.address import resolve
from nlu.text import canonical, canonical_syllables

logger = logging.getLogger(__name__)

REPORT_SLOTS = (
    "report_description",
    "report_category",
    "report_address",
    "report_province",
    "report_commune",
    "report_photo",
    "report_consent",
    "report_name",
    "report_phone",
    "report_confirmed",
    "report_pending",
)
KIND_BY_INTENT = {"file_complaint": "phan_anh", "give_suggestion": "kien_nghi"}
# Words that only say "I want to report"; a first message with little else is not yet the description.
TRIGGER_WORDS = frozenset(
    "toi minh em muon phan anh kien nghi gop y gui bao cao ve viec mot cho admin a oi xin can lam sao de duoc".split()
)
SKIP = {"bo qua", "khong", "khong co", "skip"}
YES = {"dong y", "co", "ok", "u", "vang", "dang y"}
NO = {"khong", "khong de lai", "tu choi", "thoi khong"}
CORRECTIONS = {
    "sua noi dung": ("report_description",),
    "sua linh vuc": ("report_category",),
    "sua dia diem": ("report_address", "report_province", "report_commune"),
    "sua dia chi": ("report_address", "report_province", "report_commune"),
    "sua anh": ("report_photo",),
    "sua lien he": ("report_consent", "report_name", "report_phone"),
}
PHONE = re.compile(r"^(?:\+?84|0)(\d{9})$")
URL = re.compile(r"^https?://\S+$")
# A photo sent on Telegram: the bot's file id, which only the bot's token can turn into the file.
TELEGRAM_FILE = re.compile(r"^telegram_file:[\w-]+$")


def report_kind(tracker: Tracker) -> str:
    """Phản ánh or kiến nghị: what the latest message that opened the form asked for."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if intent in KIND_BY_INTENT:
                return KIND_BY_INTENT[intent]
    return "phan_anh"


def labels(domain: DomainDict) -> dict[str, str]:
    return domain["responses"]["utter_report_labels"][0]["custom"]


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # Name and phone are asked only after an explicit yes.
        if tracker.get_slot("report_consent") != "yes":
            return [s for s in domain_slots if s not in ("report_name", "report_phone")]
        return domain_slots

    async def extract_report_description(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The message that started the form is the description when it says more than "I want to report"."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot("requested_slot") or tracker.get_slot("report_description") or intent not in KIND_BY_INTENT:
            return {}
        text = tracker.latest_message.get("text") or ""
        content = [w for w in canonical_syllables(text) if w not in TRIGGER_WORDS]
        return {"report_description": text} if len(content) >= 3 else {}

    async def validate_report_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if len(text) > reports.MAX_DESCRIPTION:
            dispatcher.utter_message(
                response="utter_report_too_long", limit=f"{reports.MAX_DESCRIPTION:,}".replace(",", ".")
            )
            return {"report_description": None}
        return {"report_description": text or None}

    async def validate_report_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        routing = load_routing()
        text = str(value or "").strip()
        if text in routing.categories:
            return {"report_category": text}
        by_name = {canonical(name): code for code, name in routing.categories.items()}
        return {"report_category": by_name.get(canonical(text)) or routing.suggest_category(text)}

    async def validate_report_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        place = await asyncio.to_thread(resolve, text)
        if place is None:
            dispatcher.utter_message(response="utter_report_address_invalid", address=text[:200])
            return {"report_address": None}
        return {"report_address": text, "report_province": place.province, "report_commune": place.commune}

    async def validate_report_photo(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if canonical(text) in SKIP:
            return {"report_photo": ""}
        if URL.match(text) or TELEGRAM_FILE.match(text):
            return {"report_photo": text}
        dispatcher.utter_message(response="utter_report_photo_invalid")
        return {"report_photo": None}

    async def validate_report_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = canonical(str(value or ""))
        if answer in YES:
            return {"report_consent": "yes"}
        if answer in NO:
            return {"report_consent": "no", "report_name": None, "report_phone": None}
        dispatcher.utter_message(response="utter_report_consent_invalid")
        return {"report_consent": None}

    async def validate_report_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = " ".join(str(value or "").split())[:120]
        return {"report_name": name or None}

    async def validate_report_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        match = PHONE.match(re.sub(r"[\s.\-()]", "", str(value or "")))
        if not match:
            dispatcher.utter_message(response="utter_report_phone_invalid", phone=str(value or "")[:30])
            return {"report_phone": None}
        return {"report_phone": "0" + match.group(1)}

    async def validate_report_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = canonical(str(value or ""))
        if answer in {"gui", "gui di", "xac nhan", "dong y", "ok"}:
            return {"report_confirmed": "yes"}
        if answer in CORRECTIONS:
            return {"report_confirmed": None, **{slot: None for slot in CORRECTIONS[answer]}}
        dispatcher.utter_message(response="utter_report_confirm_invalid")
        return {"report_confirmed": None}


class ActionAskReportCategory(Action):
    def name(self) -> str:
        return "action_ask_report_category"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        routing = load_routing()
        suggested = routing.suggest_category(tracker.get_slot("report_description") or "")
        order = [suggested] if suggested else []
        order += [code for code in routing.categories if code != suggested]
        suggestion = ""
        if suggested:
            frame = domain["responses"]["utter_report_category_suggestion"][0]["text"]
            suggestion = frame.replace("{name}", routing.categories[suggested])
        dispatcher.utter_message(
            response="utter_ask_report_category",
            suggestion=suggestion,
            buttons=[{"title": routing.categories[code], "payload": code} for code in order],
        )
        return []


def summary_values(tracker: Tracker, domain: DomainDict) -> dict[str, str]:
    words = labels(domain)
    routing = load_routing()
    place = ", ".join(p for p in (tracker.get_slot("report_commune"), tracker.get_slot("report_province")) if p)
    contact = words["not_given"]
    if tracker.get_slot("report_consent") == "yes":
        contact = f"{tracker.get_slot('report_name')}, {tracker.get_slot('report_phone')}"
    return {
        "kind": words[f"kind_{report_kind(tracker)}"],
        "description": tracker.get_slot("report_description") or "",
        "category": routing.categories.get(tracker.get_slot("report_category") or "", words["none"]),
        "place": place or (tracker.get_slot("report_address") or ""),
        "photo": photo_label(tracker.get_slot("report_photo"), words),
        "contact": contact,
    }


class ActionAskReportConfirmed(Action):
    def name(self) -> str:
        return "action_ask_report_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_report_summary", **summary_values(tracker, domain))
        return []


def draft_from(tracker: Tracker) -> reports.Draft:
    consent = tracker.get_slot("report_consent") == "yes"
    photo = tracker.get_slot("report_photo")
    return reports.Draft(
        kind=report_kind(tracker),
        description=tracker.get_slot("report_description") or "",
        category=tracker.get_slot("report_category") or "khac",
        address=tracker.get_slot("report_address") or "",
        province=tracker.get_slot("report_province"),
        commune=tracker.get_slot("report_commune"),
        sender_id=tracker.sender_id,
        channel=channel_of(tracker),
        reporter_name=tracker.get_slot("report_name") if consent else None,
        reporter_phone=tracker.get_slot("report_phone") if consent else None,
        attachments=(attachment(photo),) if photo else (),
    )


def attachment(photo: str) -> tuple[str, str]:
    """(kind, reference) as the store keeps it."""
    kind, _, reference = photo.partition(":")
    return (kind, reference) if kind == "telegram_file" else ("url", photo)


def photo_label(photo: str | None, words: dict[str, str]) -> str:
    if not photo:
        return words["none"]
    return words["photo_received"] if TELEGRAM_FILE.match(photo) else photo


def idempotency_key(tracker: Tracker) -> str:
    """Same conversation turn, same key: a retried action call finds the report it filed."""
    # Rasa gives every user message an id; the event count is the same turn's stand-in without one.
    message_id = tracker.latest_message.get("message_id") or f"event-{len(tracker.events)}"
    return f"{tracker.sender_id}:{message_id}"[:200]


def _file(draft: reports.Draft, key: str) -> tuple[str, str, str]:
    with transaction() as session:
        report = reports.file(session, draft, key)
        status = reports.public_status(report)
        return report.tracking_code, status.agency_name, report.due_date.strftime("%d/%m/%Y") if report.due_date else ""


class ActionFileReport(Action):
    def name(self) -> str:
        return "action_file_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        words = labels(domain)
        if tracker.get_slot("report_confirmed") != "yes":
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            if intent == "retry":
                dispatcher.utter_message(response="utter_nothing_to_retry")
            return [SlotSet(slot, None) for slot in REPORT_SLOTS]
        kind = words[f"kind_{report_kind(tracker)}"]
        try:
            code, agency, due = await asyncio.to_thread(_file, draft_from(tracker), idempotency_key(tracker))
        except SQLAlchemyError:
            logger.exception("report not filed; kept in the conversation for a retry")
            dispatcher.utter_message(response="utter_report_not_saved", kind=kind.lower())
            return [SlotSet("report_pending", True)]
        dispatcher.utter_message(
            response="utter_report_filed",
            kind=kind.lower(),
            code=code,
            agency=agency,
            due_date=due or words["no_due_date"],
        )
        return [SlotSet(slot, None) for slot in REPORT_SLOTS]


class ActionResetReport(Action):
    def name(self) -> str:
        return "action_reset_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [SlotSet(slot, None) for slot in REPORT_SLOTS]


def _status(code: str | None, sender_id: str) -> tuple[reports.PublicStatus | None, list[reports.PublicStatus]]:
    with transaction() as session:
        if code:
            return reports.status(session, code), []
        return None, reports.for_sender(session, sender_id)


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        code = tracking.find(text)
        written = tracking.WRITTEN.search(text)
        status, own = await asyncio.to_thread(_status, code, tracker.sender_id)
        words = labels(domain)
        if status is not None:
            dispatcher.utter_message(
                response="utter_report_status",
                kind=words[f"kind_{status.kind}"],
                code=status.tracking_code,
                status=words[f"status_{status.status}"],
                agency=status.agency_name,
                updated=status.updated_at.strftime("%d/%m/%Y %H:%M"),
                due_date=status.due_date.strftime("%d/%m/%Y") if status.due_date else words["no_due_date"],
                answer=f"\n{words['answer_prefix']} {status.answer}" if status.answer else "",
            )
        elif written:
            # A mistyped code (with an O or a 0, which codes never hold) is named back, not answered with a list.
            dispatcher.utter_message(response="utter_report_not_found", code=code or written.group().upper())
        elif own:
            dispatcher.utter_message(
                response="utter_report_choose",
                buttons=[
                    {
                        "title": f"{s.tracking_code} · {words[f'status_{s.status}']}",
                        "payload": f"phản ánh {s.tracking_code}",
                    }
                    for s in own
                ],
            )
        else:
            dispatcher.utter_message(response="utter_ask_tracking_code")
        return []


def _record_legal(text: str, sender_id: str, channel: str, key: str) -> str:
    kind = "to_cao" if "to cao" in canonical(text) else "khieu_nai"
    draft = reports.Draft(
        kind=kind,
        description=text[: reports.MAX_DESCRIPTION] or "-",
        category="khac",
        address="",
        province=None,
        commune=None,
        sender_id=sender_id,
        channel=channel,
    )
    with transaction() as session:
        return reports.file(session, draft, key).tracking_code


class ActionLegalComplaint(Action):
    """Khiếu nại and tố cáo follow their own laws: explain where they go, and keep the contact, flagged."""

    def name(self) -> str:
        return "action_legal_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        try:
            code = await asyncio.to_thread(
                _record_legal, text, tracker.sender_id, channel_of(tracker), idempotency_key(tracker)
            )
        except SQLAlchemyError:
            logger.exception("legal complaint contact not recorded")
            code = labels(domain)["none"]
        dispatcher.utter_message(response="utter_legal_complaint", code=code)
        return []


def _rate(code: str, value: int) -> None:
    with transaction() as session:
        reports.rate(session, code, value)


class ActionRateHandling(Action):
    """The citizen's 1-5 rating of how their report was handled (from the answer's buttons)."""

    def name(self) -> str:
        return "action_rate_handling"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        code = tracking.normalise(next(tracker.get_latest_entity_values("tracking_code"), "") or "")
        value = str(next(tracker.get_latest_entity_values("handling_score"), ""))
        if not code or value not in {"1", "2", "3", "4", "5"}:
            dispatcher.utter_message(response="utter_ask_tracking_code")
            return []
        try:
            await asyncio.to_thread(_rate, code, int(value))
        except reports.ReportError:
            dispatcher.utter_message(response="utter_handling_rating_refused", code=code)
        except SQLAlchemyError:
            logger.exception("handling rating not stored")
            dispatcher.utter_message(response="utter_survey_save_failed")
        else:
            dispatcher.utter_message(response="utter_handling_rated", code=code)
        return []
