"""A part of an inspection shown as an editable table, with Add and Delete, all undoable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.gui.context import Context
from coventry_inspect.gui.delegates import CheckedDelegate, TextDelegate
from coventry_inspect.gui.row_model import Column, RowModel
from coventry_inspect.store.models import Audited

Adjust = Callable[[Any, str, Any], dict[str, Any] | None]
"""Turns one requested change into the fields to change (or None to drop it)."""


class TablePage(QWidget):
    def __init__(
        self,
        context: Context,
        title: str,
        columns: Sequence[Column],
        load: Callable[[], list[Any]],
        update: Callable[..., Any],
        *,
        delegates: dict[int, QAbstractItemDelegate] | None = None,
        adjust: Adjust | None = None,
        dependents: Callable[[list[Any]], list[Audited]] | None = None,
        can_delete: bool = True,
        wrap_rows: bool = False,
    ) -> None:
        super().__init__()
        self.wrap_rows = wrap_rows
        self.update_row = update
        self.context, self.adjust, self.dependents = context, adjust, dependents
        self.setObjectName(title)
        self.model: RowModel = RowModel(columns, load)
        self.model.edit_requested.connect(self._edit)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(wrap_rows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.activated.connect(self._open_editor)  # Return on a cell edits it, as F2 does
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(not any(column.long for column in columns))
        for number, column in enumerate(columns):
            if column.long:  # free text shares the width the other columns leave
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        if wrap_rows:  # a wrapped statement's height follows its column's width
            self._rows_to_fit = QTimer(self)
            self._rows_to_fit.setSingleShot(True)
            self._rows_to_fit.timeout.connect(self.table.resizeRowsToContents)
            header.sectionResized.connect(lambda *_: self._rows_to_fit.start(0))
        self._delegates = delegates or {}
        for number, column in enumerate(columns):
            if column.max_length is not None and number not in self._delegates:
                self._delegates[number] = TextDelegate(column.max_length)
        for number, delegate in self._delegates.items():
            delegate.setParent(self.table)
            if isinstance(delegate, CheckedDelegate):
                delegate.refuse = context.refused
            self.table.setItemDelegateForColumn(number, delegate)

        self.heading = QLabel(f"<b>{title}</b>")
        self.add_buttons: list[QPushButton] = []
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.heading)
        self.buttons.addStretch()
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName(f"Delete from {title}")
        self.delete_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setVisible(can_delete)
        self.buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table)

    def add_button(self, text: str, action: Callable[[], None], name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(action)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        self.add_buttons.append(button)
        return button

    def go_to(self, match: Callable[[Any], bool], field: str) -> bool:
        """Make the cell of ``field`` in the first row matching ``match`` the current one, in
        sight, with the keyboard focus (typing then edits it)."""
        number = next((i for i, row in enumerate(self.model.rows) if match(row)), -1)
        column = next((i for i, c in enumerate(self.model.columns) if c.field == field), 0)
        if number < 0:
            return False
        index = self.model.index(number, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_add(self) -> None:
        """The keyboard focus on the first Add button (Space then adds)."""
        target = self.add_buttons[0] if self.add_buttons else self.table
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        selected = self.selected_rows()
        ids = {row.id for row in selected}
        current = self.table.currentIndex()
        current_id = self.model.rows[current.row()].id if current.isValid() else None
        reset = self.model.refresh()
        if reset:
            self._fit_columns()
        if self.wrap_rows and reset:  # statements read whole; other tables keep one line a row
            self.table.resizeRowsToContents()
        elif self.wrap_rows:
            for number in self.model.changed:
                self.table.resizeRowToContents(number)
        if not reset:
            return  # the same rows, their data changed: selection and current cell stand
        for number, row in enumerate(self.model.rows):
            if row.id in ids:
                self.table.selectRow(number)
        if current_id is not None and (number := self.model.row_of(current_id)) >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(number, current.column()),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )

    def _fit_columns(self) -> None:
        """Size the short columns (numbers, dates, grades) to their header and values. Measured
        when the rows are read afresh, not after each edit: measuring reads every cell."""
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            if column.chars:
                width = self.table.fontMetrics().averageCharWidth() * column.chars
                self.table.setColumnWidth(number, max(width, header.sectionSizeHint(number)))
            elif column.narrow:
                self.table.setColumnWidth(number, header.sectionSizeHint(number))
            elif not column.long:
                self.table.resizeColumnToContents(number)

    def _open_editor(self, index: QModelIndex) -> None:
        editable = self.model.flags(index) & Qt.ItemFlag.ItemIsEditable
        if editable and self.table.state() != QAbstractItemView.State.EditingState:
            self.table.edit(index)

    def selected_rows(self) -> list[Any]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _edit(self, row: Any, field: str, value: Any) -> None:
        changes = self.adjust(row, field, value) if self.adjust else {field: value}
        if not changes:
            self.context.changed()
            return
        old = {name: getattr(row, name) for name in changes}
        header = next((c.header for c in self.model.columns if c.field == field), field)
        self.context.edit(f"Change {header.lower()}", self.update_row, row.id, changes, old)
        self._current_if_hidden()

    def _current_if_hidden(self) -> None:
        """The window re-reads only the page shown after an edit; a page changed while not
        shown (by a shortcut, a script, a test) shows its own change too."""
        if not self.isVisible():
            self.refresh()

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        extra = self.dependents(rows) if self.dependents else []
        what = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
        self.context.delete(f"Delete {what} from {self.objectName().lower()}", rows, extra)
        self._current_if_hidden()

    def select_id(self, row_id: object) -> None:
        """Select a row just added (so the page shows it, even if not shown when it was)."""
        self._current_if_hidden()
        number = self.model.row_of(row_id)
        if number >= 0:
            self.table.selectRow(number)
            self.table.scrollTo(self.model.index(number, 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
