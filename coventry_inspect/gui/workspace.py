"""An open database: the inspections, the parts of the chosen one, its pages and outcomes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.vocabulary import (
    FindingKind,
    InadequateCategory,
    InspectionKind,
    Respondent,
)
from coventry_inspect.gui.analysis_page import FOR_READING, AnalysisPage, show_response
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.history_page import HistoryPage
from coventry_inspect.gui.inspection_list import InspectionListModel, fit_columns
from coventry_inspect.gui.judgement_charts import JudgementCharts
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.outcome_panel import OutcomePanel
from coventry_inspect.gui.parts import (
    findings_page,
    inspected_schools_page,
    judgements_page,
    key_questions_page,
    recommendations_page,
    telephone_survey_page,
)
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.gui.todo_bar import TodoBar
from coventry_inspect.reports.record import section_charts
from coventry_inspect.services import completeness, inspections, judgements, snapshot
from coventry_inspect.services.completeness import Place, Problem
from coventry_inspect.services.snapshot import InspectionSnapshot
from coventry_inspect.services.summary import tally_of
from coventry_inspect.store.database import Database

VIEWS = (DetailsPage, TablePage, ResponsesPanel, AnalysisPage, LetterPage, HistoryPage)
PART_PAGES = {
    completeness.DETAILS: "details",
    completeness.SCHOOLS: "schools",
    completeness.SURVEY: "survey",
    completeness.QUESTIONS: "questions",
    completeness.FINDINGS: "findings",
    completeness.JUDGEMENTS: "judgements",
    completeness.RECOMMENDATIONS: "recommendations",
    completeness.HISTORY: "history",
    "Letter": "letter",
    "Analysis": "analysis",
}
LETTER = "Letter"
ANALYSIS = "Analysis"


def make_read_only(page: QWidget) -> None:
    """Everything on the page can be read, selected and copied; nothing can be changed."""
    for widget in [page, *page.findChildren(QWidget)]:
        if widget.property(FOR_READING):
            continue  # a filter or search box: choosing what to read changes nothing
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(True)
        elif isinstance(widget, QComboBox | QDateEdit | QPushButton):
            widget.setEnabled(False)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


class Workspace(QWidget):
    """Everything shown for one open database. Each edit is committed at once through a service."""

    inspection_changed = Signal()

    def __init__(self, db: Database, stack: QUndoStack) -> None:
        super().__init__()
        self.db, self.stack = db, stack
        self.context: Context | None = None
        self.standing = ""
        """What the message line says when no edit was refused (that the database is read-only)."""
        self.pages: dict[str, QWidget] = {}
        self.views: dict[str, list[Any]] = {}
        """The views on each page that re-read their part after an edit."""
        self._stale: set[str] = set()
        """Pages not shown when the inspection last changed: brought up to date when shown."""
        self._snapshot: InspectionSnapshot | None = None
        self._makers: dict[str, Callable[[], QWidget]] = {}
        self.charts: JudgementCharts | None = None

        self.inspections = InspectionListModel(db)
        self.inspection_table = QTableView()
        self.inspection_table.setModel(self.inspections)
        self.inspection_table.setAccessibleName("Inspections")
        self.inspection_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.inspection_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.inspection_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.inspection_table.verticalHeader().hide()
        self.inspection_table.setWordWrap(False)
        fit_columns(self.inspection_table)
        self.inspection_table.selectionModel().selectionChanged.connect(lambda *_: self._choose())

        self.parts = QListWidget()
        self.parts.setAccessibleName("Parts of the inspection")
        self.parts.currentRowChanged.connect(self._show_part)
        self.problem = QLabel()
        self.problem.setObjectName("refusal")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000; font-weight: bold")
        self.stacked = QStackedWidget()
        self.todo = TodoBar(self.go_to)
        self.todo_items: dict[str, list[Problem]] = {}
        self.outcomes = OutcomePanel()

        self.navigation = QSplitter(Qt.Orientation.Vertical)
        self.navigation.addWidget(self.inspection_table)
        self.navigation.addWidget(self.parts)
        self.navigation.setSizes([220, 300])
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 0, 6, 0)
        centre_layout.addWidget(self.problem)
        centre_layout.addWidget(self.todo)
        centre_layout.addWidget(self.stacked)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.outcomes)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([380, 780, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        if self.inspections.rowCount():
            self.inspection_table.selectRow(0)

    # -- inspections -------------------------------------------------------------------------

    @property
    def inspection_id(self) -> uuid.UUID | None:
        return self.context.inspection_id if self.context else None

    def select_inspection(self, inspection_id: uuid.UUID) -> None:
        row = self.inspections.row_of(inspection_id)
        if row >= 0:
            self.inspection_table.selectRow(row)
            self._choose()  # a row already selected (the list unchanged) emits nothing

    def _choose(self) -> None:
        rows = self.inspection_table.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.inspections.inspection(rows[0].row())
        if self.context and self.context.inspection_id == chosen.id:
            return
        self._build(chosen.id, chosen.kind)
        self.inspection_changed.emit()

    def reload(self) -> None:
        """Build the open inspection's pages again, keeping the undo stack (an undone import may
        have changed its kind)."""
        if self.context is not None:
            inspection = inspections.get_inspection(self.db, self.context.inspection_id)
            self._build(inspection.id, inspection.kind, keep_undo=True)

    def _build(
        self, inspection_id: uuid.UUID, kind: InspectionKind, keep_undo: bool = False
    ) -> None:
        if not keep_undo:
            self.stack.clear()  # commands act on the inspection they were made in
        self._clear_pages()
        self._snapshot = None
        self.context = Context(
            self.db, self.stack, inspection_id, self.refresh, self._refused, self.current_snapshot
        )
        self._makers = self._page_makers(self.context, kind)
        self.pages = {}
        self.charts = None
        for key in self._makers:  # all at once (made on demand, a cell's F2 found no editor)
            self._made(key)
        self.outcomes.setVisible(kind is InspectionKind.FOCUSED)
        self.parts.blockSignals(True)
        self.parts.clear()
        extra = (LETTER,) if kind is InspectionKind.FOCUSED else ()
        parts = list(completeness.parts_of(kind))
        if kind is InspectionKind.FOCUSED:  # after the responses it counts
            parts.insert(parts.index(completeness.QUESTIONS) + 1, ANALYSIS)
        for part in (*parts, *extra, completeness.HISTORY):
            item = QListWidgetItem(part)
            item.setData(Qt.ItemDataRole.UserRole, part)
            self.parts.addItem(item)
        self.parts.blockSignals(False)
        self.standing = ""
        if self.db.read_only:
            self.standing = (
                f"Read-only: {self.db.read_only_reason}. You can read, print and export; "
                "nothing here can be changed."
            )
        self.parts.setCurrentRow(0)
        self._refused("")
        self.refresh()

    def _page_makers(
        self, context: Context, kind: InspectionKind
    ) -> dict[str, Callable[[], QWidget]]:
        """How each page of the inspection is made."""
        makers: dict[str, Callable[[], QWidget]] = {"details": lambda: DetailsPage(context)}
        if kind is InspectionKind.FOCUSED:
            makers["schools"] = lambda: inspected_schools_page(
                context, lambda: self._ask_category()
            )
            makers["survey"] = lambda: telephone_survey_page(context)
            makers["questions"] = lambda: self._questions(context)
            makers["analysis"] = lambda: AnalysisPage(context, self.open_response)
            makers["findings"] = lambda: self._findings(context, sections=False)
            makers["letter"] = lambda: LetterPage(context)
        else:
            judgements.add_catalogue(self.db, context.inspection_id)
            makers["judgements"] = lambda: self._judgements(context)
            makers["findings"] = lambda: self._findings(context, sections=True)
            makers["recommendations"] = lambda: recommendations_page(context)
        makers["history"] = lambda: HistoryPage(context)
        return makers

    def _made(self, key: str) -> QWidget | None:
        """The page, made now if it has not been yet; None if the inspection has no such page."""
        page = self.pages.get(key)
        if page is not None or key not in self._makers:
            return page
        page = self._makers[key]()
        self.pages[key] = page
        # The views that re-read their part after an edit, found once here, not at each refresh.
        self.views[key] = [
            widget for widget in (page, *page.findChildren(QWidget)) if isinstance(widget, VIEWS)
        ]
        self._stale.add(key)
        self.stacked.addWidget(page)
        if self.db.read_only:
            make_read_only(page)
        if self.charts is not None and key == "judgements":
            self.charts.set_charts(section_charts(self.current_snapshot()))
        return page

    @staticmethod
    def _questions(context: Context) -> QSplitter:
        questions = QSplitter(Qt.Orientation.Vertical)
        questions.setObjectName("Key questions and responses")
        questions.addWidget(key_questions_page(context))
        questions.addWidget(ResponsesPanel(context))
        questions.setSizes([200, 500])
        return questions

    def _judgements(self, context: Context) -> QSplitter:
        grid = QSplitter(Qt.Orientation.Vertical)
        grid.setObjectName("Judgements")
        grid.addWidget(judgements_page(context))
        self.charts = JudgementCharts()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        grid.addWidget(scroll)
        grid.setSizes([420, 300])
        return grid

    def _clear_pages(self) -> None:
        self.pages = {}
        self.views = {}
        self._stale = set()
        while (page := self.stacked.widget(0)) is not None:
            self.stacked.removeWidget(page)
            page.deleteLater()

    @staticmethod
    def _findings(context: Context, *, sections: bool) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("Findings")
        splitter.addWidget(findings_page(context, FindingKind.STRENGTH, sections=sections))
        splitter.addWidget(
            findings_page(context, FindingKind.AREA_FOR_IMPROVEMENT, sections=sections)
        )
        return splitter

    def _ask_category(self) -> InadequateCategory | None:
        labels = [c.label for c in InadequateCategory]
        label, ok = QInputDialog.getItem(
            self, "Inadequate", "An Inadequate outcome needs a category:", labels, 1, False
        )
        return InadequateCategory.from_label(label) if ok else None  # type: ignore[return-value]

    def _show_part(self, row: int) -> None:
        item = self.parts.item(row)
        if item is None:
            return
        key = PART_PAGES[item.data(Qt.ItemDataRole.UserRole)]
        page = self._made(key)
        if page is not None:
            if page is not self.stacked.currentWidget():
                self._refused("")  # a refusal belongs to the page and the edit it is about
            self._bring_up_to_date(key)
            self.stacked.setCurrentWidget(page)
        self._show_todo()

    def show_part(self, part: str) -> None:
        for row in range(self.parts.count()):
            if self.parts.item(row).data(Qt.ItemDataRole.UserRole) == part:
                self.parts.setCurrentRow(row)

    def page(self, key: str) -> QWidget:
        """The page, up to date (a page not shown is read again only when wanted)."""
        if self._made(key) is None:
            raise KeyError(key)
        self._bring_up_to_date(key)
        return self.pages[key]

    def _bring_up_to_date(self, key: str) -> None:
        if key in self._stale:
            self._stale.discard(key)
            for view in self.views.get(key, []):
                view.refresh()

    # -- what is left to do ------------------------------------------------------------------

    def _show_todo(self) -> None:
        item = self.parts.currentItem()
        part = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.todo.show_items(self.todo_items.get(part, []) if not self.db.read_only else [])

    def go_to(self, place: Place) -> None:
        """Show the part and put the keyboard focus where the to-do item is put right."""
        self.show_part(place.part)
        page = self._made(PART_PAGES[place.part])
        if page is None:
            return
        if isinstance(page, DetailsPage):
            field = page.fields["authority_name" if place.field == "authority" else place.field]
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            scroll = page.findChild(QScrollArea)
            if scroll is not None:
                scroll.ensureWidgetVisible(field)
            return
        if place.part == completeness.QUESTIONS and place.field == completeness.RESPONSES:
            panel = page.findChild(ResponsesPanel)
            if panel is not None:
                panel.show_school(place.key)
            return
        tables = [page] if isinstance(page, TablePage) else page.findChildren(TablePage)
        if place.part == completeness.FINDINGS:
            kinds = [kind.name for kind in FindingKind]
            table = tables[kinds.index(place.key)] if place.key in kinds else tables[0]
        else:
            table = tables[0]
        if not place.key:
            table.focus_add()
        elif place.part == completeness.JUDGEMENTS:
            table.go_to(lambda row: row.number == place.key, place.field)
        elif place.part != completeness.FINDINGS:
            table.go_to(lambda row: row.school.urn == place.key, place.field)
        else:
            table.focus_add()

    def open_response(self, urn: str, question: int, respondent: Respondent | None) -> None:
        """Show a school's response to a question in "Key questions and responses"."""
        self.go_to(Place(completeness.QUESTIONS, completeness.RESPONSES, urn))
        panel = self.page("questions").findChild(ResponsesPanel)
        if panel is not None:
            show_response(panel, question, respondent)

    # -- keeping every view current ----------------------------------------------------------

    def _refused(self, message: str) -> None:
        """Show why an edit was refused; with no message, what always holds (read-only)."""
        message = message or self.standing
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def current_snapshot(self) -> InspectionSnapshot:
        """The whole inspection as it is now: read once per refresh, shared by the navigation's
        marks, the to-do bar, the outcomes and the letter."""
        if self._snapshot is None:
            assert self.context is not None
            self._snapshot = snapshot.read_snapshot(self.db, self.context.inspection_id)
        return self._snapshot

    def refresh(self) -> None:
        """Bring what is shown up to date after an edit, an undo or a redo: the inspection's
        row in the list, the page shown, the navigation's marks, the to-do bar and the outcomes.
        The other pages are read again when they are next shown."""
        if self.context is None:
            return
        inspection_id = self.context.inspection_id
        self.inspections.refresh_row(inspection_id)
        row = self.inspections.row_of(inspection_id)
        chosen = self.inspection_table.selectionModel().selectedRows()
        if row >= 0 and [index.row() for index in chosen] != [row]:
            self.inspection_table.selectionModel().blockSignals(True)
            self.inspection_table.selectRow(row)
            self.inspection_table.selectionModel().blockSignals(False)
        self._snapshot = None
        whole = self.current_snapshot()
        shown = next((k for k, p in self.pages.items() if p is self.stacked.currentWidget()), "")
        self._stale = set(self.pages)
        self._bring_up_to_date(shown)
        states = completeness.part_states(whole)
        for row in range(self.parts.count()):
            item = self.parts.item(row)
            part = item.data(Qt.ItemDataRole.UserRole)
            state = states.get(part)
            if state is None:
                continue
            item.setText(
                f"{part}  ✓" if state.complete else f"{part}  — {len(state.problems)} to do"
            )
            item.setToolTip("Complete" if state.complete else "\n".join(state.problems))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, item.toolTip())
        self.todo_items = {part: state.items for part, state in states.items()}
        self._show_todo()
        if whole.details.kind is InspectionKind.FOCUSED:
            self.outcomes.show_tally(tally_of(whole))
        elif self.charts is not None:
            self.charts.set_charts(section_charts(whole))

    # -- whole inspections -------------------------------------------------------------------

    def new_inspection(self) -> QWidget:
        """One dialog asks for the kind, authority, dates and reference (suggested); the new
        inspection is shown once created."""
        from coventry_inspect.gui.new_inspection_dialog import NewInspection, NewInspectionDialog

        def create(wanted: NewInspection) -> None:
            created = inspections.create_inspection(
                self.db,
                wanted.reference,
                wanted.kind,
                wanted.authority,
                start_date=wanted.start_date,
                end_date=wanted.end_date,
            )
            self.inspections.refresh()
            self.select_inspection(created.id)

        taken = [i.reference for i in inspections.list_inspections(self.db)]
        dialog = NewInspectionDialog(self, taken, inspections.authority_names(self.db), create)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def duplicate_inspection(self) -> None:
        if self.inspection_id is None:
            return
        current = inspections.get_inspection(self.db, self.inspection_id)
        reference, ok = QInputDialog.getText(
            self, "Duplicate inspection", "Reference of the copy:", text=f"{current.reference}-copy"
        )
        if ok and reference.strip():
            copy = snapshot.duplicate_inspection(self.db, current.id, reference.strip())
            self.inspections.refresh()
            self.select_inspection(copy)

    def delete_inspection(self, confirm: bool = True) -> None:
        if self.inspection_id is None:
            return
        current = inspections.get_inspection(self.db, self.inspection_id)
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete inspection",
                f"Delete {current.reference} and everything recorded for it? This cannot be undone "
                "(a copy of the database is kept in the backups folder).",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        from coventry_inspect.store.backup import backup_sqlite

        backup_sqlite(self.db, "before-delete")
        inspections.delete_inspection(self.db, current.id)
        self.inspections.refresh()
        self.inspection_gone()

    def inspection_gone(self) -> None:
        """The inspection shown was deleted (here, or by someone else on a team database): its
        edits leave the undo stack, and the next inspection is shown, or none."""
        self.context = None
        self.stack.clear()
        if self.inspections.rowCount():
            self.inspection_table.selectRow(0)
        else:
            self._clear_pages()
            self.parts.clear()
        self.inspection_changed.emit()
