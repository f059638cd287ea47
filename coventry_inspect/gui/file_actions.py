"""File › Import workbook…, Export workbook…, New blank workbook…, Import school register…:
each runs off the GUI thread with progress, then says what it did."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from coventry_inspect.gui.errors import show_error, user_message
from coventry_inspect.gui.main_window import WORKBOOK_FILTER
from coventry_inspect.gui.tasks import Job, Step, Task

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow

MAX_SHOWN_PROBLEMS = 30


def _failed(window: MainWindow, title: str, error: BaseException) -> None:
    from coventry_inspect.exchange.errors import WorkbookInvalid

    if isinstance(error, WorkbookInvalid):
        lines = [str(p) for p in error.problems[:MAX_SHOWN_PROBLEMS]]
        more = len(error.problems) - len(lines)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            f"{Path(error.path).name}: nothing was imported ({len(error.problems)} "
            f"problem{'s' if len(error.problems) != 1 else ''}).",
            parent=window,
        )
        box.setDetailedText("\n".join(lines) + (f"\n… and {more} more" if more > 0 else ""))
        box.setObjectName("importProblems")
        box.exec()
        return
    message = user_message(error)
    if message is None:
        raise error
    show_error(window, title, message)


def _run(window: MainWindow, title: str, job: Job, done: Callable[[Any], None]) -> Task:
    task = Task(window, title, job)
    task.done.connect(done)
    task.failed.connect(lambda error: _failed(window, title, error))
    window.current_task = task
    task.start()
    return task


def import_workbook(window: MainWindow, path: str | None = None) -> Task | None:
    db = window.db
    if db is None:
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import workbook", "", WORKBOOK_FILTER)
    if not path:
        return None

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.reader import read_workbook
        from coventry_inspect.services.inspections import find_by_reference
        from coventry_inspect.services.snapshot import replace_inspection
        from coventry_inspect.store.backup import backup_sqlite

        yield 0.1, f"Reading {Path(path).name}…"
        snapshot = read_workbook(Path(path))
        yield 0.6, f"Writing {snapshot.details.reference}…"
        replacing = find_by_reference(db, snapshot.details.reference) is not None
        if replacing:
            backup_sqlite(db, "before-import")
        inspection_id = replace_inspection(db, snapshot)
        return snapshot.details.reference, replacing, inspection_id

    def done(result: object) -> None:
        if result is None:
            return
        assert isinstance(result, tuple)
        reference, replaced, inspection_id = result
        if window.workspace is not None:
            window.workspace.context = None
            window.workspace.inspections.refresh()
            window.workspace.select_inspection(inspection_id)
        window.statusBar().showMessage(
            f"{'Replaced' if replaced else 'Imported'} {reference}", 8000
        )

    return _run(window, "Import workbook", job, done)


def export_workbook(window: MainWindow, path: str | None = None) -> Task | None:
    db, workspace = window.db, window.workspace
    if db is None or workspace is None or workspace.inspection_id is None:
        return None
    inspection_id = workspace.inspection_id
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            window, "Export workbook", "inspection.xlsx", WORKBOOK_FILTER
        )
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.writer import export_workbook as write
        from coventry_inspect.services.letter import final_blocks
        from coventry_inspect.services.snapshot import read_snapshot

        yield 0.2, "Reading the inspection…"
        snapshot = read_snapshot(db, inspection_id)
        letter = final_blocks(db, inspection_id)
        yield 0.5, f"Writing {Path(path).name}…"
        write(snapshot, Path(path), letter)
        return path

    def done(result: object) -> None:
        if result:
            window.statusBar().showMessage(f"Exported {result}", 8000)

    return _run(window, "Export workbook", job, done)


def blank_workbook(
    window: MainWindow, path: str | None = None, kind_label: str | None = None
) -> None:
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.exchange.writer import write_template

    labels = [k.label for k in InspectionKind]
    if kind_label is None:
        kind_label, ok = QInputDialog.getItem(
            window, "New blank workbook", "For a:", labels, 0, False
        )
        if not ok:
            return
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            window, "New blank workbook", "blank.xlsx", WORKBOOK_FILTER
        )
    if not path:
        return
    kind = InspectionKind.from_label(kind_label)
    assert isinstance(kind, InspectionKind)
    write_template(kind, Path(path))
    window.statusBar().showMessage(
        f"Wrote a blank workbook for a {kind_label.lower()}: {path}", 8000
    )


def import_register(window: MainWindow, path: str | None = None) -> Task | None:
    db = window.db
    if db is None:
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window, "Import school register", "", "GIAS register (*.csv *.xlsx)"
        )
    if not path:
        return None

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.gias import open_register, register_rows
        from coventry_inspect.services.register import RegisterImport, import_register

        state = RegisterImport()
        with (
            open_register(Path(path)) as source,
            closing(import_register(db, register_rows(source), source.fraction_done)) as steps,
        ):  # closed on Cancel: the import's one transaction is rolled back
            for state in steps:
                yield state.fraction_done, f"{state.rows_read:,} schools read…"
        return state

    def done(state: object) -> None:
        from coventry_inspect.services.register import RegisterImport

        if not isinstance(state, RegisterImport):
            window.statusBar().showMessage(
                "Register import cancelled; the register is as it was", 8000
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Import school register",
            f"{Path(path).name}: {state.summary()}.\n\nThe register was changed in one step: "
            "an import that is cancelled or fails changes nothing.",
            parent=window,
        )
        if state.problems:
            box.setDetailedText("\n".join(p.message for p in state.problems[:200]))
        box.setObjectName("registerSummary")
        box.open()

    return _run(window, "Import school register", job, done)
