"""Records every change to evidence in the ``history`` table, inside the same transaction.

A ``before_flush`` hook sees each new, changed and deleted row, so no service can forget to
record what it did. The user comes from ``session.info["user"]``.

The hook is attached once, to :class:`RecordingSession`, when this module is imported. It used to
be attached to each sessionmaker, guarded by ``event.contains``; SQLAlchemy's event registry keys
targets by ``id()``, so a new sessionmaker given the address of a collected one looked as if it
already had the hook, and its changes went unrecorded (about 1 in 150 databases opened).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from coventry_inspect.store.models import (
    AUDIT_COLUMNS,
    Audited,
    HistoryEntry,
    Inspection,
    School,
)
from coventry_inspect.store.types import utcnow


def describe(value: Any) -> str:
    """A value as the history view shows it."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label if label is not None else value.value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _inspection_id(obj: Audited) -> uuid.UUID | None:
    if isinstance(obj, Inspection):
        return obj.id
    value = getattr(obj, "inspection_id", None)
    return value if isinstance(value, uuid.UUID) else None


def _title(obj: Audited) -> str:
    for attribute in ("reference", "urn", "number", "name", "theme"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return describe(value)
    return ""


def _school(session: Session, obj: Audited) -> School | None:
    """The school a row is about: itself, or the school a row such as a response belongs to."""
    if isinstance(obj, School):
        return obj
    school_id = getattr(obj, "school_id", None)
    school = obj.__dict__.get("school")  # as loaded or set, without loading it here
    if isinstance(school, School) and (school_id is None or school.id in (None, school_id)):
        return school
    if isinstance(school_id, uuid.UUID):
        return session.get(School, school_id)
    return None


def _columns(obj: Audited) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in AUDIT_COLUMNS]


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    user = str(session.info.get("user", ""))
    now = utcnow()
    entries: list[HistoryEntry] = []
    for obj in session.new:
        if not isinstance(obj, Audited):
            continue
        if obj.id is None:
            obj.id = uuid.uuid4()
        obj.updated_by = user
        obj.created_at = obj.updated_at = now
        entries.append(_entry(session, obj, user, now, "created", "", "", _title(obj), 1))
    for obj in session.dirty:
        if not isinstance(obj, Audited) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changed = False
        version = (obj.version or 0) + 1  # what the flush's UPDATE makes it
        for key in _columns(obj):
            added, _unchanged, deleted = state.attrs[key].history
            if not added and not deleted:
                continue
            old = describe(deleted[0]) if deleted else ""
            new = describe(added[0]) if added else ""
            if old != new:
                entries.append(_entry(session, obj, user, now, "updated", key, old, new, version))
                changed = True
        if changed:
            obj.updated_by = user
            obj.updated_at = now
    for obj in session.deleted:
        if isinstance(obj, Audited):
            entries.append(
                _entry(session, obj, user, now, "deleted", "", _title(obj), "", obj.version)
            )
    session.add_all(entries)


def _entry(
    session: Session,
    obj: Audited,
    user: str,
    now: datetime,
    action: str,
    field: str,
    old: str,
    new: str,
    version: int | None,
) -> HistoryEntry:
    school = _school(session, obj)
    return HistoryEntry(
        school_urn=school.urn if school is not None else "",
        school_name=school.name if school is not None else "",
        at=now,
        user=user,
        inspection_id=_inspection_id(obj),
        entity=type(obj).__tablename__,  # type: ignore[attr-defined]
        entity_id=obj.id,
        action=action,
        field=field,
        old=old,
        new=new,
        version=version,
    )


class RecordingSession(Session):
    """A session that records every change it flushes in the history table."""


event.listen(RecordingSession, "before_flush", _before_flush)
