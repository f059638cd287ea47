"""What a merge would do, said before anything is written: the lines a user reads and the
conflicts the lead chooses between."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from coventry_inspect.store.types import local

DELETED = "(deleted)"


@dataclass(frozen=True)
class Side:
    """One side's value of a conflicting field."""

    value: str
    """As the history shows it; "" for blank, "(deleted)" for a deleted row."""
    by: str
    """Who last changed it ("" if unknown)."""
    at: datetime | None
    """When (UTC, naive, like ``updated_at``)."""

    def shown(self) -> str:
        value = self.value if self.value else "(blank)"
        at = local(self.at) if self.at is not None else None
        when = f"{at.day} {at:%b %H:%M}" if at is not None else ""
        who = ", ".join(part for part in (self.by, when) if part)
        return f"{value} ({who})" if who else value


@dataclass(frozen=True)
class Conflict:
    """A value changed on both sides since they parted, differently (or a row deleted on one
    side and edited on the other: ``column`` is then "" and the deleted side reads "(deleted)")."""

    sheet: str
    key: str
    column: str
    here: Side
    there: Side

    def line(self) -> str:
        """``Schools inspected, URN 990005, "Outcome grade": here Requires improvement (lead,
        12 Mar 14:02), there Inadequate (jsmith, 12 Mar 15:40)``"""
        where = (
            f'{self.sheet}, {self.key}, "{self.column}"'
            if self.column
            else (f"{self.sheet}, {self.key}")
        )
        return f"{where}: here {self.here.shown()}, there {self.there.shown()}"


@dataclass
class MergePlan:
    """What merging ``source`` into the inspection ``reference`` adds, changes, deletes and
    keeps, and the conflicts to choose between. Nothing has been written."""

    source: str
    """What is merged, as named to the user (a file name, or a URL without its password)."""
    reference: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    added_counts: Counter[tuple[str, str]] = field(default_factory=Counter, repr=False)
    """Rows added by noun (singular, plural)."""
    deleted_counts: Counter[tuple[str, str]] = field(default_factory=Counter, repr=False)
    location: str = field(default="", repr=False, compare=False)
    """Where a database merged from is (its path or URL): apply_merge reads it again."""
    database: bool = field(default=False, repr=False, compare=False)
    """The source is a database (else a workbook)."""
    inspection: str | None = field(default=None, repr=False, compare=False)
    """The inspection asked for in a database holding several."""
    read: object | None = field(default=None, repr=False, compare=False)
    """The workbook as read for this plan (the engine's ``There``): what is merged is what
    the user was shown, whatever happens to the file since."""

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.conflicts)

    def summary(self) -> str:
        """E.g. "2 schools added, 5 values changed, 1 response deleted, 3 kept as here"."""
        parts = [_count(n, noun) + " added" for noun, n in self.added_counts.items()]
        if self.changed:
            parts.append(_count(len(self.changed), ("value", "values")) + " changed")
        parts.extend(_count(n, noun) + " deleted" for noun, n in self.deleted_counts.items())
        if self.kept:
            parts.append(f"{len(self.kept)} kept as here")
        if self.conflicts:
            parts.append(_count(len(self.conflicts), ("conflict", "conflicts")))
        return ", ".join(parts) or "nothing to merge"


def _count(n: int, noun: tuple[str, str]) -> str:
    return f"{n} {noun[n != 1]}"
