"""Other people's changes to a team (PostgreSQL) database appear without a restart.

A thread of its own waits on the server (``LISTEN``, store/changes.py) and posts what changed to
the GUI thread; the window also looks again whenever it is activated (a notice missed while the
network was down). Nothing is re-read while the user is typing in an editor: the refresh waits
until the keyboard focus leaves it, so what is being typed is never replaced.
"""

from __future__ import annotations

import threading
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from coventry_inspect.store.changes import Change, ChangeListener, ServerAwayError
from coventry_inspect.store.database import Database

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow

WAIT_S = 0.25
"""How long the listener waits for a notice before looking whether it should stop."""
RETRY_S = 5.0
"""How long it waits before connecting again when the server cannot be reached."""
SETTLE_MS = 150
"""Notices arriving together (an import changes many rows) make one refresh."""


class LiveUpdates(QObject):
    """Keeps a window on a team database up to date with the others' changes."""

    arrived = Signal(object)
    """A list of :class:`Change`, emitted by the listener thread (delivered in the GUI thread)."""

    def __init__(self, window: MainWindow, db: Database) -> None:
        super().__init__(window)
        self.window, self.db = window, db
        self.pending: set[uuid.UUID | None] = set()
        self.refreshes = 0
        """How many times the window was brought up to date (for the tests)."""
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.apply)
        self.arrived.connect(self._received)
        window.installEventFilter(self)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._app = app
        app.focusChanged.connect(self._focus_moved)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._listen, name="team-database-changes", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (the database is being closed); waits for the thread to end."""
        self._stop.set()
        self._thread.join(timeout=1)  # a daemon: never holds up closing
        self._settle.stop()
        self.window.removeEventFilter(self)
        self._app.focusChanged.disconnect(self._focus_moved)
        self.deleteLater()

    def _listen(self) -> None:
        listener = ChangeListener(self.db.engine.url)
        try:
            while not self._stop.is_set():
                try:
                    changes = listener.wait(WAIT_S)
                except ServerAwayError:
                    self._stop.wait(RETRY_S)  # the server is away; look again on activation
                    continue
                others = [c for c in changes if c.sender != self.db.sender]
                if others and not self._stop.is_set():
                    self.arrived.emit(others)
        finally:
            listener.close()

    def _received(self, changes: list[Change]) -> None:
        self.pending.update(change.inspection for change in changes)
        self._settle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.pending.add(None)  # anything may have changed while away
            self._settle.start()
        return False

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if self.pending:
            self._settle.start()

    def apply(self) -> None:
        """Bring the window up to date, unless the user is typing (then when they stop)."""
        workspace = self.window.workspace
        if not self.pending or self.window.db is not self.db or workspace is None:
            return
        if typing_in(workspace):
            return  # _focus_moved starts the timer again
        self.pending.clear()
        self.refreshes += 1
        workspace.inspections.refresh()
        open_id = workspace.inspection_id
        if open_id is not None and workspace.inspections.row_of(open_id) < 0:
            self._open_inspection_gone(workspace)
            return
        workspace.refresh()

    def _open_inspection_gone(self, workspace: QWidget) -> None:
        from coventry_inspect.gui.workspace import Workspace

        assert isinstance(workspace, Workspace)
        self.window.statusBar().showMessage(
            "The inspection you had open has been deleted by someone else", 15_000
        )
        workspace.inspection_gone()


def typing_in(area: QWidget) -> bool:
    """Whether the user is in the middle of typing something in ``area`` not yet saved: a cell
    editor open, or a text field with the focus and changes in it."""
    views = area.findChildren(QAbstractItemView)
    if any(view.state() == QAbstractItemView.State.EditingState for view in views):
        return True
    focus = QApplication.focusWidget()
    if focus is None or not area.isAncestorOf(focus):
        return False
    if isinstance(focus, QLineEdit):
        return focus.isModified()
    if isinstance(focus, QPlainTextEdit | QTextEdit):
        return focus.document().isModified() and not focus.isReadOnly()
    return isinstance(focus, QAbstractSpinBox)
