"""The Telegram channel through python-telegram-bot, against a fake Bot API server and a fake Rasa."""

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import GatewaySettings
from feedback_store import outbox
from feedback_store.db import transaction
from tests.fakes.rasa import FakeRasa
from tests.fakes.telegram_api import FakeTelegram
from tests.waiting import wait_until

TOKEN = "123456:TEST-token"
LONG_PAYLOAD = "thủ tục đăng ký khai sinh có yếu tố nước ngoài tại Việt Nam"  # over 64 bytes in UTF-8


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN)
    yield fake
    fake.close()


def settings(rasa: FakeRasa, telegram: FakeTelegram, **overrides: object) -> GatewaySettings:
    values = {
        "rasa_url": rasa.url,
        "rasa_timeout_seconds": 5,
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": telegram.url,
        "outbox_retry_base_seconds": 0.2,
        "outbox_poll_seconds": 0.2,
        **overrides,
    }
    return GatewaySettings(**values)


@pytest.fixture
def polling(feedback_db: str, rasa: FakeRasa, telegram: FakeTelegram) -> Iterator[TestClient]:
    with TestClient(create_app(settings(rasa, telegram))) as client:
        yield client


def sent_texts(telegram: FakeTelegram, chat_id: int) -> list[str]:
    return [m["text"] for m in telegram.messages_to(chat_id)]


def test_a_text_message_is_answered_through_rasa(polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram) -> None:
    rasa.reply = [{"text": "Xin chào! <Trợ lý> & bạn"}, {"text": "Bạn hỏi gì?"}]
    telegram.add_text(42, "xin chao")
    telegram.wait_for(lambda c: c["method"] == "sendMessage", count=2)
    assert rasa.received[0]["sender"] == "telegram:42" and rasa.received[0]["message"] == "xin chao"
    first, second = telegram.messages_to(42)
    assert first["parse_mode"] == "HTML" and first["text"] == "Xin chào! &lt;Trợ lý&gt; &amp; bạn"
    assert second["text"] == "Bạn hỏi gì?"


def test_a_deep_link_starts_the_survey(polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram) -> None:
    telegram.add_text(7, "/start Ab3_x-9")
    telegram.wait_for(lambda c: c["method"] == "sendMessage")
    assert rasa.received[0]["message"] == '/rate_service{"survey_token": "Ab3_x-9"}'


