"""The Themes tab of the Analysis part: responses counted per theme, by judgement and by key
question, and the responses with the theme chosen listed (a double click or Return opens one)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.numbers import plural
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.response_search import HitsView
from coventry_inspect.services.analysis import (
    Judgement,
    ThemeCount,
    responses_with_theme,
    theme_counts,
)
from coventry_inspect.services.search import Hit
from coventry_inspect.services.snapshot import InspectionSnapshot

THEME_COLUMNS = ("Theme", "Responses", *(j.value for j in Judgement), "By key question")
THEME_ROLE = Qt.ItemDataRole.UserRole + 1


def theme_rows(counts: tuple[ThemeCount, ...]) -> list[tuple[str, list[int], str]]:
    """One row per theme: its name, [total, positive, mixed, negative, not judged] and the
    responses per key question ("Q1 3 · Q2 1"), in the order :func:`theme_counts` gives."""
    rows: dict[str, tuple[list[int], dict[int, int]]] = {}
    judgements = list(Judgement)
    for count in counts:
        numbers, questions = rows.setdefault(count.theme, ([0] * (1 + len(judgements)), {}))
        numbers[0] += count.responses
        numbers[1 + judgements.index(count.judgement)] += count.responses
        questions[count.question] = questions.get(count.question, 0) + count.responses
    return [
        (theme, numbers, " · ".join(f"Q{q} {n}" for q, n in sorted(questions.items())))
        for theme, (numbers, questions) in rows.items()
    ]


class ThemesTab(QWidget):
    def __init__(self, context: Context, read_snapshot: Callable[[], InspectionSnapshot]) -> None:
        super().__init__()
        self.context = context
        self.read_snapshot = read_snapshot
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.counts = QStandardItemModel(0, len(THEME_COLUMNS))
        self.counts.setHorizontalHeaderLabels(list(THEME_COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.counts)
        self.table.setAccessibleName("Responses per theme by judgement")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(THEME_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.listed = QLabel()
        self.listed.setWordWrap(True)
        self.responses = HitsView()
        self.responses.setAccessibleName("Responses with the theme chosen")
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.listed)
        below_layout.addWidget(self.responses, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setSizes([260, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def chosen_theme(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        theme = self.counts.item(rows[0].row(), 0).data(THEME_ROLE)
        return theme if isinstance(theme, str) else None

    def refresh(self) -> None:
        """Count again, keeping the theme chosen (if it is still used)."""
        chosen = self.chosen_theme()
        rows = theme_rows(theme_counts(self.context.db, self.context.inspection_id))
        self.counts.setRowCount(0)
        bold = QFont(self.font())
        bold.setBold(True)
        for theme, numbers, questions in rows:
            name = QStandardItem(theme)
            name.setData(theme, THEME_ROLE)
            name.setFont(bold)
            items = [name]
            for n in numbers:
                item = QStandardItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            items.append(QStandardItem(questions))
            for item in items:
                item.setEditable(False)
            self.counts.appendRow(items)
        if rows:
            self.summary.setText(
                f"{len(rows)} {plural(len(rows), 'theme')}. Choose one to list its responses. "
                "Tag responses under each one in “Key questions and responses”, or choose them "
                "on the other tabs and press Tag with a theme…"
            )
        else:
            self.summary.setText(
                "No response is tagged with a theme yet. Tag responses under each one in “Key "
                "questions and responses”, or choose them on the other tabs and press Tag with a "
                "theme…"
            )
        themes = [theme for theme, _, _ in rows]
        if chosen in themes:
            self.table.selectRow(themes.index(chosen))
        else:
            self._show_responses(None)

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_responses(self.chosen_theme())

    def _show_responses(self, theme: str | None) -> None:
        if theme is None:
            self.responses.hits.set_hits([])
            self.listed.setText("")
            return
        ids = responses_with_theme(self.context.db, self.context.inspection_id, theme)
        hits = _hits(self.read_snapshot(), ids)
        self.responses.hits.set_hits(hits)
        self.responses.fit()
        self.listed.setText(
            f"“{theme}”: {len(hits)} {plural(len(hits), 'response')}. Return or a double click "
            "opens one."
        )

    def selected_response_ids(self) -> list[uuid.UUID]:
        return self.responses.selected_response_ids()


def _hits(whole: InspectionSnapshot, ids: list[uuid.UUID]) -> list[Hit]:
    """The responses ``ids`` as the search lists them (nothing highlighted), in that order."""
    names = {r.urn: r.name for r in whole.surveyed} | {r.urn: r.name for r in whole.inspected}
    by_id = {r.row_id: r for r in whole.responses if r.row_id is not None}
    return [
        Hit(
            response.row_id,
            response.urn,
            names.get(response.urn, response.urn),
            response.question_number,
            response.respondent,
            response.judgement,
            response.text,
            (),
        )
        for response in (by_id[i] for i in ids if i in by_id)
        if response.row_id is not None
    ]
