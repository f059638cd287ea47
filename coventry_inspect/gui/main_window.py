"""The main window: menus, the open database's workspace, settings restored and saved.

Nothing heavy is imported until a database is opened, so the window appears at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
)

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.settings import Settings

if TYPE_CHECKING:
    from coventry_inspect.gui.live_updates import LiveUpdates
    from coventry_inspect.gui.workspace import Workspace
    from coventry_inspect.store.database import Database
    from coventry_inspect.store.lock import DatabaseLock

APP_TITLE = "Coventry Inspect"
DATABASE_FILTER = "Coventry Inspect databases (*.sqlite);;All files (*)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.db: Database | None = None
        self.workspace: Workspace | None = None
        self.current_task: QObject | None = None  # the long job running now, if any
        self.live: LiveUpdates | None = None  # other people's changes, on a team database
        self.lock: DatabaseLock | None = None  # held while the file is open here
        self.stack = QUndoStack(self)
        from coventry_inspect.gui.backups import BackupSchedule

        self.backup_schedule = BackupSchedule(self)
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        self.empty = QLabel("Opening…")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.empty)
        self._build_menus()
        self.resize(1400, 820)
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        self._fit_to_screen()
        self._update_actions()

    def _fit_to_screen(self) -> None:
        """Never larger than the screen's free area (a size saved on a big monitor, or the
        default at 200 % on a small one, would leave the forms out of reach)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders
        width = min(self.width(), room.width() - frame.width())
        height = min(self.height(), room.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if not room.contains(self.frameGeometry()):
            self.move(room.topLeft())

    # -- menus -------------------------------------------------------------------------------

    def _action(
        self, menu: QMenu, text: str, slot: Any, shortcut: Any = None, name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setObjectName(name or text.replace("&", "").replace("…", "").strip())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        K = QKeySequence.StandardKey  # noqa: N806
        self._action(file, "&New database…", self.new_database)
        self._action(file, "&Open…", self.open_dialog, K.Open)
        self.recent_menu = file.addMenu("Open &recent")
        self._action(file, "Connect to &team database…", self.connect_to_team)
        self.save_copy_action = self._action(file, "Save a &copy as…", self.save_copy, K.SaveAs)
        self.restore_action = self._action(file, "Restore from bac&kup…", self.restore_from_backup)
        self.close_action = self._action(file, "C&lose", self.close_database, K.Close)
        file.addSeparator()
        self.import_action = self._action(file, "&Import workbook…", self.import_workbook)
        self.export_action = self._action(file, "&Export workbook…", self.export_workbook)
        self.handout_action = self._action(
            file, "Export for in&spector…", lambda: self._file_action("export_for_inspector")
        )
        self.merge_workbook_action = self._action(file, "&Merge workbook…", self.merge_workbook)
        self.merge_file_action = self._action(file, "Merge from &file…", self.merge_from_file)
        self.merge_server_action = self._action(
            file, "Merge from team d&atabase…", self.merge_from_server
        )
        self._action(file, "New &blank workbook…", self.blank_workbook)
        self.register_action = self._action(file, "Import school re&gister…", self.import_register)
        file.addSeparator()
        self.preview_action = self._action(file, "Print pre&view…", self.print_preview)
        self.print_action = self._action(file, "&Print…", self.print_letter, K.Print)
        self.pdf_action = self._action(file, "Save as P&DF…", self.save_pdf)
        self.annex_action = self._action(
            file, "Save evidence anne&x as PDF…", lambda: self._file_action("save_annex_pdf")
        )
        file.addSeparator()
        quit_action = self._action(file, "&Quit", self.close, K.Quit)
        if quit_action.shortcut().isEmpty():  # some platforms define no standard Quit key
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        edit = bar.addMenu("&Edit")
        undo = self.stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence(K.Undo))
        redo = self.stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence(K.Redo))
        for action, step in ((undo, self.stack.undo), (redo, self.stack.redo)):
            action.triggered.disconnect()  # the stack's own step, taken after what is typed
            action.triggered.connect(partial(self._undo_or_redo, step))
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Letterhead and sender…", self.letter_settings)
        self.undo_action, self.redo_action = undo, redo

        inspection = bar.addMenu("&Inspection")
        self.new_action = self._action(
            inspection, "&New inspection…", lambda: self._call("new_inspection"), K.New
        )
        self.duplicate_action = self._action(
            inspection, "&Duplicate…", lambda: self._call("duplicate_inspection")
        )
        self.delete_action = self._action(
            inspection, "De&lete…", lambda: self._call("delete_inspection")
        )
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&User guide", self.user_guide, K.HelpContents)
        self._action(help_menu, "Save user guide as &PDF…", self.save_guide_pdf)
        self._action(help_menu, "&Keyboard shortcuts", self.keyboard_shortcuts)
        help_menu.addSeparator()
        self._action(help_menu, "&About Coventry Inspect", self.about)
        self._fill_recent()

    @staticmethod
    def _undo_or_redo(step: Callable[[], None], *_checked: object) -> None:
        """Edit › Undo or Redo while a field is being typed in: what is typed there is stored
        first (leaving the field stores it, as its own step), so undo takes back exactly what
        was just typed; the field, reloaded with what is stored, then gets the cursor back."""
        typing = QApplication.focusWidget()
        at = typing.textCursor().position() if isinstance(typing, QPlainTextEdit) else -1
        if typing is not None:
            typing.clearFocus()
        step()
        if typing is not None and shiboken6.isValid(typing) and typing.isVisible():
            typing.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(typing, QPlainTextEdit):  # reloaded: the cursor where it was typing
                cursor = typing.textCursor()
                cursor.setPosition(min(at, len(typing.toPlainText())))
                typing.setTextCursor(cursor)

    def _call(self, method: str) -> None:
        if self.workspace is not None:
            getattr(self.workspace, method)()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for target in self.settings.recent_databases:
            action = self.recent_menu.addAction(target)
            action.triggered.connect(lambda _checked=False, t=target: self.open_database(t))
        self.recent_menu.setEnabled(bool(self.settings.recent_databases))

    def _update_actions(self) -> None:
        is_open = self.db is not None
        writable = self.db is not None and not self.db.read_only
        for action in (
            self.save_copy_action,
            self.close_action,
            self.export_action,
            self.preview_action,
            self.print_action,
            self.pdf_action,
            self.annex_action,
        ):
            action.setEnabled(is_open)
        for action in (
            self.import_action,
            self.merge_workbook_action,
            self.merge_file_action,
            self.merge_server_action,
            self.register_action,
            self.new_action,
            self.duplicate_action,
            self.delete_action,
            self.handout_action,
        ):
            action.setEnabled(writable)
        self.restore_action.setEnabled(writable and self.db is not None and self.db.is_sqlite)

    # -- databases ---------------------------------------------------------------------------

    def open_startup(self, target: str | None) -> None:
        """The database named on the command line, else the last one, else the default one."""
        last = self.settings.last_database
        if target is None and last and (last.startswith("postgresql") or Path(last).exists()):
            target = last
        self.open_database(target, create=True)

    def ask_second_instance(self, target: str, owner: str) -> bool:
        """Another window has the file open: True to open it read-only, False to cancel."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Database already open",
            f"{target} is {owner}.\n\n"
            "You can open it read-only, to look without changing anything, or cancel.",
            parent=self,
        )
        read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is read_only

    def _lock(self, target: str | None) -> tuple[DatabaseLock | None, bool] | None:
        """Take the file's lock; None when the user cancels, else (lock, read-only)."""
        from coventry_inspect import paths
        from coventry_inspect.store.database import is_url
        from coventry_inspect.store.lock import DatabaseLock, DatabaseLockedError

        path = target or paths.default_database()
        if target is None and not is_url(path):
            Path(path).parent.mkdir(parents=True, exist_ok=True)  # first use: lock from the start
        if is_url(path) or not Path(path).parent.is_dir():
            return None, False
        lock = DatabaseLock(Path(path), "the Coventry Inspect window")
        try:
            lock.acquire()
        except DatabaseLockedError as locked:
            owner = locked.holder.describe() if locked.holder else "open in another window"
            if not self.ask_second_instance(path, owner):
                return None
            return None, True
        except OSError:
            return None, False  # no lock can be made beside it (read-only media): opened read-only
        return lock, False

    def open_database(
        self, target: str | None, *, create: bool = False, held: DatabaseLock | None = None
    ) -> bool:
        """Open the database in this window; ``held`` is its lock when the caller already holds
        it (a restore keeps it from closing to reopening, so no command can write between)."""
        from coventry_inspect.gui.errors import show_error, user_message
        from coventry_inspect.services.databases import open_target
        from coventry_inspect.store.errors import PasswordError

        locked = (held, False) if held is not None else self._lock(target)
        if locked is None:
            return False
        lock, read_only = locked
        try:
            db = open_target(target, create=create, read_only=read_only)
        except PasswordError as error:  # the team database's password, asked for
            from coventry_inspect import paths
            from coventry_inspect.gui.connect_dialog import connect_to_team

            connect_to_team(self, target or paths.default_database(), str(error))
            return False
        except Exception as error:
            from coventry_inspect.store.backup import is_damage

            message = user_message(error)
            if message is None and not is_damage(error):
                raise
            if lock is not None:
                lock.release()
            if is_damage(error) and target and "://" not in target:
                from coventry_inspect.gui.backups import offer_restore

                offer_restore(self, Path(target))
            else:
                show_error(self, "Cannot open the database", message or str(error))
            if self.db is None:
                self.empty.setText("No database is open. Use File › Open… or File › New database….")
            return False
        self.close_database()
        self.lock = lock
        self._show(db)
        return True

    def _show(self, db: Database) -> None:
        from coventry_inspect.gui.workspace import Workspace

        self.db = db
        self.workspace = Workspace(db, self.stack)
        self.setCentralWidget(self.workspace)
        self.empty = QLabel()
        if not self.settings.main_splitter.isEmpty():
            self.workspace.splitter.restoreState(self.settings.main_splitter)
        if not self.settings.navigation_splitter.isEmpty():
            self.workspace.navigation.restoreState(self.settings.navigation_splitter)
        suffix = " (read-only)" if db.read_only else ""
        self.setWindowTitle(f"{APP_TITLE} — {db.display_name}{suffix}")
        self.settings.remember_database(db.target)
        self._fill_recent()
        self._update_actions()
        self.statusBar().showMessage(f"Opened {db.target}", 10_000)
        QTimer.singleShot(0, lambda: self._daily_backup(db))
        if not db.is_sqlite:
            from coventry_inspect.gui.live_updates import LiveUpdates

            self.live = LiveUpdates(self, db)

    def show_database(self, db: Database) -> None:
        """Show a database opened elsewhere (by File › Connect to team database…)."""
        self.close_database()
        self._show(db)

    def connect_to_team(self) -> None:
        from coventry_inspect.gui.connect_dialog import connect_to_team

        connect_to_team(self)

    def _daily_backup(self, db: Database) -> None:
        from coventry_inspect.gui.backups import after_opening

        opened = f"Opened {db.target}"

        def announce(taken: Path) -> None:
            # The backup ends seconds later on a big file: it must not write over what the
            # user has done since (an import's or a failed save's message).
            if self.statusBar().currentMessage() == opened:
                self.statusBar().showMessage(f"{opened}; backed up to {taken}", 8000)

        after_opening(self, db, announce)  # in a worker thread, once the list is painted

    def restore_from_backup(self) -> None:
        from coventry_inspect.gui.backups import restore_from_backup

        restore_from_backup(self)

    def close_database(self) -> None:
        lock = self.release_database()
        if lock is not None:
            lock.release()

    def release_database(self) -> DatabaseLock | None:
        """Close the database but keep holding its lock: the caller releases it or hands it back
        to :meth:`open_database`."""
        if self.db is None:
            return None
        self._save_layout()
        if self.live is not None:
            self.live.stop()
            self.live = None
        self.stack.clear()
        self.backup_schedule.stop()
        self.db.close()
        lock, self.lock = self.lock, None
        self.db, self.workspace = None, None
        self.empty = QLabel("No database is open. Use File › Open… or File › New database….")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.empty)
        self.setWindowTitle(APP_TITLE)
        self._update_actions()
        return lock

    def new_database(self) -> None:
        path, _ = file_dialogs.save_file_name(
            self, "New database", "database", "inspections.sqlite", DATABASE_FILTER, self.settings
        )
        if path:
            if not path.endswith(".sqlite"):
                path += ".sqlite"
            if Path(path).exists():
                Path(path).unlink()  # the dialog has asked before overwriting
            self.open_database(path, create=True)

    def open_dialog(self) -> None:
        path, _ = file_dialogs.open_file_name(
            self, "Open a database", "database", DATABASE_FILTER, self.settings
        )
        if path:
            self.open_database(path)

    def save_copy(self) -> None:
        if self.db is None:
            return
        from coventry_inspect.services.databases import save_copy

        name = file_dialogs.file_name(Path(self.db.display_name).stem, ".sqlite")
        path, _ = file_dialogs.save_file_name(
            self, "Save a copy as", "database", name, DATABASE_FILTER, self.settings
        )
        if path:
            save_copy(self.db, Path(path))
            self.statusBar().showMessage(f"Saved a copy as {path}", 5000)

    # -- workbooks, register, letter (in gui/file_actions.py) ---------------------------------

    def import_workbook(self) -> None:
        from coventry_inspect.gui.file_actions import import_workbook

        import_workbook(self)

    def _file_action(self, name: str) -> None:
        from coventry_inspect.gui import file_actions

        getattr(file_actions, name)(self)

    def export_workbook(self) -> None:
        from coventry_inspect.gui.file_actions import export_workbook

        export_workbook(self)

    def merge_workbook(self) -> None:
        from coventry_inspect.gui.merge_actions import merge_workbook

        merge_workbook(self)

    def merge_from_file(self) -> None:
        from coventry_inspect.gui.merge_actions import merge_from_file

        merge_from_file(self)

    def merge_from_server(self) -> None:
        from coventry_inspect.gui.merge_actions import merge_from_server

        merge_from_server(self)

    def blank_workbook(self) -> None:
        from coventry_inspect.gui.file_actions import blank_workbook

        blank_workbook(self)

    def import_register(self) -> None:
        from coventry_inspect.gui.file_actions import import_register

        import_register(self)

    def print_preview(self) -> None:
        from coventry_inspect.gui.printing import print_preview

        print_preview(self)

    def print_letter(self) -> None:
        from coventry_inspect.gui.printing import print_letter

        print_letter(self)

    def save_pdf(self) -> None:
        from coventry_inspect.gui.printing import save_pdf

        save_pdf(self)

    def letter_settings(self) -> None:
        from coventry_inspect.gui.letter_settings import edit_letter_settings

        if edit_letter_settings(self) is not None and self.workspace is not None:
            self.workspace.refresh()  # the letter shows the new letterhead at once

    def about(self) -> None:
        from coventry_inspect.gui.user_guide import show_about

        show_about(self)

    def user_guide(self) -> None:
        from coventry_inspect.gui.user_guide import show_guide

        show_guide(self)

    def save_guide_pdf(self) -> None:
        from coventry_inspect.gui.user_guide import save_guide_pdf

        save_guide_pdf(self)

    def keyboard_shortcuts(self) -> None:
        from coventry_inspect.gui.user_guide import show_shortcuts

        show_shortcuts(self)

    # -- layout ------------------------------------------------------------------------------

    def _save_layout(self) -> None:
        self.settings.geometry = self.saveGeometry()
        if self.workspace is not None:
            self.settings.main_splitter = self.workspace.splitter.saveState()
            self.settings.navigation_splitter = self.workspace.navigation.saveState()
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not event.spontaneous():
            self._fit_to_screen()  # again, now that the frame's size is known

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._save_layout()
        self.close_database()
        event.accept()
