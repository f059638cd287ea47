"""How long each stored text may be, read from the models' ``String(n)`` columns.

One source for the workbook reader, the services and the GUI's editors, so no limit is written
twice. Every flush is checked, whichever service made the change: a value longer than its
column raises :class:`ValidationError` and nothing is stored (SQLite would keep it, PostgreSQL
would fail with a database error).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import InstrumentedAttribute, Session

from coventry_inspect.domain.validation import Problem
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.store.history import RecordingSession
from coventry_inspect.store.models import Base

_LABELS = {
    ("school", "urn"): "URN",
    ("school", "name"): "School",
    ("local_authority", "name"): "Local authority",
    ("local_authority", "la_number"): "LA number",
    ("recommendation", "text"): "Recommendation",
    ("key_question", "text"): "Question",
}


def max_length(attribute: InstrumentedAttribute[Any]) -> int | None:
    """The most characters ``attribute`` (e.g. ``Inspection.reference``) holds; None if any."""
    column = attribute.property.columns[0]
    return _length(column.type)


def stored_length(table: str, column: str) -> int | None:
    """The limit of ``table.column`` by name, as the workbook layout refers to columns."""
    return _length(Base.metadata.tables[table].columns[column].type)


def _length(column_type: Any) -> int | None:
    return column_type.length if isinstance(column_type, String) else None


def label(table: str, column: str) -> str:
    """A column as a user knows it: ``Inspection.sender_name`` → "Sender name"."""
    return _LABELS.get((table, column), column.replace("_", " ").capitalize())


def too_long(text: str, limit: int) -> str:
    """The refusal of ``text`` when it is longer than ``limit``; the same words everywhere."""
    return f"{len(text):,} characters is too long; at most {limit:,} fit here"


def check_lengths(obj: object) -> list[Problem]:
    """A problem for each text of ``obj`` longer than its column."""
    problems = []
    table = obj.__table__  # type: ignore[attr-defined]
    for attribute in inspect(type(obj)).column_attrs:
        limit = _length(attribute.columns[0].type)
        value = getattr(obj, attribute.key, None)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            problems.append(Problem(label(table.name, attribute.key), too_long(value, limit)))
    return problems


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    problems = [
        problem
        for obj in (*session.new, *session.dirty)
        if hasattr(obj, "__table__")
        for problem in check_lengths(obj)
    ]
    if problems:
        raise ValidationError(problems)


event.listen(RecordingSession, "before_flush", _before_flush)
