"""Finding the procedure a citizen means, the way citizens type."""

import pytest

from procedures.search import ProcedureSearch


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("đăng ký khai sinh cần giấy tờ gì", "1.001193"),
        ("dang ky khai sinh can giay to gi", "1.001193"),
        ("dk thuong tru mat bao lau v ad", "1.004222"),
        ("nhập hộ khẩu cho con", "1.004222"),
        ("làm giấy báo tử cho bố", "1.000656"),
        ("đăng ki kêt hôn", "1.000894"),
        ("đổi bằng lái xe hết bao nhiêu tiền", "3.000347"),
        ("dang ky ket hon co yeu to nuoc ngoai", "2.000806"),
        ("khai báo tạm vắng", "1.003677"),
    ],
)
def test_top_result(search: ProcedureSearch, question: str, code: str) -> None:
    assert search.search(question)[0].procedure.code == code


def test_without_diacritics_ranks_like_with_them(search: ProcedureSearch) -> None:
    with_marks = [h.procedure.code for h in search.search("cấp lại giấy phép lái xe")]
    without = [h.procedure.code for h in search.search("cap lai giay phep lai xe")]
    assert with_marks == without


def test_question_words_alone_name_no_procedure(search: ProcedureSearch) -> None:
    assert search.query_words("còn lệ phí thì sao?") == []
    assert search.resolve("thủ tục này mất bao lâu vậy ad").procedure is None
    assert search.resolve("thủ tục này mất bao lâu vậy ad").choices == ()


def test_exact_name_is_answered_directly(search: ProcedureSearch) -> None:
    resolution = search.resolve("thủ tục đăng ký khai sinh")
    assert resolution.procedure is not None and resolution.procedure.code == "1.001193"


def test_several_fitting_procedures_are_offered(search: ProcedureSearch) -> None:
    resolution = search.resolve("khai sinh")
    names = [p.name for p in resolution.choices]
    assert resolution.procedure is None
    assert "Thủ tục đăng ký khai sinh" in names
    assert 2 <= len(names) <= 4


def test_aliases_map_colloquial_words(search: ProcedureSearch) -> None:
    assert {"thuong", "tru"} <= set(search.query_words("chuyển hộ khẩu"))
    assert {"giay", "phep", "lai", "xe"} <= set(search.query_words("bằng lái"))


def test_one_typo_is_corrected(search: ProcedureSearch) -> None:
    assert "thuong" in search.query_words("dang ky thuongg tru")
