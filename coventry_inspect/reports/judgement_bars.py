"""The responses to each key question as stacked bars by judgement, drawn with QPainter so that
they print as vectors (the evidence annex; the workbook's Analysis sheet has Excel's own).

Each segment carries its count, and the mixed and not-judged segments are hatched, so the bars
read without colour vision; the legend lists the judgements in the order they stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from coventry_inspect.services.analysis import Judgement

COLOURS = {
    Judgement.POSITIVE: QColor("#2e7d32"),
    Judgement.MIXED: QColor("#f2c14e"),
    Judgement.NEGATIVE: QColor("#b71c1c"),
    Judgement.NOT_JUDGED: QColor("#bdbdbd"),
}
"""As the Analysis sheet's chart: dark, light, dark, light, so neighbours differ in lightness."""
HATCHES = {
    Judgement.MIXED: Qt.BrushStyle.BDiagPattern,
    Judgement.NOT_JUDGED: Qt.BrushStyle.Dense6Pattern,
}
TEXT_ON = {
    Judgement.POSITIVE: QColor("#ffffff"),
    Judgement.MIXED: QColor("#000000"),
    Judgement.NEGATIVE: QColor("#ffffff"),
    Judgement.NOT_JUDGED: QColor("#000000"),
}
ROW_LINES = 1.8
"""Height of one question's band, in lines of the painter's font."""
FRAME_LINES = 4.5
"""Lines besides the bands: the counts' axis under them, a gap and the legend."""


@dataclass(frozen=True)
class Bar:
    label: str
    """What the bar is, at its left: "Q1"."""
    counts: tuple[int, ...]
    """Responses per judgement, in :class:`Judgement`'s order."""


def bars_height(bars: int, line: float) -> float:
    """Height the chart of ``bars`` bars needs, for a font line height of ``line``."""
    return line * (ROW_LINES * bars + FRAME_LINES)


def _step(most: int) -> int:
    """A tick every 1, 2, 5, 10, 20, 50… responses: at most about eight ticks."""
    step = 1
    while most / step > 8:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if most / step <= 8:
                break
    return step


def draw_bars(painter: QPainter, rect: QRectF, bars: Sequence[Bar]) -> None:
    painter.save()
    line = painter.fontMetrics().height()
    label_width = max(painter.fontMetrics().horizontalAdvance(b.label) for b in bars) + line
    total_width = painter.fontMetrics().horizontalAdvance("0000") + line * 0.5
    most = max([sum(b.counts) for b in bars] + [1])
    step = _step(most)
    top = most if most % step == 0 else (most // step + 1) * step
    plot = QRectF(
        rect.left() + label_width,
        rect.top(),
        rect.width() - label_width - total_width,
        line * ROW_LINES * len(bars),
    )

    def x(n: float) -> float:
        return plot.left() + n / top * plot.width()

    grid = QPen(QColor("#bfbfbf"))
    grid.setWidthF(max(1.0, line / 20))
    black = QPen(QColor("#000000"))
    for tick in range(0, top + 1, step):
        painter.setPen(grid)
        painter.drawLine(QPointF(x(tick), plot.top()), QPointF(x(tick), plot.bottom()))
        painter.setPen(black)
        painter.drawText(
            QRectF(x(tick) - line * 2, plot.bottom() + line * 0.2, line * 4, line),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            str(tick),
        )
    painter.drawText(
        QRectF(plot.left(), plot.bottom() + line * 1.2, plot.width(), line),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        "Responses",
    )
    band = line * ROW_LINES
    for index, bar in enumerate(bars):
        middle = plot.top() + band * (index + 0.5)
        painter.setPen(black)
        painter.drawText(
            QRectF(rect.left(), middle - band / 2, label_width - line * 0.4, band),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            bar.label,
        )
        left = 0
        for judgement, n in zip(Judgement, bar.counts, strict=True):
            if not n:
                continue
            segment = QRectF(x(left), middle - band * 0.32, x(left + n) - x(left), band * 0.64)
            _fill(painter, segment, judgement)
            text = str(n)
            if painter.fontMetrics().horizontalAdvance(text) + line * 0.3 < segment.width():
                painter.setPen(QPen(TEXT_ON[judgement]))
                painter.drawText(segment, int(Qt.AlignmentFlag.AlignCenter), text)
            left += n
        painter.setPen(black)
        painter.drawText(
            QRectF(x(left) + line * 0.3, middle - band / 2, total_width + line, band),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(left),
        )
    painter.setPen(black)
    painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
    _legend(painter, QRectF(rect.left(), plot.bottom() + line * 2.6, rect.width(), line * 1.5))
    painter.restore()


def _fill(painter: QPainter, rect: QRectF, judgement: Judgement) -> None:
    painter.fillRect(rect, COLOURS[judgement])
    hatch = HATCHES.get(judgement)
    if hatch is not None:
        painter.fillRect(rect, QBrush(COLOURS[judgement].darker(160), hatch))
    edge = QPen(QColor("#ffffff"))
    edge.setWidthF(max(1.0, painter.fontMetrics().height() / 16))
    painter.setPen(edge)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)


def _legend(painter: QPainter, rect: QRectF) -> None:
    line = painter.fontMetrics().height()
    left = rect.left()
    middle = rect.top() + rect.height() / 2
    for judgement in Judgement:
        _fill(painter, QRectF(left, middle - line * 0.35, line * 1.4, line * 0.7), judgement)
        painter.setPen(QPen(QColor("#000000")))
        width = painter.fontMetrics().horizontalAdvance(judgement.value)
        painter.drawText(
            QRectF(left + line * 1.8, rect.top(), width + line, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            judgement.value,
        )
        left += line * 3.2 + width
