"""What is left to do in the part shown, on the page itself: each item a link to the place
where it is put right (a field, a cell, a school's answers, an Add button)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QLayoutItem, QToolButton, QWidget

from coventry_inspect.services.completeness import Place, Problem

MOST_SHOWN = 5
"""Items listed before "and N more" (the rest are in its tooltip)."""


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping onto more lines when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class TodoBar(QFrame):
    """A slim bar above the page: "To do:" and one link per item; hidden when nothing is left."""

    def __init__(self, go_to: Callable[[Place], None]) -> None:
        super().__init__()
        self.go_to = go_to
        self.setObjectName("todo")
        self.setAccessibleName("To do on this page")
        self.setStyleSheet(
            "#todo { background: #fff6d5; border: 1px solid #e0c060; border-radius: 3px }"
            " #todo QToolButton { color: palette(link); text-decoration: underline;"
            " border: none; padding: 0 2px }"
            " #todo QToolButton:focus { border: 1px dotted palette(text) }"
        )
        self.flow = FlowLayout(self)
        self.flow.setContentsMargins(6, 3, 6, 3)
        self.links: list[QToolButton] = []
        self.setVisible(False)

    def show_items(self, items: Sequence[Problem]) -> None:
        while (item := self.flow.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone now, not when the event loop next runs
                widget.deleteLater()
        self.links = []
        if not items:
            self.setVisible(False)
            return
        self.flow.addWidget(QLabel("<b>To do:</b>"))
        for problem in items[:MOST_SHOWN]:
            link = QToolButton()
            link.setText(problem.text[:1].upper() + problem.text[1:])
            link.setAccessibleName(f"Go to: {problem.text}")
            link.setToolTip("Go there")
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            link.clicked.connect(partial(self.go_to, problem.place))
            self.flow.addWidget(link)
            self.links.append(link)
        if len(items) > MOST_SHOWN:
            more = QLabel(f"and {len(items) - MOST_SHOWN} more")
            more.setToolTip("\n".join(p.text for p in items[MOST_SHOWN:]))
            self.flow.addWidget(more)
        for index in range(self.flow.count()):
            item = self.flow.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()  # added to a bar already shown: not shown with it
        self.flow.invalidate()
        self.setVisible(True)
