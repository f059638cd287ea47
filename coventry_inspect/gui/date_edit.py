"""The one date editor of the forms and tables: a line edit that reads what is typed as a date
(domain.dates), with a calendar that opens near the inspection's dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from coventry_inspect.domain.dates import ACCEPTED, format_date, parse_date

Near = Callable[[], date | None]
"""The date a calendar opens at when the field holds none (an inspection's start date)."""


def calendar_icon() -> QIcon:
    """A small calendar page, drawn so that it needs no icon theme and scales."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#505050"))
    painter.setBrush(QColor("white"))
    painter.drawRect(QRect(6, 10, 52, 48))
    painter.fillRect(QRect(7, 11, 51, 12), QColor("#a00000"))
    for row in range(3):
        for column in range(4):
            painter.fillRect(QRect(12 + column * 12, 28 + row * 10, 7, 6), QColor("#505050"))
    painter.end()
    return QIcon(pixmap)


class DateEdit(QLineEdit):
    """Takes a date as inspectors type it; blank is no date. ``value()`` raises DateError (with
    the reason) for text it cannot read. Tab in selects it all, so Delete clears it; the clear
    button does too. F4 or Alt+Down (or the calendar button) opens the calendar."""

    chosen = Signal()
    """A date was picked in the calendar (the text now shows it)."""

    def __init__(self, parent: QWidget | None = None, near: Near | None = None) -> None:
        super().__init__(parent)
        self.near = near
        self.calendar: QCalendarWidget | None = None
        self.setPlaceholderText("not set")
        self.setToolTip(f"Type a date ({ACCEPTED}), or press F4 for a calendar")
        self.setClearButtonEnabled(True)
        self.calendar_action = self.addAction(
            calendar_icon(), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setToolTip("Choose from a calendar (F4)")
        self.calendar_action.triggered.connect(self.open_calendar)

    def value(self) -> date | None:
        return parse_date(self.text())

    def show_value(self, value: date | None) -> None:
        """Show a stored date the way it is read back ("10 March 2014")."""
        shown = format_date(value) if value else ""
        if self.text() != shown:
            self.setText(shown)
        self.setModified(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def opening_date(self) -> date:
        """The date typed, else the one near it (the inspection's), else today."""
        try:
            typed = self.value()
        except ValueError:
            typed = None
        return typed or (self.near() if self.near else None) or date.today()

    def open_calendar(self) -> None:
        if self.isReadOnly():
            return
        if self.calendar is None:
            # A child of this editor, so that a table's delegate sees focus stay inside it.
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setAccessibleName(f"{self.accessibleName()} calendar")
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._pick)
            self.calendar.activated.connect(self._pick)
        start = self.opening_date()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.setCurrentPage(start.year, start.month)
        self.calendar.adjustSize()
        wide = self.calendar.fontMetrics().horizontalAdvance(" Wed ") * 8  # whole day names
        self.calendar.resize(max(self.calendar.width(), wide), self.calendar.height())
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, picked: QDate) -> None:
        value = picked.toPython()
        assert isinstance(value, date)
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(format_date(value))
        self.setModified(True)
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.chosen.emit()
