"""Rasa's own checks on the project: data validation and test stories on the trained model."""

import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.rasa

RASA = PROJECT / ".venv-rasa" / "bin" / "rasa"
MODEL = PROJECT / "models" / "current.tar.gz"


def run_rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RASA), *args],
        cwd=PROJECT,
        env={
            "PYTHONPATH": str(PROJECT),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PATH": "/usr/bin:/bin",
            "HOME": str(Path.home()),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_data_validates() -> None:
    result = run_rasa("data", "validate", "--data", "data", "--domain", "domain.yml", "--config", "config.yml")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_stories_are_predicted_exactly(tmp_path: Path) -> None:
    assert MODEL.exists(), "train first: make train"
    result = run_rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/stories",
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = tmp_path / "failed_test_stories.yml"
    assert not failed.exists() or "none" in failed.read_text().lower() or not failed.read_text().strip()
