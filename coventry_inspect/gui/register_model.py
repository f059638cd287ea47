"""The school register for searching, read a page at a time as the user types and scrolls.

A national register holds 50,000 schools: reading them all each time the dialog opened took
half a second. The model asks the database for the first page of schools matching the search
(sorted, with how many match in all), and for more only when the list is scrolled to its end.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coventry_inspect.services.register import (
    SEARCH_PAGE,
    RegisterPage,
    register_size,
    search_register,
)
from coventry_inspect.services.schools import RegisterEntry
from coventry_inspect.store.database import Database

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("URN", "School", "Phase", "Local authority", "Ofsted rating")


class RegisterModel(QAbstractTableModel):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self.entries: list[RegisterEntry] = []
        """The schools read so far for the current search, in the order shown."""
        self.matching = 0
        """How many schools match the current search (only some may be read yet)."""
        self.total = register_size(db)
        self.fetched = 0
        """Schools read from the database since the model was made (a page at a time)."""
        self._text = ""
        self._sort: tuple[int, Qt.SortOrder] = (1, Qt.SortOrder.AscendingOrder)
        self._search()

    def _page(self, offset: int) -> RegisterPage:
        column, order = self._sort
        page = search_register(
            self._db,
            self._text,
            sort=column,
            descending=order == Qt.SortOrder.DescendingOrder,
            offset=offset,
            limit=SEARCH_PAGE,
        )
        self.fetched += len(page.entries)
        return page

    def _search(self) -> None:
        self.beginResetModel()
        page = self._page(0)
        self.entries, self.matching = page.entries, page.matching
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Schools whose URN or name contains every word of ``text`` (case ignored)."""
        if text.casefold().split() != self._text.casefold().split():
            self._text = text
            self._search()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) != self._sort:
            self._sort = (column, order)
            self._search()

    def can_read_more(self) -> bool:
        return len(self.entries) < self.matching

    def read_more(self) -> None:
        """The next page of the schools matching (the dialog asks as the list nears its end;
        not Qt's fetchMore, which a view calls before it is laid out, when it seems empty)."""
        if not self.can_read_more():
            return
        more = self._page(len(self.entries)).entries
        if more:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self.entries.extend(more)
            self.endInsertRows()
        else:  # the register changed under the search: nothing more to read
            self.matching = len(self.entries)

    def entry(self, row: int) -> RegisterEntry:
        return self.entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.entries[index.row()][index.column()]
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None
