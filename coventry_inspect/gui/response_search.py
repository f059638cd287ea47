"""Find in responses: type words, and every response that holds them is listed (school,
question, respondent, judgement, text) with the words found highlighted. The list follows the
typing after a short pause; Return or a double click opens the response."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.services.analysis import Judgement
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.search import Hit, SearchResult

Index = QModelIndex | QPersistentModelIndex
SEARCH_PAUSE_MS = 250
HIGHLIGHT = "#ffe066"
COLUMNS = ("School", "Question", "Respondent", "Judgement", "Response")
TEXT_COLUMN = COLUMNS.index("Response")
HTML_ROLE = Qt.ItemDataRole.UserRole + 1


LEAD = 40
"""Characters kept before the first word found, so that it shows in a narrow column."""


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text as HTML with each span marked; spans out of range or overlapping are clipped.
    A long text starts a little before the first word found, after an ellipsis."""
    out: list[str] = []
    at = 0
    first = min((start for start, _end in spans), default=0)
    if first > LEAD:
        cut = text.rfind(" ", 0, first - LEAD // 2) + 1
        if cut > 0:
            out.append("…")
            at = cut
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[at:start]))
        out.append(
            f'<span style="background-color:{HIGHLIGHT}">{html.escape(text[start:end])}</span>'
        )
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n", " ")


class HitsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"{hit.school} ({hit.urn})",
                str(hit.question),
                hit.respondent.label,
                Judgement.of(hit.judgement).value,
                " ".join(hit.text.split()),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT_COLUMN:
            return hit.text
        if role == HTML_ROLE and column == TEXT_COLUMN:
            return highlighted(hit.text, hit.spans)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


LINES = 2
ELLIPSIS = "…"
"""Lines of a response shown in a row; a longer one ends in an ellipsis."""


def row_height(metrics: QFontMetrics) -> int:
    """Tall enough for the lines shown, whole, with a little room above and below."""
    return LINES * metrics.lineSpacing() + 8


class HighlightDelegate(QStyledItemDelegate):
    """Draws the response text as rich text with the words found marked: two lines, wrapped,
    the second ending in an ellipsis when there is more (never a third line cut in half)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        shown = index.data(HTML_ROLE)
        if not isinstance(shown, str):
            super().paint(painter, option, index)
            return
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, option.widget)
        width = option.rect.width() - 4
        document = self.document(shown, option)
        # Wrapped short of the edge by an ellipsis: it follows the last word shown, whole.
        document.setTextWidth(width - option.fontMetrics.horizontalAdvance(ELLIPSIS + " "))
        lines = text_lines(document)
        height = lines[min(len(lines), LINES) - 1].bottom() if lines else 0.0
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        top = option.rect.top() + max((option.rect.height() - height) / 2, 0)
        painter.translate(option.rect.left() + 2, top)
        painter.setClipRect(QRectF(0, 0, width, min(height, option.rect.height())))
        document.documentLayout().draw(painter, context)
        if len(lines) > LINES:
            self._ellipsis(painter, option, lines[LINES - 1], width, selected)
        painter.restore()

    @staticmethod
    def _ellipsis(
        painter: QPainter, option: QStyleOptionViewItem, line: QRectF, width: float, selected: bool
    ) -> None:
        """An ellipsis after the last word shown."""
        mark = ELLIPSIS
        room = option.fontMetrics.horizontalAdvance(mark + " ")
        left = min(line.right(), width - room)
        if selected:
            ground = option.palette.highlight()
        elif option.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
            ground = option.palette.alternateBase()
        else:
            ground = option.palette.base()
        painter.fillRect(QRectF(left, line.top(), width - left, line.height()), ground)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        painter.setFont(option.font)
        painter.drawText(
            QRectF(left, line.top(), room, line.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            mark,
        )

    @staticmethod
    def document(shown: str, option: QStyleOptionViewItem) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(1)
        document.setHtml(shown)
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(min(hint.width(), 600), max(hint.height(), row_height(option.fontMetrics)))


def text_lines(document: QTextDocument) -> list[QRectF]:
    """Each laid-out line of the document: where it is, and (its right) where its words end."""
    lines: list[QRectF] = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        at = document.documentLayout().blockBoundingRect(block).topLeft()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            lines.append(
                QRectF(
                    at.x() + line.x(),
                    at.y() + line.y(),
                    line.naturalTextWidth(),
                    line.height(),
                )
            )
        block = block.next()
    return lines


class HitsView(QTableView):
    open_requested = Signal(str, int, object)
    """URN, question number, respondent of the hit opened (Return or a double click)."""

    def __init__(self) -> None:
        super().__init__()
        self.hits = HitsModel()
        self.setModel(self.hits)
        self.setItemDelegateForColumn(TEXT_COLUMN, HighlightDelegate(self))
        self.setAccessibleName("Responses found")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(row_height(self.fontMetrics()))
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(self._open)

    def fit(self) -> None:
        for column in range(TEXT_COLUMN):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), 220))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.hits.hits[index.row()]
            self.open_requested.emit(hit.urn, hit.question, hit.respondent)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def selected_response_ids(self) -> list[uuid.UUID]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [self.hits.hits[r].response_id for r in rows]


class ResponseSearch(QWidget):
    """The box and the list. ``search(words)`` is what the box runs after a pause in typing."""

    def __init__(self, search: Callable[[str], SearchResult]) -> None:
        super().__init__()
        self.search = search
        self.box = QLineEdit()
        self.box.setAccessibleName("Find in responses")
        self.box.setPlaceholderText("Words to find in the responses…")
        self.box.setClearButtonEnabled(True)
        self.status = QLabel("Type words to find every response that holds them.")
        self.status.setWordWrap(True)
        self.view = HitsView()
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _text: self.pause.start())
        self.box.returnPressed.connect(self._return)
        label = QLabel("&Words to find in the responses:")
        label.setBuddy(self.box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

    def run(self) -> None:
        """Search for the words in the box now (and again after an edit: the page refreshes)."""
        self.pause.stop()
        words = self.box.text().strip()
        if not words:
            self.view.hits.set_hits([])
            self.status.setText("Type words to find every response that holds them.")
            return
        try:
            found = self.search(words)
        except ServiceError as error:
            self.view.hits.set_hits([])
            self.status.setText(str(error))
            return
        self.view.hits.set_hits(found.hits)
        self.view.fit()
        n = len(found.hits)
        if not n:
            self.status.setText(f"No response holds “{words}”.")
        else:
            self.status.setText(
                f"{n} response{'s' if n != 1 else ''} found"
                + (": only the first shown; add words to narrow the search" if found.more else "")
                + ". Return or a double click opens one."
            )

    def _return(self) -> None:
        """Return in the box searches at once and moves to the first response found."""
        self.run()
        if self.view.hits.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.selectRow(0)
