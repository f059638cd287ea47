"""The Analysis part of a focused inspection: the responses to each key question counted by
judgement (a table and a chart, filtered by group and respondent, split by respondent, group or
outcome grade), the schools × questions grid, Find in responses and the themes. Read again after
every edit, undo and redo (one analyse() call and the snapshot the workspace reads anyway).

The Themes tab (gui/analysis_themes.py) is read again with the page, as every widget listed
in ``page.refreshers`` is."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.numbers import plural
from coventry_inspect.domain.vocabulary import Respondent
from coventry_inspect.gui.analysis_chart import STYLES, AnalysisChart
from coventry_inspect.gui.analysis_counts import CountRow, Filters, Split, count_rows, short
from coventry_inspect.gui.analysis_themes import ThemesTab
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.evidence_actions import link_to_finding, tag_with_theme
from coventry_inspect.gui.response_grid import (
    Answer,
    QuestionColumn,
    ResponseGrid,
    SchoolRow,
    cells_of,
)
from coventry_inspect.gui.response_search import ResponseSearch
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.services import search
from coventry_inspect.services.analysis import Analysis, Group, Judgement, analyse

OpenResponse = Callable[[str, int, Respondent | None], None]
"""Show a school's response to a question (by URN, question number and respondent)."""
FOR_READING = "for_reading"
"""A widget property: the field only chooses what is shown, so a read-only database keeps it
working (workspace.make_read_only leaves it alone)."""
COUNT_COLUMNS = ("Key question", *(j.value for j in Judgement), "Total")
EvidenceAction = Callable[[Context, QWidget, Sequence[uuid.UUID]], bool]
LINK = "&Link to a finding…"
TAG = "&Tag with a theme…"


def _n(n: int, word: str) -> str:
    return f"{n} {plural(n, word)}"


