"""Inspections and the local authorities they belong to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import (
    Problem,
    check_dates_in_order,
    check_required_text,
)
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.services import crud
from coventry_inspect.services.errors import NotFoundError, ServiceError, ValidationError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection, LocalAuthority


def _check(inspection: Inspection) -> list[Problem]:
    return [
        *check_required_text(inspection.reference, "Reference"),
        *check_dates_in_order(inspection.start_date, inspection.end_date, inspection.letter_date),
    ]


crud.register_validator(Inspection, _check)


def check_reference_free(
    session: Session, reference: str, inspection_id: uuid.UUID | None = None
) -> None:
    """References name inspections: refuse one that another inspection already has."""
    query = select(Inspection.id).where(Inspection.reference == reference)
    if inspection_id is not None:
        query = query.where(Inspection.id != inspection_id)
    if session.scalar(query):
        problem = Problem("Reference", f"an inspection with reference {reference} already exists")
        raise ValidationError([problem])


def authority(session: Session, name: str, la_number: str = "") -> LocalAuthority:
    """The local authority called ``name``, created if new; its LA number filled in if known."""
    name = name.strip()
    if not name:
        raise ValidationError([Problem("Local authority", "Local authority is required")])
    found = session.scalar(select(LocalAuthority).where(LocalAuthority.name == name))
    if found is None:
        found = LocalAuthority(name=name, la_number=la_number)
        session.add(found)
    elif la_number and found.la_number != la_number:
        found.la_number = la_number
    return found


def create_inspection(
    db: Database,
    reference: str,
    kind: InspectionKind,
    authority_name: str,
    la_number: str = "",
    **fields: Any,
) -> Inspection:
    """A new inspection; ``fields`` are further :class:`Inspection` columns (dates, letter)."""
    reference = reference.strip()
    with db.session() as session:
        check_reference_free(session, reference)
        inspection = Inspection(reference=reference, kind=kind, **fields)
        inspection.local_authority = authority(session, authority_name, la_number)
        crud.validate(inspection)
        session.add(inspection)
        session.flush()
        session.refresh(inspection)
        return inspection


def get_inspection(db: Database, inspection_id: uuid.UUID) -> Inspection:
    return crud.get(db, Inspection, inspection_id)


def find_by_reference(db: Database, reference: str) -> Inspection | None:
    with db.session() as session:
        return session.scalar(select(Inspection).where(Inspection.reference == reference.strip()))


def list_inspections(db: Database) -> list[Inspection]:
    """Every inspection, newest first."""
    with db.session() as session:
        query = select(Inspection).order_by(
            Inspection.start_date.desc().nulls_last(), Inspection.reference
        )
        return list(session.scalars(query).unique())


def choose_inspection(db: Database, reference: str | None) -> Inspection:
    """The inspection named by ``reference``, or the only one when none is named."""
    if reference:
        found = find_by_reference(db, reference)
        if found is None:
            raise NotFoundError(f"no inspection with reference {reference}")
        return found
    inspections = list_inspections(db)
    if len(inspections) == 1:
        return inspections[0]
    if not inspections:
        raise NotFoundError("the database holds no inspection")
    references = ", ".join(i.reference for i in inspections)
    raise ServiceError(
        f"the database holds several inspections; name one with --inspection ({references})"
    )


def update_inspection(db: Database, inspection_id: uuid.UUID, **changes: Any) -> Inspection:
    if changes.get("reference") is not None:
        with db.session() as session:
            check_reference_free(session, changes["reference"], inspection_id)
    authority_name = changes.pop("authority_name", None)
    la_number = changes.pop("la_number", None)
    if authority_name is None and la_number is None:
        return crud.update(db, Inspection, inspection_id, changes)
    with db.session() as session:
        inspection = crud.load(session, Inspection, inspection_id)
        authority_now = inspection.local_authority
        crud.check_unchanged(
            session,
            inspection,
            None,
            {"authority_name": authority_now.name, "la_number": authority_now.la_number},
        )
        name = authority_name if authority_name is not None else inspection.local_authority.name
        inspection.local_authority = authority(session, name, la_number or "")
        for field, value in changes.items():
            setattr(inspection, field, value)
        crud.validate(inspection)
        session.flush()
        session.refresh(inspection)
        return inspection


def delete_inspection(db: Database, inspection_id: uuid.UUID) -> None:
    """Delete an inspection and, through the foreign keys, all its evidence."""
    crud.delete(db, Inspection, inspection_id)


def authority_names(db: Database) -> list[str]:
    """The local authorities already used, by name (to offer when a new inspection is made)."""
    with db.session() as session:
        return list(session.scalars(select(LocalAuthority.name).order_by(LocalAuthority.name)))
