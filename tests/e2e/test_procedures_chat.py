"""Citizens' questions through POST /api/chat on the real stack; figures checked against the raw record."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


def ask(gateway: httpx.Client, text: str, sender: str) -> tuple[int, list[dict[str, Any]]]:
    response = gateway.post("/api/chat", json={"sender_id": sender, "text": text})
    return response.status_code, response.json()["messages"]


def said(messages: list[dict[str, Any]]) -> str:
    """Rasa sends a long answer as several messages (it splits text at blank lines)."""
    return "\n\n".join(m["text"] for m in messages)


def record(procedures_db: Path, code: str) -> dict[str, Any]:
    """The portal's own record, read without the project's parsing."""
    with sqlite3.connect(procedures_db) as connection:
        (detail,) = connection.execute("SELECT detail FROM procedures WHERE code = ?", (code,)).fetchone()
    return json.loads(detail)


def days(raw: dict[str, Any]) -> str:
    """The record's time limit in working days, from a method or else from a case."""
    quantities = [m["processingTime"] for m in raw["executionMethods"] if m["processingTimeUnit"] == "WORKING_DAY"]
    quantities += [c["processingDay"]["qty"] for c in raw["cases"] if c["processingDay"]["type"] == "WORKING_DAY"]
    return f"{int(quantities[0])} ngày làm việc"


def fee(raw: dict[str, Any]) -> str:
    amount = next(f["value"] for m in raw["executionMethods"] for f in m["fees"] if f["value"])
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def first_document(raw: dict[str, Any]) -> str:
    component = raw["executionCases"][0]["profileComponents"][0]["name"]
    return " ".join(component.lstrip("-+* ").split())[:40]


def first_legal_code(raw: dict[str, Any]) -> str:
    return raw["legalBasisesDetails"][0]["code"]


# (question, procedure code, what of the record must be in the answer)
QUESTIONS = [
    ("đăng ký khai sinh cần giấy tờ gì", "1.001193", first_document),
    ("dk thuong tru mat bao lau v ad", "1.004222", days),
    ("lệ phí đăng ký thường trú bao nhiêu", "1.004222", fee),
    ("dang ky tam tru het bao nhieu tien", "1.004194", fee),
    ("xác nhận tình trạng hôn nhân mất mấy ngày", "1.004873", days),
    ("cap ban sao giay khai sinh le phi bao nhieu", "2.000635", fee),
    ("thủ tục đăng ký lại khai sinh mất bao lâu", "1.004884", days),
    ("xoa dang ky thuong tru can giay to gi", "1.003197", first_document),
    ("đăng ký giám hộ mất bao lâu", "1.004837", days),
    ("căn cứ pháp lý của thủ tục đăng ký kết hôn là gì", "1.000894", first_legal_code),
    ("thủ tục đăng ký khai tử cần mang theo những giấy tờ gì", "1.000656", first_document),
    ("khai bao tam vang thi mat may ngay", "1.003677", days),
    ("đăng ký kết hôn có yếu tố nước ngoài cần giấy tờ gì", "2.000806", first_document),
    ("dang ky khai sinh luu dong mat bao lau", "1.003583", days),
    ("cấp giấy xác nhận tình trạng hôn nhân cần giấy tờ gì", "1.004873", first_document),
]


