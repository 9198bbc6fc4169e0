"""Offsets of the word segmentation that the Rasa tokenizer is built on."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.segment import segment


def words(text: str) -> list[str]:
    return [span.text for span in segment(text)]


def test_compound_words_are_kept_together() -> None:
    assert words("Đăng ký khai sinh cho con cần giấy tờ gì?") == [
        "Đăng ký",
        "khai sinh",
        "cho",
        "con",
        "cần",
        "giấy tờ",
        "gì",
        "?",
    ]


def test_offsets_are_true_substrings_with_extra_spaces() -> None:
    text = "  đăng   ký  thường trú  "
    for span in segment(text):
        assert text[span.start : span.end] == span.text
    assert words(text) == ["đăng   ký", "thường trú"]


def test_nfd_text_keeps_its_own_offsets() -> None:
    text = unicodedata.normalize("NFD", "Lệ phí làm hộ chiếu")
    spans = segment(text)
    assert [unicodedata.normalize("NFC", s.text) for s in spans] == ["Lệ phí", "làm", "hộ chiếu"]
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_numbers_money_and_emoji() -> None:
    text = "Phí 50.000đ, 3 ngày 😀🙏"
    spans = segment(text)
    assert "50.000" in [s.text for s in spans]
    assert "😀" in [s.text for s in spans]
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_empty_and_whitespace() -> None:
    assert segment("") == []
    assert segment("   \n\t") == []


vietnamese = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
        + list(" ĐÂ.,?!0123456789😀\n")
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(vietnamese, st.sampled_from(["NFC", "NFD"]))
def test_every_span_points_at_its_text(text: str, form: str) -> None:
    text = unicodedata.normalize(form, text)
    spans = segment(text)
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end
        assert span.text.strip() == span.text and span.text
        previous_end = span.end
    # Nothing but whitespace is left out.
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_unicode_never_breaks_offsets(text: str) -> None:
    for span in segment(text):
        assert text[span.start : span.end] == span.text
