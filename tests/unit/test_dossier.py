import pytest

from feedback_store.dossier import EXAMPLE, normalise
from feedback_store.questionnaire import load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.00.15.H12-250709-0001", "000.00.15.H12-250709-0001"),
        (" 000.00.15.h12-250709-0001 ", "000.00.15.H12-250709-0001"),
        ("000.00.15.H12 - 250709 - 0001", "000.00.15.H12-250709-0001"),
        ("000.00.15.H12-251309-0001", None),  # month 13
        ("000.00.15.H12-250709-001", None),
        ("H12-250709-0001", None),
        ("mã hồ sơ của tôi", None),
        ("", None),
    ],
)
def test_dossier_codes(text: str, expected: str | None) -> None:
    assert normalise(text) == expected


def test_the_example_is_valid() -> None:
    assert normalise(EXAMPLE) == EXAMPLE


def test_the_shipped_questionnaire_covers_the_five_components() -> None:
    questionnaire = load("sipas-5-components-v1")
    assert list(questionnaire.components) == ["access", "procedure", "officer", "result", "feedback"]
    assert all(c.question.endswith("?") for c in questionnaire.criteria)
