"""A procedure question, a survey and a report with a photo on Telegram and on Zalo, on the real stack.

The platforms are local fakes that speak their HTTP APIs; the gateway talks to
them through python-telegram-bot and our Zalo client, as in production.
"""

from __future__ import annotations

import html
import itertools
import time
import uuid
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest

from tests.e2e.test_procedures_chat import fee, record
from tests.e2e.test_reports_chat import CODE, stored
from tests.e2e.test_survey_chat import new_code, register, sipas
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

pytestmark = pytest.mark.e2e

_ids = itertools.count(int(time.time()) % 10**6 * 100)
QUIET = 0.6  # a turn's messages leave the outbox together; this long without a new one ends the turn


class Chat(Protocol):
    def say(self, text: str) -> str: ...
    def press(self, title: str) -> str: ...
    def photo(self, content: bytes) -> str: ...


def settle(count: Any, before: int) -> None:
    """Wait for the first new message, then until no more arrive."""
    deadline = time.monotonic() + 60
    while count() <= before:
        assert time.monotonic() < deadline, "no answer within 60 s"
        time.sleep(0.05)
    seen = count()
    while True:
        time.sleep(QUIET)
        if count() == seen:
            return
        seen = count()


class TelegramChat:
    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.chat_id = next(_ids)
        self.photo_ids: list[str] = []

    def _turn(self, send: Any) -> str:
        before = len(self.fake.messages_to(self.chat_id))
        send()
        settle(lambda: len(self.fake.messages_to(self.chat_id)), before)
        return "\n\n".join(html.unescape(m["text"]) for m in self.fake.messages_to(self.chat_id)[before:])

    def say(self, text: str) -> str:
        return self._turn(lambda: self.fake.add_text(self.chat_id, text))

    def press(self, title: str) -> str:
        keyboards = [
            m["reply_markup"]["inline_keyboard"] for m in self.fake.messages_to(self.chat_id) if m.get("reply_markup")
        ]
        data = next(row[0]["callback_data"] for row in keyboards[-1] if row[0]["text"] == title)
        return self._turn(lambda: self.fake.add_callback(self.chat_id, data))

    def photo(self, content: bytes) -> str:
        update = self.fake.make_photo_update(self.chat_id, content)
        self.photo_ids.append(update["message"]["photo"][-1]["file_id"])
        return self._turn(lambda: self.fake.queue(update))


class ZaloChat:
    def __init__(self, fake: FakeZalo, gateway: httpx.Client) -> None:
        self.fake = fake
        self.gateway = gateway
        self.user_id = str(next(_ids) * 1000 + 7)

    def _turn(self, event: dict[str, Any]) -> str:
        before = len(self.fake.messages_to(self.user_id))
        raw, headers = self.fake.signed(event)
        assert self.gateway.post("/zalo/webhook", content=raw, headers=headers).status_code == 200
        settle(lambda: len(self.fake.messages_to(self.user_id)), before)
        return "\n\n".join(m["message"]["text"] for m in self.fake.messages_to(self.user_id)[before:])

    def say(self, text: str) -> str:
        return self._turn(self.fake.text_event(self.user_id, text))

    def press(self, title: str) -> str:
        # Zalo shows an oa.query.show button's payload as the citizen's message and sends it as text.
        buttons = [
            b
            for m in self.fake.messages_to(self.user_id)
            for b in m["message"].get("attachment", {}).get("payload", {}).get("buttons", [])
        ]
        payload = next(b["payload"] for b in reversed(buttons) if b["title"] == title)
        return self._turn(self.fake.text_event(self.user_id, payload))

    def photo(self, content: bytes) -> str:
        return self._turn(self.fake.image_event(self.user_id, self.fake.host_image(content)))


@pytest.fixture(params=["telegram", "zalo"])
def chat(
    request: pytest.FixtureRequest, fake_telegram: FakeTelegram, fake_zalo: FakeZalo, gateway: httpx.Client
) -> Chat:
    return TelegramChat(fake_telegram) if request.param == "telegram" else ZaloChat(fake_zalo, gateway)


def test_procedure_question(chat: Chat, procedures_db: Path) -> None:
    text = chat.say("lệ phí đăng ký thường trú bao nhiêu")
    assert "(1.004222)" in text and fee(record(procedures_db, "1.004222")) in text
    assert "1.004222" in chat.say("còn thời hạn thì sao"), "the procedure is kept as context"


def test_full_survey(chat: Chat, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    links = register(console, code, agency)
    if isinstance(chat, TelegramChat):
        # The receipt's QR code opens t.me/<bot>?start=<token>; Telegram sends "/start <token>".
        token = links["links"]["telegram"].rsplit("start=", 1)[1]
        assert "Câu 1/5" in chat.say(f"/start {token}")
    else:
        assert "mã hồ sơ" in chat.say("tôi muốn đánh giá dịch vụ")
        assert "Câu 1/5" in chat.say(code)
    for title in ["5 Rất hài lòng", "4 Hài lòng", "5 Rất hài lòng", "5 Rất hài lòng"]:
        chat.press(title)
    chat.press("3 Bình thường")
    assert f"Đánh giá cho hồ sơ {code} đã được ghi nhận" in chat.say("bỏ qua")
    assert sipas(console, agency)["responses"] == 1


def test_full_report_with_a_photo(chat: Chat, stack: Any) -> None:
    text = chat.say("tôi muốn phản ánh ổ gà lớn giữa đường trước chợ, xe máy ngã mấy lần rồi")
    assert "lĩnh vực" in text
    assert "xảy ra ở đâu" in chat.press("Hạ tầng, điện, đường, chiếu sáng")
    assert "ảnh" in chat.say("phường Hải Châu, Đà Nẵng")
    assert "đồng ý để lại họ tên" in chat.photo(b"\xff\xd8\xff\xe0 photo of the pothole")
    summary = chat.say("không")
    assert "Thành phố Đà Nẵng" in summary
    match = CODE.search(chat.say("gửi"))
    assert match
    row = stored(stack, match.group())
    assert row["category"] == "ha_tang" and len(row["attachments"]) == 1
    if isinstance(chat, TelegramChat):
        assert row["attachments"] == chat.photo_ids, "the largest size's file id"
    else:
        assert row["attachments"][0].startswith(chat.fake.url + "/media/")


def test_an_invitation_from_the_office_reaches_telegram_and_its_button_starts_the_survey(
    fake_telegram: FakeTelegram, console: httpx.Client
) -> None:
    chat = TelegramChat(fake_telegram)
    code = new_code()
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    assert register(console, code, agency, sender_id=f"telegram:{chat.chat_id}")["invitation_queued"]
    settle(lambda: len(fake_telegram.messages_to(chat.chat_id)), 0)
    (invitation,) = fake_telegram.messages_to(chat.chat_id)
    assert code in invitation["text"]
    assert "Câu 1/5" in chat.press("Đánh giá ngay")
