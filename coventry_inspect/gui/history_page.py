"""Who changed what, when: the inspection's history, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from coventry_inspect.gui.context import Context
from coventry_inspect.gui.row_model import Column, RowModel
from coventry_inspect.services.history import list_history

ENTITY_NAMES = {
    "inspection": "Details",
    "inspected_school": "School inspected",
    "surveyed_school": "Surveyed school",
    "key_question": "Key question",
    "response": "Response",
    "finding": "Finding",
    "judgement": "Judgement",
    "recommendation": "Recommendation",
    "school": "Register",
    "local_authority": "Local authority",
}


class HistoryPage(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("History")
        self.model = RowModel(
            [
                Column("When (UTC)", show=lambda e: e.at.strftime("%d %b %Y %H:%M:%S"), width=150),
                Column("Who", show=lambda e: e.user, width=90),
                Column("What", show=lambda e: ENTITY_NAMES.get(e.entity, e.entity), width=120),
                Column("Change", show=lambda e: e.action, width=70),
                Column("Field", show=lambda e: e.field.replace("_", " "), width=130),
                Column("Was", show=lambda e: e.old, width=150),
                Column("Now", show=lambda e: e.new, width=200),
            ],
            lambda: list(reversed(list_history(context.db, context.inspection_id))),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("History of changes")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for number, column in enumerate(self.model.columns):
            self.table.setColumnWidth(number, column.width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>History</b> — every change to this inspection"))
        layout.addWidget(self.table)

    def refresh(self) -> None:
        self.model.refresh()
