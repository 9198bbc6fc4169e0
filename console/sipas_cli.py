"""Print the SIPAS index table (`python -m console.sipas_cli --agency X --from 2026-01-01 --to 2026-07-01`)."""

from __future__ import annotations

import argparse
from datetime import datetime

from feedback_store import sipas
from feedback_store.db import transaction
from feedback_store.questionnaire import load


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def table(report: sipas.IndexReport) -> str:
    lines = [f"{'component / criterion':<48} {'index':>7} {'4-5':>6} {'valid':>6}"]
    for component in report.components:
        lines.append(f"{component.name[:48]:<48} {percent(component.index):>7}")
        for criterion in component.criteria:
            counts = f"{criterion.satisfied:>6} {criterion.valid:>6}"
            lines.append(f"  {criterion.code[:46]:<46} {percent(criterion.index):>7} {counts}")
    lines.append(f"{'SIPAS overall':<48} {percent(report.index):>7}   ({report.responses} responses)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agency")
    parser.add_argument("--from", dest="start", type=datetime.fromisoformat)
    parser.add_argument("--to", dest="end", type=datetime.fromisoformat)
    parser.add_argument("--include-unverified", action="store_true")
    args = parser.parse_args()
    with transaction() as session:
        report = sipas.report(session, load(), args.agency, args.start, args.end, args.include_unverified)
    print(table(report))


if __name__ == "__main__":
    main()
