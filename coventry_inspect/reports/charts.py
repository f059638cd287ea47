"""The LEA report's summary chart, drawn with QPainter so it prints as vectors.

For each judgement of a section: a bar for the grade, a triangle for the LEA's self-evaluation,
a vertical line for its previous grade and a diamond for the average of all LEAs, on 1–7.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF

SCALE = range(1, 8)
TOP_LINES = 3.5
"""Lines above the plot: a title of up to two lines, a gap, then the grades' numbers."""
BAR = QColor("#1f3864")
SELF_EVALUATION = QColor("#c55a11")
PREVIOUS = QColor("#000000")
AVERAGE = QColor("#548235")
LEGEND = (
    ("bar", "Grade", BAR),
    ("triangle", "Self-evaluation", SELF_EVALUATION),
    ("line", "Previous grade", PREVIOUS),
    ("diamond", "Average of all LEAs", AVERAGE),
)


@dataclass(frozen=True)
class ChartRow:
    number: str
    grade: int | None
    self_evaluation: int | None = None
    previous: int | None = None
    average: float | None = None


def chart_height(rows: int, line: float) -> float:
    """Height a chart of ``rows`` judgements needs, for a font line height of ``line``."""
    return line * (TOP_LINES + 1.5 * rows + 2.5)


def draw_chart(painter: QPainter, rect: QRectF, title: str, rows: Sequence[ChartRow]) -> None:
    painter.save()
    font = QFont(painter.font())  # the record's report_font: no ligatures
    line = painter.fontMetrics().height()
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    title_rect = QRectF(rect.left(), rect.top(), rect.width(), line * 2.2)
    painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), title)
    painter.setFont(font)
    label_width = painter.fontMetrics().horizontalAdvance("3.12 ") * 1.4
    plot = QRectF(
        rect.left() + label_width,
        rect.top() + line * TOP_LINES,
        rect.width() - label_width - line,
        line * 1.5 * len(rows),
    )

    def x(grade: float) -> float:
        return plot.left() + (grade - 0.5) / 7 * plot.width()

    grid = QPen(QColor("#bfbfbf"))
    grid.setWidthF(max(1.0, line / 20))
    for grade in SCALE:
        painter.setPen(grid)
        painter.drawLine(QPointF(x(grade), plot.top()), QPointF(x(grade), plot.bottom()))
        painter.setPen(QPen(QColor("#000000")))
        painter.drawText(
            QRectF(x(grade) - line, plot.top() - line * 1.1, line * 2, line),
            int(Qt.AlignmentFlag.AlignCenter),
            str(grade),
        )
    band = plot.height() / max(len(rows), 1)
    for index, row in enumerate(rows):
        top = plot.top() + index * band
        middle = top + band / 2
        painter.setPen(QPen(QColor("#000000")))
        painter.drawText(
            QRectF(rect.left(), top, label_width - line * 0.3, band),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            row.number,
        )
        if row.grade is not None:
            painter.fillRect(
                QRectF(plot.left(), middle - band * 0.22, x(row.grade) - plot.left(), band * 0.44),
                BAR,
            )
        if row.previous is not None:
            pen = QPen(PREVIOUS)
            pen.setWidthF(line / 8)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(x(row.previous), top + band * 0.1),
                QPointF(x(row.previous), top + band * 0.9),
            )
        size = band * 0.3
        if row.self_evaluation is not None:
            _marker(
                painter, "triangle", QPointF(x(row.self_evaluation), middle), size, SELF_EVALUATION
            )
        if row.average is not None:
            _marker(painter, "diamond", QPointF(x(row.average), middle), size, AVERAGE)
    painter.setPen(QPen(QColor("#000000")))
    painter.drawRect(plot)
    _legend(
        painter,
        QRectF(rect.left(), plot.bottom() + line * 0.6, rect.width(), line * 1.5),
        line,
        _shown(rows),
    )
    painter.restore()


def _marker(painter: QPainter, shape: str, centre: QPointF, size: float, colour: QColor) -> None:
    if shape == "triangle":
        points = [
            QPointF(centre.x(), centre.y() - size),
            QPointF(centre.x() - size, centre.y() + size),
            QPointF(centre.x() + size, centre.y() + size),
        ]
    else:
        points = [
            QPointF(centre.x(), centre.y() - size),
            QPointF(centre.x() + size, centre.y()),
            QPointF(centre.x(), centre.y() + size),
            QPointF(centre.x() - size, centre.y()),
        ]
    painter.setPen(QPen(QColor("#000000")))
    painter.setBrush(QBrush(colour))
    painter.drawPolygon(QPolygonF(points))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _shown(rows: Sequence[ChartRow]) -> set[str]:
    """The legend's entries for what the chart draws: a marker no row has is not explained."""
    shown = {"bar"}
    for shape, values in (
        ("triangle", [r.self_evaluation for r in rows]),
        ("line", [r.previous for r in rows]),
        ("diamond", [r.average for r in rows]),
    ):
        if any(value is not None for value in values):
            shown.add(shape)
    return shown


def _legend(painter: QPainter, rect: QRectF, line: float, shown: set[str]) -> None:
    left = rect.left()
    middle = rect.top() + rect.height() / 2
    for shape, label, colour in (entry for entry in LEGEND if entry[0] in shown):
        if shape == "bar":
            painter.fillRect(QRectF(left, middle - line * 0.25, line * 1.2, line * 0.5), colour)
        elif shape == "line":
            pen = QPen(colour)
            pen.setWidthF(line / 8)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(left + line * 0.6, middle - line * 0.5),
                QPointF(left + line * 0.6, middle + line * 0.5),
            )
        else:
            _marker(painter, shape, QPointF(left + line * 0.6, middle), line * 0.35, colour)
        painter.setPen(QPen(QColor("#000000")))
        width = painter.fontMetrics().horizontalAdvance(label)
        painter.drawText(
            QRectF(left + line * 1.6, rect.top(), width + line, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
        left += line * 2.6 + width
