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
from typing import Any, TypeVar

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, joinedload

from coventry_inspect.store.models import (
    AUDIT_COLUMNS,
    Audited,
    Finding,
    FindingEvidence,
    HistoryEntry,
    Inspection,
    KeyQuestion,
    Response,
    ResponseTheme,
    School,
)
from coventry_inspect.store.types import utcnow

_T = TypeVar("_T", bound=Audited)


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


def _response(session: Session, obj: Audited) -> Response | None:
    """The response a theme or an evidence link is attached to (from the session's identity
    map when loaded, as it mostly is: tagging and linking start from the responses shown)."""
    if not isinstance(obj, ResponseTheme | FindingEvidence):
        return None
    return _get(session, Response, obj.response_id)


def _get(session: Session, model: type[_T], key: uuid.UUID | None) -> _T | None:
    """A row by id: one added in this flush, else from the identity map (or one query)."""
    if key is None:
        return None
    pending = session.info.get(_PENDING, {}).get(key)
    return pending if isinstance(pending, model) else session.get(model, key)


def _evidence_title(session: Session, obj: FindingEvidence) -> str:
    """ "Strength 2 ← 990005 Q2 Headteacher": which finding, backed by which response."""
    finding = _get(session, Finding, obj.finding_id)
    response = _response(session, obj)
    said = f"{describe(finding.kind)} {finding.number}" if finding is not None else "a finding"
    if finding is not None and finding.section:
        said += f" ({finding.section})"
    if response is None:
        return said
    school = _school(session, response)
    urn = school.urn if school is not None else ""
    question = response.__dict__.get("key_question") or _get(
        session, KeyQuestion, response.key_question_id
    )
    number = question.number if question is not None else None
    asked = f" Q{number}" if number is not None else ""
    return f"{said} ← {urn}{asked} {describe(response.respondent)}".replace("  ", " ")


def _title(session: Session, obj: Audited) -> str:
    if isinstance(obj, FindingEvidence):
        return _evidence_title(session, obj)
    for attribute in ("reference", "urn", "number", "name", "theme"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return describe(value)
    return ""


def _school(session: Session, obj: Audited) -> School | None:
    """The school a row is about: itself, or the school a row such as a response belongs to."""
    if isinstance(obj, School):
        return obj
    response = _response(session, obj)
    if response is not None:  # a theme's or an evidence link's: its response's school
        obj = response
    school_id = getattr(obj, "school_id", None)
    school = obj.__dict__.get("school")  # as loaded or set, without loading it here
    if isinstance(school, School) and (school_id is None or school.id in (None, school_id)):
        return school
    if isinstance(school_id, uuid.UUID):
        return session.get(School, school_id)
    return None


_PENDING = "history.pending"
"""session.info key: the rows added in the flush being recorded, by id."""


_CHUNK = 500
"""Ids per query when loading the rows links name (well under SQLite's bound parameters)."""


def _load_named(session: Session, rows: list[Any]) -> list[Audited]:
    """The responses (with their schools and questions) and findings that the themes and
    evidence links being recorded name, loaded a few hundred per query, so that their titles
    find them in the identity map rather than asking once per link (a merge or an undo brings
    hundreds). The identity map holds rows weakly: the caller keeps the list while recording."""
    links = [o for o in rows if isinstance(o, ResponseTheme | FindingEvidence)]
    if len(links) < 2:
        return []
    pending = session.info.get(_PENDING, {})
    wanted: list[tuple[Any, set[uuid.UUID]]] = [
        (
            select(Response).options(
                joinedload(Response.school), joinedload(Response.key_question)
            ),
            {o.response_id for o in links if o.response_id not in pending},
        ),
        (
            select(Finding),
            {
                o.finding_id
                for o in links
                if isinstance(o, FindingEvidence) and o.finding_id not in pending
            },
        ),
    ]
    loaded: list[Audited] = []
    for query, ids in wanted:
        model = query.column_descriptions[0]["entity"]
        found = sorted(i for i in ids if i is not None)
        for at in range(0, len(found), _CHUNK):
            chunk = found[at : at + _CHUNK]
            loaded += session.scalars(query.where(model.id.in_(chunk))).unique().all()
    return loaded


def _columns(obj: Audited) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in AUDIT_COLUMNS]


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    user = str(session.info.get("user", ""))
    now = utcnow()
    entries: list[HistoryEntry] = []
    added = [obj for obj in session.new if isinstance(obj, Audited)]
    for obj in added:
        if obj.id is None:
            obj.id = uuid.uuid4()
    session.info[_PENDING] = {obj.id: obj for obj in added}
    try:
        named = _load_named(session, [*added, *session.deleted])  # held while recording
        _record(session, user, now, added, entries)
        del named
    finally:
        del session.info[_PENDING]
    session.add_all(entries)


def _record(
    session: Session, user: str, now: datetime, created: list[Audited], entries: list[HistoryEntry]
) -> None:
    for obj in created:
        obj.updated_by = user
        obj.created_at = obj.updated_at = now
        entries.append(_entry(session, obj, user, now, "created", "", "", _title(session, obj), 1))
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
                _entry(
                    session, obj, user, now, "deleted", "", _title(session, obj), "", obj.version
                )
            )


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
