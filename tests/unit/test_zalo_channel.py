"""The Zalo OA channel through our client, against a fake Zalo server and a fake Rasa."""

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import GatewaySettings
from feedback_store import channel_tokens, outbox
from feedback_store.db import transaction
from tests.fakes.rasa import FakeRasa
from tests.fakes.zalo_api import FakeZalo
from tests.waiting import wait_until

APP_ID, APP_SECRET, OA_SECRET = "2553928453557884079", "app-secret", "oa-secret-key"


@pytest.fixture
def zalo() -> Iterator[FakeZalo]:
    fake = FakeZalo(APP_ID, APP_SECRET, OA_SECRET, "access-1", "refresh-1")
    yield fake
    fake.close()


@pytest.fixture
def gateway(feedback_db: str, rasa: FakeRasa, zalo: FakeZalo) -> Iterator[TestClient]:
    settings = GatewaySettings(
        rasa_url=rasa.url,
        rasa_timeout_seconds=5,
        zalo_app_id=APP_ID,
        zalo_oa_secret_key=OA_SECRET,
        zalo_app_secret=APP_SECRET,
        zalo_access_token="access-1",
        zalo_refresh_token="refresh-1",
        zalo_api_base_url=zalo.url,
        zalo_oauth_base_url=zalo.url,
        outbox_retry_base_seconds=0.2,
        outbox_poll_seconds=0.2,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def post(client: TestClient, zalo: FakeZalo, event: dict) -> int:
    raw, headers = zalo.signed(event)
    return client.post("/zalo/webhook", content=raw, headers=headers).status_code


def test_a_text_is_answered_with_buttons_the_citizen_can_press(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    rasa.reply = [
        {
            "text": "Bạn muốn biết gì?",
            "buttons": [
                {"title": f"Nút {i}", "payload": f'/ask_fee{{"procedure_code": "1.00{i}"}}'} for i in range(1, 7)
            ],
        }
    ]
    assert post(gateway, zalo, zalo.text_event("777", "dang ky khai sinh")) == 200
    first, more = zalo.wait_for(lambda body: True, count=2)
    assert rasa.received[0]["sender"] == "zalo:777" and rasa.received[0]["message"] == "dang ky khai sinh"
    assert first["recipient"] == {"user_id": "777"} and first["message"]["text"] == "Bạn muốn biết gì?"
    shown = first["message"]["attachment"]["payload"]["buttons"]
    assert [b["type"] for b in shown] == ["oa.query.show"] * 4, "Zalo takes at most 4 buttons a message"
    assert [b["title"] for b in more["message"]["attachment"]["payload"]["buttons"]] == ["Nút 5", "Nút 6"]

    # Pressing one comes back as the citizen's message with the title; Rasa gets the payload.
    assert post(gateway, zalo, zalo.text_event("777", shown[1]["payload"])) == 200
    wait_until(lambda: len(rasa.received) == 2)
    assert rasa.received[1]["message"] == '/ask_fee{"procedure_code": "1.002"}'


def test_an_image_becomes_the_reports_photo_and_follow_gets_a_welcome(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    url = zalo.host_image(b"jpeg")
    post(gateway, zalo, zalo.image_event("888", url))
    post(gateway, zalo, zalo.follow_event("999"))
    wait_until(lambda: len(rasa.received) == 2)
    messages = {r["sender"]: r["message"] for r in rasa.received}
    assert messages == {"zalo:888": "/send_photo" + json.dumps({"photo": url}), "zalo:999": "/greet"}


def test_a_forged_or_unsigned_request_is_refused_and_not_processed(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    event = zalo.text_event("777", "xin chao")
    raw, headers = zalo.signed(event)
    forged = {**headers, "X-ZEvent-Signature": "mac=" + "0" * 64}
    assert gateway.post("/zalo/webhook", content=raw, headers=forged).status_code == 401
    assert gateway.post("/zalo/webhook", json=event).status_code == 401
    tampered = raw.replace(b"xin chao", b"chuyen tien")
    assert gateway.post("/zalo/webhook", content=tampered, headers=headers).status_code == 401
    time.sleep(0.3)
    assert rasa.received == []


def test_a_replayed_event_is_processed_once(gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo) -> None:
    event = zalo.text_event("777", "xin chao")
    assert [post(gateway, zalo, event) for _ in range(3)] == [200, 200, 200]
    zalo.wait_for(lambda body: True)
    post(gateway, zalo, zalo.text_event("777", "cam on"))
    wait_until(lambda: len(rasa.received) == 2)
    assert [r["message"] for r in rasa.received] == ["xin chao", "cam on"]


def test_an_expired_token_is_refreshed_mid_send_and_the_new_pair_is_kept(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    post(gateway, zalo, zalo.text_event("777", "xin chao"))
    zalo.wait_for(lambda body: True)
    zalo.expire_access_token()
    post(gateway, zalo, zalo.text_event("777", "cam on"))
    zalo.wait_for(lambda body: True, count=2)
    assert zalo.refreshes == 1
    with transaction() as session:
        stored = channel_tokens.current(session, "zalo", "", "")
        assert stored is not None
        assert (stored.access_token, stored.refresh_token) == (zalo.access_token, zalo.refresh_token)
    assert stored.refresh_token != "refresh-1"


def test_a_proactive_message_outside_the_window_is_kept_for_officers(gateway: TestClient, zalo: FakeZalo) -> None:
    with transaction() as session:
        outbox.enqueue(session, "zalo:555", "Cơ quan đã trả lời phản ánh của bạn.")

    def problems() -> list[tuple[str, str]]:
        with transaction() as session:
            return [(m.sender_id, m.status) for m in outbox.problems(session)]

    wait_until(lambda: problems() == [("zalo:555", "undeliverable")])
    assert zalo.messages_to("555") == []


def test_when_rasa_is_down_the_citizen_is_told_to_try_again(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    rasa.status = 503
    post(gateway, zalo, zalo.text_event("321", "xin chao"))
    (reply,) = zalo.wait_for(lambda body: True)
    assert "thử lại" in reply["message"]["text"]
    assert gateway.get("/health").status_code == 200


def test_quick_messages_from_one_citizen_reach_rasa_in_order(
    gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    texts = [f"tin {i}" for i in range(6)]
    for text in texts:
        post(gateway, zalo, zalo.text_event("444", text))
    wait_until(lambda: len(rasa.received) == len(texts))
    assert [r["message"] for r in rasa.received] == texts


def test_with_the_store_down_the_citizen_is_told_directly(
    monkeypatch: pytest.MonkeyPatch, gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    from feedback_store.db import engine

    monkeypatch.setenv("FEEDBACK_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=1")
    engine.cache_clear()
    try:
        post(gateway, zalo, zalo.text_event("666", "xin chao"))
        (reply,) = zalo.wait_for(lambda body: body["recipient"]["user_id"] == "666")
    finally:
        engine.cache_clear()
    assert "gián đoạn" in reply["message"]["text"] and rasa.received == []


def test_a_new_authorisation_in_the_settings_replaces_a_spent_stored_pair(
    feedback_db: str, gateway: TestClient, rasa: FakeRasa, zalo: FakeZalo
) -> None:
    with transaction() as session:  # the pair an earlier authorisation left, long spent
        channel_tokens.current(session, "zalo", "spent-access", "spent-refresh")
    post(gateway, zalo, zalo.text_event("777", "xin chao"))
    zalo.wait_for(lambda body: True)
    assert zalo.refreshes == 1, "refreshed with the settings' refresh token after the stored one failed"
    with transaction() as session:
        stored = channel_tokens.current(session, "zalo", "", "")
        assert stored is not None and stored.refresh_token == zalo.refresh_token != "refresh-1"
