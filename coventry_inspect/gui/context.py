"""What every page of an open inspection shares: the database, the undo stack, and how to say
that something changed or was refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoStack

from coventry_inspect.gui.commands import perform
from coventry_inspect.services import crud, snapshot
from coventry_inspect.services.errors import ServiceError, ValidationError
from coventry_inspect.services.snapshot import InspectionSnapshot
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Audited


@dataclass
class Context:
    db: Database
    stack: QUndoStack
    inspection_id: uuid.UUID
    changed: Callable[[], None]
    """Refresh every view of the inspection (after an edit, undo or redo)."""
    refused: Callable[[str], None]
    """Show why an edit was refused, next to where it was made."""
    snapshot: Callable[[], InspectionSnapshot] | None = None
    """The whole inspection as last read for the views (read once per refresh, not per view)."""

    def read_snapshot(self) -> InspectionSnapshot:
        if self.snapshot is not None:
            return self.snapshot()
        return snapshot.read_snapshot(self.db, self.inspection_id)

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    def _refuse_read_only(self) -> bool:
        if self.db.read_only:
            self.refused(
                f"This database is open read-only ({self.db.read_only_reason}): nothing was changed"
            )
            self.changed()
        return self.db.read_only

    def edit(
        self,
        text: str,
        update: Callable[..., Any],
        row_id: uuid.UUID,
        new: dict[str, Any],
        old: dict[str, Any],
    ) -> bool:
        """Change fields of one row as an undoable command; False, storing nothing, if refused."""
        if self._refuse_read_only():
            return False
        try:
            perform(
                self.stack,
                text,
                lambda: update(row_id, **new),
                lambda: update(row_id, **old),
                self.changed,
            )
        except ServiceError as error:
            self.refused(_sentence(error))
            self.changed()
            return False
        self.refused("")
        return True

    def add(self, text: str, create: Callable[[], Audited]) -> Audited | None:
        """Create a row as an undoable command: undo deletes it, redo puts it back with its id."""
        if self._refuse_read_only():
            return None
        holder: dict[str, Any] = {}

        def do() -> None:
            obj = create()
            holder["model"], holder["values"] = type(obj), crud.row_values(obj)
            holder["obj"] = obj

        try:
            perform(
                self.stack,
                text,
                do,
                undo=lambda: crud.delete(self.db, holder["model"], holder["values"]["id"]),
                redo=lambda: crud.restore(self.db, holder["model"], [holder["values"]]),
                changed=self.changed,
            )
        except ServiceError as error:
            self.refused(_sentence(error))
            return None
        self.refused("")
        return holder.get("obj")

    def delete(
        self, text: str, rows: list[Audited], dependents: list[Audited] | None = None
    ) -> None:
        """Delete rows as an undoable command; undo restores them (and ``dependents``) exactly."""
        if self._refuse_read_only():
            return
        saved = [(type(row), crud.row_values(row)) for row in rows]
        extra = [(type(row), crud.row_values(row)) for row in dependents or []]

        def do() -> None:
            for model, values in saved:
                crud.delete(self.db, model, values["id"])

        def undo() -> None:
            for model, values in [*saved, *extra]:
                crud.restore(self.db, model, [values])

        perform(self.stack, text, do, undo, self.changed)


def _sentence(error: ServiceError) -> str:
    """The refusal as the user reads it: "Special measures needs an Inadequate outcome"."""
    messages = (
        [p.message for p in error.problems] if isinstance(error, ValidationError) else [str(error)]
    )
    return "; ".join(m[:1].upper() + m[1:] for m in messages)