class AnalysisPage(QWidget):
    def __init__(
        self,
        context: Context,
        open_response: OpenResponse,
    ) -> None:
        super().__init__()
        self.context = context
        self.open_response = open_response
        self.setObjectName("Analysis")
        self.analysis: Analysis | None = None
        self.rows: list[CountRow] = []
        self.refreshers: list[Any] = []

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.group = self._choice(
            "Group", [("All schools", None)] + [(f"Schools {g.value.lower()}", g) for g in Group]
        )
        self.respondent = self._choice(
            "Respondent", [("All respondents", None)] + [(r.label, r) for r in Respondent]
        )
        self.split = self._choice(
            "Split by",
            [
                ("Nothing", Split.NONE),
                ("Respondent", Split.RESPONDENT),
                ("Group", Split.GROUP),
                ("Outcome grade", Split.OUTCOME),
            ],
        )
        filters = QHBoxLayout()
        for text, box in (("&Group:", self.group), ("&Respondent:", self.respondent)):
            filters.addWidget(self._label(text, box))
            filters.addWidget(box)
            filters.addSpacing(12)
        filters.addWidget(self._label("S&plit by:", self.split))
        filters.addWidget(self.split)
        filters.addStretch()

        self.counts = QStandardItemModel(0, len(COUNT_COLUMNS))
        self.counts.setHorizontalHeaderLabels(list(COUNT_COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.counts)
        self.table.setAccessibleName("Responses to each key question by judgement")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.5))
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COUNT_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.chart = AnalysisChart()
        chart_area = QScrollArea()
        chart_area.setWidgetResizable(True)
        chart_area.setWidget(self.chart)
        counts_split = QSplitter(Qt.Orientation.Vertical)
        counts_split.addWidget(self.table)
        counts_split.addWidget(chart_area)
        counts_split.setSizes([220, 480])
        counts_tab = QWidget()
        counts_layout = QVBoxLayout(counts_tab)
        counts_layout.addLayout(filters)
        counts_layout.addWidget(counts_split, 1)

        self.grid = ResponseGrid()
        self.grid.open_requested.connect(self.open_response)
        grid_tab = QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        legend = QLabel(self._legend())
        legend.setWordWrap(True)
        grid_layout.addWidget(legend)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addLayout(self._actions(self.grid, self.grid.selected_response_ids))

        self.search = ResponseSearch(
            lambda words: search.find(context.db, context.inspection_id, words)
        )
        self.search.view.open_requested.connect(self.open_response)
        self.search.box.setProperty(FOR_READING, True)
        search_tab = QWidget()
        search_layout = QVBoxLayout(search_tab)
        search_layout.addWidget(self.search, 1)
        search_layout.addLayout(
            self._actions(self.search.view, self.search.view.selected_response_ids)
        )

        self.themes = ThemesTab(context, context.read_snapshot)
        self.themes.responses.open_requested.connect(self.open_response)
        themes_tab = QWidget()
        themes_layout = QVBoxLayout(themes_tab)
        themes_layout.addWidget(self.themes, 1)
        themes_layout.addLayout(
            self._actions(self.themes.responses, self.themes.selected_response_ids)
        )
        self.refreshers.append(self.themes)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Analysis views")
        self.tabs.addTab(counts_tab, "&Counts and chart")
        self.tabs.addTab(grid_tab, "Schools × &questions")
        self.tabs.addTab(search_tab, "Fi&nd in responses")
        self.tabs.addTab(themes_tab, "The&mes")
        self.tabs.currentChanged.connect(
            lambda _index: self._tab_shown(self.tabs.currentWidget() is search_tab)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def _tab_shown(self, searching: bool) -> None:
        """Find in responses, chosen by a click or Alt+N, takes the words typed at once."""
        if searching:
            self.search.box.setFocus(Qt.FocusReason.TabFocusReason)
            self.search.box.selectAll()  # typing replaces the last search; an arrow keeps it

    # -- building ----------------------------------------------------------------------------

    def _choice(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for text, value in items:
            box.addItem(text, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        box.setProperty(FOR_READING, True)
        box.currentIndexChanged.connect(lambda _i: self._show_counts())
        return box

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _legend() -> str:
        letters = ", ".join(f"<b>{STYLES[j].letter}</b> {j.value.lower()}" for j in Judgement)
        return (
            f"{letters}; with several respondents each is shown (H headteacher, C chair of "
            "governors, G governor, O other). <b>missing</b>: no answer yet. Click a cell, or "
            "press Return on it, to open the response; Ctrl+click cells to select them (✓) "
            "for Link or Tag."
        )

    def _actions(
        self, view: QAbstractItemView, chosen: Callable[[], list[uuid.UUID]]
    ) -> QHBoxLayout:
        """ "Link to a finding…" and "Tag with a theme…" as buttons and on the view's menu."""
        row = QHBoxLayout()
        row.addStretch()
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, act in ((LINK, link_to_finding), (TAG, tag_with_theme)):
            action = QAction(text.replace("&", ""), view)
            action.triggered.connect(lambda _on=False, a=act: self._evidence_action(a, chosen()))
            view.addAction(action)
            button = QPushButton(text)
            button.clicked.connect(action.trigger)
            if self.context.read_only:
                button.setEnabled(False)
                action.setEnabled(False)
            row.addWidget(button)
        return row

    def _evidence_action(self, act: EvidenceAction, response_ids: list[uuid.UUID]) -> None:
        """Link the chosen responses to a finding, or tag them (gui.evidence_actions)."""
        if not response_ids:
            self.context.refused("Choose the responses first: no cell or row with a response")
            return
        act(self.context, self, response_ids)

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again and redraw the table, the chart and the grid; search again."""
        self.analysis = analyse(self.context.db, self.context.inspection_id)
        self._show_summary(self.analysis)
        self._show_counts()
        self._show_grid(self.analysis)
        if self.search.box.text().strip():
            self.search.run()
        for refresher in self.refreshers:
            refresher.refresh()

    def filters(self) -> Filters:
        return Filters(
            self.group.currentData(), self.respondent.currentData(), self.split.currentData()
        )

    def _show_summary(self, analysis: Analysis) -> None:
        if not analysis.questions:
            self.summary.setText(
                "No key questions yet: add them in “Key questions and responses”, then the "
                "responses to them are counted here."
            )
            return
        schools = len({m.urn for m in analysis.missing})
        text = f"{_n(analysis.total, 'response')} to {_n(len(analysis.questions), 'key question')}"
        if analysis.missing:
            text += (
                f"; {_n(len(analysis.missing), 'answer')} still missing from "
                f"{_n(schools, 'school')}"
            )
        if analysis.ungrouped:
            text += (
                f". {_n(analysis.ungrouped, 'response')} from schools no longer in the "
                "inspection are not counted"
            )
        self.summary.setText(text + ".")

    def _show_counts(self) -> None:
        if self.analysis is None:
            return
        self.rows = count_rows(self.analysis, self.filters())
        self.counts.setRowCount(0)
        bold = QFont(self.font())
        bold.setBold(True)
        for row in self.rows:
            label = QStandardItem(
                ("      " + row.sub) if row.sub else f"{row.question}. {short(row.text)}"
            )
            label.setToolTip(f"{row.question}. {row.text}" + (f" — {row.sub}" if row.sub else ""))
            items = [label]
            for n in (*row.counts, row.total):
                item = QStandardItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            for item in items:
                item.setEditable(False)
                if not row.sub:
                    item.setFont(bold)
                else:
                    item.setForeground(QBrush(self.palette().text().color()))
            self.counts.appendRow(items)
        self.chart.set_rows(self.rows)

    def _show_grid(self, analysis: Analysis) -> None:
        whole = self.context.read_snapshot()
        inspected = {row.urn for row in whole.inspected}
        schools = [SchoolRow(r.urn, r.name, False) for r in whole.inspected]
        schools += [
            SchoolRow(r.urn, r.name, True) for r in whole.surveyed if r.urn not in inspected
        ]
        questions = [QuestionColumn(q.number, q.text, q.asked_of) for q in analysis.questions]
        answers: dict[tuple[str, int], list[Answer]] = {}
        for r in whole.responses:
            if r.row_id is not None:
                answers.setdefault((r.urn, r.question_number), []).append(
                    Answer(r.row_id, r.respondent, r.judgement, r.text)
                )
        self.grid.set_cells(
            schools, questions, cells_of(schools, questions, answers, analysis.missing)
        )


def show_response(panel: ResponsesPanel, question: int, respondent: Respondent | None) -> bool:
    """In the responses panel showing the school already, put the cursor in the answer to the
    question, showing the respondent's response (chosen as the respondent box would be)."""
    editor = next((e for e in panel.editors if e.question.number == question), None)
    if editor is None:
        return False
    if respondent is not None:
        index = list(Respondent).index(respondent)
        if editor.respondent.currentIndex() != index:
            editor.respondent.setCurrentIndex(index)
            editor.respondent.activated.emit(index)  # loads that respondent's answer
    editor.text.setFocus(Qt.FocusReason.OtherFocusReason)
    return True
