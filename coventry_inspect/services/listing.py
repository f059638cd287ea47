"""The list of inspections as plain rows, read by one light query (no ORM objects).

A national file holds 1,500 inspections: loading each as an object with its authority took a
quarter of a second, and the window did it after every edit. The window reads the whole list
when it opens and when inspections come or go, and after an edit only the one row edited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.domain.wording import date_range
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection, LocalAuthority

SHORT_KIND = {InspectionKind.FOCUSED: "Focused", InspectionKind.LEA: "LEA"}
"""The kind in a word: the list's Kind column has little room beside reference and dates."""


@dataclass(frozen=True)
class Listed:
    """One inspection as the list shows it."""

    id: uuid.UUID
    reference: str
    kind: InspectionKind
    authority: str
    start_date: date | None
    dates: str
    """'11 to 15 March 2013'."""

    @property
    def shown(self) -> tuple[str, str, str, str]:
        return (self.reference, SHORT_KIND[self.kind], self.authority, self.dates)

    @property
    def order(self) -> tuple[bool, int, str]:
        """Where it sits in the list: newest first, undated last, then by reference."""
        day = self.start_date.toordinal() if self.start_date else 0
        return (self.start_date is None, -day, self.reference)


def _query() -> Select[uuid.UUID, str, InspectionKind, str, date | None, date | None]:
    return select(
        Inspection.id,
        Inspection.reference,
        Inspection.kind,
        LocalAuthority.name,
        Inspection.start_date,
        Inspection.end_date,
    ).join(LocalAuthority, Inspection.local_authority_id == LocalAuthority.id)


def _listed(row: Any) -> Listed:
    inspection_id, reference, kind, authority, start, end = row
    return Listed(inspection_id, reference, kind, authority, start, date_range(start, end))


def list_rows(db: Database) -> list[Listed]:
    """Every inspection, newest first (as :func:`services.inspections.list_inspections`)."""
    query = _query().order_by(Inspection.start_date.desc().nulls_last(), Inspection.reference)
    with db.session() as session:
        return [_listed(row) for row in session.execute(query)]


def listed(db: Database, inspection_id: uuid.UUID) -> Listed | None:
    """One inspection's row; None once it is gone."""
    with db.session() as session:
        row = session.execute(_query().where(Inspection.id == inspection_id)).first()
        return _listed(row) if row is not None else None
