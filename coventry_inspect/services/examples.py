"""The two example inspections built from the reference documents, written in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from coventry_inspect.services import crud
from coventry_inspect.services.inspections import authority
from coventry_inspect.services.schools import upsert
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    Audited,
    Finding,
    InspectedSchool,
    Inspection,
    Judgement,
    KeyQuestion,
    Recommendation,
    SurveyedSchool,
)

EXAMPLE_FILES = ("coventry-focused-2013.json", "coventry-lea-2004.json")
_DATE_FIELDS = ("start_date", "end_date", "letter_date", "meeting_date")


def example_paths() -> list[Path]:
    return [resources_dir() / "examples" / name for name in EXAMPLE_FILES]


def install_examples(db: Database) -> list[str]:
    """Write both examples, replacing any inspection with the same reference. Returns references."""
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in example_paths()]
    with db.session() as session:
        for document in documents:
            _replace(session, document)
    return [document["reference"] for document in documents]


def _replace(session: Session, document: dict[str, Any]) -> None:
    old = session.scalar(select(Inspection).where(Inspection.reference == document["reference"]))
    if old is not None:
        session.delete(old)
        session.flush()
    fields = dict(document["fields"])
    for name in _DATE_FIELDS:
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    inspection = Inspection(
        reference=document["reference"], kind=InspectionKind(document["kind"]), **fields
    )
    inspection.local_authority = authority(session, document["authority"], document["la_number"])
    session.add(inspection)
    session.flush()
    for row in _evidence(session, inspection, document):
        crud.validate(row)
        session.add(row)


def _evidence(
    session: Session, inspection: Inspection, document: dict[str, Any]
) -> Iterator[Audited]:
    for item in document.get("inspected", []):
        phase = Phase(item["phase"])
        school = upsert(session, item["urn"], item["name"], phase=phase, illustrative=True)
        category = item.get("category")
        yield InspectedSchool(
            inspection_id=inspection.id,
            school=school,
            phase=phase,
            previous_grade=PreviousGrade(item["previous"]),
            outcome_grade=SchoolGrade(item["outcome"]),
            inadequate_category=InadequateCategory(category) if category else None,
            notes=item["notes"],
        )
    for item in document.get("surveyed", []):
        phase = Phase(item["phase"])
        school = upsert(session, item["urn"], item["name"], phase=phase, illustrative=True)
        yield SurveyedSchool(
            inspection_id=inspection.id,
            school=school,
            phase=phase,
            last_grade=PreviousGrade(item["last_grade"]),
            call_date=date.fromisoformat(item["call_date"]),
            notes=item["notes"],
        )
    for number, item in enumerate(document.get("key_questions", []), start=1):
        yield KeyQuestion(
            inspection_id=inspection.id,
            number=number,
            text=item["text"],
            asked_of=AskedOf(item["asked_of"]),
        )
    numbers: dict[tuple[str, str], int] = {}
    for item in document.get("findings", []):
        place = (item["kind"], item["section"])
        numbers[place] = numbers.get(place, 0) + 1
        yield Finding(
            inspection_id=inspection.id,
            kind=FindingKind(item["kind"]),
            section=item["section"],
            number=numbers[place],
            statement=item["statement"],
        )
    for item in document.get("judgements", []):
        yield Judgement(
            inspection_id=inspection.id,
            number=item["number"],
            grade=LeaGrade(item["grade"]),
            no_fieldwork=item["no_fieldwork"],
        )
    for position, item in enumerate(document.get("recommendations", []), start=1):
        yield Recommendation(
            inspection_id=inspection.id,
            section=item["section"],
            function=item["function"],
            text=item["text"],
            key=item["key"],
            position=position,
        )
