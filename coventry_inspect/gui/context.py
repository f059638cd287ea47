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
        """Change fields of one row as an undoable command; False, storing nothing, if refused.

        ``old`` is what the user saw: the edit is refused if someone else has changed it since
        (a team database), and so is an undo if the row no longer holds ``new``."""
        if self._refuse_read_only():
            return False

        def change(to: dict[str, Any], seen: dict[str, Any]) -> Callable[[], None]:
            def act() -> None:
                with crud.expecting(seen):
                    update(row_id, **to)

            return act

        try:
            perform(
                self.stack,
                text,
                change(new, old),
                change(old, new),
                self.changed,
                refused=self._refused_again(text),
            )
        except ServiceError as error:
            self.refused(_sentence(error))
            self.changed()  # the view shows the value as it is now
            return False
        self.refused("")
        return True

    def add(self, text: str, create: Callable[[], Audited]) -> Audited | None:
        """Create a row as an undoable command: undo deletes it (unless someone else has changed
        it since), redo puts it back with its id."""
        if self._refuse_read_only():
            return None
        holder: dict[str, Any] = {}

        def do() -> None:
            obj = create()
            holder["model"], holder["values"] = type(obj), crud.row_values(obj)
            holder["obj"] = obj

        def undo() -> None:
            values = holder["values"]
            crud.delete(self.db, holder["model"], values["id"], crud.seen_values(values))

        try:
            perform(
                self.stack,
                text,
                do,
                undo=undo,
                redo=lambda: crud.restore(self.db, holder["model"], [holder["values"]]),
                changed=self.changed,
                refused=self._refused_again(text),
            )
        except ServiceError as error:
            self.refused(_sentence(error))
            return None
        self.refused("")
        return holder.get("obj")

    def delete(
        self, text: str, rows: list[Audited], dependents: list[Audited] | None = None
    ) -> bool:
        """Delete rows, all or none, as an undoable command; undo restores them (and
        ``dependents``) exactly. Refused if someone else has changed or deleted one of them
        since it was read."""
        if self._refuse_read_only():
            return False
        saved = [(type(row), crud.row_values(row)) for row in rows]
        extra = [(type(row), crud.row_values(row)) for row in dependents or []]

        def do() -> None:
            crud.delete_rows(self.db, [(m, v["id"], crud.seen_values(v)) for m, v in saved])

        def undo() -> None:
            for model, values in [*saved, *extra]:
                crud.restore(self.db, model, [values])

        try:
            perform(self.stack, text, do, undo, self.changed, refused=self._refused_again(text))
        except ServiceError as error:
            self.refused(_sentence(error))
            self.changed()
            return False
        self.refused("")
        return True

    def _refused_again(self, text: str) -> Callable[[str, ServiceError], None]:
        """How a refused undo or redo of the command ``text`` is shown."""

        def show(way: str, error: ServiceError) -> None:
            self.refused(f"Cannot {way} “{text[:1].lower()}{text[1:]}”: {error}")

        return show


def _sentence(error: ServiceError) -> str:
    """The refusal as the user reads it: "Special measures needs an Inadequate outcome"."""
    messages = (
        [p.message for p in error.problems] if isinstance(error, ValidationError) else [str(error)]
    )
    return "; ".join(m[:1].upper() + m[1:] for m in messages)
