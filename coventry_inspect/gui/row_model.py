"""A thin table model over rows read through a service; edits are handed to the page, which
carries them out as undoable commands. Nothing here holds a database session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from coventry_inspect.gui.delegates import label_of

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    field: str = ""
    """The row attribute, and the service's keyword for changing it; empty for read-only."""
    show: Callable[[Any], Any] | None = None
    """What to show for a row (default: the field's value, labelled)."""
    check: bool = False
    """A tick box instead of text."""
    width: int = 120
    """A starting width, for tables that do not fit their columns (a table page does)."""
    long: bool = False
    """Free text (names, notes, questions): the column takes the table's spare width, and a
    cell too long for it is cut short with "…" and shown whole in its tooltip. Other columns
    are as wide as their header and values."""
    narrow: bool = False
    """Free text kept to its header's width (cut short with "…", whole in its tooltip), so
    the long column beside it, such as a school's name, has the spare width."""
    tip: str = ""
    max_length: int | None = None
    """The most characters the stored column holds: its editor takes no more."""
    chars: int = 0
    """A read-only text column about this many characters wide, its text wrapped in it."""
    tip_of: Callable[[Any], str] | None = None
    """A row's tooltip in this column (what its value means), instead of the text cut short."""
    colour_of: Callable[[Any], str | None] | None = None
    """A row's text colour in this column (the text says the same: never the colour alone)."""


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    return label_of(value)


class RowModel(QAbstractTableModel):
    """Rows with an ``id``; ``edit_requested(row, field, value)`` asks for a change."""

    edit_requested = Signal(object, str, object)

    def __init__(self, columns: Sequence[Column], load: Callable[[], list[Any]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self._load = load
        self.rows: list[Any] = []
        self.changed: list[int] = []
        """The rows found changed by the last :meth:`refresh`."""

    def refresh(self) -> bool:
        """Re-read the rows; False when they are the same rows (an edit of a cell): then only
        the rows whose shown values changed are redrawn (:attr:`changed`). A reset would close
        the cell editor that is committing the edit, so that the view's next commit went to an
        editor it no longer knew ("commitData called with an editor that does not belong to
        this view") and Tab lost the current cell."""
        # What each row showed, taken before loading: a column shown from something the load
        # re-reads too (a finding's support) would otherwise look unchanged, and its row kept
        # its old height (the Evidence cell's flag line cut off).
        before = [self._signature(row) for row in self.rows]
        rows = self._load()
        if [row.id for row in rows] == [row.id for row in self.rows] and rows:
            self.rows = rows
            self.changed = [n for n, row in enumerate(rows) if self._signature(row) != before[n]]
            for number in self.changed:
                self.dataChanged.emit(
                    self.index(number, 0), self.index(number, len(self.columns) - 1)
                )
            return False
        self.beginResetModel()
        self.rows = rows
        self.changed = list(range(len(rows)))
        self.endResetModel()
        return True

    def _signature(self, row: Any) -> tuple[Any, ...]:
        """What a row shows and edits, to tell whether it changed."""
        return tuple(
            (self._value(row, column), getattr(row, column.field) if column.field else None)
            for column in self.columns
        )

    def row_of(self, row_id: object) -> int:
        return next((i for i, row in enumerate(self.rows) if row.id == row_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.ToolTipRole and column.tip:
                return column.tip
        return None

    def _value(self, row: Any, column: Column) -> Any:
        if column.show is not None:
            return column.show(row)
        return getattr(row, column.field)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        value = self._value(row, column)
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "yes" if value else "no"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _shown(value)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(row, column.field) if column.field else value
        if role == Qt.ItemDataRole.ToolTipRole and column.tip_of is not None:
            return column.tip_of(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour_of is not None:
            colour = column.colour_of(row)
            return QColor(colour) if colour else None
        free = column.long or column.narrow
        long_text = isinstance(value, str) and ((free and value.strip()) or len(value) > 40)
        if role == Qt.ItemDataRole.ToolTipRole and long_text:
            return value  # the whole text, where the cell may cut it short
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = self.columns[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column.field and column.check:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif column.field:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if not column.field:
            return False
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        if isinstance(value, str) and not column.check:
            current = getattr(row, column.field)
            if current is None and value == "":
                return False
        if getattr(row, column.field) == value:
            return False
        self.edit_requested.emit(row, column.field, value)
        return True
