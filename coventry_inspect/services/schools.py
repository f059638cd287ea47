"""The school register: establishments keyed by URN."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import Problem, check_required_text, check_urn
from coventry_inspect.services import crud
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import School


def _check(school: School) -> list[Problem]:
    return [*check_urn(school.urn), *check_required_text(school.name, "School")]


crud.register_validator(School, _check)


def upsert(session: Session, urn: str, name: str, **fields: Any) -> School:
    """The school with ``urn``, created or brought up to date, inside the caller's session."""
    urn = urn.strip()
    school = session.scalar(select(School).where(School.urn == urn))
    if school is None:
        school = School(urn=urn, name=name, **fields)
        crud.validate(school)
        session.add(school)
        return school
    school.name = name
    for field, value in fields.items():
        setattr(school, field, value)
    crud.validate(school)
    return school


def upsert_school(db: Database, urn: str, name: str, **fields: Any) -> School:
    with db.session() as session:
        school = upsert(session, urn, name, **fields)
        session.flush()
        session.refresh(school)
        return school


def find_school(db: Database, urn: str) -> School | None:
    with db.session() as session:
        return session.scalar(select(School).where(School.urn == urn.strip()))


def list_schools(db: Database) -> list[School]:
    with db.session() as session:
        return list(session.scalars(select(School).order_by(School.name)))


def update_school(db: Database, school_id: uuid.UUID, **changes: Any) -> School:
    return crud.update(db, School, school_id, changes)


def delete_school(db: Database, school_id: uuid.UUID) -> None:
    crud.delete(db, School, school_id)


RegisterEntry = tuple[str, str, str, str, str]
"""URN, name, phase, local authority and Ofsted rating, as the register search lists them."""


def register_entries(db: Database) -> list[RegisterEntry]:
    """The whole register as plain tuples: one query, no objects (50,000 rows in a blink)."""
    with db.session() as session:
        rows = session.execute(
            select(School.urn, School.name, School.phase, School.la_name, School.ofsted_rating)
        )
        return [
            (urn, name, phase.label if phase else "", la, rating)
            for urn, name, phase, la, rating in rows
        ]
