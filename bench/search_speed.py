"""How fast the procedure search answers, as a ratio to a naive scan measured in the same run.

The naive scan folds every name and counts shared words for each question: the
simplest search that could work. Machines here are shared and noisy, so only
the ratio is meaningful across runs. Runs in .venv: `make bench`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed(function, questions: list[str], rounds: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Median seconds per question over a few rounds."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for question in questions:
            function(question)
        samples.append((time.perf_counter() - started) / len(questions))
    return statistics.median(samples)


def main() -> int:
    sys.path.insert(0, str(PROJECT))
    from bench.eval_retrieval import load_cases
    from nlu.text import canonical_syllables
    from procedures.catalogue import Catalogue
    from procedures.search import ProcedureSearch

    catalogue = Catalogue.load()
    questions = [case["q"] for case in load_cases()]
    started = time.perf_counter()
    search = ProcedureSearch(catalogue.procedures)
    build = time.perf_counter() - started
    names = [set(canonical_syllables(p.name)) for p in catalogue.procedures]

    def naive(question: str) -> list[int]:
        words = set(canonical_syllables(question))
        return sorted(range(len(names)), key=lambda i: -len(words & names[i]))[:5]

    ours = timed(lambda q: search.search(q, limit=5), questions)
    baseline = timed(naive, questions)
    print(f"{len(questions)} questions over {len(catalogue.procedures)} procedures")
    print(f"index build: {build:.2f} s (once, at action-server start)")
    print(f"search: {ours * 1000:.1f} ms/question; naive scan: {baseline * 1000:.1f} ms/question")
    print(f"ratio search / naive scan: {ours / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