@pytest.mark.parametrize(("question", "code", "figure"), QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_question_answered_from_the_record(
    gateway: httpx.Client, procedures_db: Path, question: str, code: str, figure: Any
) -> None:
    status, messages = ask(gateway, question, f"e2e-{uuid.uuid4()}")
    assert status == 200
    text = said(messages)
    assert f"({code})" in text, text[:500]
    assert figure(record(procedures_db, code)) in text, text[:1500]


def test_context_is_kept_and_aspect_buttons_work(gateway: httpx.Client, procedures_db: Path) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    _, first = ask(gateway, "đăng ký thường trú cần giấy tờ gì", sender)
    assert "(1.004222)" in first[0]["text"]
    assert [b["title"] for b in first[0]["buttons"]][:5] == [
        "Giấy tờ",
        "Lệ phí",
        "Thời hạn",
        "Nơi nộp",
        "Nộp trực tuyến",
    ]
    _, follow_up = ask(gateway, "còn lệ phí thì sao?", sender)
    assert "(1.004222)" in said(follow_up)
    assert fee(record(procedures_db, "1.004222")) in said(follow_up)
    time_button = next(b for b in first[0]["buttons"] if b["title"] == "Thời hạn")
    _, clicked = ask(gateway, time_button["payload"], sender)
    assert days(record(procedures_db, "1.004222")) in said(clicked)


def test_ambiguous_question_asks_which_one_with_buttons(gateway: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    _, messages = ask(gateway, "khai sinh", sender)
    buttons = messages[0]["buttons"]
    titles = [b["title"] for b in buttons]
    assert "Thủ tục đăng ký khai sinh" in titles and len(titles) >= 2
    chosen = next(b for b in buttons if b["title"] == "Thủ tục đăng ký khai sinh")
    _, answer = ask(gateway, chosen["payload"], sender)
    assert "Mã thủ tục: 1.001193" in said(answer)


def test_procedure_without_detail_is_named_and_sent_to_the_portal(gateway: httpx.Client) -> None:
    _, messages = ask(gateway, "thủ tục đổi giấy phép lái xe", f"e2e-{uuid.uuid4()}")
    text = said(messages)
    assert "Đổi giấy phép lái xe" in text and "3.000347" in text
    assert "dichvucong.gov.vn" in text


def test_online_answer(gateway: httpx.Client) -> None:
    _, messages = ask(gateway, "đăng ký tạm trú làm online được không", f"e2e-{uuid.uuid4()}")
    assert "(1.004194) có thể nộp trực tuyến" in said(messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("xin chào", "Xin chào"), ("bạn làm được gì", "Mình tra cứu"), ("tối nay đá bóng mấy giờ", "chỉ hỗ trợ")],
)
def test_conversation(gateway: httpx.Client, text: str, expected: str) -> None:
    status, messages = ask(gateway, text, f"e2e-{uuid.uuid4()}")
    assert status == 200 and expected in said(messages)


def test_handoff_is_recorded_with_a_request_number(gateway: httpx.Client, stack: Any) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    _, messages = ask(gateway, "cho tôi gặp cán bộ", sender)
    text = said(messages)
    assert "mã yêu cầu" in text and "18001096" in text
    database = stack.env["FEEDBACK_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT id FROM handoff_requests WHERE sender_id = ?", (f"web:{sender}",)).fetchall()
    assert len(rows) == 1 and f"mã yêu cầu {rows[0][0]}" in text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 10_000,
        "😀😀🙏",
        unicodedata.normalize("NFD", "Đăng ký khai sinh cần giấy tờ gì"),
        "<script>alert('x')</script>",
        "'; DROP TABLE events; --",
    ],
    ids=["empty", "10k", "emoji", "nfd", "html", "sql"],
)
def test_bad_input_gets_a_polite_vietnamese_answer(gateway: httpx.Client, text: str) -> None:
    status, messages = ask(gateway, text, f"e2e-{uuid.uuid4()}")
    assert status == 200
    assert messages and all(m["text"] for m in messages)
    joined = said(messages)
    assert "Traceback" not in joined and "Exception" not in joined
    if text.startswith(unicodedata.normalize("NFD", "Đ")):
        assert "(1.001193)" in joined


def test_rasa_http_api_needs_the_token(stack: Any) -> None:
    base = f"http://127.0.0.1:{stack.env['RASA_PORT']}"
    assert httpx.get(f"{base}/status").status_code == 401
    assert httpx.get(f"{base}/status", params={"token": "e2e-secret-token"}).status_code == 200
