"""The Rasa graph component itself, run in the Rasa venv on real Vietnamese."""

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import PROJECT, VENV_RASA_PYTHON

pytestmark = pytest.mark.rasa

SAMPLES = [
    "Đăng ký khai sinh cho con cần giấy tờ gì?",
    "dang ky khai sinh can giay to gi",
    "dk thuong tru mat bao lau v ad",
    unicodedata.normalize("NFD", "Lệ phí làm hộ chiếu là 200.000 đồng 😀"),
    "<script>alert('x')</script> OR 1=1; --",
]


def tokenize(texts: list[str]) -> list[list[list]]:
    result = subprocess.run(
        [str(VENV_RASA_PYTHON), str(Path(__file__).with_name("tokenize_probe.py"))],
        input="\x1e".join(texts),
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={"PYTHONPATH": str(PROJECT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("[")]


@pytest.fixture(scope="module")
def tokens() -> list[list[list]]:
    return tokenize(SAMPLES)


def test_every_token_is_an_exact_substring(tokens: list[list[list]]) -> None:
    assert len(tokens) == len(SAMPLES)
    for text, sample_tokens in zip(SAMPLES, tokens):
        assert sample_tokens, text
        for token_text, start, end, _ in sample_tokens:
            assert text[start:end] == token_text


def test_word_segmentation_and_lemmas(tokens: list[list[list]]) -> None:
    first = tokens[0]
    assert [t[0] for t in first[:2]] == ["Đăng ký", "khai sinh"]
    assert [t[3] for t in first[:2]] == ["dang ky", "khai sinh"]
    # Teencode and no-diacritics input land on the same lemmas as proper spelling.
    assert tokens[2][0][3] == "dang ky"
    assert [t[3] for t in tokens[2]][-2:] == ["vay", "admin"]


def test_nfd_numbers_and_emoji(tokens: list[list[list]]) -> None:
    nfd = tokens[3]
    lemmas = [t[3] for t in nfd]
    assert "le phi" in lemmas and "ho chieu" in lemmas
    assert any(t[0] == "200.000" for t in nfd)
    assert any(t[0] == "😀" for t in nfd)
