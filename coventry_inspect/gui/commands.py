"""Undoable edits. Each command acts through the services (never on widgets), so undo and redo
are themselves committed edits, recorded in the history like any other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

Action = Callable[[], None]


class ServiceCommand(QUndoCommand):
    """An edit already carried out once; redo and undo carry it out again through a service."""

    def __init__(self, text: str, redo: Action, undo: Action, changed: Action) -> None:
        super().__init__(text)
        self._redo, self._undo, self._changed = redo, undo, changed
        self._done_once = True  # push() calls redo() at once: the edit was already made

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
        else:
            self._redo()
        self._changed()

    def undo(self) -> None:
        self._undo()
        self._changed()


def perform(
    stack: QUndoStack,
    text: str,
    do: Action,
    undo: Action,
    changed: Action,
    redo: Action | None = None,
) -> None:
    """Carry out ``do`` now; only if it succeeds (a refused edit raises) put it on the stack.

    ``redo`` repeats the edit after an undo, where that differs from ``do`` (re-creating a row
    with its original id rather than adding a new one)."""
    do()
    stack.push(ServiceCommand(text, redo or do, undo, changed))
