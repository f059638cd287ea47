"""Printing a QTextDocument to A4 pages (PDF or printer) with page numbers and extra drawn pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from coventry_inspect import __version__
from coventry_inspect.files import WriteError, write_bytes_atomically
from coventry_inspect.reports.fonts import report_font
from coventry_inspect.reports.pdf_info import add_subject
from coventry_inspect.reports.qt import gui_application

PageDrawer = Callable[[QPainter, QRectF], None]
"""Draws one extra page (a chart, say) inside the page's printable rectangle."""

APPLICATION = "Coventry Inspect"
MARGINS_MM = QMarginsF(20, 18, 20, 18)
RESOLUTION = 300
"""Dots per inch of every device a document is laid out on (PDF, printer, print preview): text
lines break by the device's font metrics, so one resolution gives one layout everywhere."""


class PaintError(RuntimeError):
    """The painter could not start or finish a document (Qt reports this only by a result)."""


def a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def paint_document(
    device: QPagedPaintDevice,
    document: QTextDocument,
    extra_pages: Sequence[PageDrawer] = (),
    footer: str = "",
) -> int:
    """Lay ``document`` out on the device's pages, then the extra pages; number every page.
    Returns the number of pages; raises ``PaintError`` when the painter did not start or finish."""
    painter = QPainter()
    if not painter.begin(device):
        raise PaintError("the painter could not start")
    finished = False
    try:
        rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
        footer_font = report_font(8.5)
        painter.setFont(footer_font)
        footer_height = painter.fontMetrics().height() * 2
        page = QSizeF(rect.width(), rect.height() - footer_height)
        document.documentLayout().setPaintDevice(device)
        document.setPageSize(page)
        keep_headings_with_next(document)
        text_pages = document.pageCount()
        total = text_pages + len(extra_pages)
        for index in range(total):
            if index:
                device.newPage()
            painter.save()
            if index < text_pages:
                painter.translate(0, -index * page.height())
                document.drawContents(
                    painter, QRectF(0, index * page.height(), page.width(), page.height())
                )
            else:
                extra_pages[index - text_pages](painter, QRectF(0, 0, page.width(), page.height()))
            painter.restore()
            painter.setFont(footer_font)
            label = (
                f"{footer} – page {index + 1} of {total}"
                if footer
                else f"Page {index + 1} of {total}"
            )
            painter.drawText(
                QRectF(0, rect.height() - footer_height, rect.width(), footer_height),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                label,
            )
        finished = True
    finally:
        ended = painter.end()
    if finished and not ended:
        raise PaintError("the painter could not finish the last page")
    return total


def keeps_with_next(block: QTextBlock) -> bool:
    """A heading, or a paragraph leading into a list ("Of the schools inspected …:")."""
    following = block.next()
    if not following.isValid():
        return False
    if block.blockFormat().headingLevel():
        return True
    return block.text().rstrip().endswith(":") and following.textList() is not None


def keep_headings_with_next(document: QTextDocument) -> int:
    """Move each heading that would end a page (the line after it starting on the next page) to
    the next page, as word processors' "keep with next" does, together with the headings and
    lead-in lines just above it on its page ("Areas of strength and weakness" over "Corporate
    leadership"). Returns how many page breaks were added."""
    layout = document.documentLayout()
    page_height = document.pageSize().height()
    document.pageCount()  # lays the whole document out: until then later blocks have no place

    def page_of(block: QTextBlock) -> int:
        return int(layout.blockBoundingRect(block).top() // page_height)

    moved = 0
    block = document.begin()
    while block.isValid():
        following = block.next()
        if keeps_with_next(block):
            heading_page = page_of(block)
            line = following.layout().lineAt(0)
            top = layout.blockBoundingRect(following).top() + (line.y() if line.isValid() else 0)
            if int(top // page_height) > heading_page:
                first = block
                while (
                    first.previous().isValid()
                    and keeps_with_next(first.previous())
                    and page_of(first.previous()) == heading_page
                ):
                    first = first.previous()
                keep = QTextBlockFormat()
                keep.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(first).mergeBlockFormat(keep)
                moved += 1
        block = following
    return moved


@dataclass(frozen=True)
class Properties:
    """The PDF's document properties, which a viewer shows and a search or screen reader uses."""

    title: str = ""
    author: str = ""
    """Who wrote it; the application's name when no one is named."""
    subject: str = ""


def render_pdf(
    document: QTextDocument,
    extra_pages: Sequence[PageDrawer] = (),
    footer: str = "",
    properties: Properties | None = None,
) -> tuple[bytes, int]:
    """The A4 PDF's bytes, drawn in memory, and its number of pages.

    QPdfWriter does not report a failed write, so nothing is drawn straight onto a file."""
    properties = properties or Properties()
    gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(a4_layout())
    writer.setTitle(properties.title)
    writer.setAuthor(properties.author or APPLICATION)
    writer.setCreator(f"{APPLICATION} {__version__}")
    try:
        pages = paint_document(writer, document, extra_pages, footer)
    finally:
        del writer
        buffer.close()
    data = bytes(buffer.data().data())
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        raise PaintError("the document was left unfinished")
    return add_subject(data, properties.subject), pages


def write_pdf(
    path: Path,
    document: QTextDocument,
    extra_pages: Sequence[PageDrawer] = (),
    footer: str = "",
    title: str = "",
    properties: Properties | None = None,
) -> int:
    """Save as an A4 PDF, replacing ``path`` whole or not at all. Returns the number of pages.
    ``title`` alone, or the full ``properties``, name the document in its properties."""
    try:
        data, pages = render_pdf(document, extra_pages, footer, properties or Properties(title))
    except PaintError as error:
        raise WriteError(
            path,
            f"{path} was not saved: the PDF could not be drawn ({error}); "
            "the old file is unchanged. Try again, and report it if it happens again.",
        ) from error
    write_bytes_atomically(path, data)
    return pages
