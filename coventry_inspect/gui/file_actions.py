"""File › Import workbook…, Export workbook…, New blank workbook…, Import school register…:
each runs off the GUI thread with progress, then says what it did."""

from __future__ import annotations

import html
from collections.abc import Callable, Generator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.commands import ServiceCommand
from coventry_inspect.gui.errors import show_error, user_message
from coventry_inspect.gui.main_window import WORKBOOK_FILTER
from coventry_inspect.gui.tasks import Job, Step, Task

if TYPE_CHECKING:
    from coventry_inspect.gui.main_window import MainWindow
    from coventry_inspect.services.handout import Choice
    from coventry_inspect.services.replacement import Replaced, ReplacementPlan
    from coventry_inspect.services.snapshot import InspectionSnapshot
    from coventry_inspect.store.models import Inspection

MAX_SHOWN_PROBLEMS = 30


def _failed(window: MainWindow, title: str, error: BaseException) -> None:
    from coventry_inspect.exchange.errors import WorkbookInvalid

    if isinstance(error, WorkbookInvalid):
        verb = "merged" if title.startswith("Merge") else "imported"
        lines = [str(p) for p in error.problems[:MAX_SHOWN_PROBLEMS]]
        more = len(error.problems) - len(lines)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            f"{Path(error.path).name}: nothing was {verb} ({len(error.problems)} "
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
    """Read the workbook and compare it with the database; create a new inspection at once, but
    ask before replacing one, listing what goes and what comes (see :func:`confirm_replacement`).
    """
    db = window.db
    if db is None:
        return None
    if path is None:
        path, _ = file_dialogs.open_file_name(
            window, "Import workbook", "workbook", WORKBOOK_FILTER, window.settings
        )
    if not path:
        return None
    name = Path(path).name

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.reader import read_workbook
        from coventry_inspect.services.replacement import plan_replacement, replace

        yield 0.1, f"Reading {name}…"
        snapshot = read_workbook(Path(path))
        yield 0.5, "Comparing it with the database…"
        plan = plan_replacement(db, snapshot)
        if plan.replacing:
            return snapshot, plan  # the user is asked first
        yield 0.6, f"Writing {snapshot.details.reference}…"
        return snapshot, replace(db, snapshot, record=("imported", f"from {name}"), expected=plan)

    def done(result: object) -> None:
        from coventry_inspect.services.replacement import Replaced

        if result is None:
            return
        assert isinstance(result, tuple)
        snapshot, outcome = result
        if isinstance(outcome, Replaced):
            _imported(window, name, snapshot, outcome)
        elif not outcome.changes_anything:  # nothing to ask, nothing written
            window.statusBar().showMessage(
                f"Nothing imported: {outcome.reference} is already as {name} has it", 8000
            )
        else:
            confirm_replacement(
                window, name, outcome, lambda: _replace(window, path, snapshot, outcome)
            )

    return _run(window, "Import workbook", job, done)


MAX_NAMED_ROWS = 8
"""Rows named per group in the confirmation; the full list is under Show Details."""


