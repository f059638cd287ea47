"""Printing a QTextDocument to A4 pages (PDF or printer) with page numbers and extra drawn pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from coventry_inspect.files import write_atomically
from coventry_inspect.reports.qt import gui_application

PageDrawer = Callable[[QPainter, QRectF], None]
"""Draws one extra page (a chart, say) inside the page's printable rectangle."""

MARGINS_MM = QMarginsF(20, 18, 20, 18)
RESOLUTION = 300


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
    Returns the number of pages."""
    painter = QPainter(device)
    try:
        rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
        footer_font = QFont(document.defaultFont())
        footer_font.setPointSizeF(8.5)
        painter.setFont(footer_font)
        footer_height = painter.fontMetrics().height() * 2
        page = QSizeF(rect.width(), rect.height() - footer_height)
        document.documentLayout().setPaintDevice(device)
        document.setPageSize(page)
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
        return total
    finally:
        painter.end()


def write_pdf(
    path: Path,
    document: QTextDocument,
    extra_pages: Sequence[PageDrawer] = (),
    footer: str = "",
    title: str = "",
) -> int:
    """Save as an A4 PDF, replacing ``path`` whole or not at all. Returns the number of pages."""
    gui_application()
    pages = 0

    def write(temporary: Path) -> None:
        nonlocal pages
        writer = QPdfWriter(str(temporary))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(a4_layout())
        writer.setTitle(title)
        writer.setCreator("Coventry Inspect")
        pages = paint_document(writer, document, extra_pages, footer)
        del writer  # flushes and closes the file

    write_atomically(path, write)
    return pages
