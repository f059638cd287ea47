"""File › Merge workbook…, Merge from file… and Merge from team database…: plan the merge off
the GUI thread, say what it will do (or ask about each conflict), then apply it off the GUI
thread in one transaction, a copy kept first, and say what it did."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.errors import show_error
from coventry_inspect.gui.file_actions import _run
from coventry_inspect.gui.main_window import DATABASE_FILTER, WORKBOOK_FILTER
from coventry_inspect.gui.merge_dialog import (
    DATABASE_NOTE,
    SERVER_NOTE,
    WORKBOOK_NOTE,
    Choice,
    ask_to_merge,
    changes_anything,
    show_summary,
)
from coventry_inspect.gui.tasks import Step, Task

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow
    from coventry_inspect.services.merge import Conflict, MergePlan
    from coventry_inspect.store.database import Database

TITLE = "Merge"


def merge_workbook(window: MainWindow, path: str | None = None) -> Task | None:
    """An inspector's workbook into the inspection it names (its Reference)."""
    if window.db is None or window.db.read_only:
        return None
    if path is None:
        path, _ = file_dialogs.open_file_name(
            window, "Merge workbook", "workbook", WORKBOOK_FILTER, window.settings
        )
    if not path:
        return None
    workbook = Path(path)

    def plan(db: Database) -> MergePlan:
        from coventry_inspect.services.merge import plan_workbook_merge

        return plan_workbook_merge(db, workbook)

    def keep(db: Database, plan: MergePlan) -> Path | None:
        from coventry_inspect.exchange.kept import keep_before_import

        return keep_before_import(db, plan.reference)

    return _plan(window, workbook.name, plan, keep, WORKBOOK_NOTE)


def merge_from_file(window: MainWindow, path: str | None = None) -> Task | None:
    """Another database file (an inspector's SQLite file) into this one."""
    db = window.db
    if db is None or db.read_only:
        return None
    if path is None:
        path, _ = file_dialogs.open_file_name(
            window, "Merge from file", "database", DATABASE_FILTER, window.settings
        )
    if not path:
        return None
    if db.is_sqlite and Path(path).resolve() == Path(db.target).resolve():
        show_error(
            window, "Merge from file", f"{path} is the database open here: choose another file"
        )
        return None
    return _merge_database(window, path, Path(path).name)


def merge_from_server(window: MainWindow, url: str | None = None) -> Task | None:
    """A team database (a ``postgresql+psycopg://`` URL typed in) into this one."""
    if window.db is None or window.db.read_only:
        return None
    if url is None:
        url, ok = QInputDialog.getText(
            window,
            "Merge from team database",
            "Team database URL (postgresql+psycopg://user@host/database):",
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return None
    url = url.strip()
    if not url:
        return None
    if "://" not in url:
        show_error(
            window,
            "Merge from team database",
            f"{url} is not a database URL: type one such as "
            "postgresql+psycopg://user@host/database, or use File › Merge from file…",
        )
        return None
    return _merge_database(window, url, _without_password(url))


def _without_password(url: str) -> str:
    """The URL as shown: a password in it is never shown or recorded."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _merge_database(window: MainWindow, other: str, name: str) -> Task | None:
    assert window.db is not None

    def plan(db: Database) -> MergePlan:
        from coventry_inspect.services.merge import plan_database_merge

        return plan_database_merge(db, other)

    def keep(db: Database, _plan: MergePlan) -> Path | None:
        from coventry_inspect.store.backup import BEFORE_IMPORT, backup_sqlite

        return backup_sqlite(db, BEFORE_IMPORT)

    note = DATABASE_NOTE if window.db.is_sqlite else SERVER_NOTE
    return _plan(window, name, plan, keep, note)


Planner = Callable[["Database"], "MergePlan"]
Keeper = Callable[["Database", "MergePlan"], "Path | None"]


def _plan(window: MainWindow, name: str, planner: Planner, keep: Keeper, note: str) -> Task | None:
    db = window.db
    if db is None:
        return None

    def job() -> Generator[Step, None, Any]:
        yield 0.1, f"Reading {name} and comparing it with this database…"
        return planner(db)

    def done(result: object) -> None:
        from coventry_inspect.services.merge import MergePlan

        if not isinstance(result, MergePlan):
            window.statusBar().showMessage("Merge cancelled: nothing was changed", 8000)
            return
        plan = result
        if not changes_anything(plan):
            window.statusBar().showMessage(
                f"Nothing to merge: {plan.reference} already has everything in {name}", 8000
            )
            return

        def cancelled() -> None:
            window.statusBar().showMessage(f"Nothing merged: {plan.reference} is unchanged", 8000)

        ask_to_merge(
            window,
            plan,
            note.format(reference=plan.reference),
            lambda choices: _apply(window, name, plan, choices, keep),
            cancelled,
        )

    return _run(window, TITLE, job, done, verb="merged")


def _apply(
    window: MainWindow,
    name: str,
    plan: MergePlan,
    choices: Mapping[Conflict, Choice],
    keep: Keeper,
) -> Task | None:
    db = window.db
    if db is None:
        return None

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.services.merge import apply_merge

        yield 0.1, "Keeping a copy of this database as it is now…"
        kept = keep(db, plan)
        yield 0.4, f"Merging {name}…"
        return apply_merge(db, plan, choices), kept

    def done(result: object) -> None:
        if result is None:
            window.statusBar().showMessage("Merge cancelled: nothing was merged", 8000)
            return
        assert isinstance(result, tuple)
        merged, kept = result
        _refresh(window, merged.reference)
        window.statusBar().showMessage(
            f"Merged {name} into {merged.reference}: {merged.summary()}", 8000
        )
        show_summary(window, merged, choices, kept)

    return _run(window, TITLE, job, done, verb="merged")


def _refresh(window: MainWindow, reference: str) -> None:
    """Show the merged inspection as it is now. Edits made before the merge leave the undo
    stack: undoing one now would put back a value over what the merge brought."""
    workspace, db = window.workspace, window.db
    if workspace is None or db is None:
        return
    from coventry_inspect.services.inspections import find_by_reference

    window.stack.clear()
    workspace.inspections.refresh()
    found = find_by_reference(db, reference) if reference else None
    if found is not None and found.id != workspace.inspection_id:
        workspace.select_inspection(found.id)
    else:
        workspace.refresh()
