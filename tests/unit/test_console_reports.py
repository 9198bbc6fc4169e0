"""Officers' reports API: masked lists, workflow, answers queued to the citizen's chat, ratings in SIPAS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.settings import ConsoleSettings
from feedback_store import outbox, reports, sipas
from feedback_store.db import transaction
from feedback_store.privacy import mask_name, mask_phone
from feedback_store.questionnaire import load

KEY = {"X-API-Key": "officer-key"}
DRAFT = reports.Draft(
    kind="phan_anh",
    description="Đèn đường hỏng",
    category="ha_tang",
    address="phường Hải Châu, Đà Nẵng",
    province="Thành phố Đà Nẵng",
    commune="Phường Hải Châu",
    sender_id="web:citizen-7",
    channel="web",
    reporter_name="Nguyễn Văn An",
    reporter_phone="0905123456",
)


@pytest.fixture
def client(feedback_db: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = ConsoleSettings(transactions_api_key="officer-key", var_dir=tmp_path)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def code(feedback_db: str) -> str:
    with transaction(feedback_db) as session:
        return reports.file(session, DRAFT, "web:citizen-7:m1").tracking_code


def test_masking() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert mask_phone("0905123456") == "0905***456"
    assert mask_name(None) is None


def test_lists_mask_personal_data(client: TestClient, code: str) -> None:
    listed = client.get("/api/reports", headers=KEY).json()
    assert [r["tracking_code"] for r in listed] == [code]
    assert (listed[0]["reporter_name"], listed[0]["reporter_phone"]) == ("Nguyễn V. A.", "0905***456")
    assert "0905123456" not in json.dumps(listed, ensure_ascii=False)
    assert client.get("/api/reports").status_code == 401


def test_answer_reaches_the_chat_with_rating_buttons(client: TestClient, code: str, feedback_db: str) -> None:
    assert (
        client.post(f"/api/reports/{code}/status", json={"to": "accepted", "actor": "cb1"}, headers=KEY).status_code
        == 200
    )
    answered = client.post(
        f"/api/reports/{code}/answer", json={"actor": "cb1", "text": "Đã thay bóng đèn."}, headers=KEY
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    with transaction(feedback_db) as session:
        (message,) = outbox.take_pending(session, "web:citizen-7")
    assert code in message.text and "Đã thay bóng đèn." in message.text
    assert message.buttons[4] == {
        "title": "5 Rất hài lòng",
        "payload": f'/rate_handling{{"tracking_code": "{code}", "handling_score": "5"}}',
    }


def test_invalid_transition_is_a_conflict(client: TestClient, code: str) -> None:
    response = client.post(f"/api/reports/{code}/status", json={"to": "closed", "actor": "cb1"}, headers=KEY)
    assert response.status_code == 409 and "cannot become" in response.json()["detail"]


def test_handling_ratings_feed_component_five(feedback_db: str, code: str) -> None:
    with transaction(feedback_db) as session:
        reports.change_status(session, code, "accepted", "cb1")
        reports.answer(session, code, "cb1", "Đã xử lý")
        reports.rate(session, code, 5)
    with transaction(feedback_db) as session:
        report = sipas.report(session, load())
        per_agency = sipas.report(session, load(), agency="SO-XAY-DUNG")
    component_five = report.components[4]
    assert component_five.code == "feedback" and component_five.index == 1.0
    assert report.handling_ratings == 1 and report.index == 1.0
    assert per_agency.handling_ratings == 0


def test_a_report_not_accepted_tells_the_citizen_why(client: TestClient, code: str, feedback_db: str) -> None:
    body = {"to": "not_accepted", "actor": "cb1", "note": "Nội dung thuộc thẩm quyền của tòa án."}
    assert client.post(f"/api/reports/{code}/status", json=body, headers=KEY).status_code == 200
    with transaction(feedback_db) as session:
        (message,) = outbox.take_pending(session, "web:citizen-7")
    assert message.text == f"Phản ánh {code}: Không thụ lý. Nội dung thuộc thẩm quyền của tòa án."


def test_an_answer_that_could_not_be_delivered_is_listed_for_officers(client: TestClient, code: str) -> None:
    client.post(f"/api/reports/{code}/status", json={"to": "accepted", "actor": "cb.hai"}, headers=KEY)
    answered = client.post(f"/api/reports/{code}/answer", json={"actor": "cb.hai", "text": "Đã sửa đèn."}, headers=KEY)
    assert answered.status_code == 200
    with transaction() as session:
        (queued,) = outbox.take_pending(session, "web:citizen-7")
        outbox.mark_problem(session, queued.id, "undeliverable", "outside the platform's reply window")
    (problem,) = client.get("/api/outbox/problems", headers=KEY).json()
    assert (problem["channel"], problem["status"], problem["tracking_codes"]) == ("web", "undeliverable", [code])
    assert client.get("/api/outbox/problems").status_code == 401
