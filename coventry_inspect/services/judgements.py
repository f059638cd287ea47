"""An LEA inspection's Judgement Recording Statements."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from coventry_inspect.domain import jrs
from coventry_inspect.domain.validation import Problem, check_average_grade, check_lea_grade
from coventry_inspect.services import crud
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Judgement


def _check(judgement: Judgement) -> list[Problem]:
    problems = [
        *check_lea_grade(judgement.grade, "Grade"),
        *check_lea_grade(judgement.self_evaluation_grade, "Self-evaluation grade"),
        *check_lea_grade(judgement.previous_grade, "Previous grade"),
        *check_average_grade(judgement.average_grade),
    ]
    if judgement.number not in jrs.by_number():
        problems.append(
            Problem("No", f"{judgement.number} is not a judgement of the 2004 framework")
        )
    return problems


crud.register_validator(Judgement, _check)


def set_judgement(db: Database, inspection_id: uuid.UUID, number: str, **values: Any) -> Judgement:
    """Create or update the judgement ``number`` of an inspection with ``values``
    (grade, no_fieldwork, self_evaluation_grade, previous_grade, average_grade)."""
    if number not in jrs.by_number():
        raise ValidationError([Problem("No", f"{number} is not a judgement of the 2004 framework")])
    with db.session() as session:
        judgement = session.scalar(
            select(Judgement).where(
                Judgement.inspection_id == inspection_id, Judgement.number == number
            )
        )
        if judgement is None:
            judgement = Judgement(inspection_id=inspection_id, number=number)
            session.add(judgement)
        for field, value in values.items():
            setattr(judgement, field, value)
        crud.validate(judgement)
        session.flush()
        session.refresh(judgement)
        return judgement


def add_catalogue(db: Database, inspection_id: uuid.UUID) -> list[Judgement]:
    """Give an inspection a blank judgement for every catalogue entry it does not have yet."""
    with db.session() as session:
        have = set(
            session.scalars(
                select(Judgement.number).where(Judgement.inspection_id == inspection_id)
            )
        )
        session.add_all(
            Judgement(inspection_id=inspection_id, number=entry.number)
            for entry in jrs.catalogue()
            if entry.number not in have
        )
    return list_judgements(db, inspection_id)


def list_judgements(db: Database, inspection_id: uuid.UUID) -> list[Judgement]:
    """The inspection's judgements in Appendix A's order."""
    judgements = crud.list_for_inspection(db, Judgement, inspection_id)
    return sorted(judgements, key=lambda j: jrs.order_key(j.number))


def update_judgement(db: Database, judgement_id: uuid.UUID, **changes: Any) -> Judgement:
    return crud.update(db, Judgement, judgement_id, changes)


def delete_judgement(db: Database, judgement_id: uuid.UUID) -> None:
    crud.delete(db, Judgement, judgement_id)
