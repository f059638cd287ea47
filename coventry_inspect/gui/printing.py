"""File › Print preview…, Print… and Save as PDF… for the open inspection: the letter, or for an
LEA inspection the record of judgements with its charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog

from coventry_inspect.domain.letter import Block
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.files import WriteError
from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.errors import show_error
from coventry_inspect.reports.pdf import RESOLUTION, PageDrawer, a4_layout, paint_document
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from coventry_inspect.gui.main_window import MainWindow


def _snapshot(window: MainWindow) -> InspectionSnapshot | None:
    if window.db is None or window.workspace is None or window.workspace.inspection_id is None:
        return None
    return read_snapshot(window.db, window.workspace.inspection_id)


def document_for(
    window: MainWindow, snapshot: InspectionSnapshot
) -> tuple[QTextDocument, list[PageDrawer]]:
    if snapshot.details.kind is InspectionKind.LEA:
        from coventry_inspect.reports.record import chart_pages, record_document

        return record_document(snapshot), chart_pages(snapshot)
    from coventry_inspect.reports.letter import letter_document

    return letter_document(_final(window)), []


def _final(window: MainWindow) -> list[Block]:
    from coventry_inspect.services.letter import final_blocks

    workspace = window.workspace
    assert window.db is not None
    assert workspace is not None
    assert workspace.inspection_id is not None
    return final_blocks(window.db, workspace.inspection_id)


def _ready(window: MainWindow, snapshot: InspectionSnapshot, title: str) -> bool:
    """Whether the letter may print; if not, say what to do first (as ``letter --pdf`` does)."""
    if snapshot.details.kind is InspectionKind.LEA:
        return True
    from coventry_inspect.services.letter import LetterNotReadyError, check_printable

    try:
        check_printable(_final(window), snapshot.details.reference)
    except LetterNotReadyError as error:
        show_error(window, title, str(error))
        return False
    return True


def _same_layout(printer: QPrinter) -> QPrinter:
    """The PDF's page and resolution, so the printer and the preview paginate as the PDF does."""
    printer.setResolution(RESOLUTION)
    printer.setPageLayout(a4_layout())
    return printer


def _printer() -> QPrinter:
    return _same_layout(QPrinter(QPrinter.PrinterMode.HighResolution))


def print_preview(window: MainWindow) -> QPrintPreviewDialog | None:
    snapshot = _snapshot(window)
    if snapshot is None or not _ready(window, snapshot, "Print preview"):
        return None
    document, extra = document_for(window, snapshot)
    dialog = QPrintPreviewDialog(window)  # owns its printer (one passed in must outlive it)
    _same_layout(dialog.printer())
    dialog.setWindowTitle(f"Print preview — {snapshot.details.reference}")
    dialog.paintRequested.connect(
        lambda printer: paint_document(printer, document, extra, snapshot.details.reference)
    )
    dialog.resize(900, 1000)
    dialog.open()
    return dialog


def print_letter(window: MainWindow) -> None:
    snapshot = _snapshot(window)
    if snapshot is None or not _ready(window, snapshot, "Print"):
        return
    printer = _printer()
    dialog = QPrintDialog(printer, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        document, extra = document_for(window, snapshot)
        paint_document(printer, document, extra, snapshot.details.reference)


def save_pdf(window: MainWindow, path: str | None = None) -> Path | None:
    snapshot = _snapshot(window)
    if snapshot is None or not _ready(window, snapshot, "Save as PDF"):
        return None
    target = (
        file_dialogs.pdf_path(window, "Save as PDF", snapshot.details.reference, window.settings)
        if path is None
        else Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
    )
    if target is None:
        return None
    try:
        if snapshot.details.kind is InspectionKind.LEA:
            from coventry_inspect.reports.record import write_record_pdf

            pages = write_record_pdf(target, snapshot)
        else:
            from coventry_inspect.reports.letter import write_letter_pdf

            pages = write_letter_pdf(target, _final(window), snapshot.details)
    except WriteError as error:
        show_error(window, "Save as PDF", str(error))
        return None
    window.statusBar().showMessage(f"Saved {target} ({pages} pages)", 8000)
    return target
