"""Find in responses over 250,000 responses, against the index's own cost measured in the same run.

The file: a national inspection of 20,634 schools × 4 key questions × 3 respondents (247,608
responses) and a 200-school inspection (2,400) beside it: 250,008 responses, whose texts are
windows of 12 to 60 words taken from the example inspections' letters and findings (so words
are as common, and as rare, as in an inspector's prose). The schools, questions and responses
are inserted with ``executemany`` in one transaction, behind the application, but into the
schema it migrated and so through the search index's triggers.

Each figure is the median of ``--runs`` calls of ``services.search.find`` (limit 500, as the
window asks) for what an inspector types, in the 200-school inspection and in the national one.
The floor: SQLite counting the same words' matches in the FTS5 index alone (raw ``sqlite3``,
``count(*) ... MATCH``, no join, no ranking, no highlighting), on the same file, in the same run.

    .venv/bin/python benchmarks/search.py [--runs 15] [--keep PATH]

Target (issue 11): search over 250,000 responses returns within 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import median_ms
from coventry_inspect.domain.vocabulary import InspectionKind, Respondent, ResponseJudgement
from coventry_inspect.paths import resources_dir
from coventry_inspect.services.inspections import create_inspection
from coventry_inspect.services.search import find, typed_words
from coventry_inspect.store.database import open_database

QUERIES = (
    "governors",
    "gover",  # typing: the last word is a prefix
    "go",  # the second letter typed: a two-letter prefix
    "school improvement",
    "challenge and support",
    "rigour of chall",
    "headteachers local authority",
    "moderation",
)
RESPONDENTS = (Respondent.HEADTEACHER, Respondent.CHAIR_OF_GOVERNORS, Respondent.GOVERNOR)
JUDGEMENTS = (*ResponseJudgement, None)


def corpus() -> list[str]:
    """Every word of the example inspections' prose, in order."""
    words: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and " " in value:
            words.extend(re.findall(r"[\w'’-]+[.,;:]?", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted((resources_dir() / "examples").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return words


def build(path: Path, national: int, local: int) -> dict[str, uuid.UUID]:
    """The file, with its two inspections (``national`` and ``local`` schools)."""
    db = open_database(str(path), user="bench")
    ids = {
        reference: create_inspection(db, reference, InspectionKind.FOCUSED, "Benchmark").id
        for reference in ("NATIONAL-2013", "COV-2013-03")
    }
    db.close()
    words = corpus()
    chooser = random.Random(11)
    now = datetime(2013, 3, 11, 9).isoformat(sep=" ")
    audit = (now, now, "bench", 1)
    schools, questions, responses = [], [], []
    urn = 900000
    for reference, count in (("NATIONAL-2013", national), ("COV-2013-03", local)):
        inspection = ids[reference].hex
        asked = []
        for number in range(1, 5):
            question = uuid.uuid4().hex
            asked.append(question)
            questions.append((question, *audit, inspection, number, f"Question {number}?", "all"))
        for _ in range(count):
            urn += 1
            school = uuid.uuid4().hex
            schools.append((school, *audit, str(urn), f"School {urn}", "primary", 0))
            for question in asked:
                for respondent in RESPONDENTS:
                    start = chooser.randrange(len(words) - 60)
                    text = " ".join(words[start : start + chooser.randint(12, 60)])
                    judgement = chooser.choice(JUDGEMENTS)
                    responses.append(
                        (
                            uuid.uuid4().hex,
                            *audit,
                            inspection,
                            question,
                            school,
                            respondent.value,
                            text,
                            None if judgement is None else judgement.value,
                        )
                    )
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO school (id, created_at, updated_at, updated_by, version, urn, name,"
            " phase, illustrative, establishment_type, la_code, la_name, status, ofsted_rating)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', '')",
            schools,
        )
        connection.executemany(
            "INSERT INTO key_question (id, created_at, updated_at, updated_by, version,"
            " inspection_id, number, text, asked_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            questions,
        )
        connection.executemany(
            "INSERT INTO response (id, created_at, updated_at, updated_by, version,"
            " inspection_id, key_question_id, school_id, respondent, text, judgement)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            responses,
        )
        connection.execute("COMMIT")
        connection.execute("PRAGMA optimize")
    return ids


def fts_count(path: Path, typed: str) -> int:
    parts = typed_words(typed)
    match = " AND ".join(f'"{" ".join(p)}"' for p in parts) + "*"
    with sqlite3.connect(path) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM response_search WHERE response_search MATCH ?",
                (f"text : ({match})",),
            ).fetchone()[0]
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--national", type=int, default=20_634)
    parser.add_argument("--local", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the file here (and reuse it if there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "search.sqlite"
        if args.keep and path.exists():
            db = open_database(str(path), user="bench")
            from coventry_inspect.services.inspections import list_inspections

            ids = {i.reference: i.id for i in list_inspections(db)}
            db.close()
        else:
            start = time.perf_counter()
            ids = build(path, args.national, args.local)
            print(f"built in {time.perf_counter() - start:.1f} s")
        with sqlite3.connect(path) as connection:
            total = connection.execute("SELECT count(*) FROM response").fetchone()[0]
        size = path.stat().st_size / 1024**2
        print(f"{total:,} responses, {size:.0f} MiB; median of {args.runs} runs, limit 500")
        db = open_database(str(path), user="bench")
        try:
            header = f"{'typed':<32}{'inspection':<15}{'hits':>6}{'more':>6}"
            print(f"{header}{'find ms':>9}{'floor ms':>10}{'ratio':>7}")
            worst = 0.0
            for typed in QUERIES:
                floor = median_ms(lambda t=typed: fts_count(path, t), args.runs)
                for reference in ("COV-2013-03", "NATIONAL-2013"):
                    inspection_id = ids[reference]
                    result = find(db, inspection_id, typed)
                    took = median_ms(lambda i=inspection_id, t=typed: find(db, i, t), args.runs)
                    worst = max(worst, took)
                    print(
                        f"{typed!r:<32}{reference:<15}{len(result.hits):>6}"
                        f"{'yes' if result.more else 'no':>6}{took:>9.1f}{floor:>10.1f}"
                        f"{took / floor:>7.2f}"
                    )
            print(f"slowest: {worst:.1f} ms (target: within 100 ms)")
        finally:
            db.close()


if __name__ == "__main__":
    main()
