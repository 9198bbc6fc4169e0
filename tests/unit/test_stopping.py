"""The stop rule as configured in config.yml agrees with the training data and keeps form replies alive."""

from pathlib import Path

import pytest
import yaml

from nlu.stopping import StopRule
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def rule() -> StopRule:
    pipeline = yaml.safe_load((PROJECT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    (guard,) = [c for c in pipeline if c["name"] == "nlu.stop_guard.StopGuard"]
    return StopRule(guard["phrases"], guard["fillers"])


def training_examples() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(Path(PROJECT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                examples = [line.removeprefix("- ").strip() for line in block["examples"].splitlines() if line.strip()]
                found.setdefault(block["intent"], []).extend(examples)
    return found


def test_every_stop_example_is_stop_and_no_other_example_is(rule: StopRule) -> None:
    examples = training_examples()
    assert [t for t in examples["stop"] if not rule.says_stop(t)] == []
    others = [t for intent, texts in examples.items() if intent != "stop" for t in texts if rule.says_stop(t)]
    assert others == []


@pytest.mark.parametrize("text", ["Thôi ạ", "ko lam nua", "thoi huy di", "dừng khảo sát", "STOP"])
def test_stop_said_plainly(rule: StopRule, text: str) -> None:
    assert rule.says_stop(text)


@pytest.mark.parametrize(
    "text", ["bỏ qua", "không", "thôi được rồi", "hủy đăng ký thường trú", "phố Đông Dừng", "😀", "", "5"]
)
def test_form_replies_and_questions_are_not_stop(rule: StopRule, text: str) -> None:
    assert not rule.says_stop(text)
