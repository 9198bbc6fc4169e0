"""Reports and suggestions through POST /api/chat on the real stack, checked in the store."""

from __future__ import annotations

import re
import sqlite3
import uuid
from typing import Any

import httpx
import pytest

from feedback_store import tracking

pytestmark = pytest.mark.e2e

CODE = re.compile(r"PA-[A-Z0-9]{5}-[A-Z0-9]{5}")


def said(gateway: httpx.Client, sender: str, text: str) -> str:
    response = gateway.post("/api/chat", json={"sender_id": sender, "text": text})
    assert response.status_code == 200
    return "\n\n".join(m["text"] for m in response.json()["messages"])


def stored(stack: Any, code: str) -> dict[str, Any]:
    database = stack.env["FEEDBACK_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM reports WHERE tracking_code = ?", (code,)).fetchone()
        attachments = connection.execute(
            "SELECT reference FROM attachments WHERE report_id = ?", (row["id"],)
        ).fetchall()
    return {**dict(row), "attachments": [a[0] for a in attachments]}


def file_report(gateway: httpx.Client, sender: str, consent: bool) -> str:
    text = said(gateway, sender, "đèn đường trước nhà tôi hỏng cả tháng nay <b>không ai sửa</b>")
    assert "lĩnh vực" in text and "Hạ tầng" in text
    assert "xảy ra ở đâu" in said(gateway, sender, "ha_tang")
    assert "ảnh" in said(gateway, sender, "phường Bến Nghé, quận 1, TP.HCM")
    assert "đồng ý để lại họ tên" in said(gateway, sender, "https://example.org/den-hong.jpg")
    if consent:
        assert "họ tên" in said(gateway, sender, "đồng ý")
        assert "Số điện thoại" in said(gateway, sender, "Nguyễn Văn A")
        summary = said(gateway, sender, "0905 123 456")
        assert "Nguyễn Văn A, 0905123456" in summary
    else:
        summary = said(gateway, sender, "không")
        assert "không để lại" in summary
    assert "Phường Sài Gòn, Thành phố Hồ Chí Minh" in summary
    filed = said(gateway, sender, "gửi")
    match = CODE.search(filed)
    assert match, filed
    assert "Hạn trả lời" in filed
    return match.group()


def test_full_report_with_contact(gateway: httpx.Client, stack: Any) -> None:
    code = file_report(gateway, f"e2e-{uuid.uuid4()}", consent=True)
    row = stored(stack, code)
    assert row["description"] == "đèn đường trước nhà tôi hỏng cả tháng nay <b>không ai sửa</b>"
    assert (row["category"], row["province"], row["commune"]) == ("ha_tang", "Thành phố Hồ Chí Minh", "Phường Sài Gòn")
    assert (row["reporter_name"], row["reporter_phone"]) == ("Nguyễn Văn A", "0905123456")
    assert row["attachments"] == ["https://example.org/den-hong.jpg"]
    assert row["status"] == "received" and row["due_date"]


def test_consent_refused_stores_no_name_or_phone(gateway: httpx.Client, stack: Any) -> None:
    code = file_report(gateway, f"e2e-{uuid.uuid4()}", consent=False)
    row = stored(stack, code)
    assert row["reporter_name"] is None and row["reporter_phone"] is None


def test_correction_before_confirm(gateway: httpx.Client, stack: Any) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "tôi muốn kiến nghị")
    said(gateway, sender, "nên cho nộp phí bằng chuyển khoản ở bộ phận một cửa")
    said(gateway, sender, "hanh_chinh")
    said(gateway, sender, "phường Hải Châu, Đà Nẵng")
    said(gateway, sender, "bỏ qua")
    summary = said(gateway, sender, "không")
    assert "Kiến nghị" in summary and "Thành phố Đà Nẵng" in summary
    assert "xảy ra ở đâu" in said(gateway, sender, "sửa địa điểm")
    summary = said(gateway, sender, "phuong phuc xa quan ba dinh ha noi")
    assert "Thành phố Hà Nội" in summary and "Đà Nẵng" not in summary
    code = CODE.search(said(gateway, sender, "gửi")).group()
    row = stored(stack, code)
    assert row["kind"] == "kien_nghi" and row["province"] == "Thành phố Hà Nội"


def test_unresolvable_address_is_asked_again(gateway: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "rác thải bốc mùi ở đầu ngõ mấy ngày chưa thu gom")
    said(gateway, sender, "moi_truong")
    text = said(gateway, sender, "đầu ngõ nhà tôi")
    assert "chưa xác định được tỉnh/thành phố" in text and "xảy ra ở đâu" in text
    assert "ảnh" in said(gateway, sender, "xã Hòa Phước, huyện Hòa Vang, Đà Nẵng")