def test_buttons_become_an_inline_keyboard_and_a_press_is_the_payload(
    polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    rasa.reply = [
        {
            "text": "Bạn muốn biết gì?",
            "buttons": [{"title": "Lệ phí", "payload": "/ask_fee"}, {"title": "Thời hạn", "payload": LONG_PAYLOAD}],
        }
    ]
    telegram.add_text(5, "khai sinh")
    (message,) = telegram.wait_for(lambda c: c["method"] == "sendMessage")
    keyboard = message["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["Lệ phí", "Thời hạn"]
    assert keyboard[0][0]["callback_data"] == "/ask_fee"
    long_data = keyboard[1][0]["callback_data"]
    assert len(long_data.encode()) <= 64 and long_data != LONG_PAYLOAD

    telegram.add_callback(5, long_data)
    telegram.wait_for(lambda c: c["method"] == "answerCallbackQuery")
    wait_until(lambda: len(rasa.received) == 2)
    assert rasa.received[1] == {"path": "/webhooks/rest/webhook", "sender": "telegram:5", "message": LONG_PAYLOAD}


def test_a_photo_is_passed_on_as_a_file_reference(polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram) -> None:
    update = telegram.add_photo(9, b"\xff\xd8\xff jpeg bytes", caption="ổ gà")
    telegram.wait_for(lambda c: c["method"] == "sendMessage")
    largest = update["message"]["photo"][-1]["file_id"]
    assert rasa.received[0]["message"] == "/send_photo" + json.dumps({"photo": f"telegram_file:{largest}"})


def test_a_sticker_gets_a_polite_answer_without_asking_rasa(
    polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    update = telegram.make_text_update(3, "x")
    message = update["message"]
    del message["text"]
    message["sticker"] = {
        "file_id": "CAACAgIAAxkBAAIB",
        "file_unique_id": "AgADAgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    telegram.queue(update)
    (reply,) = telegram.wait_for(lambda c: c["method"] == "sendMessage")
    assert "chữ" in reply["text"] and rasa.received == []


def test_a_replayed_update_is_answered_once(polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram) -> None:
    update = telegram.add_text(11, "xin chao")
    telegram.wait_for(lambda c: c["method"] == "sendMessage")
    telegram.queue(dict(update, update_id=update["update_id"] + 1000))
    telegram.add_text(11, "cam on")
    wait_until(lambda: len(rasa.received) == 2)
    assert [r["message"] for r in rasa.received] == ["xin chao", "cam on"]


def test_a_long_answer_is_split_under_the_limit(polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram) -> None:
    paragraph = "Thành phần hồ sơ gồm giấy tờ như sau. " * 60
    rasa.reply = [{"text": f"{paragraph}\n\n{paragraph}\n\n{paragraph}"}]
    telegram.add_text(12, "giay to")
    pieces = telegram.wait_for(lambda c: c["method"] == "sendMessage", count=3)
    assert all(len(p["text"]) <= 4096 for p in pieces)
    assert " ".join(p["text"] for p in pieces).split() == rasa.reply[0]["text"].split()


def test_when_rasa_is_down_the_citizen_is_told_to_try_again(
    polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    rasa.status = 500
    telegram.add_text(13, "xin chao")
    (reply,) = telegram.wait_for(lambda c: c["method"] == "sendMessage")
    assert "thử lại" in reply["text"]
    assert polling.get("/health").status_code == 200


def test_a_failed_send_is_retried_and_a_blocked_chat_is_recorded(
    polling: TestClient, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    telegram.fail_next("sendMessage", times=2, status=502)
    telegram.add_text(14, "xin chao")
    telegram.wait_for(lambda c: c["method"] == "sendMessage" and c["chat_id"] == 14)
    telegram.block_chat(15)
    telegram.add_text(15, "xin chao")
    wait_until(lambda: problems() == [("telegram:15", "failed")])


def problems() -> list[tuple[str, str]]:
    with transaction() as session:
        return [(m.sender_id, m.status) for m in outbox.problems(session)]


def test_webhook_mode_checks_the_secret_and_ignores_repeats(
    feedback_db: str, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    config = settings(rasa, telegram, telegram_webhook_url="https://bot.example.gov.vn/telegram/webhook")
    with TestClient(create_app(config)) as client:
        wait_until(lambda: telegram.webhook is not None and client.app.state.telegram.application.running)
        assert telegram.webhook is not None and telegram.webhook["url"] == config.telegram_webhook_url
        secret = telegram.webhook["secret_token"]
        update = telegram.make_text_update(21, "xin chao")
        forged = client.post("/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
        assert forged.status_code == 401 and rasa.received == []
        for _ in range(2):
            ok = client.post("/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
            assert ok.status_code == 200
        telegram.wait_for(lambda c: c["method"] == "sendMessage")
        assert [r["message"] for r in rasa.received] == ["xin chao"]


def test_with_the_store_down_the_citizen_is_told_directly(
    monkeypatch: pytest.MonkeyPatch, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    from feedback_store.db import engine

    monkeypatch.setenv("FEEDBACK_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=1")
    engine.cache_clear()
    try:
        with TestClient(create_app(settings(rasa, telegram))):
            telegram.add_text(31, "xin chao")
            (reply,) = telegram.wait_for(lambda c: c["method"] == "sendMessage")
    finally:
        engine.cache_clear()
    assert "gián đoạn" in reply["text"] and rasa.received == [], "nothing half-done: Rasa never saw it"


def test_telegram_unreachable_at_start_leaves_the_gateway_serving_and_connects_later(
    feedback_db: str, rasa: FakeRasa, telegram: FakeTelegram
) -> None:
    telegram.fail_next("getMe", times=2, status=502)
    with TestClient(create_app(settings(rasa, telegram))) as client:
        assert client.post("/api/chat", json={"sender_id": "w", "text": "xin chao"}).status_code == 200
        telegram.add_text(41, "xin chao")
        telegram.wait_for(lambda c: c["method"] == "sendMessage" and c["chat_id"] == 41, timeout=20)
    assert [c["status"] for c in telegram.calls if c["method"] == "getMe"][:3] == [502, 502, 200]
