"""Pick a school from the register by URN or name, as you type; or enter one not yet in it.

The register is searched in the database a moment after each pause in typing (a national
register is 50,000 schools: only the schools shown are read)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.validation import check_urn
from coventry_inspect.domain.vocabulary import Phase
from coventry_inspect.gui.register_model import RegisterModel
from coventry_inspect.services.limits import max_length
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import School

Chosen = tuple[str, str, Phase]
TYPING_PAUSE_MS = 150
"""The search runs once typing pauses this long, not at every key."""


class RegisterDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a school from the register")
        self.model = RegisterModel(db)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a URN or part of a school's name")
        self.search.setAccessibleName("Search the register")
        self.search.setClearButtonEnabled(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self._filter)
        self.search.textChanged.connect(lambda _text: self.pause.start())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Schools in the register")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # By name, as the model first reads it (so enabling sorting reads nothing again).
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4):  # never narrower than the header ("Local authority")
            header.resizeSection(
                column, max(header.sectionSize(column), header.sectionSizeHint(column))
            )
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.table.verticalScrollBar().valueChanged.connect(self._near_end)
        self.count = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.search.returnPressed.connect(self.accept)
        self._update_count()
        self.resize(820, 520)

    def _filter(self) -> None:
        """Search for what is typed now (at once, if a pause in typing was awaited)."""
        self.pause.stop()
        self.model.set_filter(self.search.text())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_count()

    def _near_end(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if value >= bar.maximum() - bar.pageStep() and self.model.can_read_more():
            self.model.read_more()

    def accept(self) -> None:
        if self.pause.isActive():  # Return typed straight after the name: search first
            self._filter()
        super().accept()

    def _update_count(self) -> None:
        shown, total = self.model.matching, self.model.total
        self.count.setText(
            f"{shown:,} of {total:,} schools"
            if total
            else "The register is empty: import one (File › Import school register…), or "
            "cancel and add a new school by hand."
        )

    def chosen(self) -> Chosen | None:
        if self.pause.isActive():
            self._filter()
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        urn, name, phase_label, *_ = self.model.entry(rows[0].row())
        phase = Phase.from_label(phase_label) if phase_label else Phase.PRIMARY
        assert isinstance(phase, Phase)
        return urn, name, phase


class NewSchoolDialog(QDialog):
    """A school not in the register: URN, name and phase, checked before it is accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a school not in the register")
        self.urn = QLineEdit()
        self.urn.setAccessibleName("URN")
        self.urn.setInputMask("999999;_")
        self.name = QLineEdit()
        self.name.setAccessibleName("School name")
        self.name.setMaxLength(max_length(School.name) or 32_767)
        self.phase = QComboBox()
        self.phase.setAccessibleName("Phase")
        for phase in Phase:
            self.phase.addItem(phase.label, phase)
        self.phase.setCurrentIndex(list(Phase).index(Phase.PRIMARY))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a00000")
        form = QFormLayout(self)
        form.addRow("&URN", self.urn)
        form.addRow("&Name", self.name)
        form.addRow("&Phase", self.phase)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        problems = check_urn(self.urn.text().strip())
        if not self.name.text().strip():
            self.problem.setText("Enter the school's name")
        elif problems:
            self.problem.setText(problems[0].message)
        else:
            self.accept()

    def chosen(self) -> Chosen:
        return self.urn.text().strip(), self.name.text().strip(), self.phase.currentData()
