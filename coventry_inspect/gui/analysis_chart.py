"""The Analysis part's chart: one horizontal bar per key question (and per value of a split),
its responses stacked by judgement. Each judgement has a colour, a pattern and a letter, so the
chart reads without colour vision; counts are written in the segments wide enough for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from coventry_inspect.gui.analysis_counts import CountRow, short
from coventry_inspect.reports.judgement_bars import COLOURS, TEXT_ON
from coventry_inspect.services.analysis import Judgement


@dataclass(frozen=True)
class Style:
    colour: QColor
    pattern: Qt.BrushStyle
    letter: str
    ink: QColor
    """The colour of text written on the colour."""


PATTERNS = {
    Judgement.POSITIVE: Qt.BrushStyle.NoBrush,
    Judgement.MIXED: Qt.BrushStyle.BDiagPattern,
    Judgement.NEGATIVE: Qt.BrushStyle.DiagCrossPattern,
    Judgement.NOT_JUDGED: Qt.BrushStyle.Dense6Pattern,
}
LETTERS = {
    Judgement.POSITIVE: "P",
    Judgement.MIXED: "M",
    Judgement.NEGATIVE: "N",
    Judgement.NOT_JUDGED: "–",
}
STYLES = {j: Style(COLOURS[j], PATTERNS[j], LETTERS[j], TEXT_ON[j]) for j in Judgement}
"""Each judgement's colour, pattern over it and letter; shared by the chart and the grid. The
colours are the evidence annex's (reports/judgement_bars), so screen and print agree."""


def fill(painter: QPainter, rect: QRectF, judgement: Judgement) -> None:
    """A segment or cell in the judgement's colour with its pattern drawn over it."""
    style = STYLES[judgement]
    painter.fillRect(rect, style.colour)
    if style.pattern is not Qt.BrushStyle.NoBrush:
        lines = QColor(style.ink)
        lines.setAlpha(70)
        painter.fillRect(rect, QBrush(lines, style.pattern))


class AnalysisChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Chart of responses by judgement for each key question")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMouseTracking(True)
        self.rows: list[CountRow] = []
        self._bars: list[tuple[QRectF, CountRow]] = []

    def set_rows(self, rows: Sequence[CountRow]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription(
            "; ".join(
                f"{row.label}: "
                + ", ".join(
                    f"{n} {j.value.lower()}" for j, n in zip(Judgement, row.counts, strict=True)
                )
                for row in self.rows
            )
        )
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _line(self) -> float:
        return float(self.fontMetrics().height())

    def _height(self) -> int:
        line = self._line()
        bars = sum(2.0 if not row.sub else 1.5 for row in self.rows)
        return int(line * (bars + 4.5))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        line = self._line()
        metrics = self.fontMetrics()
        text = self.palette().text().color()
        left = line
        self._legend(painter, QPointF(left, line * 0.5))
        bold = QFont(self.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        label_width = min(
            self.width() * 0.4,
            max(
                (
                    (metrics if row.sub else strong).horizontalAdvance(self._label(row))
                    + (line if row.sub else 0)
                    for row in self.rows
                ),
                default=0,
            )
            + line,
        )
        plot_left = left + label_width
        plot_width = max(self.width() - plot_left - line * 3, line)
        most = max((row.total for row in self.rows), default=0) or 1
        top = line * 2.5
        grow = min(max(self.height() / self._height(), 1.0), 1.6)  # few bars: bigger ones
        self._bars = []
        for row in self.rows:
            band = line * (2.0 if not row.sub else 1.5) * grow
            height = line * (1.4 if not row.sub else 1.1) * min(grow, 1.4)
            bar_top = top + (band - height) / 2
            painter.setFont(bold if not row.sub else self.font())
            painter.setPen(text)
            indent = 0.0 if not row.sub else line
            painter.drawText(
                QRectF(left + indent, top, label_width - indent - line / 2, band),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                (metrics if row.sub else strong).elidedText(
                    self._label(row),
                    Qt.TextElideMode.ElideRight,
                    int(label_width - indent - line / 2),
                ),
            )
            painter.setFont(self.font())
            x = plot_left
            for judgement, n in zip(Judgement, row.counts, strict=True):
                if not n:
                    continue
                width = plot_width * n / most
                segment = QRectF(x, bar_top, width, height)
                fill(painter, segment, judgement)
                painter.setPen(QPen(self.palette().base().color(), max(1.0, line / 14)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(segment)
                shown = str(n)
                if metrics.horizontalAdvance(shown) + line * 0.6 <= width:
                    self._count(painter, segment, shown)
                x += width
            painter.setPen(text)
            painter.drawText(
                QRectF(x + line / 3, top, line * 3, band),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(row.total),
            )
            self._bars.append((QRectF(0, top, self.width(), band), row))
            top += band
        axis = QPen(text)
        axis.setWidthF(max(1.0, line / 16))
        painter.setPen(axis)
        painter.drawLine(QPointF(plot_left, line * 2.5), QPointF(plot_left, top))
        painter.end()

    @staticmethod
    def _label(row: CountRow) -> str:
        return row.sub if row.sub else f"{row.question}. {short(row.text, 40)}"

    def _count(self, painter: QPainter, segment: QRectF, shown: str) -> None:
        """The count on a small pale label, legible over any colour and pattern."""
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(shown) + self._line() * 0.4
        label = QRectF(
            segment.center().x() - width / 2,
            segment.center().y() - metrics.height() / 2,
            width,
            metrics.height(),
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(label, 3, 3)
        painter.setPen(QColor("#000000"))
        painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), shown)

    def _legend(self, painter: QPainter, at: QPointF) -> None:
        line = self._line()
        x = at.x()
        painter.setPen(self.palette().text().color())
        for judgement in Judgement:
            swatch = QRectF(x, at.y() + line * 0.15, line * 1.6, line * 0.9)
            fill(painter, swatch, judgement)
            painter.setPen(QPen(self.palette().text().color(), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(swatch)
            label = f"{STYLES[judgement].letter} {judgement.value}"
            painter.drawText(
                QRectF(swatch.right() + line * 0.3, at.y(), line * 10, line * 1.2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x = swatch.right() + line * 0.3 + self.fontMetrics().horizontalAdvance(label) + line

    def row_at(self, point: QPointF) -> CountRow | None:
        return next((row for rect, row in self._bars if rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        row = self.row_at(event.position())
        if row is None:
            QToolTip.hideText()
            return
        tip = f"{row.question}. {row.text}" + (f"\n{row.sub}" if row.sub else "") + "\n"
        tip += (
            ", ".join(f"{j.value}: {n}" for j, n in zip(Judgement, row.counts, strict=True))
            + f"; total {row.total}"
        )
        QToolTip.showText(event.globalPosition().toPoint(), tip, self)
