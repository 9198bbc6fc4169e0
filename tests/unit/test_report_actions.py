"""The report actions on tracker fixtures: filing once per turn, keeping the draft when the database is down."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import actions.reports as report_actions
from actions.reports import ActionCheckStatus, ActionFileReport, ValidateReportForm
from feedback_store.db import transaction
from feedback_store.models import Report
from tests.conftest import PROJECT

DOMAIN = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))
SLOTS = {
    "report_description": "Cống thoát nước bị tắc gây ngập",
    "report_category": "ha_tang",
    "report_address": "phường Hải Châu, Đà Nẵng",
    "report_province": "Thành phố Đà Nẵng",
    "report_commune": "Phường Hải Châu",
    "report_photo": "",
    "report_consent": "no",
    "report_confirmed": "yes",
}
OPENING = {"event": "user", "text": "tôi muốn phản ánh", "parse_data": {"intent": {"name": "file_complaint"}}}


def tracker(slots: dict[str, Any], text: str = "gửi", message_id: str = "m-1", intent: str = "affirm") -> Tracker:
    latest = {"text": text, "message_id": message_id, "intent": {"name": intent}, "entities": []}
    return Tracker("telegram:99", slots, latest, [OPENING], False, None, {}, None)


def reports_in(url: str) -> int:
    with transaction(url) as session:
        return session.scalar(select(func.count()).select_from(Report))


async def file(slots: dict[str, Any], **kwargs: Any) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = await ActionFileReport().run(dispatcher, tracker(slots, **kwargs), DOMAIN)
    return dispatcher.messages, events


async def test_a_retried_action_call_files_once(feedback_db: str) -> None:
    first, _ = await file(SLOTS)
    again, _ = await file(SLOTS)
    assert first[0]["response"] == again[0]["response"] == "utter_report_filed"
    assert first[0]["code"] == again[0]["code"]
    assert reports_in(feedback_db) == 1


async def test_database_down_keeps_the_draft_and_retry_files_it(
    feedback_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_file = report_actions._file

    def down(*_: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("could not connect to server"))

    monkeypatch.setattr(report_actions, "_file", down)
    messages, events = await file(SLOTS)
    assert messages[0]["response"] == "utter_report_not_saved"
    assert events == [SlotSet("report_pending", True)]  # nothing the citizen typed is cleared
    assert reports_in(feedback_db) == 0

    monkeypatch.setattr(report_actions, "_file", real_file)
    messages, events = await file({**SLOTS, "report_pending": True}, text="thử lại", message_id="m-2", intent="retry")
    assert messages[0]["response"] == "utter_report_filed"
    assert SlotSet("report_description", None) in events
    assert reports_in(feedback_db) == 1


async def test_retry_with_nothing_pending(feedback_db: str) -> None:
    messages, _ = await file({}, text="thử lại", intent="retry")
    assert messages[0]["response"] == "utter_nothing_to_retry"
    assert reports_in(feedback_db) == 0


async def test_consent_refused_sends_no_contact(feedback_db: str) -> None:
    slots = {**SLOTS, "report_name": "Trần B", "report_phone": "0912345678"}
    await file(slots)
    with transaction(feedback_db) as session:
        report = session.scalars(select(Report)).one()
        assert report.reporter_name is None and report.reporter_phone is None and report.channel == "telegram"


async def check_status(text: str) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    other = Tracker("zalo:1", {}, {"text": text, "intent": {}, "entities": []}, [], False, None, {}, None)
    await ActionCheckStatus().run(dispatcher, other, DOMAIN)
    (shown,) = dispatcher.messages
    return shown


async def test_status_lookup_hides_contact(feedback_db: str) -> None:
    messages, _ = await file({**SLOTS, "report_consent": "yes", "report_name": "Trần B", "report_phone": "0912345678"})
    code = messages[0]["code"]
    shown = await check_status(f"phản ánh {code.lower()} sao rồi")
    assert shown["response"] == "utter_report_status" and shown["code"] == code
    assert "Trần B" not in str(shown) and "0912345678" not in str(shown)


async def test_a_mistyped_code_is_named_back(feedback_db: str) -> None:
    # O and 0 are never in a code: this one cannot exist, and the citizen is told which code was read.
    shown = await check_status("phản ánh pa-7kx9m-ab3c0 đến đâu rồi")
    assert shown["response"] == "utter_report_not_found" and shown["code"] == "PA-7KX9M-AB3C0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0905 123 456", "0905123456"), ("+84905123456", "0905123456"), ("84.905.123.456", "0905123456"), ("12345", None)],
)
async def test_phone_numbers(value: str, expected: str | None) -> None:
    result = await ValidateReportForm().validate_report_phone(value, CollectingDispatcher(), tracker({}), DOMAIN)
    assert result == {"report_phone": expected}


async def test_corrections_clear_only_their_fields() -> None:
    form = ValidateReportForm()
    result = await form.validate_report_confirmed("Sửa lĩnh vực", CollectingDispatcher(), tracker(SLOTS), DOMAIN)
    assert result == {"report_confirmed": None, "report_category": None}
