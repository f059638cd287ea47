"""Every field of the Inspection sheet as a form; each field is saved when you leave it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.dates import DateError
from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.date_edit import DateEdit
from coventry_inspect.services import inspections
from coventry_inspect.services.limits import max_length
from coventry_inspect.store.models import Inspection, LocalAuthority

TYPING_PAUSE_MS = 800
TEXT_FIELDS = (
    ("reference", "&Reference"),
    ("authority_name", "Local &authority"),
    ("la_number", "LA &number"),
    ("sender_name", "&Sender name"),
    ("sender_title", "Sender &title"),
    ("addressee_name", "Addressee na&me"),
    ("addressee_title", "Addressee t&itle"),
)
STORED = {"authority_name": LocalAuthority.name, "la_number": LocalAuthority.la_number}
"""Form fields stored outside the inspection's own columns."""
LONG_FIELDS = (
    ("addressee_address", "Addressee a&ddress"),
    ("copy_to", "&Copy to"),
    ("summary", "S&ummary"),
)
DATE_FIELDS = (
    ("start_date", "Start &date"),
    ("end_date", "&End date"),
    ("letter_date", "&Letter date"),
    ("meeting_date", "Meeting dat&e"),
)


class CommitOnLeave(QObject):
    """Event filter that saves a multi-line field when focus leaves it."""

    def __init__(self, commit: Callable[[], object]) -> None:
        super().__init__()
        self.commit = commit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut:
            self.commit()
        return False


class DetailsPage(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("Details")
        self.inspection: Inspection | None = None
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        for kind in InspectionKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setAccessibleName("Kind")
        self.kind.activated.connect(lambda _i: self._save("kind", self.kind.currentData()))
        for name, label in TEXT_FIELDS[:1]:
            self._line(form, name, label)
        form.addRow("&Kind", self.kind)
        for name, label in TEXT_FIELDS[1:3]:
            self._line(form, name, label)
        for name, label in DATE_FIELDS:
            field = DateEdit(near=self._near)
            field.setAccessibleName(label.replace("&", ""))
            field.editingFinished.connect(partial(self._save_date, name))
            field.chosen.connect(partial(self._save_date, name))
            self.fields[name] = field
            form.addRow(label, field)
        for name, label in TEXT_FIELDS[3:]:
            self._line(form, name, label)
        for name, label in LONG_FIELDS:
            text = QPlainTextEdit()
            text.setAccessibleName(label.replace("&", ""))
            text.setTabChangesFocus(True)
            text.setMinimumHeight(60 if name != "summary" else 160)
            if name == "copy_to":
                text.setMaximumHeight(60)
            commit = CommitOnLeave(partial(self._save_text, name))
            commit.setParent(text)
            text.installEventFilter(commit)
            pause = QTimer(text)  # also saved after a pause in typing: nothing typed is lost
            pause.setSingleShot(True)
            pause.setInterval(TYPING_PAUSE_MS)
            pause.timeout.connect(partial(self._save_text, name))
            text.textChanged.connect(pause.start)
            self.fields[name] = text
            form.addRow(label, text)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #a00000; font-weight: bold")
        self.problem.setWordWrap(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(QLabel("<b>Details</b>"))
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.problem)
        inner_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        chain = [
            self.fields["reference"],
            self.kind,
            *(
                self.fields[name]
                for name, _ in (*TEXT_FIELDS[1:3], *DATE_FIELDS, *TEXT_FIELDS[3:], *LONG_FIELDS)
            ),
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # top to bottom, as the form reads
        self.tab_chain = chain

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """Leaving the page leaves its refusal behind; the fields show what is stored."""
        self.problem.setText("")
        super().hideEvent(event)

    def _line(self, form: QFormLayout, name: str, label: str) -> None:
        field = QLineEdit()
        field.setAccessibleName(label.replace("&", ""))
        limit = max_length(STORED.get(name) or getattr(Inspection, name))
        if limit is not None:
            field.setMaxLength(limit)  # a person cannot type past what is stored
        field.editingFinished.connect(partial(self._save_line, name))
        self.fields[name] = field
        form.addRow(label, field)

    def refresh(self) -> None:
        inspection = inspections.get_inspection(self.context.db, self.context.inspection_id)
        self.inspection = inspection
        values = self._values(inspection)
        for name, widget in self.fields.items():
            value = values[name]
            if isinstance(widget, DateEdit):
                if not (widget.hasFocus() and widget.isModified()):  # not while being typed
                    widget.show_value(value)
            elif isinstance(widget, QLineEdit):
                if widget.text() != value:
                    widget.setText(value)
            elif isinstance(widget, QPlainTextEdit) and widget.toPlainText() != value:
                widget.setPlainText(value)
        self.kind.setCurrentIndex(list(InspectionKind).index(inspection.kind))

    @staticmethod
    def _values(inspection: Inspection) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: getattr(inspection, name)
            for name, _ in (*TEXT_FIELDS[3:], *LONG_FIELDS, *DATE_FIELDS)
        }
        values["reference"] = inspection.reference
        values["authority_name"] = inspection.local_authority.name
        values["la_number"] = inspection.local_authority.la_number
        return values

    def _save_line(self, name: str) -> None:
        widget = self.fields[name]
        assert isinstance(widget, QLineEdit)
        value = (
            widget.text().strip()
            if name in ("reference", "authority_name", "la_number")
            else widget.text()
        )
        self._save(name, value)

    def _save_text(self, name: str) -> None:
        widget = self.fields[name]
        assert isinstance(widget, QPlainTextEdit)
        self._save(name, widget.toPlainText())

    def _near(self) -> date | None:
        """Where an empty date's calendar opens: the inspection's first date that is set."""
        if self.inspection is None:
            return None
        dates = (self.inspection.start_date, self.inspection.end_date, self.inspection.letter_date)
        return next((d for d in (*dates, self.inspection.meeting_date) if d), None)

    def _save_date(self, name: str) -> None:
        widget = self.fields[name]
        assert isinstance(widget, DateEdit)
        label = dict(DATE_FIELDS)[name].replace("&", "")
        try:
            value = widget.value()
        except DateError as error:
            self.problem.setText(f"{label}: {error}; nothing was changed")
            return
        self.problem.setText("")
        widget.show_value(value)  # what was understood: "10 March 2014"
        self._save(name, value)

    def _save(self, name: str, value: Any) -> None:
        if self.inspection is None:
            return
        old = self._values(self.inspection).get(name, getattr(self.inspection, name, None))
        if old == value:
            return
        if name in ("reference", "authority_name") and not str(value).strip():
            self.problem.setText(
                f"{'Reference' if name == 'reference' else 'Local authority'} is required"
            )
            self.refresh()
            return
        label = dict((*TEXT_FIELDS, *LONG_FIELDS, *DATE_FIELDS)).get(name, name).replace("&", "")
        if self.context.edit(
            f"Change {label.lower()}",
            partial(inspections.update_inspection, self.context.db),
            self.context.inspection_id,
            {name: value},
            {name: old},
        ):
            self.problem.setText("")
