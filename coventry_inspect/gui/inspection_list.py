"""A table model over the list of inspections."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from coventry_inspect.services.listing import Listed, list_rows, listed
from coventry_inspect.store.database import Database

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Reference", "Kind", "Authority", "Dates")
LONG_COLUMNS = (1, 2)
"""Kind and authority share the width that reference and dates (sized to them) leave."""


class InspectionListModel(QAbstractTableModel):
    """Reference, kind, authority and dates of every inspection, read through the services.

    The whole list is read when it is built and when inspections come or go (:meth:`refresh`);
    after an edit only the inspection edited is read again (:meth:`refresh_row`)."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self.rows: list[Listed] = []
        self.refresh()

    def refresh(self) -> None:
        """Re-read the list; reset (and so re-measure the columns) only when it changed."""
        rows = list_rows(self._db)
        if [r.shown for r in rows] == [r.shown for r in self.rows] and [r.id for r in rows] == [
            r.id for r in self.rows
        ]:
            self.rows = rows
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def refresh_row(self, inspection_id: uuid.UUID) -> None:
        """Re-read one inspection after an edit of it: its row changes only if what it shows
        did; the whole list is read again only if it is gone or its place in the list moved."""
        number = self.row_of(inspection_id)
        now = listed(self._db, inspection_id)
        if number < 0 or now is None or not self._in_place(number, now):
            self.refresh()
            return
        if now == self.rows[number]:
            return
        self.rows[number] = now
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))

    def _in_place(self, number: int, row: Listed) -> bool:
        before = self.rows[number - 1].order if number > 0 else None
        after = self.rows[number + 1].order if number + 1 < len(self.rows) else None
        return (before is None or before <= row.order) and (after is None or row.order <= after)

    def inspection(self, row: int) -> Listed:
        return self.rows[row]

    def row_of(self, inspection_id: object) -> int:
        return next((i for i, row in enumerate(self.rows) if row.id == inspection_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        shown = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,  # the whole text where a narrow column cuts it short
        )
        if role not in shown or not 0 <= index.column() < len(COLUMNS):
            return None
        return self.rows[index.row()].shown[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def fit_columns(table: QTableView) -> None:
    """Reference and dates as wide as they are, never cut; kind and authority stretch (and are
    cut short with "…", whole in their tooltip, when the list is narrow).

    Measured cheaply: the widest text of a column is found by its font's advance and only that
    cell is measured by the view (resizeColumnToContents asks the model for every role of a
    thousand cells). Measured again when the list is read afresh; an edited row only widens
    its column if it no longer fits."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for number in range(len(COLUMNS)):
        if number in LONG_COLUMNS:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
    model = table.model()
    assert isinstance(model, InspectionListModel)
    short = [number for number in range(len(COLUMNS)) if number not in LONG_COLUMNS]

    def width_of(rows: range, column: int) -> int:
        metrics = table.fontMetrics()
        widest = max(rows, key=lambda r: metrics.horizontalAdvance(model.rows[r].shown[column]))
        cell = table.sizeHintForIndex(model.index(widest, column)).width()
        return cell + (1 if table.showGrid() else 0)

    def measure() -> None:
        for column in short:
            rows = range(len(model.rows))
            content = width_of(rows, column) if rows else 0
            header.resizeSection(column, max(content, header.sectionSizeHint(column)))

    def widen(top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object) -> None:
        for column in short:
            needed = width_of(range(top_left.row(), bottom_right.row() + 1), column)
            if needed > header.sectionSize(column):
                header.resizeSection(column, needed)

    model.modelReset.connect(measure)
    model.dataChanged.connect(widen)
    measure()
