"""The Analysis page's refresh after an edit: one judgement changed, then the analysis and the
theme counts read again, against a bare round trip to the same file measured in the same run.

The inspection: 150 inspected and 50 surveyed schools, 4 key questions, 3 respondents each
(2,400 responses, judgements spread over Positive, Mixed, Negative and none), 933 of them
tagged with six themes (1,600 tags: most of those responses carry two); written through the
application (``replace`` and ``themes.add_theme``) into an SQLite file.

Each run: ``evidence.update_response`` changes one response's judgement (a commit on the file,
as the grid's edit does), then ``analyse`` and ``theme_counts`` read what the page shows. The
floor: ``SELECT count(*) FROM response WHERE inspection_id = ?`` in a session of the same
database (what any read of the inspection costs at least). Medians of ``--runs``.

    .venv/bin/python benchmarks/analysis_refresh.py [--runs 50]

Target (issue 11): the analysis of 200 schools × 4 questions × 3 respondents refreshes within
50 ms of an edit.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from benchmarks.timing import median_ms
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.services import evidence, themes
from coventry_inspect.services.analysis import analyse, theme_counts
from coventry_inspect.services.replacement import replace
from coventry_inspect.services.snapshot import (
    InspectedRow,
    InspectionSnapshot,
    QuestionRow,
    ResponseRow,
    SurveyedRow,
)
from coventry_inspect.store.database import Database, open_database

RESPONDENTS = (Respondent.HEADTEACHER, Respondent.CHAIR_OF_GOVERNORS, Respondent.GOVERNOR)
JUDGEMENTS = (*ResponseJudgement, None)
GRADES = (SchoolGrade.OUTSTANDING, SchoolGrade.GOOD, SchoolGrade.REQUIRES_IMPROVEMENT)
THEMES = ("governor training", "clusters", "HR support", "data", "moderation", "challenge")


def inspection(inspected: int, surveyed: int) -> InspectionSnapshot:
    chooser = random.Random(7)
    urns = [f"{900000 + n}" for n in range(inspected + surveyed)]
    return InspectionSnapshot(
        Details("BENCH-2013-02", InspectionKind.FOCUSED, "Benchmark", "999"),
        inspected=[
            InspectedRow(
                u, f"School {u}", Phase.PRIMARY, PreviousGrade.GOOD, chooser.choice(GRADES)
            )
            for u in urns[:inspected]
        ],
        surveyed=[
            SurveyedRow(u, f"School {u}", Phase.PRIMARY, PreviousGrade.GOOD)
            for u in urns[inspected:]
        ],
        questions=[QuestionRow(n, f"Key question {n}?") for n in range(1, 5)],
        responses=[
            ResponseRow(u, q, r, f"What the {r.label.lower()} said.", chooser.choice(JUDGEMENTS))
            for u in urns
            for q in range(1, 5)
            for r in RESPONDENTS
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db: Database = open_database(str(Path(folder) / "analysis.sqlite"), user="bench")
        inspection_id = replace(db, inspection(150, 50)).inspection_id
        responses = [r.id for r in evidence.list_responses(db, inspection_id)]
        for n, theme in enumerate(THEMES):
            themes.add_theme(db, responses[n :: 3 * len(THEMES)] + responses[n + 1 :: 18], theme)
        chooser = random.Random(3)

        def edit() -> None:
            judgement = chooser.choice(JUDGEMENTS)
            evidence.update_response(db, chooser.choice(responses), judgement=judgement)

        def refresh() -> None:
            analyse(db, inspection_id)
            theme_counts(db, inspection_id)

        def edit_and_refresh() -> None:
            edit()
            refresh()

        def floor() -> None:
            with db.session() as session:
                session.execute(
                    text("SELECT count(*) FROM response WHERE inspection_id = :i"),
                    {"i": inspection_id.hex},
                ).scalar_one()

        try:
            result = analyse(db, inspection_id)
            tagged = sum(c.responses for c in theme_counts(db, inspection_id))
            print(
                f"{result.total:,} responses from 200 schools (150 inspected, 50 surveyed), "
                f"{tagged:,} theme tags; median of {args.runs} runs"
            )
            base = median_ms(floor, args.runs)
            rows = [
                ("floor: count the inspection's responses", floor),
                ("the edit alone (update_response)", edit),
                ("analyse()", lambda: analyse(db, inspection_id)),
                ("theme_counts()", lambda: theme_counts(db, inspection_id)),
                ("refresh: analyse() + theme_counts()", refresh),
                ("edit, then refresh", edit_and_refresh),
            ]
            for label, action in rows:
                took = base if action is floor else median_ms(action, args.runs)
                print(f"{label:<44}{took:>8.1f} ms{took / base:>8.1f}×")
            print("target: edit, then refresh, within 50 ms")
        finally:
            db.close()


if __name__ == "__main__":
    main()
