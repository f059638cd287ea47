"""Unexpected exceptions in the GUI: logged in full, shown in a dialog, and the app keeps running.

Every service call runs in its own session that rolls back on any exception, so nothing half-done
is stored. Known user errors (a refused edit, a bad file) are shown without the log.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from coventry_inspect import paths


def log_exception(error: BaseException) -> None:
    try:
        path = paths.log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        pass


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorMessage")
    box.exec()


def user_message(error: BaseException) -> str | None:
    """The one-line message of an error the user can act on; None for a bug."""
    from coventry_inspect.exchange.errors import WorkbookError
    from coventry_inspect.files import WriteError
    from coventry_inspect.reports.fonts import FontError
    from coventry_inspect.services.errors import ServiceError
    from coventry_inspect.store.errors import DatabaseError

    if isinstance(error, DatabaseError | ServiceError | WorkbookError | WriteError | FontError):
        return str(error)
    return None


Shower = Callable[[QWidget | None, str, str], None]


class ExceptionHook:
    """Installed as ``sys.excepthook``: Qt hands it every exception raised in a slot."""

    def __init__(self, show: Shower = show_error) -> None:
        self.show = show
        self.previous = sys.excepthook

    def __call__(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, trace)
            return
        from coventry_inspect.store.backup import is_damage

        if is_damage(error):
            from coventry_inspect.gui.backups import offer_restore_anywhere

            if offer_restore_anywhere():
                return
        message = user_message(error)
        parent = QApplication.activeWindow()
        if message is not None:
            self.show(parent, "Coventry Inspect", message)
            return
        log_exception(error)
        self.show(
            parent,
            "Something went wrong",
            f"{type(error).__name__}: {error}\n\nNothing half-done was saved, and you can carry "
            f"on. The details are in {paths.log_file()}.",
        )

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self.previous
