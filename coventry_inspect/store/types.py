"""Column types that store the domain enums by their stable value."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum, IntEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Dialect, Integer, String
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=Enum)
G = TypeVar("G", bound=IntEnum)


class CodeEnum(TypeDecorator[E], Generic[E]):
    """A text enum stored as its ``value`` (a short code), so labels can change freely."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_cls: type[E]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: E | None, dialect: Dialect) -> Any:
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_cls(value)


class GradeEnum(TypeDecorator[G], Generic[G]):
    """An integer grade stored as its number."""

    impl = Integer
    cache_ok = True

    def __init__(self, enum_cls: type[G]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: G | int | None, dialect: Dialect) -> Any:
        return None if value is None else int(self.enum_cls(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> G | None:
        return None if value is None else self.enum_cls(value)


def utcnow() -> datetime:
    """Now in UTC, without tzinfo: both SQLite and PostgreSQL columns hold naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def local(at: datetime) -> datetime:
    """A stored (naive UTC) time as the clock on the wall reads it, for "who and when" lines."""
    return at.replace(tzinfo=UTC).astimezone()
