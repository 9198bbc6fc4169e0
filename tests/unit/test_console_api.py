"""The transactions API and the SIPAS report API."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.settings import ConsoleSettings
from console.sipas_cli import table
from feedback_store import sipas, surveys
from feedback_store.db import transaction
from feedback_store.questionnaire import load

KEY = {"X-API-Key": "office-system-key"}
BODY = {
    "dossier_code": "000.00.15.H12-250709-0001",
    "procedure_code": "1.001193",
    "agency_code": "UBND-PHUONG-HAI-CHAU",
    "completed_at": "2025-07-09T10:00:00+07:00",
}


@pytest.fixture
def client(feedback_db: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = ConsoleSettings(
        transactions_api_key="office-system-key",
        public_web_chat_url="https://chat.example.gov.vn",
        telegram_bot_username="dvc_bot",
        var_dir=tmp_path,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_register_returns_links_and_a_qr_code(client: TestClient) -> None:
    response = client.post("/api/transactions", json=BODY, headers=KEY)
    assert response.status_code == 201
    data = response.json()
    token = data["survey_token"]
    assert len(token) >= 20
    assert data["links"] == {
        "web": f"https://chat.example.gov.vn/?start={token}",
        "telegram": f"https://t.me/dvc_bot?start={token}",
    }
    assert base64.b64decode(data["qr_png_base64"]).startswith(b"\x89PNG")
    png = client.get(data["qr_png_url"], headers=KEY)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert client.post("/api/transactions", json=BODY, headers=KEY).json()["survey_token"] == token


def test_the_api_key_is_required(client: TestClient) -> None:
    assert client.post("/api/transactions", json=BODY).status_code == 401
    assert client.post("/api/transactions", json=BODY, headers={"X-API-Key": "guess"}).status_code == 401


def test_a_malformed_dossier_code_is_refused(client: TestClient) -> None:
    response = client.post("/api/transactions", json={**BODY, "dossier_code": "HS-123"}, headers=KEY)
    assert response.status_code == 422
    assert "000.00.15.H12-250709-0001" in response.text


def test_sipas_report_with_counts(client: TestClient, feedback_db: str) -> None:
    client.post("/api/transactions", json=BODY, headers=KEY)
    questionnaire = load()
    with transaction(feedback_db) as session:
        surveys.submit(session, BODY["dossier_code"], questionnaire, {c.code: 5 for c in questionnaire.criteria}, "web")
    data = client.get("/api/sipas", params={"agency": BODY["agency_code"]}).json()
    assert data["index"] == 1.0 and data["responses"] == 1
    assert data["components"][2]["criteria"][0]["valid"] == 1
    assert client.get("/api/sipas", params={"agency": "OTHER"}).json()["index"] is None
    assert client.get("/api/sipas", params={"from": "2999-01-01T00:00:00Z"}).json()["responses"] == 0
    with transaction(feedback_db) as session:
        printed = table(sipas.report(session, questionnaire))
    assert "SIPAS overall" in printed and "100.0%" in printed and "(1 responses)" in printed


def test_a_known_citizen_gets_the_invitation_on_the_next_web_poll(client: TestClient, feedback_db: str) -> None:
    from bot.app import create_app as create_gateway
    from bot.settings import GatewaySettings

    body = {**BODY, "sender_id": "web:citizen-1"}
    data = client.post("/api/transactions", json=body, headers=KEY).json()
    assert data["invitation_queued"] is True
    with TestClient(create_gateway(GatewaySettings(rasa_url="http://127.0.0.1:9"))) as gateway:
        first = gateway.get("/api/chat/poll", params={"sender_id": "citizen-1"}).json()["messages"]
        again = gateway.get("/api/chat/poll", params={"sender_id": "citizen-1"}).json()["messages"]
        other = gateway.get("/api/chat/poll", params={"sender_id": "someone-else"}).json()["messages"]
    assert len(first) == 1 and BODY["dossier_code"] in first[0]["text"]
    assert first[0]["buttons"] == [{"title": "Đánh giá ngay", "payload": f"/start {data['survey_token']}"}]
    assert again == [] and other == []


def test_a_malformed_chat_id_is_refused(client: TestClient) -> None:
    response = client.post("/api/transactions", json={**BODY, "sender_id": "sms:0901234567"}, headers=KEY)
    assert response.status_code == 422
