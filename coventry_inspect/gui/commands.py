"""Undoable edits. Each command acts through the services (never on widgets), so undo and redo
are themselves committed edits, recorded in the history like any other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from coventry_inspect.services.errors import ServiceError

Action = Callable[[], None]
Refused = Callable[[str, ServiceError], None]
"""Told which way (``"undo"`` or ``"redo"``) was refused, and why."""


class ServiceCommand(QUndoCommand):
    """An edit already carried out once; redo and undo carry it out again through a service."""

    def __init__(
        self,
        text: str,
        redo: Action,
        undo: Action,
        changed: Action,
        refused: Refused | None = None,
    ) -> None:
        super().__init__(text)
        self._redo, self._undo, self._changed = redo, undo, changed
        self._refused = refused
        self._done_once = True  # push() calls redo() at once: the edit was already made

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
        else:
            self._carry_out("redo", self._redo)
        self._changed()

    def undo(self) -> None:
        self._carry_out("undo", self._undo)
        self._changed()

    def _carry_out(self, way: str, action: Action) -> None:
        """A refused undo or redo (someone else changed the row since) stores nothing and
        leaves the stack: marked obsolete, QUndoStack drops it instead of moving past it."""
        if self._refused is None:
            action()
            return
        try:
            action()
        except ServiceError as error:
            self.setObsolete(True)
            self._refused(way, error)


def perform(
    stack: QUndoStack,
    text: str,
    do: Action,
    undo: Action,
    changed: Action,
    redo: Action | None = None,
    refused: Refused | None = None,
) -> None:
    """Carry out ``do`` now; only if it succeeds (a refused edit raises) put it on the stack.

    ``redo`` repeats the edit after an undo, where that differs from ``do`` (re-creating a row
    with its original id rather than adding a new one). With ``refused``, an undo or redo the
    services refuse is reported to it instead of raised."""
    do()
    stack.push(ServiceCommand(text, redo or do, undo, changed, refused))
