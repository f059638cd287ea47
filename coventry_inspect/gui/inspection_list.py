"""A table model over the list of inspections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from coventry_inspect.domain.wording import date_range
from coventry_inspect.services.inspections import list_inspections
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Reference", "Kind", "Authority", "Dates")
LONG_COLUMNS = (1, 2)
"""Kind and authority share the width that reference and dates (sized to them) leave."""


class InspectionListModel(QAbstractTableModel):
    """Reference, kind, authority and dates of every inspection, read through the services."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self.rows: list[Inspection] = []
        self.refresh()

    def refresh(self) -> None:
        """Re-read the list; reset (and so re-measure the columns) only when it changed."""
        rows = list_inspections(self._db)
        if [self._shown(r) for r in rows] == [self._shown(r) for r in self.rows]:
            self.rows = rows
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    @staticmethod
    def _shown(inspection: Inspection) -> tuple[object, ...]:
        return (
            inspection.id,
            inspection.reference,
            inspection.kind.label,
            inspection.local_authority.name,
            date_range(inspection.start_date, inspection.end_date),
        )

    def inspection(self, row: int) -> Inspection:
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
        return self._shown(self.rows[index.row()])[index.column() + 1]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def fit_columns(table: QTableView) -> None:
    """Reference and dates as wide as they are, never cut; kind and authority stretch (and are
    cut short with "…", whole in their tooltip, when the list is narrow)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for number in range(len(COLUMNS)):
        if number in LONG_COLUMNS:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
    model = table.model()

    def measure() -> None:  # once per reset of the list, not as each row is drawn
        for number in range(len(COLUMNS)):
            if number not in LONG_COLUMNS:
                table.resizeColumnToContents(number)

    model.modelReset.connect(measure)
    measure()
