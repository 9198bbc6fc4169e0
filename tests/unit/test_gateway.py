"""The web chat contract, against a fake Rasa over real HTTP."""

import socket
import unicodedata
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import GatewaySettings
from tests.fakes.rasa import FakeRasa


@pytest.fixture
def client(feedback_db: str, rasa: FakeRasa) -> Iterator[TestClient]:
    with TestClient(create_app(GatewaySettings(rasa_url=rasa.url, rasa_timeout_seconds=5))) as test_client:
        yield test_client


def chat(client: TestClient, text: str, sender: str = "abc") -> tuple[int, list[dict]]:
    response = client.post("/api/chat", json={"sender_id": sender, "text": text})
    return response.status_code, response.json().get("messages", [])


def test_reply_and_buttons_follow_the_contract(client: TestClient, rasa: FakeRasa) -> None:
    rasa.reply = [
        {
            "recipient_id": "web:abc",
            "text": "Bạn hỏi thủ tục nào?",
            "buttons": [{"title": "Khai sinh", "payload": "/ask"}],
        }
    ]
    status, messages = chat(client, "xin chào")
    assert status == 200
    assert messages == [{"text": "Bạn hỏi thủ tục nào?", "buttons": [{"title": "Khai sinh", "payload": "/ask"}]}]
    assert rasa.received == [{"path": "/webhooks/rest/webhook", "sender": "web:abc", "message": "xin chào"}]


def test_text_reaches_rasa_in_nfc(client: TestClient, rasa: FakeRasa) -> None:
    chat(client, unicodedata.normalize("NFD", "  Lệ phí hộ chiếu  "))
    assert rasa.received[-1]["message"] == "Lệ phí hộ chiếu"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_gets_a_polite_answer_without_rasa(client: TestClient, rasa: FakeRasa, text: str) -> None:
    status, messages = chat(client, text)
    assert status == 200
    assert messages[0]["text"].startswith("Bạn chưa nhập nội dung")
    assert rasa.received == []


def test_huge_text_is_refused_politely(client: TestClient, rasa: FakeRasa) -> None:
    status, messages = chat(client, "a" * 10_000)
    assert status == 200
    assert "4.000 ký tự" in messages[0]["text"]
    assert rasa.received == []


def test_rasa_error_gives_503_in_vietnamese(client: TestClient, rasa: FakeRasa) -> None:
    rasa.status = 500
    status, messages = chat(client, "lệ phí khai sinh")
    assert status == 503
    assert "tạm gián đoạn" in messages[0]["text"]


def test_silent_rasa_means_the_action_server_failed(client: TestClient, rasa: FakeRasa) -> None:
    rasa.reply = []
    status, messages = chat(client, "lệ phí khai sinh")
    assert status == 503
    assert "thử lại" in messages[0]["text"]


def test_rasa_not_listening_gives_503_and_the_gateway_keeps_running(client: TestClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    with TestClient(create_app(GatewaySettings(rasa_url=f"http://127.0.0.1:{dead_port}"))) as dead:
        status, messages = chat(dead, "xin chào")
        assert status == 503 and "thử lại" in messages[0]["text"]
        assert dead.get("/health").status_code == 200


def test_bad_request_shape_is_rejected(client: TestClient) -> None:
    assert client.post("/api/chat", json={"text": "x"}).status_code == 422
    assert client.post("/api/chat", json={"sender_id": "", "text": "x"}).status_code == 422


def test_chat_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Trợ lý dịch vụ công" in page.text
    assert "textContent" in page.text


def test_a_flood_from_one_sender_is_held_back_politely(feedback_db: str, rasa: FakeRasa) -> None:
    settings = GatewaySettings(rasa_url=rasa.url, rate_limit_messages=2, rate_limit_window_seconds=60)
    with TestClient(create_app(settings)) as flooded:
        answers = [chat(flooded, f"tin {i}", sender="flood")[1] for i in range(4)]
        assert chat(flooded, "xin chào", sender="calm")[0] == 200
    assert [m["text"] for m in answers[2]] == [
        "Bạn gửi tin nhanh quá, mình chưa kịp trả lời. Bạn đợi vài giây rồi gửi lại giúp mình nhé."
    ]
    assert answers[3] == [], "told once per burst"
    assert [r["message"] for r in rasa.received] == ["tin 0", "tin 1", "xin chào"]
