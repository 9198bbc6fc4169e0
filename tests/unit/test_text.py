import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nlu.text import canonical, canonical_syllables, clashes, fold, has_diacritics, nfc_with_offsets, spelt_syllables


def test_fold_strips_vietnamese_diacritics_and_d_bar() -> None:
    assert fold("Đăng Ký Khai Sinh") == "dang ky khai sinh"
    assert fold("Lệ phí bao nhiêu?") == "le phi bao nhieu?"


def test_same_canonical_form_with_without_diacritics_and_teencode() -> None:
    assert canonical("đăng ký thường trú") == canonical("dang ky thuong tru") == canonical("dk thuong tru")
    assert canonical_syllables("ko dc ad") == ["khong", "duoc", "admin"]
    assert canonical_syllables("vk ck") == ["vo", "chong"]
    assert canonical("làm CCCD") == "lam can cuoc cong dan"


def test_a_word_typed_with_diacritics_its_abbreviation_lacks_is_another_word() -> None:
    assert canonical_syllables("hông có, đc ko") == ["khong", "co", "duoc", "khong"]
    assert canonical_syllables("sổ hồng bị hỏng") == ["so", "hong", "bi", "hong"]
    assert canonical_syllables("hẻm 5") == ["hem", "5"]
    assert canonical_syllables("giải thể dn ở đn") == ["giai", "the", "doanh", "nghiep", "o", "dn"]  # Đà Nẵng
    assert canonical_syllables("định kì, lí lịch") == ["dinh", "ky", "ly", "lich"]  # spellings, whatever the marks


def test_an_abbreviation_is_not_held_to_the_marks_it_was_typed_with() -> None:
    # "đc" is "được": its "đ" must not make it clash with a phrase writing "được".
    typed, written = spelt_syllables("tìm đc việc"), spelt_syllables("tìm được việc")
    assert typed == written and not any(clashes(t, w) for t, w in zip(typed, written))
    assert clashes(spelt_syllables("đi để")[1], spelt_syllables("đi đẻ")[1])


def test_nfd_input_gives_the_same_canonical_form() -> None:
    text = "Giấy khai sinh của con tôi"
    assert canonical(unicodedata.normalize("NFD", text)) == canonical(text)


def test_has_diacritics() -> None:
    assert has_diacritics("thủ tục")
    assert not has_diacritics("thu tuc")


def test_nfc_offsets_point_back_into_nfd_text() -> None:
    original = unicodedata.normalize("NFD", "Hộ chiếu")
    nfc, mapping = nfc_with_offsets(original)
    assert nfc == "Hộ chiếu"
    assert len(mapping) == len(nfc) + 1
    # "chiếu" starts at NFC index 3; in the NFD text it starts after "H", "o"+2 marks, " ".
    assert original[mapping[3] : mapping[8]] == unicodedata.normalize("NFD", "chiếu")


@given(st.text())
def test_nfc_mapping_is_monotonic_and_covers_the_text(text: str) -> None:
    nfc, mapping = nfc_with_offsets(text)
    assert mapping[-1] == len(text)
    assert mapping == sorted(mapping)
    assert unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", nfc)
