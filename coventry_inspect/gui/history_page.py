"""Who changed what, when: the inspection's history, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from coventry_inspect.gui.context import Context
from coventry_inspect.gui.row_model import Column, Index, RowModel
from coventry_inspect.services.history import field_name, kind_name, list_history, school_of

if TYPE_CHECKING:
    from coventry_inspect.store.models import HistoryEntry

STRETCHED = ("School", "Was", "Now")
"""Columns that share the width left over and elide what does not fit; the rest fit their text."""


ROW_CHANGES = ("created", "updated", "deleted")
"""What the recorder says of one row; any other action on the inspection itself is an event
that changed many rows at once: "imported", "replaced", "restored", "merged"."""
EVENT_FROM = "Field"
"""An event's description ("merged from jsmith.xlsx") fills the cells from this column on."""


EVENT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


def is_event(entry: HistoryEntry) -> bool:
    """An import, a replacement, an undo of one, or a merge: who did it, when, from what."""
    return entry.entity == "inspection" and not entry.field and entry.action not in ROW_CHANGES


def describe_event(entry: HistoryEntry) -> str:
    """ "from jsmith.xlsx", after the Change column's "merged"."""
    return entry.new


class HistoryModel(RowModel):
    """Every cell's whole text as its tooltip, since long text is elided. An event (a merge, an
    import) reads as one line in bold: "merged", then "from jsmith.xlsx" across Field, Was and
    Now."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        entry = self.rows[index.row()]
        event = is_event(entry)
        if event and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if event and index.column() >= self.event_column and role in EVENT_ROLES:
            return describe_event(entry) if index.column() == self.event_column else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text or None
        return super().data(index, role)

    @property
    def event_column(self) -> int:
        return [c.header for c in self.columns].index(EVENT_FROM)


class HistoryPage(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("History")
        self.model = HistoryModel(
            [
                Column("When (UTC)", show=lambda e: e.at.strftime("%d %b %Y %H:%M:%S"), width=150),
                Column("Who", show=lambda e: e.user, width=90),
                Column("What", show=lambda e: kind_name(e.entity), width=120),
                Column("School", show=school_of, width=200),
                Column("Change", show=lambda e: e.action, width=70),
                Column("Field", show=lambda e: field_name(e.field), width=130),
                Column("Was", show=lambda e: e.old, width=150),
                Column("Now", show=lambda e: e.new, width=200),
            ],
            lambda: list(reversed(list_history(context.db, context.inspection_id))),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("History of changes")
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.header in STRETCHED
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(number, mode)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>History</b> — every change to this inspection"))
        layout.addWidget(self.table)
        self.model.modelReset.connect(self._span_events)
        self._span_events()

    def refresh(self) -> None:
        self.model.refresh()

    def _span_events(self) -> None:
        """An event's description across the columns of a single change's field and values."""
        self.table.clearSpans()
        start = self.model.event_column
        width = len(self.model.columns) - start
        for number, entry in enumerate(self.model.rows):
            if is_event(entry):
                self.table.setSpan(number, start, 1, width)
