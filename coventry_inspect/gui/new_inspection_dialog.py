"""Inspection › New inspection…: kind, local authority, dates and reference in one dialog.

The reference is suggested from the authority and the start date, the way the examples are
named (COV-2013-03: Coventry, March 2013), and follows what is typed until the inspector edits
it. OK stays disabled, with the reason shown, while anything is missing or the reference is
taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.dates import DateError, format_date
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.gui.choice_edit import ChoiceEdit
from coventry_inspect.gui.date_edit import DateEdit

FOCUSED_WEEK = timedelta(days=4)
"""A focused inspection runs Monday to Friday: its end date is offered four days on."""
_MINOR_WORDS = {"and", "of", "the", "upon", "on", "in", "city", "county", "borough", "council"}


@dataclass(frozen=True)
class NewInspection:
    reference: str
    kind: InspectionKind
    authority: str
    start_date: date
    end_date: date


def authority_code(authority: str) -> str:
    """Three letters for the authority: a one-word name's first three ("Coventry" → COV),
    else the initials of its main words ("North Yorkshire" → NY, "Isle of Wight" → IW)."""
    words = re.findall(r"[A-Za-z]+", authority)
    main = [w for w in words if w.lower() not in _MINOR_WORDS] or words
    if not main:
        return ""
    if len(main) == 1:
        return str(main[0][:3]).upper()
    return "".join(w[0] for w in main[:3]).upper()


def suggest_reference(authority: str, start: date, taken: Collection[str]) -> str:
    """``COV-2013-03`` (authority, year, month of the start date), or ``COV-2013-03-2``… when
    that is already taken."""
    base = f"{authority_code(authority)}-{start.year}-{start.month:02d}"
    reference, number = base, 1
    while reference.casefold() in {t.casefold() for t in taken}:
        number += 1
        reference = f"{base}-{number}"
    return reference


class NewInspectionDialog(QDialog):
    """Asks for everything a new inspection needs; ``create`` stores it (and may raise a
    service error, shown in the dialog, which then stays open)."""

    def __init__(
        self,
        parent: QWidget | None,
        taken: Collection[str],
        authorities: list[str],
        create: Callable[[NewInspection], object],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New inspection")
        self.setObjectName("newInspectionDialog")
        self.taken = {t.casefold() for t in taken}
        self.taken_list = list(taken)
        self.store = create
        self.reference_typed = False  # once the inspector edits the reference, it is theirs

        self.kind = QComboBox()
        self.kind.addItems([k.label for k in InspectionKind])
        self.kind.setAccessibleName("Kind")
        self.authority = ChoiceEdit(authorities)
        self.authority.setAccessibleName("Local authority")
        self.authority.setToolTip("The local authority inspected; those used before are offered")
        self.start = DateEdit(near=None)
        self.start.setAccessibleName("Start date")
        self.end = DateEdit(near=self._start_or_none)
        self.end.setAccessibleName("End date")
        self.end_typed = False
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Reference")
        self.reference.setPlaceholderText("suggested from the authority and start date")
        self.reason = QLabel()
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #a00000")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("Local &authority:", self.authority)
        form.addRow("&Start date:", self.start)
        form.addRow("&End date:", self.end)
        form.addRow("&Reference:", self.reference)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        for field in (self.kind, self.authority, self.start, self.end, self.reference):
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("M") * 22)

        self.kind.currentIndexChanged.connect(self._changed)
        self.authority.textChanged.connect(self._changed)
        self.start.textChanged.connect(self._changed)
        self.end.textEdited.connect(self._end_edited)
        self.end.textChanged.connect(self._changed)
        self.reference.textEdited.connect(self._reference_edited)
        self._changed()
        self.kind.setFocus()

    # -- reading the fields ------------------------------------------------------------------

    def _start_or_none(self) -> date | None:
        try:
            return self.start.value()
        except DateError:
            return None

    def _end_edited(self) -> None:
        self.end_typed = True

    def _reference_edited(self) -> None:
        self.reference_typed = True
        self._changed()

    def chosen_kind(self) -> InspectionKind:
        kind = InspectionKind.from_label(self.kind.currentText())
        assert isinstance(kind, InspectionKind)
        return kind

    def _changed(self) -> None:
        start = self._start_or_none()
        focused = self.chosen_kind() is InspectionKind.FOCUSED
        if start is not None and focused and not self.end_typed:
            offered = format_date(start + FOCUSED_WEEK)
            if self.end.text() != offered:
                self.end.blockSignals(True)  # this is that change
                self.end.setText(offered)
                self.end.blockSignals(False)
        if not self.reference_typed:
            authority = self.authority.text().strip()
            suggested = (
                suggest_reference(authority, start, self.taken_list)
                if authority and start is not None and authority_code(authority)
                else ""
            )
            if self.reference.text() != suggested:
                self.reference.setText(suggested)
        problem = self.problem()
        self.reason.setText(problem)
        self.ok.setEnabled(not problem)
        self.ok.setToolTip(problem)

    def problem(self) -> str:
        """Why the inspection cannot be created yet ("" when it can)."""
        if not self.authority.text().strip():
            return "Type the local authority."
        try:
            start, end = self.start.value(), self.end.value()
        except DateError as error:
            return str(error)
        if start is None:
            return "Type the start date."
        if end is None:
            return "Type the end date."
        if end < start:
            return "The end date is before the start date."
        reference = self.reference.text().strip()
        if not reference:
            return "Type a reference."
        if reference.casefold() in self.taken:
            return f"An inspection with reference {reference} already exists."
        return ""

    def inspection(self) -> NewInspection | None:
        if self.problem():
            return None
        start, end = self.start.value(), self.end.value()
        assert start is not None
        assert end is not None
        return NewInspection(
            self.reference.text().strip(),
            self.chosen_kind(),
            self.authority.text().strip(),
            start,
            end,
        )

    def accept(self) -> None:
        from coventry_inspect.gui.errors import user_message

        wanted = self.inspection()
        if wanted is None:
            return
        try:
            self.store(wanted)
        except Exception as error:
            message = user_message(error)
            if message is None:
                raise
            self.reason.setText(message)
            return
        super().accept()
