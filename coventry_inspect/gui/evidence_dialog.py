"""A finding's evidence: the responses that support it (school, question, respondent,
judgement and what was said), with the links taken away or more added from the inspection's
responses, found by school, question or words. Each change is one undoable edit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.support import Support
from coventry_inspect.domain.vocabulary import FindingKind, Respondent
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.evidence_actions import link_responses, unlink_responses
from coventry_inspect.gui.evidence_text import finding_name, flag_text, flag_tip
from coventry_inspect.services import crud, evidence, support
from coventry_inspect.services.errors import NotFoundError
from coventry_inspect.store.models import Finding, Response

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("School", "Q", "Respondent", "Judgement", "Response")


def _order(response: Response) -> tuple[str, int, int]:
    return (
        response.school.name.casefold(),
        response.key_question.number,
        list(Respondent).index(response.respondent),
    )


def _words(response: Response) -> str:
    """Everything a filter's words are looked for in."""
    judgement = response.judgement.label if response.judgement else "not judged"
    return " ".join(
        (
            response.school.name,
            response.school.urn,
            f"Q{response.key_question.number}",
            response.key_question.text,
            response.respondent.label,
            judgement,
            response.text,
        )
    ).casefold()


def matches(response: Response, typed: str) -> bool:
    """Every word typed is in the school's name or URN, the question ("q2" or its words), the
    respondent, the judgement or the response."""
    haystack = _words(response)
    return all(word in haystack for word in typed.casefold().split())


