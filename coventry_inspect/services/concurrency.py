"""Who changed a row since a user read it, and what it is now, in the words of the refusal:
"changed by jsmith at 15:40 — now Inadequate"."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.services.errors import ChangedElsewhereError
from coventry_inspect.store.models import Audited, HistoryEntry
from coventry_inspect.store.types import local

LONGEST_SHOWN = 60


def shown(value: Any) -> str:
    """A value as the window shows it: a grade's label, "12 Mar 2013", quoted free text."""
    if value is None or value == "":
        return "blank"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, str):
        cut = value if len(value) <= LONGEST_SHOWN else value[: LONGEST_SHOWN - 1].rstrip() + "…"
        return f"“{cut}”"
    return str(value)


def clock(at: datetime, now: datetime | None = None) -> str:
    """When, in local time: "at 15:40" today, "on 12 Mar at 15:40" another day. ``at`` is
    naive UTC, as stored."""
    here = local(at)
    today = (now or datetime.now(UTC)).astimezone().date()
    if here.date() == today:
        return f"at {here:%H:%M}"
    return f"on {here.day} {here:%b} at {here:%H:%M}"


def _last_entry(
    session: Session, entity_id: uuid.UUID, field: str = "", action: str = ""
) -> HistoryEntry | None:
    query = select(HistoryEntry).where(HistoryEntry.entity_id == entity_id)
    if field:
        query = query.where(HistoryEntry.field == field)
    if action:
        query = query.where(HistoryEntry.action == action)
    return session.scalars(query.order_by(HistoryEntry.id.desc()).limit(1)).first()


def changed(
    session: Session, obj: Audited, field: str, value: Any, *, what: str = ""
) -> ChangedElsewhereError:
    """The refusal of an edit (or, with ``what`` naming the field, of a delete) of a row whose
    ``field`` someone else has changed to ``value``."""
    entry = _last_entry(session, obj.id, field)
    who, at = (entry.user, entry.at) if entry else (obj.updated_by, obj.updated_at)
    message = f"changed by {who or 'someone else'} {clock(at)} — now {shown(value)}"
    if what:
        return ChangedElsewhereError(f"{what} {message}; nothing was deleted")
    return ChangedElsewhereError(message)


def deleted(session: Session, entity_id: uuid.UUID, *, deleting: bool) -> ChangedElsewhereError:
    """The refusal of an edit or delete of a row someone else has deleted."""
    entry = _last_entry(session, entity_id, action="deleted")
    by = f"deleted by {entry.user} {clock(entry.at)}" if entry else "deleted by someone else"
    if deleting:
        return ChangedElsewhereError(f"already {by}")
    return ChangedElsewhereError(f"{by}; nothing was changed")
