"""The actions, run on tracker fixtures the way the action server runs them."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions.handoff import ActionHumanHandoff
from actions.procedures import ActionAnswerProcedure
from feedback_store import handoff
from feedback_store.db import transaction


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None, entities: list | None = None) -> Tracker:
    return Tracker(
        sender_id="web:test",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def answer(text: str, intent: str, domain: dict, **kwargs: Any) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProcedure().run(dispatcher, tracker(text, intent, **kwargs), domain)
    return dispatcher.messages, events


async def test_fee_question_answers_from_the_record(domain: dict) -> None:
    messages, events = await answer("lệ phí đăng ký khai sinh bao nhiêu", "ask_fee", domain)
    assert messages[0]["response"] == "utter_procedure_fee"
    assert messages[0]["code"] == "1.001193"
    assert "Không thu phí, lệ phí" in messages[0]["fees"]
    assert events == [SlotSet("procedure_code", "1.001193")]


async def test_follow_up_uses_the_remembered_procedure(domain: dict) -> None:
    messages, _ = await answer(
        "còn thời hạn thì sao", "ask_processing_time", domain, slots={"procedure_code": "1.001193"}
    )
    assert messages[0]["response"] == "utter_procedure_processing_time"
    assert "1 ngày làm việc" in messages[0]["times"]


async def test_button_payload_entity_wins(domain: dict) -> None:
    entities = [{"entity": "procedure_code", "value": "1.000656"}]
    messages, events = await answer(
        '/ask_documents{"procedure_code": "1.000656"}', "ask_documents", domain, entities=entities
    )
    assert messages[0]["response"] == "utter_procedure_documents"
    assert "Giấy báo tử" in messages[0]["documents"]
    assert events == [SlotSet("procedure_code", "1.000656")]


async def test_ambiguous_question_offers_buttons(domain: dict) -> None:
    messages, events = await answer("khai sinh", "ask_fee", domain)
    assert messages[0]["response"] == "utter_procedure_choose"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_fee{"procedure_code": "1.001193"}' in payloads
    assert events == []


async def test_no_procedure_and_no_context_asks_which(domain: dict) -> None:
    messages, _ = await answer("mất bao lâu vậy", "ask_processing_time", domain)
    assert messages[0]["response"] == "utter_ask_which_procedure"


async def test_unknown_procedure_says_not_found(domain: dict) -> None:
    messages, _ = await answer("thủ tục xyzxyz qwqwqw", "ask_procedure", domain)
    assert messages[0]["response"] == "utter_procedure_not_found"


async def test_an_unknown_procedure_is_not_answered_with_the_one_talked_about_before(domain: dict) -> None:
    messages, _ = await answer("thủ tục xyzxyz qwqwqw", "ask_procedure", domain, slots={"procedure_code": "1.001193"})
    assert messages[0]["response"] == "utter_procedure_not_found"


async def test_procedure_without_detail_points_to_the_portal(domain: dict) -> None:
    messages, _ = await answer("lệ phí đổi giấy phép lái xe", "ask_fee", domain)
    message = messages[0]
    assert message["response"] == "utter_procedure_no_detail"
    assert message["code"] == "3.000347"
    assert "3.000347" in message["portal_url"]
    assert message["agencies"]


async def test_online_answer_follows_the_record(domain: dict) -> None:
    messages, _ = await answer("đăng ký khai sinh nộp online được không", "ask_online", domain)
    assert messages[0]["response"] == "utter_procedure_online_yes"


async def test_handoff_is_recorded(domain: dict, feedback_db: str) -> None:
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker("cho tôi gặp cán bộ", "human_handoff"), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_human_handoff"
    assert message["hotline"].startswith("18001096")
    with transaction(feedback_db) as session:
        saved = handoff.for_sender(session, "web:test")
    assert [r.id for r in saved] == [int(message["request_id"])]
    assert saved[0].last_message == "cho tôi gặp cán bộ"


async def test_handoff_uses_the_province_contacts(
    domain: dict, feedback_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPORT_HOTLINE", "0236 1022")
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker("gặp người thật", "human_handoff"), domain)
    assert dispatcher.messages[0]["hotline"] == "0236 1022"


async def test_handoff_with_the_database_down_still_gives_contacts(
    domain: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_: Any) -> int:
        raise OperationalError("INSERT", {}, Exception("database is down"))

    monkeypatch.setattr("actions.handoff._record", down)
    dispatcher = CollectingDispatcher()
    await ActionHumanHandoff().run(dispatcher, tracker("gặp cán bộ", "human_handoff"), domain)
    assert dispatcher.messages[0]["response"] == "utter_human_handoff_unsaved"
    assert dispatcher.messages[0]["hotline"]
