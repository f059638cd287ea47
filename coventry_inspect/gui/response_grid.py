"""Schools × key questions: each cell shows the judgements of the school's responses to the
question (a letter and a colour per respondent), a hatched "missing" where the school has not
answered, and "not asked" where the question is not put to it. A click, or Return, on a cell
opens that response in "Key questions and responses"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from coventry_inspect.domain.vocabulary import AskedOf, Respondent, ResponseJudgement
from coventry_inspect.gui.analysis_chart import STYLES, fill
from coventry_inspect.gui.analysis_counts import short
from coventry_inspect.services import completeness
from coventry_inspect.services.analysis import Judgement, Missing

Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
INITIALS = {
    Respondent.HEADTEACHER: "H",
    Respondent.CHAIR_OF_GOVERNORS: "C",
    Respondent.GOVERNOR: "G",
    Respondent.OTHER: "O",
}
MISSING = "missing"
NOT_ASKED = "not asked"


@dataclass(frozen=True)
class Answer:
    response_id: uuid.UUID
    respondent: Respondent
    judgement: ResponseJudgement | None
    text: str

    @property
    def letter(self) -> str:
        return STYLES[Judgement.of(self.judgement)].letter


@dataclass(frozen=True)
class SchoolRow:
    urn: str
    name: str
    surveyed: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.urn}){' · survey' if self.surveyed else ''}"


@dataclass(frozen=True)
class QuestionColumn:
    number: int
    text: str
    asked_of: AskedOf


@dataclass(frozen=True)
class Cell:
    school: SchoolRow
    question: QuestionColumn
    asked: bool
    missing: bool
    """Asked, and no response with text (as the analysis and the to-do list count it)."""
    answers: tuple[Answer, ...]

    @property
    def shown(self) -> str:
        """What the cell says: the letters, "missing" or "not asked"."""
        if not self.asked:
            return NOT_ASKED
        letters = " ".join(self.letters())
        return f"{letters} {MISSING}".strip() if self.missing else letters

    def letters(self) -> list[str]:
        if len(self.answers) == 1:
            return [self.answers[0].letter]
        return [f"{INITIALS[a.respondent]}:{a.letter}" for a in self.answers]

    def described(self) -> str:
        """The tooltip and what a screen reader says."""
        head = f"{self.school.name}, question {self.question.number}"
        if not self.asked:
            return f"{head}: not asked of schools inspected"
        lines = [
            f"{a.respondent.label} ({Judgement.of(a.judgement).value}): "
            + (short(a.text, 80) if a.text.strip() else "no answer typed")
            for a in self.answers
        ]
        if self.missing:
            lines.append("Missing: no answer yet")
        return head + "\n" + "\n".join(lines)


def cells_of(
    schools: Sequence[SchoolRow],
    questions: Sequence[QuestionColumn],
    answers: dict[tuple[str, int], list[Answer]],
    missing: Sequence[Missing],
) -> list[list[Cell]]:
    """The grid's cells, row by row; ``answers`` by URN and question number."""
    gaps = {(m.urn, m.question) for m in missing}
    order = list(Respondent)
    return [
        [
            Cell(
                school,
                question,
                asked := completeness.is_asked(question.asked_of, surveyed=school.surveyed),
                asked and (school.urn, question.number) in gaps,
                tuple(
                    sorted(
                        answers.get((school.urn, question.number), []),
                        key=lambda a: order.index(a.respondent),
                    )
                )
                if asked
                else (),
            )
            for question in questions
        ]
        for school in schools
    ]


class GridModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.schools: list[SchoolRow] = []
        self.questions: list[QuestionColumn] = []
        self.cells: list[list[Cell]] = []

    def set_cells(
        self, schools: list[SchoolRow], questions: list[QuestionColumn], cells: list[list[Cell]]
    ) -> None:
        self.beginResetModel()
        self.schools, self.questions, self.cells = schools, questions, cells
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.schools)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.questions)

    def cell(self, index: Index) -> Cell:
        return self.cells[index.row()][index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.shown
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell.described()
        if role == CELL_ROLE:
            return cell
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and section < len(self.questions):
            question = self.questions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"Q{question.number}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{question.number}. {question.text}"
        if orientation == Qt.Orientation.Vertical and section < len(self.schools):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.schools[section].label
            if role == Qt.ItemDataRole.ToolTipRole:
                school = self.schools[section]
                group = "surveyed by telephone" if school.surveyed else "inspected"
                return f"{school.name}, URN {school.urn}, {group}"
        return None


MISSING_COLOUR = QColor("#b83227")


class CellDelegate(QStyledItemDelegate):
    """Paints a cell as one segment per respondent, or the missing / not asked marker."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell = index.data(CELL_ROLE)
        if not isinstance(cell, Cell):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = QRectF(option.rect).adjusted(1, 1, -1, -1)
        palette = option.palette
        font = QFont(option.font)
        if not cell.asked:
            painter.fillRect(rect, palette.window())
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), NOT_ASKED)
        else:
            segments = segment_rects(rect, len(cell.answers))
            for segment, answer, letter in zip(segments, cell.answers, cell.letters(), strict=True):
                judgement = Judgement.of(answer.judgement)
                fill(painter, segment, judgement)
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(STYLES[judgement].ink)
                if option.fontMetrics.horizontalAdvance(letter) < segment.width():
                    painter.drawText(segment, int(Qt.AlignmentFlag.AlignCenter), letter)
            if cell.missing:
                self._missing(painter, rect if not cell.answers else None, rect, option)
        if option.state & QStyle.StateFlag.State_Selected:
            self._selected(painter, rect, option)
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.text().color(), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(4, 4, -4, -4))
        painter.restore()

    @staticmethod
    def _selected(painter: QPainter, rect: QRectF, option: QStyleOptionViewItem) -> None:
        """Over the judgement colours, still read through: a tint, a thick border and a tick
        at the left (seen without colour too)."""
        highlight = option.palette.highlight().color()
        tint = QColor(highlight)
        tint.setAlpha(90)
        painter.fillRect(rect, tint)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(highlight, 3))
        painter.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
        painter.setPen(QPen(option.palette.highlightedText().color(), 1))
        painter.drawRect(rect.adjusted(3.5, 3.5, -3.5, -3.5))
        side = rect.height() - 8
        badge = QRectF(rect.left() + 4, rect.top() + 4, side, side)
        painter.fillRect(badge, highlight)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(option.palette.highlightedText().color())
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), "✓")

    @staticmethod
    def _missing(
        painter: QPainter, empty: QRectF | None, rect: QRectF, option: QStyleOptionViewItem
    ) -> None:
        """Hatched pale red with "missing" when nothing was typed; a dashed red border round
        responses that have a judgement but no words."""
        if empty is not None:
            painter.fillRect(empty, QColor("#fbe3e1"))
            hatch = QColor(MISSING_COLOUR)
            hatch.setAlpha(60)
            painter.fillRect(empty, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(MISSING_COLOUR)
            painter.drawText(empty, int(Qt.AlignmentFlag.AlignCenter), MISSING)
        else:
            painter.setPen(QPen(MISSING_COLOUR, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        metrics = option.fontMetrics
        return QSize(metrics.horizontalAdvance("H:P C:M G:N") + 12, int(metrics.height() * 1.8))


def segment_rects(rect: QRectF, count: int) -> list[QRectF]:
    """A cell divided side by side among its ``count`` responses."""
    if count == 0:
        return []
    width = rect.width() / count
    return [QRectF(rect.left() + i * width, rect.top(), width, rect.height()) for i in range(count)]


class ResponseGrid(QTableView):
    """The grid view. ``open_requested`` (URN, question number, respondent or None) asks for the
    response under a click, or the cell's first response on Return."""

    open_requested = Signal(str, int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = GridModel()
        self.setModel(self.grid)
        self.setItemDelegate(CellDelegate(self))
        self.setAccessibleName("Schools and key questions: the judgement of each response")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(
            self.fontMetrics().horizontalAdvance("H:P C:M G:N") + 12
        )
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.8))
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    def set_cells(
        self, schools: list[SchoolRow], questions: list[QuestionColumn], cells: list[list[Cell]]
    ) -> None:
        """The grid read again (after an edit, or coming back to it): the cursor stays on its
        cell, and nothing is selected (a cell left selected was tagged with the next unseen)."""
        current = self.currentIndex()
        where = (current.row(), current.column()) if current.isValid() else None
        self.grid.set_cells(schools, questions, cells)
        if where is not None and where[0] < len(schools) and where[1] < len(questions):
            self.selectionModel().setCurrentIndex(
                self.grid.index(*where), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def selected_response_ids(self) -> list[uuid.UUID]:
        """The responses in the cells selected (or the current cell), in grid order."""
        indexes = sorted(
            self.selectedIndexes()
            or ([self.currentIndex()] if self.currentIndex().isValid() else []),
            key=lambda i: (i.row(), i.column()),
        )
        return [a.response_id for i in indexes for a in self.grid.cell(i).answers]

    def _open(self, index: QModelIndex, x: float | None) -> None:
        cell = self.grid.cell(index)
        if not cell.asked:
            return
        respondent = None
        if cell.answers:
            respondent = cell.answers[0].respondent
            if x is not None:
                segments = segment_rects(QRectF(self.visualRect(index)), len(cell.answers))
                hit = next((i for i, s in enumerate(segments) if s.left() <= x < s.right()), 0)
                respondent = cell.answers[hit].respondent
        # Opened, not chosen: back in the grid, a Ctrl+click starts a selection of its own.
        self.selectionModel().clearSelection()
        self.open_requested.emit(cell.school.urn, cell.question.number, respondent)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex(), None)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if event.button() == Qt.MouseButton.LeftButton and plain and index.isValid():
            self._open(index, event.position().x())

    def cell_rect(self, row: int, column: int) -> QRect:
        return self.visualRect(self.grid.index(row, column))
