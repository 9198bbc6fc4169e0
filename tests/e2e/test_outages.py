"""When the action server or Rasa is down, the gateway answers 503 in Vietnamese and keeps running.

These tests stop processes of the shared stack, so conftest.py runs them last.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

pytestmark = [pytest.mark.e2e, pytest.mark.disruptive]


def test_action_server_down(gateway: httpx.Client, stack: Any) -> None:
    stack.stop("actions")
    response = gateway.post("/api/chat", json={"sender_id": f"e2e-{uuid.uuid4()}", "text": "lệ phí đăng ký kết hôn"})
    assert response.status_code == 503
    assert "tạm gián đoạn" in response.json()["messages"][0]["text"]


def test_rasa_down(gateway: httpx.Client, stack: Any, fake_telegram: FakeTelegram, fake_zalo: FakeZalo) -> None:
    stack.stop("rasa")
    response = gateway.post("/api/chat", json={"sender_id": f"e2e-{uuid.uuid4()}", "text": "xin chào"})
    assert response.status_code == 503
    assert "thử lại" in response.json()["messages"][0]["text"]
    assert gateway.get("/health").status_code == 200

    fake_telegram.add_text(990001, "xin chào")
    (on_telegram,) = fake_telegram.wait_for(lambda c: c["method"] == "sendMessage" and c["chat_id"] == 990001, 30)
    raw, headers = fake_zalo.signed(fake_zalo.text_event("990002", "xin chào"))
    assert gateway.post("/zalo/webhook", content=raw, headers=headers).status_code == 200
    (on_zalo,) = fake_zalo.wait_for(lambda body: body["recipient"]["user_id"] == "990002", 30)
    assert "thử lại" in on_telegram["text"] and "thử lại" in on_zalo["message"]["text"]
