"""Backups in the app: one on opening, one after every 30 minutes of editing, File › Restore from
backup…, and the offer to restore a damaged file.

The backup on opening and the one after editing are taken in a worker thread (:class:`BackupRun`),
the first only once the inspection list has been painted: on a national file the copy and its
integrity check take seconds, and the window stays usable meanwhile. Closing the window or the
database stops a running backup and waits for it (one copy step at most); its temporary file is
removed, so nothing half written ever counts as a backup.

The store's backup module (and with it SQLAlchemy) is imported only when a database is open, so
the window still appears at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.gui.errors import show_error

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow
    from coventry_inspect.store.backup import Backup
    from coventry_inspect.store.database import Database

BACKUP_EVERY_MS = 30 * 60 * 1000
FIRST_PAINT_WAIT_MS = 2000
"""The daily backup waits for the list's first paint, or this long if it is never painted."""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BackupRun(QThread):
    """One backup taken in a worker thread; ``taken(path)`` or ``failed(error)`` arrive on the
    GUI thread. :meth:`stop` cancels it and waits (at most one copy step)."""

    taken = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject, source: Path, database_id: str, reason: str) -> None:
        super().__init__(parent)
        self.source, self.database_id, self.reason = source, database_id, reason
        self.cancel = threading.Event()

    def run(self) -> None:
        from coventry_inspect.store.backup import take_backup

        try:
            path = take_backup(self.source, self.database_id, self.reason, cancel=self.cancel)
        except Exception as error:  # shown (or, if cancelled, dropped) on the GUI thread
            self.failed.emit(error)
            return
        self.taken.emit(path)

    def stop(self) -> None:
        self.cancel.set()
        self.wait()


