"""The main window: for now, the list of inspections in the open database."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMainWindow, QTableView

from coventry_inspect.gui.inspection_list import InspectionListModel
from coventry_inspect.store.database import Database


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(f"Coventry Inspect — {db.display_name}")
        self.inspections = InspectionListModel(db)
        self.table = QTableView()
        self.table.setModel(self.inspections)
        self.table.setAccessibleName("Inspections")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setCentralWidget(self.table)
        count = self.inspections.rowCount()
        self.count_label = QLabel(f"{count} inspection{'s' if count != 1 else ''}")
        self.statusBar().addWidget(self.count_label)
        self.resize(900, 500)
