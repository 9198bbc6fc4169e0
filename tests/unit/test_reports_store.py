"""The reports service on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from feedback_store import reports, tracking
from feedback_store.db import transaction
from feedback_store.models import Report
from feedback_store.routing import ROUTING_FILE, load

DRAFT = reports.Draft(
    kind="phan_anh",
    description="Đèn đường trước nhà số 12 hỏng cả tháng nay <b>chưa sửa</b>",
    category="ha_tang",
    address="phường Hải Châu, Đà Nẵng",
    province="Thành phố Đà Nẵng",
    commune=None,
    sender_id="web:abc",
    channel="web",
    reporter_name="Nguyễn Văn A",
    reporter_phone="0905123456",
    attachments=(("url", "https://example.org/den.jpg"),),
)


def file(url: str, key: str = "web:abc:turn-1", draft: reports.Draft = DRAFT) -> str:
    with transaction(url) as session:
        return reports.file(session, draft, key, today=date(2026, 2, 13)).tracking_code


def test_filing_gives_a_code_a_route_and_a_due_date(store_url: str) -> None:
    code = file(store_url)
    assert tracking.PATTERN.match(code)
    with transaction(store_url) as session:
        report = reports.get(session, code)
        assert report.agency_code == "UBND-XA" and report.status == "received"
        # 10 working days from Friday 13 Feb 2026, across the Tết holidays of 16-20 Feb.
        assert report.due_date == date(2026, 3, 6)
        assert report.description == DRAFT.description  # HTML kept verbatim, as text
        assert [(e.from_status, e.to_status) for e in report.history] == [(None, "received")]
        assert [a.reference for a in report.attachments] == ["https://example.org/den.jpg"]


def test_a_retried_turn_files_once(store_url: str) -> None:
    assert file(store_url, "web:abc:turn-7") == file(store_url, "web:abc:turn-7")
    with transaction(store_url) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1


def test_status_never_shows_personal_data(store_url: str) -> None:
    code = file(store_url)
    with transaction(store_url) as session:
        public = reports.status(session, code)
    shown = dataclasses.asdict(public)
    assert "Nguyễn Văn A" not in str(shown) and "0905123456" not in str(shown)
    assert public.agency_name.startswith("Ủy ban nhân dân xã")


def test_history_is_appended_through_the_workflow(store_url: str) -> None:
    code = file(store_url)
    with transaction(store_url) as session:
        reports.change_status(session, code, "accepted", "can-bo-1")
        reports.change_status(session, code, "in_progress", "can-bo-1", "đã giao đội điện")
        reports.answer(session, code, "can-bo-1", "Đã thay bóng đèn ngày 20/02.")
        reports.change_status(session, code, "closed", "can-bo-1")
    with transaction(store_url) as session:
        report = reports.get(session, code)
        assert [e.to_status for e in report.history] == ["received", "accepted", "in_progress", "answered", "closed"]
        assert report.history[2].note == "đã giao đội điện" and report.answer.startswith("Đã thay")


@pytest.mark.parametrize(
    ("to_status", "kwargs", "message"),
    [
        ("closed", {}, "cannot become"),
        ("not_accepted", {}, "reason"),
        ("forwarded", {"agency_code": "NOWHERE"}, "known agency"),
        ("duplicate", {"duplicate_of": "PA-XXXXX-XXXXX"}, "another report"),
    ],
)
def test_invalid_changes_are_refused(store_url: str, to_status: str, kwargs: dict, message: str) -> None:
    code = file(store_url)
    with pytest.raises(reports.ReportError, match=message), transaction(store_url) as session:
        reports.change_status(session, code, to_status, "can-bo-1", **kwargs)
    with transaction(store_url) as session:
        assert reports.get(session, code).status == "received"


def test_forward_and_duplicate(store_url: str) -> None:
    first, second = file(store_url, "k1"), file(store_url, "k2")
    with transaction(store_url) as session:
        assert (
            reports.change_status(session, first, "forwarded", "cb", "đúng thẩm quyền sở", "SO-XAY-DUNG").agency_code
            == "SO-XAY-DUNG"
        )
        duplicate = reports.change_status(session, second, "duplicate", "cb", duplicate_of=first)
        assert duplicate.duplicate_of_id == reports.get(session, first).id


def test_rating_once_and_only_after_an_answer(store_url: str) -> None:
    code = file(store_url)
    with pytest.raises(reports.ReportError), transaction(store_url) as session:
        reports.rate(session, code, 5)
    with transaction(store_url) as session:
        reports.change_status(session, code, "accepted", "cb")
        reports.answer(session, code, "cb", "Đã xử lý.")
        reports.rate(session, code, 4)
    with pytest.raises(reports.ReportError, match="rated already"), transaction(store_url) as session:
        reports.rate(session, code, 1)


def test_legal_complaints_are_kept_out_of_pakn_lists(store_url: str) -> None:
    file(store_url, "k1")
    legal = file(store_url, "k2", dataclasses.replace(DRAFT, kind="khieu_nai", category="khac"))
    with transaction(store_url) as session:
        assert [r.tracking_code for r in reports.list_reports(session)] != [] and legal not in [
            r.tracking_code for r in reports.list_reports(session)
        ]
        assert legal in [r.tracking_code for r in reports.list_reports(session, include_legal=True)]
        assert reports.get(session, legal).due_date is None


def test_description_limits(store_url: str) -> None:
    with transaction(store_url) as session:
        assert (
            len(reports.file(session, dataclasses.replace(DRAFT, description="x" * 4000), "k4000").description) == 4000
        )
    with pytest.raises(reports.ReportError, match="4000"), transaction(store_url) as session:
        reports.file(session, dataclasses.replace(DRAFT, description="x" * 4001), "k4001")


def test_tracking_codes_are_readable_and_tolerant() -> None:
    code = tracking.new_code()
    assert not set(code) & set("0O1IL5S2Z")
    assert tracking.normalise(code.lower().replace("-", " ")) == code
    assert tracking.normalise("PA-12345-67890") is None
    assert tracking.BITS >= 40


def test_a_code_is_found_anywhere_in_a_message() -> None:
    code = tracking.new_code()
    body = code.removeprefix("PA-").replace("-", "")
    assert tracking.find(f"phản ánh {code.lower()} đến đâu rồi ạ") == code
    assert tracking.find(f"mã pa {body[:5]} {body[5:]}, cho hỏi") == code
    assert tracking.find(f"mã PA-12345-67890 hay {code}?") == code
    assert tracking.find("pa ve viec rac thai o dau ngo") is None
    assert tracking.find("spa-abcde-fghjk") is None


def test_working_days_with_make_up_days(tmp_path: Path) -> None:
    routing_file = tmp_path / "routing.yml"
    source = ROUTING_FILE.read_text(encoding="utf-8")
    routing_file.write_text(
        source.replace("extra_days_off: []", "extra_days_off: [2026-03-02]").replace(
            "make_up_working_days: []", "make_up_working_days: [2026-02-28]"
        ),
        encoding="utf-8",
    )
    routing = load(routing_file)
    assert routing.is_working_day(date(2026, 2, 28))  # a Saturday made a working day
    assert not routing.is_working_day(date(2026, 3, 2))  # a Monday given off
    assert not routing.is_working_day(date(2026, 2, 17))  # Tết, from the holidays package
    assert routing.add_working_days(date(2026, 2, 27), 2) == date(2026, 3, 3)
