"""Intent accuracy and macro-F1 on the held-out file, ours against stock Rasa.

Both pipelines are trained here on the same data/ so the comparison is from one
run on one machine. Runs in .venv-rasa.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
HELDOUT = PROJECT / "tests" / "nlu" / "heldout.yml"
PIPELINES = {"ours": PROJECT / "config.yml", "stock": PROJECT / "bench" / "stock_config.yml"}
STYLE_GROUPS = {"accented": ("accented",), "plain+teencode": ("plain", "teencode")}


def load_heldout(path: Path = HELDOUT) -> list[tuple[str, str, str]]:
    """(text, intent, style) triples."""
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    return [
        (str(example["text"]).strip(), block["intent"], example["metadata"]["style"])
        for block in blocks
        for example in block["examples"]
    ]


def training_texts(data: Path = PROJECT / "data" / "nlu") -> set[str]:
    texts = set()
    for path in data.glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                if line.lstrip().startswith("- "):
                    texts.add(line.lstrip()[2:].strip().lower())
    return texts


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {gold for gold, _ in pairs}
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def train(config: Path, out: Path, name: str) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(
        str(config), str(PROJECT / "data"), str(out), fixed_model_name=name, domain=str(PROJECT / "domain.yml")
    )
    return Path(str(model)), time.perf_counter() - started


async def predict(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    predictions = []
    for text in texts:
        parsed = await agent.parse_message(text)
        intent = parsed["intent"]["name"]
        # The fallback classifier's label is a refusal to answer, so it counts as wrong.
        predictions.append(intent)
    return predictions


def report(examples: list[tuple[str, str, str]], predictions: list[str]) -> dict[str, tuple[float, float, int]]:
    rows = {}
    for group, styles in {"all": ("accented", "plain", "teencode"), **STYLE_GROUPS}.items():
        pairs = [(gold, pred) for (_, gold, style), pred in zip(examples, predictions) if style in styles]
        accuracy = sum(1 for g, p in pairs if g == p) / len(pairs)
        rows[group] = (accuracy, macro_f1(pairs), len(pairs))
    return rows


def main() -> int:
    sys.path.insert(0, str(PROJECT))
    # Keep the report readable: no per-message debug lines, no progress bars.
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # Train from scratch: Rasa's cache would hide the training time and keep features of older code.
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.WARNING)
    seen = training_texts()
    everything = load_heldout()
    # A short message like "vâng" may be in both files; scoring it would flatter the model.
    examples = [e for e in everything if e[0].lower() not in seen]
    styles = Counter(style for _, _, style in examples)
    print(
        f"Held-out: {len(examples)} messages {dict(styles)} "
        f"({len(everything) - len(examples)} dropped: also in training data)"
    )
    texts = [text for text, _, _ in examples]
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for name, config in PIPELINES.items():
            model, seconds = train(config, Path(out), name)
            predictions = asyncio.run(predict(model, texts))
            results[name] = (report(examples, predictions), seconds, predictions)
    print(f"\n{'pipeline':<8} {'style':<16} {'n':>4} {'accuracy':>9} {'macro-F1':>9}")
    for name, (rows, seconds, _) in results.items():
        for group, (accuracy, f1, n) in rows.items():
            print(f"{name:<8} {group:<16} {n:>4} {accuracy:>9.1%} {f1:>9.3f}")
        print(f"{name:<8} NLU training time {seconds:.0f} s")
    ours = results["ours"][0]
    gap = ours["accented"][0] - ours["plain+teencode"][0]
    print(f"\nours: accented minus plain+teencode accuracy = {gap * 100:+.1f} points")
    errors = [(t, g, p) for (t, g, _), p in zip(examples, results["ours"][2]) if g != p]
    print(f"\nours misclassified {len(errors)}:")
    for text, gold, pred in errors:
        print(f"  {gold:<20} -> {pred:<20} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
