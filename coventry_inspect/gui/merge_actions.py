"""File › Merge workbook…, Merge from file… and Merge from team database…: plan the merge off
the GUI thread, say what it will do (or ask about each conflict), then apply it off the GUI
thread in one transaction, a copy kept first, and say what it did."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit

from coventry_inspect.gui import errors, file_dialogs
from coventry_inspect.gui.file_actions import _run
from coventry_inspect.gui.main_window import DATABASE_FILTER, WORKBOOK_FILTER
from coventry_inspect.gui.merge_dialog import (
    SERVER_NOTE,
    WORKBOOK_NOTE,
    Choice,
    ask_to_merge,
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
        from coventry_inspect.exchange.merge_source import plan_workbook_merge

        return plan_workbook_merge(db, workbook)

    note = WORKBOOK_NOTE if window.db.is_sqlite else SERVER_NOTE  # a server keeps its own
    return _plan(window, workbook.name, plan, note)


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
        errors.show_error(  # looked up when called (tests answer it)
            window,
            "Merge from team database",
            f"{url} is not a database URL: type one such as "
            "postgresql+psycopg://user@host/database, or use File › Merge from file…",
        )
        return None
    from coventry_inspect.services.merge import source_name
    from coventry_inspect.store.passwords import password_in

    if password_in(url) is not None:  # typed where anyone can read it: never taken from there
        errors.show_error(
            window,
            "Merge from team database",
            "Leave the password out of the address: it is taken from the system keyring "
            "(File › Connect to team database… keeps it there), or from PGPASSWORD or "
            "~/.pgpass",
        )
        return None
    return _merge_database(window, url, source_name(url))


def _merge_database(
    window: MainWindow, other: str, name: str, inspection: str | None = None
) -> Task | None:
    assert window.db is not None
    shown = window.workspace.context if window.workspace is not None else None
    open_reference = ""
    if shown is not None:
        from coventry_inspect.services.inspections import get_inspection

        open_reference = get_inspection(window.db, shown.inspection_id).reference

    def plan(db: Database) -> MergePlan | list[str]:
        from coventry_inspect.services.merge import inspections_in, plan_database_merge

        chosen = inspection
        if chosen is None:
            several = inspections_in(db, other)
            if len(several) > 1 and open_reference in several:
                chosen = open_reference  # the one being worked on
            elif len(several) > 1:
                return several  # the user is asked which
            elif several:
                chosen = several[0]
        return plan_database_merge(db, other, inspection=chosen)

    def choose(references: list[str]) -> None:
        chosen, ok = QInputDialog.getItem(
            window,
            "Merge from file",
            f"{name} holds several inspections found here too. Merge which?",
            references,
            0,
            False,
        )
        if ok and chosen:
            _merge_database(window, other, name, chosen)

    note = WORKBOOK_NOTE if window.db.is_sqlite else SERVER_NOTE
    return _plan(window, name, plan, note, choose)


Planner = Callable[["Database"], "MergePlan | list[str]"]


def _plan(
    window: MainWindow,
    name: str,
    planner: Planner,
    note: str,
    choose: Callable[[list[str]], None] | None = None,
) -> Task | None:
    """Plan off the GUI thread; then ask. A planner may instead return the inspections to choose
    between, for ``choose`` to ask which and plan again."""
    db = window.db
    if db is None:
        return None

    def job() -> Generator[Step, None, Any]:
        yield 0.1, f"Reading {name} and comparing it with this database…"
        return planner(db)

    def done(result: object) -> None:
        from coventry_inspect.services.merge import MergePlan

        if isinstance(result, list) and choose is not None:
            choose(result)
            return
        if not isinstance(result, MergePlan):
            window.statusBar().showMessage("Merge cancelled: nothing was changed", 8000)
            return
        plan = result
        if not plan.changes_anything:
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
            lambda choices: _apply(window, name, plan, choices),
            cancelled,
        )

    return _run(window, TITLE, job, done)


def _apply(
    window: MainWindow,
    name: str,
    plan: MergePlan,
    choices: Mapping[Conflict, Choice],
) -> Task | None:
    db = window.db
    if db is None:
        return None

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.kept import keep_before_import
        from coventry_inspect.services.merge import apply_merge

        yield 0.1, f"Keeping {plan.reference} as it is now…"
        kept = keep_before_import(db, plan.reference)  # a merge changes one inspection
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

    return _run(window, TITLE, job, done)


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
