"""A table model over the list of inspections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coventry_inspect.domain.wording import date_range
from coventry_inspect.services.inspections import list_inspections
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Reference", "Kind", "Authority", "Dates")


class InspectionListModel(QAbstractTableModel):
    """Reference, kind, authority and dates of every inspection, read through the services."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self.rows: list[Inspection] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = list_inspections(self._db)
        self.endResetModel()

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
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        inspection = self.rows[index.row()]
        return (
            inspection.reference,
            inspection.kind.label,
            inspection.local_authority.name,
            date_range(inspection.start_date, inspection.end_date),
        )[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
