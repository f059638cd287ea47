"""Merging an inspector's workbook back into a 200-school inspection, against importing the same
workbook whole (the floor: reading it and writing every row into an empty database).

The inspection: 200 inspected schools, 4 key questions, 3 respondents each (2,400 responses).
The workbook went out and came back once (so the merge knows every row's base), then the
inspector changed 20 outcomes and 100 responses and added 10 schools. Both figures include
reading the workbook; the merge includes planning it and writing it in one transaction.

    .venv/bin/python benchmarks/merge.py [--runs 3] [--schools 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    SchoolGrade,
)
from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.merge import apply_merge
from coventry_inspect.services.replacement import plan_replacement, replace
from coventry_inspect.services.snapshot import (
    InspectedRow,
    InspectionSnapshot,
    QuestionRow,
    ResponseRow,
    read_snapshot,
)
from coventry_inspect.store.database import open_database

RESPONDENTS = (Respondent.HEADTEACHER, Respondent.CHAIR_OF_GOVERNORS, Respondent.GOVERNOR)


def inspection(schools: int) -> InspectionSnapshot:
    urns = [f"{900000 + n}" for n in range(schools)]
    return InspectionSnapshot(
        Details("BENCH-2013-01", InspectionKind.FOCUSED, "Benchmark", "999"),
        inspected=[
            InspectedRow(u, f"School {u}", Phase.PRIMARY, PreviousGrade.GOOD, SchoolGrade.GOOD)
            for u in urns
        ],
        questions=[QuestionRow(n, f"Key question {n}?") for n in range(1, 5)],
        responses=[
            ResponseRow(u, q, r, f"What the {r.label.lower()} of {u} said about question {q}.")
            for u in urns
            for q in range(1, 5)
            for r in RESPONDENTS
        ],
    )


def fill_in(workbook: Path) -> None:
    """The inspector's changes: 20 outcomes, 100 responses, 10 new schools."""
    book = load_workbook(workbook)
    schools, responses = book["Schools inspected"], book["Responses"]
    header = {c.value: c.column for c in schools[1]}
    for row in range(2, 22):
        schools.cell(row, header["Outcome grade"]).value = "Outstanding"
    answers = {c.value: c.column for c in responses[1]}
    for row in range(2, 102):
        responses.cell(row, answers["Response"]).value = "Rewritten after the call."
    for n in range(10):
        row = schools.max_row + 1
        for name, value in (
            ("URN", f"{800000 + n}"),
            ("School", f"New {n}"),
            ("Phase", "Primary"),
            ("Previous grade", "Good"),
        ):
            schools.cell(row, header[name]).value = value
    book.save(workbook)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--schools", type=int, default=200)
    args = parser.parse_args()
    imports, merges = [], []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        lead = open_database(str(root / "lead.sqlite"), user="lead")
        inspection_id = replace(lead, inspection(args.schools)).inspection_id
        out = root / "out.xlsx"
        export_workbook(read_snapshot(lead, inspection_id), out)
        apply_merge(lead, plan_workbook_merge(lead, out), {})  # went out and came back once
        lead.close()
        fill_in(out)
        for run in range(args.runs):
            fresh = open_database(str(root / f"import-{run}.sqlite"), user="lead")
            start = time.perf_counter()
            snapshot = read_workbook(out)
            replace(fresh, snapshot, expected=plan_replacement(fresh, snapshot))
            imports.append(time.perf_counter() - start)
            fresh.close()

            copy = root / f"lead-{run}.sqlite"
            copy.write_bytes((root / "lead.sqlite").read_bytes())
            db = open_database(str(copy), user="lead")
            start = time.perf_counter()
            plan = plan_workbook_merge(db, out)
            done = apply_merge(db, plan, {})
            merges.append(time.perf_counter() - start)
            db.close()
    floor, merge = statistics.median(imports), statistics.median(merges)
    responses = args.schools * 4 * len(RESPONDENTS)
    print(f"{args.schools} schools, 4 key questions, {responses:,} responses; {args.runs} runs")
    print(f"merge: {done.summary()}")
    print(f"import whole (read + write into an empty database): {floor:.2f} s")
    print(f"merge (read + plan + write in one transaction):     {merge:.2f} s")
    print(f"ratio merge / import: {merge / floor:.2f}")


if __name__ == "__main__":
    main()
