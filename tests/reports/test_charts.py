"""The LEA record's summary charts explain only what they draw."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from coventry_inspect.reports.charts import AVERAGE, SELF_EVALUATION, ChartRow, draw_chart
from coventry_inspect.reports.fonts import register_fonts, report_font
from coventry_inspect.reports.qt import gui_application


def colours_drawn(rows: list[ChartRow]) -> set[str]:
    gui_application()
    register_fonts()
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(report_font(10))
    draw_chart(painter, QRectF(10, 10, 880, 580), "Section 1: Context", rows)
    painter.end()
    return {image.pixelColor(x, y).name() for x in range(0, 900, 2) for y in range(0, 600, 2)}


def test_a_chart_without_self_evaluations_or_averages_does_not_list_them_in_its_legend() -> None:
    plain = colours_drawn([ChartRow("1.1", 3), ChartRow("1.2", 4, previous=5)])
    assert SELF_EVALUATION.name() not in plain
    assert AVERAGE.name() not in plain


def test_a_chart_with_them_draws_and_explains_them() -> None:
    full = colours_drawn([ChartRow("1.1", 3, self_evaluation=2, previous=4, average=3.5)])
    assert SELF_EVALUATION.name() in full
    assert AVERAGE.name() in full
