"""The LEA report's summary charts in the Judgements view, drawn by the same code that prints
them, and redrawn as grades change."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from coventry_inspect.reports.charts import ChartRow, chart_height, draw_chart


class JudgementCharts(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Summary charts by section")
        self.charts: list[tuple[str, list[ChartRow]]] = []

    def set_charts(self, charts: list[tuple[str, list[ChartRow]]]) -> None:
        self.charts = charts
        self.setMinimumHeight(int(self._height()))
        self.updateGeometry()
        self.update()

    def _height(self) -> float:
        line = self.fontMetrics().height()
        return sum(chart_height(len(rows), line) + line for _title, rows in self.charts) + line

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, int(self._height()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        line = self.fontMetrics().height()
        top = line / 2
        for title, rows in self.charts:
            height = chart_height(len(rows), line)
            draw_chart(painter, QRectF(line, top, self.width() - 2 * line, height), title, rows)
            top += height + line
        painter.end()
