"""The two example inspections built from the reference documents, written in one transaction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    InspectionKind,
    LeaGrade,
    Phase,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.paths import resources_dir
from coventry_inspect.services.letter import letter_blocks
from coventry_inspect.services.snapshot import (
    FindingRow,
    InspectedRow,
    InspectionSnapshot,
    JudgementRow,
    QuestionRow,
    RecommendationRow,
    RewordingRow,
    SurveyedRow,
    write_snapshot,
)
from coventry_inspect.store.database import Database

EXAMPLE_FILES = ("coventry-focused-2013.json", "coventry-lea-2004.json")


def example_paths() -> list[Path]:
    return [resources_dir() / "examples" / name for name in EXAMPLE_FILES]


def install_examples(db: Database) -> list[str]:
    """Write both examples, replacing any inspection with the same reference. Returns references.

    The letter names no schools, so the example's schools are marked illustrative."""
    snapshots = [
        example_snapshot(json.loads(path.read_text(encoding="utf-8"))) for path in example_paths()
    ]
    with db.session() as session:
        for snapshot in snapshots:
            write_snapshot(session, snapshot, illustrative=True)
    return [snapshot.details.reference for snapshot in snapshots]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def example_snapshot(document: dict[str, Any]) -> InspectionSnapshot:
    fields = dict(document["fields"])
    for name in ("start_date", "end_date", "letter_date", "meeting_date"):
        fields[name] = _date(fields.get(name))
    snapshot = InspectionSnapshot(
        Details(
            reference=document["reference"],
            kind=InspectionKind(document["kind"]),
            authority=document["authority"],
            la_number=document["la_number"],
            **fields,
        )
    )
    for item in document.get("inspected", []):
        category = item.get("category")
        snapshot.inspected.append(
            InspectedRow(
                urn=item["urn"],
                name=item["name"],
                phase=Phase(item["phase"]),
                previous_grade=PreviousGrade(item["previous"]),
                outcome_grade=SchoolGrade(item["outcome"]),
                inadequate_category=InadequateCategory(category) if category else None,
                notes=item["notes"],
                inspector=item.get("inspector", ""),
            )
        )
    for item in document.get("surveyed", []):
        snapshot.surveyed.append(
            SurveyedRow(
                urn=item["urn"],
                name=item["name"],
                phase=Phase(item["phase"]),
                last_grade=PreviousGrade(item["last_grade"]),
                call_date=_date(item["call_date"]),
                notes=item["notes"],
                inspector=item.get("inspector", ""),
            )
        )
    for number, item in enumerate(document.get("key_questions", []), start=1):
        snapshot.questions.append(QuestionRow(number, item["text"], AskedOf(item["asked_of"])))
    numbers: dict[tuple[str, str], int] = {}
    for item in document.get("findings", []):
        place = (item["kind"], item["section"])
        numbers[place] = numbers.get(place, 0) + 1
        snapshot.findings.append(
            FindingRow(
                FindingKind(item["kind"]), item["section"], numbers[place], item["statement"]
            )
        )
    for item in document.get("judgements", []):
        snapshot.judgements.append(
            JudgementRow(item["number"], LeaGrade(item["grade"]), item["no_fieldwork"])
        )
    for item in document.get("recommendations", []):
        snapshot.recommendations.append(
            RecommendationRow(item["section"], item["function"], item["text"], item["key"])
        )
    written = document.get("letter", {})  # paragraphs only an inspector writes
    if written:
        prompts = {b.key: b.text for b in letter_blocks(snapshot)}  # written against these
        for key, text in written.items():
            snapshot.rewordings.append(RewordingRow(key, text, prompts[key]))
    return snapshot