class BackupSchedule(QObject):
    """Backs the open database up every 30 minutes, if anything changed since the last time, and
    runs the backups of the open database that are taken in the background."""

    def __init__(self, parent: QObject, interval_ms: int = BACKUP_EVERY_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.db: Database | None = None
        self.mark: tuple[int, str] | None = None
        self.taken: list[Path] = []
        self.running: BackupRun | None = None

    def start(self, db: Database) -> None:
        from coventry_inspect.store.backup import change_mark

        self.db, self.mark = db, change_mark(db)
        self.timer.start()

    def stop(self) -> None:
        """Stop the timer and any backup running (its temporary file is removed)."""
        self.timer.stop()
        self.db = None
        running, self.running = self.running, None
        if running is not None:
            running.taken.disconnect()
            running.failed.disconnect()
            running.stop()
            running.deleteLater()

    def run(
        self,
        db: Database,
        database_id: str,
        reason: str,
        taken: Callable[[Path], None],
        failed: Callable[[BaseException], None],
    ) -> BackupRun:
        """Back ``db`` up in a worker thread; ``taken`` or ``failed`` is called here after."""
        work = BackupRun(self, Path(db.target), database_id, reason)

        def finish() -> None:
            work.wait()
            if self.running is work:
                self.running = None
            work.deleteLater()

        def on_taken(path: Path) -> None:
            finish()
            taken(path)

        def on_failed(error: BaseException) -> None:
            finish()
            failed(error)

        work.taken.connect(on_taken)
        work.failed.connect(on_failed)
        self.running = work
        work.start()
        return work

    def tick(self) -> None:
        from coventry_inspect.store.backup import EDITING, change_mark

        db = self.db
        if db is None or db.read_only or not db.is_sqlite or self.running is not None:
            return
        mark = change_mark(db)
        if mark != self.mark:
            self.mark = mark
            self.run(db, db.database_id(), EDITING, self.taken.append, self._failed)

    def _failed(self, error: BaseException) -> None:
        from coventry_inspect.store.backup import BackupCancelledError

        parent = self.parent()
        if not isinstance(error, BackupCancelledError) and isinstance(parent, QWidget):
            show_error(parent, "Backup", f"The backup after editing was not taken: {error}")


class _FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget`` is first painted (at once if it is hidden)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget, self.then, self.fired = widget, then, False
        if widget.isVisible():
            widget.installEventFilter(self)
            QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._fire)  # never painted: minimised
        else:
            QTimer.singleShot(0, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # after this paint has been drawn
        return False

    def _fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.widget.removeEventFilter(self)
            self.then()


def after_opening(
    window: MainWindow, db: Database, taken: Callable[[Path], None] = lambda _path: None
) -> None:
    """Once the inspection list is painted: the daily backup in a worker thread, then the
    30-minute schedule; a damaged file is offered its backup."""

    def damaged_or_raise(error: BaseException) -> None:
        from coventry_inspect.store.backup import is_damage

        if not is_damage(error):
            raise error
        offer_restore(window, Path(db.target))

    def begin() -> None:
        from coventry_inspect.store.backup import DAILY, BackupCancelledError, daily_backup_due

        if window.db is not db or db.read_only or not db.is_sqlite:
            return
        try:
            database_id = daily_backup_due(db)
        except Exception as error:
            damaged_or_raise(error)
            return
        if database_id is None:
            window.backup_schedule.start(db)
            return

        def done(path: Path) -> None:
            if window.db is db:
                window.backup_schedule.start(db)
                taken(path)

        def failed(error: BaseException) -> None:
            if window.db is db and not isinstance(error, BackupCancelledError):
                damaged_or_raise(error)

        window.backup_schedule.run(db, database_id, DAILY, done, failed)

    workspace = window.workspace
    _FirstPaint(workspace.inspection_table.viewport() if workspace else window, begin)


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    raise AssertionError


class RestoreDialog(QDialog):
    """This database's backups: when, why, how big, and the inspections each holds."""

    def __init__(self, parent: QWidget, name: str, backups: list[Backup]) -> None:
        from coventry_inspect.store.backup import inspections_in

        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        layout = QVBoxLayout(self)
        label = QLabel(
            f"Backups of {name}, newest first. Restoring backs up the database as it is now "
            "first, so it can be undone from this list."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(backups), 4, self)
        self.table.setObjectName("backupList")
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size", "Inspections"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, backup in enumerate(backups):
            cells = (
                f"{backup.taken:%d %b %Y %H:%M:%S}",
                backup.described,
                _size(backup.size),
                ", ".join(inspections_in(backup.path)) or "none",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = QPushButton("&Restore…", self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.chosen() is not None)
        )
        self.resize(820, 360)

    def chosen(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def restore_from_backup(window: MainWindow) -> RestoreDialog | None:
    """File › Restore from backup…: choose, back up the current file, confirm, restore."""
    from coventry_inspect.store.backup import backups_of

    db = window.db
    if db is None or not db.is_sqlite or db.read_only:
        return None
    backups = backups_of(db.database_id())
    if not backups:
        show_error(window, "Restore from backup", f"There are no backups of {db.target} yet.")
        return None
    dialog = RestoreDialog(window, db.display_name, backups)
    dialog.accepted.connect(lambda: _confirm(window, db, dialog.chosen()))
    dialog.open()
    return dialog


def _confirm(window: MainWindow, db: Database, chosen: Backup | None) -> None:
    from coventry_inspect.services.inspections import list_inspections
    from coventry_inspect.store.backup import BEFORE_RESTORE, backup_sqlite, inspections_in

    if chosen is None or window.db is not db:
        return
    before = backup_sqlite(db, BEFORE_RESTORE)
    now = ", ".join(sorted(i.reference for i in list_inspections(db))) or "no inspections"
    then = ", ".join(inspections_in(chosen.path)) or "no inspections"
    _ask_to_restore(
        window,
        Path(db.target),
        chosen,
        QMessageBox.Icon.Question,
        "Restore from backup",
        f"Replace {db.target} as it is now (holding {now}) with the backup taken "
        f"{chosen.taken:%d %b %Y at %H:%M} (holding {then})?\n\n"
        "Everything changed since then is replaced. The database as it is now has been backed "
        f"up first{' (a backup taken just now)' if before else ''}, so this can be undone from "
        "the same list.",
        name="confirmRestore",
        button="&Restore",
    )


def _ask_to_restore(
    window: MainWindow,
    target: Path,
    chosen: Backup,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    name: str,
    button: str,
) -> QMessageBox:
    """A non-blocking question whose accept button restores ``chosen`` over ``target``."""
    box = QMessageBox(icon, title, text, parent=window)
    box.setObjectName(name)
    restore = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(
        lambda clicked: _restore(window, target, chosen) if clicked is restore else None
    )
    box.open()
    return box


def _restore(window: MainWindow, target: Path, chosen: Backup) -> None:
    from coventry_inspect.store.backup import restore_backup

    lock = None
    if window.db is not None and Path(window.db.target) == target:
        lock = window.release_database()  # still held: nothing can write while it is replaced
    try:
        aside = restore_backup(chosen.path, target)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    window.open_database(str(target), held=lock)
    kept = f"; the damaged file is kept as {aside}" if aside else ""
    window.statusBar().showMessage(
        f"Restored the backup taken {chosen.taken:%d %b %Y at %H:%M}{kept}", 15000
    )


def offer_restore(window: MainWindow, target: Path) -> QMessageBox | None:
    """A damaged file: say so and offer its latest good backup."""
    from coventry_inspect.store.backup import damage_message, inspections_in, latest_good_backup

    good = latest_good_backup(target)
    if good is None:
        show_error(window, "The database is damaged", damage_message(target))
        return None
    return _ask_to_restore(
        window,
        target,
        good,
        QMessageBox.Icon.Critical,
        "The database is damaged",
        f"{target} is damaged: SQLite cannot read it whole.\n\nThe latest good backup was taken "
        f"{good.taken:%d %b %Y at %H:%M} and holds "
        f"{', '.join(inspections_in(good.path)) or 'no inspections'}. Restore it in place of "
        "the damaged file? (A file too damaged to restore into is kept beside it.)",
        name="damagedDatabase",
        button="&Restore the backup",
    )


def offer_restore_anywhere() -> bool:
    """Damage found while reading (in a slot): offer the open database's backup."""
    from coventry_inspect.gui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.db is not None and widget.db.is_sqlite:
            offer_restore(widget, Path(widget.db.target))
            return True
    return False