class ResponsesModel(QAbstractTableModel):
    """Responses as rows: school, question number, respondent, judgement, what was said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Response] = []

    def set_rows(self, rows: list[Response]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return "Key question number" if section == 1 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        response = self.rows[index.row()]
        shown = (
            response.school.name,
            str(response.key_question.number),
            response.respondent.label,
            response.judgement.label if response.judgement else "—",
            response.text,
        )[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 3:
                return shown if response.judgement else "not judged"
            return shown
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (0, 4):
            return shown
        return None


def _table(name: str, model: ResponsesModel, *, wrap: bool) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(0, table.fontMetrics().averageCharWidth() * 26)
    return table


class EvidenceDialog(QDialog):
    def __init__(self, context: Context, finding_id: uuid.UUID, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context, self.finding_id = context, finding_id
        self.setObjectName("Evidence")
        self.setWindowTitle("Evidence")
        self.finding: Finding | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("How the finding is supported")

        self.linked_model = ResponsesModel(self)
        self.linked = _table("Supporting responses", self.linked_model, wrap=True)
        self.linked.horizontalHeader().sectionResized.connect(
            lambda *_: self.linked.resizeRowsToContents()  # wrapped to the width it now has
        )
        self.remove_button = QPushButton("&Remove from the evidence")
        self.remove_button.setAccessibleName("Remove the chosen responses from the evidence")
        self.remove_button.clicked.connect(self.remove_chosen)
        self.linked.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.filter = QLineEdit()
        self.filter.setAccessibleName("Find responses to add")
        self.filter.setPlaceholderText(
            "Find by school, question (q2), respondent, judgement or words…"
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _text: self._show_others())
        self.others_model = ResponsesModel(self)
        self.others = _table("Responses to add", self.others_model, wrap=False)
        self.others.doubleClicked.connect(lambda _index: self.add_chosen())
        self.others.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton("&Add to the evidence")
        self.add_button.setAccessibleName("Add the chosen responses to the evidence")
        self.add_button.clicked.connect(self.add_chosen)
        self.others_count = QLabel()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Supporting responses</b>"))
        top_layout.addWidget(self.linked, 1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch()
        top_layout.addLayout(remove_row)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Other responses of this inspection</b>"))
        bottom_layout.addWidget(self.filter)
        bottom_layout.addWidget(self.others, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.others_count, 1)
        bottom_layout.addLayout(add_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 300])

        stack = context.stack
        self.undo_button, self.redo_button = QPushButton(), QPushButton()
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button.clicked.connect(stack.redo)
        QShortcut(QKeySequence.StandardKey.Undo, self, stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, stack.redo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.undo_button)
        bottom_row.addWidget(self.redo_button)
        bottom_row.addStretch()
        bottom_row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom_row)
        self.resize(980, 680)
        self._all: list[Response] = []
        stack.indexChanged.connect(self._stack_moved)
        self.refresh()

    def _stack_moved(self, _index: int) -> None:
        if self.isVisible():
            self.refresh()

    def _show_undo(self) -> None:
        """The dialog's Undo and Redo name what they would undo or redo, as Edit's do."""
        stack = self.context.stack
        for button, word, can, what in (
            (self.undo_button, "&Undo", stack.canUndo(), stack.undoText()),
            (self.redo_button, "&Redo", stack.canRedo(), stack.redoText()),
        ):
            shown = what if len(what) <= 40 else what[:39] + "…"
            button.setText(f"{word} {shown}" if can else word)
            button.setToolTip(f"{word.replace('&', '')} {what}" if can else "")
            button.setEnabled(can)
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the buttons as wide as their new words at once

    def refresh(self) -> None:
        """Read the finding, its supporting responses and the others again."""
        db = self.context.db
        try:
            self.finding = crud.get(db, Finding, self.finding_id)
        except NotFoundError:  # undone or deleted since: nothing left to show
            self.reject()
            return
        finding = self.finding
        self.heading.setText(
            f"<b>{finding_name(finding.kind, finding.number)}</b><br>{escape(finding.statement)}"
        )
        linked = support.supporting(db, self.finding_id)
        stands = support.support_by_finding(db, self.context.inspection_id).get(
            self.finding_id, Support()
        )
        self._show_summary(finding.kind, stands)
        self.linked_model.set_rows(linked)
        self.linked.resizeRowsToContents()
        ids = {r.id for r in linked}
        self._all = sorted(
            (r for r in evidence.list_responses(db, self.context.inspection_id) if r.id not in ids),
            key=_order,
        )
        self._show_others()
        self._show_undo()

    def _show_summary(self, kind: FindingKind, stands: Support) -> None:
        flagged = flag_text(kind, stands)
        text = stands.summary().capitalize()
        self.summary.setText(f"{text}<br><b>{flagged}</b>" if flagged else f"{text}")
        self.summary.setToolTip(flag_tip(kind, stands))

    def _show_others(self) -> None:
        typed = self.filter.text()
        shown = [r for r in self._all if matches(r, typed)]
        self.others_model.set_rows(shown)
        count = f"{len(self._all)} response{'s' if len(self._all) != 1 else ''} not linked"
        self.others_count.setText(f"{len(shown)} of {count}" if typed.strip() else count)
        self._enable()

    def _enable(self) -> None:
        editable = not self.context.read_only
        self.remove_button.setEnabled(editable and bool(self._chosen(self.linked)))
        self.add_button.setEnabled(editable and bool(self._chosen(self.others)))

    def _chosen(self, table: QTableView) -> list[uuid.UUID]:
        model = table.model()
        assert isinstance(model, ResponsesModel)
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
        return [model.rows[r].id for r in rows if r < len(model.rows)]

    def _named(self) -> str:
        assert self.finding is not None
        return finding_name(self.finding.kind, self.finding.number).lower()

    def add_chosen(self) -> None:
        chosen = self._chosen(self.others)
        if chosen:
            count = "a response" if len(chosen) == 1 else f"{len(chosen)} responses"
            link_responses(
                self.context, self.finding_id, chosen, f"Link {count} to {self._named()}"
            )

    def remove_chosen(self) -> None:
        chosen = self._chosen(self.linked)
        if chosen:
            count = "a response" if len(chosen) == 1 else f"{len(chosen)} responses"
            unlink_responses(
                self.context, self.finding_id, chosen, f"Unlink {count} from {self._named()}"
            )


def open_evidence(context: Context, finding_id: uuid.UUID, parent: QWidget) -> EvidenceDialog:
    """Show the finding's evidence (window-modal; closed, it is deleted)."""
    dialog = EvidenceDialog(context, finding_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def evidence_button(action: Callable[[], object], name: str) -> QToolButton:
    """ "Evidence…": a tool button, so that a read-only window (whose push buttons are
    disabled) still opens the evidence to read."""
    button = QToolButton()
    button.setText("E&vidence…")
    button.setAccessibleName(name)
    button.setToolTip("The responses that support it: look at them, remove or add links")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setMinimumHeight(QPushButton().sizeHint().height())
    button.clicked.connect(action)
    return button