def confirm_replacement(
    window: MainWindow, name: str, plan: ReplacementPlan, replace: Callable[[], object]
) -> QMessageBox:
    """Ask before replacing an inspection, listing what goes and what comes; Cancel is the
    default and changes nothing."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Import workbook",
        f"Replace {plan.reference} with {name}?",
        parent=window,
    )
    box.setObjectName("confirmReplace")
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in plan.lines(MAX_NAMED_ROWS))
    box.setInformativeText(
        f"<p>This import changes {html.escape(plan.reference)}:</p><ul>{lines}</ul>"
        "<p>A copy of the database is kept first, and Edit › Undo puts the inspection back "
        "as it was.</p>"
    )
    box.setDetailedText("\n".join(plan.lines()))
    accept = box.addButton("&Replace", QMessageBox.ButtonRole.AcceptRole)
    accept.setObjectName("replaceButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def answered() -> None:
        if box.clickedButton() is accept:
            replace()
        else:
            window.statusBar().showMessage(f"Nothing imported: {plan.reference} is unchanged", 8000)
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box


def _replace(
    window: MainWindow, path: str, snapshot: InspectionSnapshot, plan: ReplacementPlan
) -> Task | None:
    db = window.db
    if db is None:
        return None
    name = Path(path).name

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.kept import keep_before_import
        from coventry_inspect.services.replacement import replace

        yield 0.1, f"Keeping {plan.reference} as it is now…"
        keep_before_import(db, plan.reference)
        yield 0.5, f"Writing {plan.reference}…"
        return replace(db, snapshot, record=("replaced", f"from {name}"), expected=plan)

    def done(result: object) -> None:
        from coventry_inspect.services.replacement import Replaced

        if isinstance(result, Replaced):
            _imported(window, name, snapshot, result)

    return _run(window, "Import workbook", job, done)


def _imported(window: MainWindow, name: str, snapshot: InspectionSnapshot, done: Replaced) -> None:
    """Show the inspection imported; a replacement goes on the undo stack."""
    workspace = window.workspace
    if workspace is not None:
        workspace.context = None
        workspace.inspections.refresh()
        workspace.select_inspection(done.inspection_id)  # clears the undo stack
        if done.before is not None:
            window.stack.push(import_command(window, name, snapshot, done))
    verb = "Replaced" if done.before is not None else "Imported"
    window.statusBar().showMessage(f"{verb} {snapshot.details.reference} from {name}", 8000)


def import_command(
    window: MainWindow, name: str, snapshot: InspectionSnapshot, done: Replaced
) -> ServiceCommand:
    """Undo writes the inspection back as it was, its removed rows with their ids; redo imports
    the workbook again. Both are recorded in the history."""
    from coventry_inspect.services.replacement import replace

    assert done.before is not None
    assert window.db is not None
    db, before = window.db, done.before
    ids = {"undo": done.removed_ids, "redo": {}}

    def undo() -> None:
        record = ("restored", f"as before the import from {name} (undo)")
        ids["redo"] = replace(db, before, record=record, ids=ids["undo"]).removed_ids

    def redo() -> None:
        record = ("replaced", f"from {name} (redo)")
        ids["undo"] = replace(db, snapshot, record=record, ids=ids["redo"]).removed_ids

    def changed() -> None:
        if window.workspace is None:
            return
        if before.details.kind is not snapshot.details.kind:
            window.workspace.reload()  # other pages for the other kind
        else:
            window.workspace.refresh()

    return ServiceCommand(f"Import {name}", redo, undo, changed)


def _open_inspection(window: MainWindow) -> Inspection | None:
    """The inspection shown, whose reference names the files made from it."""
    db, workspace = window.db, window.workspace
    if db is None or workspace is None or workspace.inspection_id is None:
        return None
    from coventry_inspect.services.inspections import get_inspection

    return get_inspection(db, workspace.inspection_id)


def export_workbook(window: MainWindow, path: str | None = None) -> Task | None:
    db, workspace = window.db, window.workspace
    if db is None or workspace is None or workspace.inspection_id is None:
        return None
    inspection_id = workspace.inspection_id
    if path is None:
        shown = _open_inspection(window)
        name = file_dialogs.file_name(shown.reference if shown else "", ".xlsx")
        path, _ = file_dialogs.save_file_name(
            window, "Export workbook", "workbook", name, WORKBOOK_FILTER, window.settings
        )
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"

    def job() -> Generator[Step, None, Any]:
        from coventry_inspect.exchange.writer import export_workbook as write
        from coventry_inspect.exchange.writer import focused_analysis
        from coventry_inspect.services.letter import final_blocks
        from coventry_inspect.services.snapshot import read_snapshot

        yield 0.2, "Reading the inspection…"
        snapshot = read_snapshot(db, inspection_id)
        letter = final_blocks(db, inspection_id)
        analysis = focused_analysis(db, inspection_id, snapshot)
        yield 0.5, f"Writing {Path(path).name}…"
        write(snapshot, Path(path), letter, analysis=analysis)
        return path

    def done(result: object) -> None:
        if result:
            window.statusBar().showMessage(f"Exported {result}", 8000)

    return _run(window, "Export workbook", job, done)


def export_for_inspector(
    window: MainWindow, path: str | None = None, choice: Choice | None = None
) -> Task | None:
    """File › Export for inspector…: pick whose schools, then where to save; the hand-out is
    recorded only if the file is written."""
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.exchange.writer import export_for_inspector as write
    from coventry_inspect.gui.handout_dialog import choose_handout

    db, shown = window.db, _open_inspection(window)
    if db is None or shown is None:
        return None
    inspection_id = shown.id
    if shown.kind is not InspectionKind.FOCUSED:
        show_error(
            window,
            "Export for inspector",
            f"{shown.reference} is an LEA inspection: it has no schools to hand out",
        )
        return None
    if choice is None:
        chosen = choose_handout(window, db, inspection_id, shown.reference)
        if chosen is None:
            return None
        choice, recipient = chosen
    else:
        recipient = choice.inspector or ", ".join(choice.urns)
    if path is None:
        name = file_dialogs.file_name(f"{shown.reference} for {recipient}", ".xlsx")
        path, _ = file_dialogs.save_file_name(
            window, "Export for inspector", "workbook", name, WORKBOOK_FILTER, window.settings
        )
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    target, wanted = Path(path), choice

    def job() -> Generator[Step, None, Any]:
        yield 0.3, f"Writing {target.name}…"
        return write(db, inspection_id, wanted, target)

    def done(result: object) -> None:
        summary = getattr(result, "summary", None)
        if summary is not None:
            window.statusBar().showMessage(f"Exported {target.name}: {summary()}", 15000)

    return _run(window, "Export for inspector", job, done)


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
        shown = _open_inspection(window)  # its reference names the blank for the same kind
        same_kind = shown is not None and shown.kind.label == kind_label
        stem = shown.reference if shown and same_kind else kind_label.lower().replace(" ", "-")
        name = file_dialogs.file_name(stem, ".xlsx", "template")
        path, _ = file_dialogs.save_file_name(
            window, "New blank workbook", "workbook", name, WORKBOOK_FILTER, window.settings
        )
    if not path:
        return
    from coventry_inspect.files import WriteError

    kind = InspectionKind.from_label(kind_label)
    assert isinstance(kind, InspectionKind)
    try:
        write_template(kind, Path(path))
    except WriteError as error:
        show_error(window, "New blank workbook", str(error))
        return
    window.statusBar().showMessage(
        f"Wrote a blank workbook for a {kind_label.lower()}: {path}", 8000
    )


def import_register(window: MainWindow, path: str | None = None) -> Task | None:
    db = window.db
    if db is None:
        return None
    if path is None:
        path, _ = file_dialogs.open_file_name(
            window,
            "Import school register",
            "register",
            "GIAS register (*.csv *.xlsx)",
            window.settings,
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


def save_annex_pdf(window: MainWindow, path: str | None = None) -> Path | None:
    """File › Save evidence annex as PDF…: the analysis and each finding's supporting responses,
    for the inspection team (a focused inspection's; saved as Save as PDF… saves the letter)."""
    from coventry_inspect.domain.vocabulary import InspectionKind
    from coventry_inspect.files import WriteError
    from coventry_inspect.reports.annex import gather, write_annex_pdf
    from coventry_inspect.services.errors import ServiceError

    title = "Save evidence annex as PDF"
    db, shown = window.db, _open_inspection(window)
    if db is None or shown is None:
        return None
    if shown.kind is not InspectionKind.FOCUSED:
        show_error(
            window,
            title,
            f"{shown.reference} is an LEA inspection: it has no responses to annex as evidence",
        )
        return None
    target = (
        file_dialogs.pdf_path(window, title, f"{shown.reference} evidence annex", window.settings)
        if path is None
        else Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
    )
    if target is None:
        return None
    try:
        pages = write_annex_pdf(target, gather(db, shown.id))
    except (WriteError, ServiceError) as error:
        show_error(window, title, str(error))
        return None
    window.statusBar().showMessage(f"Saved {target} ({pages} pages)", 8000)
    return target
