"""The Telegram and Zalo fakes answer the real clients the way the real services do."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

TOKEN = "123456789:AAHfake-token_for_tests"
CHAT = 5550001


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN)
    yield fake
    fake.close()


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{telegram.url}/bot", base_file_url=f"{telegram.url}/file/bot") as bot:
        yield bot


async def test_get_me_and_send_message_with_keyboard(telegram: FakeTelegram, bot: Bot) -> None:
    assert bot.username == "dichvucong_test_bot" and bot.bot.is_bot
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="yes")]])
    first = await bot.send_message(CHAT, "<b>Xin chào</b> &amp; chào", parse_mode="HTML", reply_markup=keyboard)
    second = await bot.send_message(CHAT, "Lần hai")

    assert first.text == "Xin chào & chào" and first.entities[0].type == "bold"
    assert first.reply_markup == keyboard and first.from_user.id == bot.id
    assert second.message_id == first.message_id + 1
    [recorded, _] = telegram.messages_to(CHAT)
    assert recorded["chat_id"] == CHAT and recorded["parse_mode"] == "HTML"
    assert recorded["reply_markup"] == {"inline_keyboard": [[{"text": "Có", "callback_data": "yes"}]]}


async def test_get_updates_parses_text_callback_and_confirms_with_offset(telegram: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(
        CHAT, "Chọn", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    )
    text = telegram.add_text(CHAT, "/start abc")
    telegram.add_callback(CHAT, "a")

    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == [text["update_id"], text["update_id"] + 1]
    message = updates[0].message
    assert isinstance(updates[0], Update) and message.text == "/start abc" and message.chat.type == "private"
    assert message.from_user.language_code == "vi" and not message.from_user.is_bot
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    query = updates[1].callback_query
    assert query.data == "a" and query.message.message_id == sent.message_id and query.from_user.id == CHAT
    assert await query.answer("OK")
    assert telegram.wait_for(lambda c: c["method"] == "answerCallbackQuery")[0]["text"] == "OK"

    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert telegram.pending_updates() == []


async def test_application_polls_and_answers(telegram: FakeTelegram) -> None:
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{telegram.url}/bot")
        .base_file_url(f"{telegram.url}/file/bot")
        .build()
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"args={context.args}")

    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        telegram.add_text(CHAT, "/start abc")
        [reply] = await asyncio.to_thread(telegram.wait_for, lambda c: c["method"] == "sendMessage")
        await app.updater.stop()
        await app.stop()
    assert reply["chat_id"] == CHAT and reply["text"] == "args=['abc']"


async def test_photo_download_through_get_file(telegram: FakeTelegram, bot: Bot) -> None:
    content = b"\xff\xd8\xff\xe0 fake jpeg \x00\x01"
    telegram.add_photo(CHAT, content, caption="Giấy tờ")
    [update] = await bot.get_updates(timeout=1)
    largest = update.message.photo[-1]
    assert len(update.message.photo) > 1 and largest.width > update.message.photo[0].width
    assert update.message.caption == "Giấy tờ"
    file = await bot.get_file(largest.file_id)
    assert bytes(await file.download_as_bytearray()) == content


async def test_send_photo_upload_is_decoded_from_multipart(telegram: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_photo(CHAT, b"\x89PNG bytes", caption="ảnh")
    assert message.photo and message.caption == "ảnh"
    [call] = telegram.wait_for(lambda c: c["method"] == "sendPhoto")
    assert call["chat_id"] == CHAT and call["photo"]["content"] == b"\x89PNG bytes"


@pytest.mark.filterwarnings("ignore:.*`retry_after` will be of type")  # PTB's own, raised building RetryAfter
async def test_rejects_what_the_real_api_rejects(telegram: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    assert await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match='nsupported start tag "số" at byte offset 7'):
        await bot.send_message(CHAT, "Nhập <số hồ sơ>", parse_mode="HTML")
    with pytest.raises(BadRequest, match='find end tag corresponding to start tag "b"'):
        await bot.send_message(CHAT, "<b>đậm", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "   ")
    assert (await bot.send_message(CHAT, "a > b & c", parse_mode="HTML")).text == "a > b & c"

    telegram.block_chat(CHAT)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(CHAT, "hi")
    telegram.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as retry:
        await bot.send_message(CHAT + 1, "hi")
    assert "Retry in 3 seconds" in retry.value.message  # parsed from parameters.retry_after
    assert [m["text"] for m in telegram.messages_to(CHAT)] == ["<b>" + "a" * 4096 + "</b>", "a > b & c"]


async def test_wrong_token_is_unauthorized(telegram: FakeTelegram) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=f"{telegram.url}/bot"):
            pass
    answer = httpx.post(f"{telegram.url}/bot999:wrong/getMe")
    assert answer.status_code == 401
    assert answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_webhook_settings_are_recorded_and_block_polling(telegram: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.test/telegram", secret_token="s3cret", allowed_updates=["message"])
    assert telegram.webhook == {
        "url": "https://example.test/telegram",
        "secret_token": "s3cret",
        "allowed_updates": ["message"],
    }
    assert (await bot.get_webhook_info()).url == "https://example.test/telegram"
    update = telegram.make_text_update(CHAT, "xin chào")
    assert Update.de_json(update, bot).message.text == "xin chào"
    with pytest.raises(Exception, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert telegram.webhook is None


# ---- Zalo ----------------------------------------------------------------------------------------


@pytest.fixture
def zalo() -> Iterator[FakeZalo]:
    fake = FakeZalo("4291763606161179100", "app-secret", "oa-secret", "access-1", "refresh-1")
    yield fake
    fake.close()


def _send(zalo: FakeZalo, token: str, text: str, user_id: str = "6142494823000000001") -> dict:
    body = {"recipient": {"user_id": user_id}, "message": {"text": text}}
    answer = httpx.post(f"{zalo.url}/v3.0/oa/message/cs", json=body, headers={"access_token": token})
    assert answer.status_code == 200
    return answer.json()


def _refresh(zalo: FakeZalo, refresh_token: str) -> dict:
    form = {"refresh_token": refresh_token, "app_id": zalo.app_id, "grant_type": "refresh_token"}
    return httpx.post(f"{zalo.url}/v4/oa/access_token", data=form, headers={"secret_key": "app-secret"}).json()


def test_zalo_send_with_valid_token_is_recorded(zalo: FakeZalo) -> None:
    answer = _send(zalo, "access-1", "Xin chào")
    assert answer["error"] == 0 and answer["message"] == "Success"
    assert answer["data"]["user_id"] == "6142494823000000001" and len(answer["data"]["message_id"]) == 32
    buttons = {
        "recipient": {"user_id": "6142494823000000001"},
        "message": {
            "text": "Bạn hài lòng không?",
            "attachment": {
                "type": "template",
                "payload": {"buttons": [{"title": "Có", "type": "oa.query.show", "payload": "#yes"}]},
            },
        },
    }
    httpx.post(f"{zalo.url}/v3.0/oa/message/cs", json=buttons, headers={"access_token": "access-1"})
    sent = zalo.wait_for(lambda b: "attachment" in b["message"])
    assert sent == [buttons]
    assert [b["message"]["text"] for b in zalo.messages_to("6142494823000000001")] == [
        "Xin chào",
        "Bạn hài lòng không?",
    ]
    assert _send(zalo, "access-1", "x" * 2001)["error"] == -210


def test_zalo_expired_token_then_single_use_refresh(zalo: FakeZalo) -> None:
    zalo.expire_access_token()
    assert _send(zalo, "access-1", "hi") == {"error": -216, "message": "Access token is invalid"}

    fresh = _refresh(zalo, "refresh-1")
    assert set(fresh) == {"access_token", "refresh_token", "expires_in"} and fresh["expires_in"] == "90000"
    assert _send(zalo, fresh["access_token"], "hi")["error"] == 0
    reused = _refresh(zalo, "refresh-1")
    assert reused["error"] == -14014 and {"error_name", "error_reason", "ref_doc", "error_description"} <= set(reused)
    assert _refresh(zalo, fresh["refresh_token"])["access_token"] != fresh["access_token"]
    assert zalo.refreshes == 2 and len(zalo.requests) == 5 and len(zalo.sent) == 1


def test_zalo_events_and_signature(zalo: FakeZalo) -> None:
    text, image, follow = (
        zalo.text_event("6142494823000000001", "xin chào"),
        zalo.image_event("6142494823000000001", zalo.host_image(b"jpeg")),
        zalo.follow_event("6142494823000000001"),
    )
    assert text["event_name"] == "user_send_text" and text["message"]["text"] == "xin chào"
    assert text["recipient"]["id"] == zalo.oa_id and text["timestamp"].isdigit()
    assert text["message"]["msg_id"] != image["message"]["msg_id"]
    assert httpx.get(image["message"]["attachments"][0]["payload"]["url"]).content == b"jpeg"
    assert follow["follower"]["id"] == "6142494823000000001" and follow["oa_id"] == zalo.oa_id

    raw = json.dumps(text).encode()
    expected = hashlib.sha256(b"4291763606161179100" + raw + text["timestamp"].encode() + b"oa-secret").hexdigest()
    assert zalo.sign(raw, text["timestamp"]) == "mac=" + expected
    body, headers = zalo.signed(text)
    assert headers["X-ZEvent-Signature"] == zalo.sign(body, text["timestamp"])
