"""Who changed what, when: the inspection's history, newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from coventry_inspect.gui.context import Context
from coventry_inspect.gui.row_model import Column, Index, RowModel
from coventry_inspect.services.history import field_name, kind_name, list_history, school_of

STRETCHED = ("School", "Was", "Now")
"""Columns that share the width left over and elide what does not fit; the rest fit their text."""


class HistoryModel(RowModel):
    """Every cell's whole text as its tooltip, since long text is elided."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text or None
        return super().data(index, role)


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

    def refresh(self) -> None:
        self.model.refresh()
