"""Procedure retrieval top-1 / top-3 on citizen-style questions with expected codes. Runs in .venv.

Each case file is scored on its own. The development sets were each written before the search
was tuned on it and used for tuning since: retrieval_cases, _fresh, _third, _wide, _common,
_province, _spread (held out in session 3), _stories (long messages with side details),
_variants (one record among near-identical ones), _sample (a random sample of what people file),
_regional (everyday wording from all regions and ages), _fields (the less common lĩnh vực),
_broad (held out in session 4), _blind_0 to _blind_3 (held out in sessions 5 to 7, and 8 to 9)
and _blind_a to _z, _aa and _ab (written blind like the held-out set, in sessions 5 to 10).
retrieval_holdout.yml is held out: written by someone who never saw the search, and never read by
anyone tuning it. Only its summary is printed, never its misses; keep it that way, and write a new
held-out set before tuning on this one.
`python bench/eval_retrieval.py [file.yml ...]` scores the given files instead.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SETS = PROJECT / "tests" / "procedures"
CASES = SETS / "retrieval_cases.yml"
HELD_OUT = SETS / "retrieval_holdout.yml"
DEVELOPMENT = sorted(path for path in SETS.glob("retrieval_*.yml") if path != HELD_OUT)


def load_cases(path: Path = CASES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def evaluate(search: Any, catalogue: Any, path: Path) -> tuple[int, int, int]:
    """Print the top-1 / top-3 table of one case file and, unless it is held out, its top-1 misses.

    Returns its number of questions, top-1 hits and top-3 hits.
    """
    cases = load_cases(path)
    hits1: Counter[str] = Counter()
    hits3: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses = []
    # What the bot does with the question (ProcedureSearch.resolve): answers, offers choices, or finds nothing.
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    for case in cases:
        ranked = [hit.procedure.code for hit in search.search(case["q"], limit=3)]
        expected = set(case["codes"])
        outcomes[_outcome(search.resolve(case["q"]), expected)] += 1
        group = "accented" if case["style"] == "accented" else "plain+teencode"
        for key in ("all", group):
            totals[key] += 1
            hits1[key] += bool(ranked[:1] and ranked[0] in expected)
            hits3[key] += bool(expected & set(ranked))
        if not (ranked[:1] and ranked[0] in expected):
            misses.append((case["q"], case["codes"], ranked))
    elapsed = time.perf_counter() - started
    print(f"== {path.name}")
    print(f"{'style':<16} {'n':>4} {'top-1':>7} {'top-3':>7}")
    for key in ("all", "accented", "plain+teencode"):
        print(f"{key:<16} {totals[key]:>4} {hits1[key] / totals[key]:>7.1%} {hits3[key] / totals[key]:>7.1%}")
    print("bot: " + ", ".join(f"{name} {outcomes[name] / len(cases):.1%}" for name in OUTCOMES))
    print(f"\n{len(cases)} questions in {elapsed * 1000:.0f} ms")
    scores = totals["all"], hits1["all"], hits3["all"]
    if path.resolve() == HELD_OUT:
        print("(held out: its misses are not shown)\n")
        return scores
    print(f"\ntop-1 misses ({len(misses)}):")
    for question, expected, ranked in misses:
        names = [catalogue.get(code).name[:60] for code in ranked]
        print(f"  {question}\n     expected {expected} got {list(zip(ranked, names))}")
    print()
    return scores


OUTCOMES = ("answers right", "offers it among choices", "answers wrong", "offers others", "finds none")


def _outcome(resolution: Any, expected: set[str]) -> str:
    if resolution.procedure is not None:
        return OUTCOMES[0] if resolution.procedure.code in expected else OUTCOMES[2]
    if resolution.choices:
        return OUTCOMES[1] if expected & {p.code for p in resolution.choices} else OUTCOMES[3]
    return OUTCOMES[4]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(PROJECT))
    from procedures.catalogue import Catalogue
    from procedures.search import ProcedureSearch

    catalogue = Catalogue.load()
    search = ProcedureSearch(catalogue.procedures)
    paths = [Path(arg) for arg in argv] or [*DEVELOPMENT, HELD_OUT]
    scored = {path: evaluate(search, catalogue, path) for path in paths}
    # One line per development set and their sum: the figure that must not drop when tuning.
    development = {path: score for path, score in scored.items() if path.resolve() != HELD_OUT}
    if len(development) > 1:
        print(f"{'development set':<32} {'n':>5} {'top-1':>7} {'top-3':>7}")
        for path, (n, top1, top3) in development.items():
            print(f"{path.name:<32} {n:>5} {top1 / n:>7.1%} {top3 / n:>7.1%}")
        n, top1, top3 = (sum(column) for column in zip(*development.values()))
        print(f"{'all development sets':<32} {n:>5} {top1:>7} {top3:>7}  ({top1 / n:.1%} / {top3 / n:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
