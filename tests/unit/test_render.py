"""Figures shown to a citizen come from the record, formatted for reading."""

from procedures import render
from procedures.catalogue import Catalogue
from procedures.model import Detail, Fee, Method, Procedure


def test_vietnamese_number_format() -> None:
    assert render.number(50000) == "50.000"
    assert render.number(1.5) == "1,5"
    assert render.number(1200000) == "1.200.000"


def test_fee_with_an_amount(labels: dict[str, str]) -> None:
    assert render.fee_text(Fee("FEE", 200000, ""), labels) == "Lệ phí 200.000 đồng"


def test_free_procedure(catalogue: Catalogue, labels: dict[str, str]) -> None:
    detail = catalogue.get("1.001193").detail
    assert render.fees(detail, labels) == "• Trực tiếp, Trực tuyến, Bưu chính: Không thu phí, lệ phí"


def test_fee_description_from_the_record(catalogue: Catalogue, labels: dict[str, str]) -> None:
    text = render.fees(catalogue.get("1.000656").detail, labels)
    assert "Hội đồng nhân dân tỉnh" in text


def test_processing_time_uses_the_case_when_the_method_says_other(catalogue: Catalogue, labels: dict[str, str]) -> None:
    detail = catalogue.get("1.001193").detail
    assert {m.time_unit for m in detail.methods} == {"OTHER"}
    assert render.times(detail, labels) == "• Trực tiếp, Trực tuyến, Bưu chính: 1 ngày làm việc"


def test_processing_time_in_working_days(labels: dict[str, str]) -> None:
    method = Method("DIRECT", 10, "WORKING_DAY", "", ())
    detail = Detail((), (method,), (), (), (), (), (), "", "", False, ())
    assert render.times(detail, labels) == "• Trực tiếp: 10 ngày làm việc"


def test_documents_grouped_by_case_with_counts(catalogue: Catalogue, labels: dict[str, str]) -> None:
    text = render.documents(catalogue.get("1.000656").detail, labels)
    assert "* Giấy tờ phải nộp:" in text
    assert "Giấy báo tử hoặc giấy tờ thay Giấy báo tử" in text
    assert "(1 bản chính)" in text
    assert "\n• - " not in text


def test_long_texts_are_clipped_at_a_word() -> None:
    clipped = render.clip("từ " * 500, 50)
    assert len(clipped) <= 52 and clipped.endswith("…")


def test_choices_are_short_and_offered_once() -> None:
    omnibus = (
        "Đăng ký biến động quyền sử dụng đất, tài sản gắn liền với đất trong trường hợp chuyển đổi đất nông nghiệp; "
        "chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất; cho thuê, cho thuê lại quyền sử dụng đất"
    )
    procedures = [
        Procedure("1", omnibus, (), (), "", (), "STANDARD"),
        Procedure("2", omnibus + "; bán tài sản gắn liền với đất thuê", (), (), "", (), "SPECIFIC"),
        Procedure("3", "Thủ tục tách thửa đất", (), (), "", (), "STANDARD"),
        Procedure("4", "Tách thửa đất.", (), (), "", (), "SPECIFIC"),
    ]
    offered = render.choices(procedures, "sang tên khi bố mẹ tặng cho đất")
    assert {title: p.code for title, p in offered.items()} == {
        "Đăng ký biến động quyền sử dụng đất: chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất": "1",
        "Thủ tục tách thửa đất": "3",
    }