@pytest.mark.parametrize(
    "wording",
    ["phản ánh {} đến đâu rồi", "kiến nghị {} đã xử lý chưa ạ", "{}", "pa {} sao r", "phản ánh {}, đèn vẫn chưa sửa"],
)
def test_a_message_with_a_code_is_a_status_question_whatever_the_code(stack: Any, wording: str) -> None:
    # Each report gets new letters: the model must not read some codes as a new report.
    parse = f"http://127.0.0.1:{stack.env['RASA_PORT']}/model/parse"
    for _ in range(10):
        text = wording.format(tracking.new_code().lower())
        response = httpx.post(parse, params={"token": "e2e-secret-token"}, json={"text": text}, timeout=30)
        assert response.json()["intent"]["name"] == "check_status", text


def test_status_from_another_chat_shows_no_personal_data(gateway: httpx.Client) -> None:
    code = file_report(gateway, f"e2e-{uuid.uuid4()}", consent=True)
    text = said(gateway, f"e2e-{uuid.uuid4()}", f"phản ánh {code.lower()} đến đâu rồi")
    assert code in text and "Đã tiếp nhận" in text and "Ủy ban nhân dân xã" in text
    assert "Nguyễn Văn A" not in text and "0905123456" not in text


def test_own_reports_are_offered_when_no_code_is_given(gateway: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    code = file_report(gateway, sender, consent=False)
    text = gateway.post("/api/chat", json={"sender_id": sender, "text": "phản ánh của tôi đến đâu rồi"}).json()
    titles = [b["title"] for m in text["messages"] for b in m["buttons"]]
    assert any(code in title for title in titles)


def test_stopping_sends_nothing(gateway: httpx.Client, stack: Any) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    said(gateway, sender, "tôi muốn phản ánh")
    said(gateway, sender, "cống thoát nước bị tắc gây ngập cả xóm")
    assert "hủy" in said(gateway, sender, "dừng lại")
    database = stack.env["FEEDBACK_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        assert (
            connection.execute("SELECT count(*) FROM reports WHERE sender_id = ?", (f"web:{sender}",)).fetchone()[0]
            == 0
        )


def test_legal_complaint_is_explained_and_recorded_flagged(gateway: httpx.Client, stack: Any) -> None:
    text = said(gateway, f"e2e-{uuid.uuid4()}", "tôi muốn khiếu nại quyết định thu hồi đất của xã")
    assert "Luật Khiếu nại" in text
    row = stored(stack, CODE.search(text).group())
    assert row["kind"] == "khieu_nai" and row["due_date"] is None


def test_officer_answer_reaches_the_chat_and_its_rating_feeds_sipas(
    gateway: httpx.Client, console: httpx.Client
) -> None:
    chat_id = uuid.uuid4().hex
    code = file_report(gateway, chat_id, consent=False)
    before = console.get("/api/sipas").json()["handling_ratings"]
    assert console.post(f"/api/reports/{code}/status", json={"to": "accepted", "actor": "cb-1"}).status_code == 200
    response = console.post(
        f"/api/reports/{code}/answer", json={"actor": "cb-1", "text": "Đã thay bóng đèn ngày 20/11."}
    )
    assert response.status_code == 200
    (message,) = gateway.get("/api/chat/poll", params={"sender_id": chat_id}).json()["messages"]
    assert "Đã thay bóng đèn ngày 20/11." in message["text"]
    rated = said(gateway, chat_id, message["buttons"][3]["payload"])
    assert f"đánh giá việc xử lý phản ánh {code}" in rated
    assert console.get("/api/sipas").json()["handling_ratings"] == before + 1
    assert "chưa thể đánh giá" in said(gateway, chat_id, message["buttons"][0]["payload"])
    status = said(gateway, f"e2e-{uuid.uuid4()}", f"phản ánh {code} đến đâu rồi")
    assert "Đã có trả lời" in status and "Đã thay bóng đèn" in status


def test_a_4000_character_description_is_kept_whole(gateway: httpx.Client, stack: Any) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    description = ("Cống thoát nước trước chợ bị tắc, mưa xuống là ngập. " * 80)[:3999] + "."
    said(gateway, sender, "tôi muốn phản ánh")
    assert "lĩnh vực" in said(gateway, sender, description)
    said(gateway, sender, "ha_tang")
    said(gateway, sender, "phường Hải Châu, Đà Nẵng")
    said(gateway, sender, "bỏ qua")
    said(gateway, sender, "không")
    code = CODE.search(said(gateway, sender, "gửi")).group()
    assert stored(stack, code)["description"] == description
    assert "4.000 ký tự" in said(gateway, sender, description + "x")


def test_two_reports_from_one_chat_get_two_codes(gateway: httpx.Client) -> None:
    sender = f"e2e-{uuid.uuid4()}"
    first = file_report(gateway, sender, consent=False)
    second = file_report(gateway, sender, consent=False)
    assert first != second
