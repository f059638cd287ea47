"""The live outcome panel: counts by previous grade and by outcome, movement, and a small
before → after chart, updated as grades are entered."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from coventry_inspect.domain.tally import Tally
from coventry_inspect.domain.vocabulary import Movement, PreviousGrade, SchoolGrade

LEVEL_COLOURS = {
    1: QColor("#2e7d32"),
    2: QColor("#8bc34a"),
    3: QColor("#f9a825"),
    4: QColor("#c62828"),
    None: QColor("#9e9e9e"),
}
LEVEL_NAMES = {
    1: "Outstanding",
    2: "Good",
    3: "Satisfactory / requires improvement",
    4: "Inadequate",
    None: "Not inspected before / not yet graded",
}


class BeforeAfterChart(QWidget):
    """Two stacked bars: the schools' grades before this inspection, and after it."""

    def __init__(self) -> None:
        super().__init__()
        self.before: dict[int | None, int] = {}
        self.after: dict[int | None, int] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Grades before and after this inspection")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self.fontMetrics().height() * 5)

    def set_counts(self, before: dict[int | None, int], after: dict[int | None, int]) -> None:
        self.before, self.after = before, after
        describe = "; ".join(
            f"{LEVEL_NAMES[k]}: {before.get(k, 0)} before, {after.get(k, 0)} after"
            for k in LEVEL_NAMES
            if before.get(k) or after.get(k)
        )
        self.setAccessibleDescription(describe)
        self.setToolTip(describe.replace("; ", "\n"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        line = self.fontMetrics().height()
        label_width = self.fontMetrics().horizontalAdvance("Before ") + 6
        for number, (label, counts) in enumerate((("Before", self.before), ("After", self.after))):
            top = number * line * 2.2 + 2
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, top, label_width, line * 1.6),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
            total = sum(counts.values())
            left = float(label_width)
            width = self.width() - label_width - 4
            for level in (1, 2, 3, 4, None):
                n = counts.get(level, 0)
                if not n or not total:
                    continue
                part = width * n / total
                painter.fillRect(QRectF(left, top, part, line * 1.6), LEVEL_COLOURS[level])
                painter.setPen(QColor("white"))
                painter.drawText(
                    QRectF(left, top, part, line * 1.6), int(Qt.AlignmentFlag.AlignCenter), str(n)
                )
                left += part
        painter.end()


class OutcomePanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Outcomes")
        self.setAccessibleName("Outcomes")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.chart = BeforeAfterChart()
        self.grid = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Outcomes so far</b>"))
        layout.addWidget(self.chart)
        layout.addWidget(self.summary)
        layout.addStretch()

    def show_tally(self, tally: Tally) -> None:
        before: dict[int | None, int] = {}
        for grade, n in tally.previous.items():
            before[grade.level] = before.get(grade.level, 0) + n
        after: dict[int | None, int] = {grade.value: n for grade, n in tally.outcomes.items()}
        ungraded = tally.inspected - sum(tally.outcomes.values())
        if ungraded:
            after[None] = ungraded
        self.chart.set_counts(before, after)
        rows = [
            "<table cellspacing=4>",
            "<tr><th align=left>Previous grade</th><th>Schools</th></tr>",
        ]
        rows += [
            f"<tr><td>{g.label}</td><td align=center>{tally.previous[g]}</td></tr>"
            for g in PreviousGrade
            if tally.previous[g]
        ]
        rows.append("<tr><th align=left>Outcome</th><th></th></tr>")
        rows += [
            f"<tr><td>{g.label}</td><td align=center>{tally.outcomes[g]}</td></tr>"
            for g in SchoolGrade
            if tally.outcomes[g]
        ]
        if ungraded:
            rows.append(f"<tr><td><i>Not yet graded</i></td><td align=center>{ungraded}</td></tr>")
        rows.append("<tr><th align=left>Movement</th><th></th></tr>")
        rows += [
            f"<tr><td>{m.label.capitalize()}</td><td align=center>{tally.movements[m]}</td></tr>"
            for m in Movement
        ]
        rows.append(
            f"<tr><td>Surveyed by telephone</td><td align=center>{tally.surveyed}</td></tr></table>"
        )
        self.summary.setText("".join(rows))
