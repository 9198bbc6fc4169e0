"""The satisfaction survey through POST /api/chat, with dossiers registered through the console's API."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

_sequence = itertools.count(1)


def new_code() -> str:
    return f"000.00.15.H12-250709-{next(_sequence):04d}"


def said(gateway: httpx.Client, sender: str, text: str) -> tuple[str, list[dict[str, Any]]]:
    response = gateway.post("/api/chat", json={"sender_id": sender, "text": text})
    assert response.status_code == 200
    messages = response.json()["messages"]
    return "\n\n".join(m["text"] for m in messages), [b for m in messages for b in m["buttons"]]


def register(
    console: httpx.Client, code: str, agency: str, procedure: str = "1.001193", sender_id: str | None = None
) -> dict[str, Any]:
    """The office's system registers a completed dossier, and names the citizen's chat when it knows it."""
    body = {
        "dossier_code": code,
        "procedure_code": procedure,
        "agency_code": agency,
        "completed_at": "2025-07-09T10:00:00+07:00",
    }
    response = console.post("/api/transactions", json=body | ({"sender_id": sender_id} if sender_id else {}))
    assert response.status_code == 201, response.text
    return response.json()


def sipas(console: httpx.Client, agency: str) -> dict[str, Any]:
    return console.get("/api/sipas", params={"agency": agency}).json()


def answer_all(gateway: httpx.Client, sender: str, answers: list[str], comment: str = "bỏ qua") -> str:
    text = ""
    for value in answers:
        text, _ = said(gateway, sender, value)
    text, _ = said(gateway, sender, comment)
    return text


def test_full_survey_from_a_typed_code_changes_the_index(gateway: httpx.Client, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    register(console, code, agency)
    assert sipas(console, agency)["responses"] == 0
    sender = f"e2e-{uuid.uuid4()}"
    text, _ = said(gateway, sender, "tôi muốn đánh giá")
    assert "mã hồ sơ" in text
    text, buttons = said(gateway, sender, code)
    assert "Câu 1/5" in text
    assert [b["title"] for b in buttons] == [
        "1 Rất không hài lòng",
        "2 Không hài lòng",
        "3 Bình thường",
        "4 Hài lòng",
        "5 Rất hài lòng",
    ]
    text = answer_all(gateway, sender, ["5", "4", "5", "2", "5"], comment="Cán bộ nhiệt tình")
    assert f"Đánh giá cho hồ sơ {code} đã được ghi nhận" in text
    report = sipas(console, agency)
    assert report["responses"] == 1
    # 4 of 5 components answered 4 or 5: index (1+1+1+0+1)/5.
    assert report["index"] == pytest.approx(0.8)
    assert [c["index"] for c in report["components"]] == [1.0, 1.0, 1.0, 0.0, 1.0]


def test_survey_from_the_receipt_link(gateway: httpx.Client, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    token = register(console, code, agency)["survey_token"]
    sender = f"e2e-{uuid.uuid4()}"
    text, _ = said(gateway, sender, f"/start {token}")
    assert "Câu 1/5" in text
    text = answer_all(gateway, sender, ["4", "4", "4", "4", "4"])
    assert code in text and "đã được ghi nhận" in text
    assert sipas(console, agency)["responses"] == 1


def test_text_answers_are_understood_or_asked_again(gateway: httpx.Client, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    register(console, code, agency)
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "danh gia dich vu")
    said(gateway, sender, code)
    text, _ = said(gateway, sender, "tốt")
    assert "Câu 2/5" in text
    text, _ = said(gateway, sender, "hmm để xem")
    assert "chưa rõ mức đánh giá" in text and "Câu 2/5" in text
    for answer, next_question in [("bình thường", "Câu 3/5"), ("ko hài lòng", "Câu 4/5"), ("4 điểm", "Câu 5/5")]:
        text, _ = said(gateway, sender, answer)
        assert next_question in text
    said(gateway, sender, "rất hài lòng")
    said(gateway, sender, "bỏ qua")
    components = [c["criteria"][0] for c in sipas(console, agency)["components"]]
    assert [(c["valid"], c["satisfied"]) for c in components] == [(1, 1), (1, 0), (1, 0), (1, 1), (1, 1)]


def test_stopped_survey_stores_nothing(gateway: httpx.Client, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    register(console, code, agency)
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "đánh giá")
    said(gateway, sender, code)
    said(gateway, sender, "5")
    text, _ = said(gateway, sender, "thôi")
    assert "không được lưu" in text
    assert sipas(console, agency)["responses"] == 0
    # The same code can still be rated later.
    said(gateway, sender, "đánh giá")
    text, _ = said(gateway, sender, code)
    assert "Câu 1/5" in text


def test_a_code_is_rated_once(gateway: httpx.Client, console: httpx.Client) -> None:
    agency = f"AGENCY-{uuid.uuid4().hex[:6]}"
    code = new_code()
    register(console, code, agency)
    first = f"e2e-{uuid.uuid4()}"
    said(gateway, first, "đánh giá")
    said(gateway, first, code)
    answer_all(gateway, first, ["5"] * 5)
    second = f"e2e-{uuid.uuid4()}"
    said(gateway, second, "tôi muốn đánh giá")
    text, _ = said(gateway, second, code)
    assert "đã được đánh giá rồi" in text
    assert sipas(console, agency)["responses"] == 1


def test_a_malformed_code_gets_the_format(gateway: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "đánh giá")
    text, _ = said(gateway, sender, "HS-2025-01")
    assert "chưa đúng định dạng" in text and "000.00.15.H12-250709-0001" in text


def test_an_unregistered_code_is_kept_apart_from_the_index(gateway: httpx.Client, console: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    code = "999.00.15.H12-250709-0042"
    said(gateway, sender, "đánh giá")
    text, _ = said(gateway, sender, code)
    assert "chưa tính vào chỉ số chính thức" in text
    text = answer_all(gateway, sender, ["1"] * 5)
    assert "đã được ghi nhận" in text
    everything = console.get("/api/sipas").json()["responses"]
    with_unverified = console.get("/api/sipas", params={"include_unverified": "true"}).json()["responses"]
    assert with_unverified == everything + 1


def test_an_unknown_link_falls_back_to_asking_the_code(gateway: httpx.Client) -> None:
    text, _ = said(gateway, f"e2e-{uuid.uuid4()}", "/start not-a-real-token")
    assert "không còn hợp lệ" in text and "mã hồ sơ" in text


def test_invitation_to_a_known_web_chat(gateway: httpx.Client, console: httpx.Client) -> None:
    chat_id = uuid.uuid4().hex
    code = new_code()
    assert register(console, code, "CA-XA-01", "1.004222", sender_id=f"web:{chat_id}")["invitation_queued"] is True
    invitation = gateway.get("/api/chat/poll", params={"sender_id": chat_id}).json()["messages"]
    assert code in invitation[0]["text"]
    text, _ = said(gateway, chat_id, invitation[0]["buttons"][0]["payload"])
    assert "Câu 1/5" in text
