"""Cell editors that take only valid values: type-ahead pickers for the vocabulary, dates as
inspectors type them (with a calendar); what cannot be taken is refused, saying why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QDoubleSpinBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from coventry_inspect.domain.dates import DateError
from coventry_inspect.gui.choice_edit import LEAVING_KEYS, ChoiceEdit
from coventry_inspect.gui.date_edit import DateEdit, Near
from coventry_inspect.services.handout import name_key

Index = QModelIndex | QPersistentModelIndex
BLANK = "—"


def label_of(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "label", value))


class CheckedDelegate(QStyledItemDelegate):
    """A cell editor that reads what was typed, and refuses (saying why, storing nothing) what
    it cannot take. The table page sets ``refuse`` to show the message on the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refuse: Callable[[str], None] = lambda _message: None

    def finish(self, editor: QWidget) -> None:
        """Commit and close, as Return does (for a choice made in a popup list)."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    @staticmethod
    def header(index: Index) -> str:
        return str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))


class ChoiceDelegate(CheckedDelegate):
    """Type-ahead over the labels of the choices (and a blank, "—", where the field may be
    empty). Only a whole label is taken; anything else is refused, naming the choices."""

    def __init__(
        self,
        choices: list[Any],
        *,
        allow_blank: bool,
        describe: Any = label_of,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = ([None] if allow_blank else []) + list(choices)
        self.describe = describe

    def label(self, choice: Any) -> str:
        return BLANK if choice is None else str(self.describe(choice))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = ChoiceEdit([self.label(choice) for choice in self.choices], parent)
        editor.setFrame(False)
        editor.setAccessibleName(self.header(index))
        editor.picked.connect(lambda: self.finish(editor))
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Close the completion list before a key that leaves the cell: a list still open when
        its editor is closed leaves Qt's focus pointing at a deleted widget (a crash later)."""
        if (
            isinstance(watched, ChoiceEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in LEAVING_KEYS
        ):
            watched.popup.hide()
        return super().eventFilter(watched, event)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, ChoiceEdit):
            editor.detach_list()
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, ChoiceEdit)
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setText(self.label(current) if current in self.choices else "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, ChoiceEdit)
        typed = " ".join(editor.text().split())
        if not typed and None in self.choices:
            typed = BLANK
        found = [c for c in self.choices if self.label(c).casefold() == typed.casefold()]
        if not found:
            named = [self.label(c) for c in self.choices if c is not None]
            what = self.header(index).lower()
            self.refuse(
                f'"{typed}" is not a {what}: type or pick one of {", ".join(named)}'
                + (" (or leave it blank)" if None in self.choices else "")
            )
            return
        model.setData(index, found[0], Qt.ItemDataRole.EditRole)


class NameDelegate(ChoiceDelegate):
    """A name typed freely, with completion from the names already used (``names()``, read
    as the editor opens, most used first): picking one saves retyping it, and a new name is
    simply typed. Stored trimmed of surrounding spaces; blank for no one."""

    def __init__(
        self, names: Callable[[], list[str]], max_length: int, parent: QWidget | None = None
    ) -> None:
        super().__init__([], allow_blank=True, parent=parent)
        self.names, self.max_length = names, max_length

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        names = self.names()
        editor = ChoiceEdit(names, parent)
        editor.setMaxLength(self.max_length)
        # Names are wider than a narrow column: the list shows them whole, not cut short.
        widest = max((editor.fontMetrics().horizontalAdvance(name) for name in names), default=0)
        editor.popup.setMinimumWidth(widest + 4 * editor.fontMetrics().averageCharWidth())
        editor.setFrame(False)
        editor.setAccessibleName(self.header(index))
        editor.setToolTip("Type a name, or pick one already used (F4 lists them)")
        editor.picked.connect(lambda: self.finish(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, ChoiceEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        """What was typed, trimmed; a name already used typed in another case or spacing ("ann
        example") is stored as it is spelt already, so one person stays one name."""
        assert isinstance(editor, ChoiceEdit)
        typed = " ".join(editor.text().split())
        known = next((n for n in editor.labels if name_key(n) == name_key(typed)), typed)
        model.setData(index, known, Qt.ItemDataRole.EditRole)


class TextDelegate(QStyledItemDelegate):
    """A line editor that takes no more characters than the column stores."""

    def __init__(self, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_length = max_length

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setMaxLength(self.max_length)
        editor.setFrame(False)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor


def enum_delegate(
    enum: type[Enum], *, allow_blank: bool, parent: QWidget | None = None
) -> ChoiceDelegate:
    return ChoiceDelegate(list(enum), allow_blank=allow_blank, parent=parent)


class DateDelegate(CheckedDelegate):
    """A date as inspectors type it (or from a calendar opening near ``near()``, the
    inspection's dates); blank is no date; what cannot be read is refused, saying why."""

    def __init__(self, near: Near | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.near = near

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = DateEdit(parent, near=self.near)
        editor.setFrame(False)
        editor.setAccessibleName(self.header(index))
        editor.chosen.connect(lambda: self.finish(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, DateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.show_value(value if isinstance(value, date) else None)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, DateEdit)
        try:
            value = editor.value()
        except DateError as error:
            self.refuse(f"{self.header(index)}: {error}; nothing was changed")
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class AverageDelegate(QStyledItemDelegate):
    """An average grade between 1 and 7, to two decimals."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = QDoubleSpinBox(parent)
        editor.setRange(0.0, 7.0)
        editor.setDecimals(2)
        editor.setSingleStep(0.1)
        editor.setSpecialValueText(BLANK)  # 0 stands for "no average"
        editor.setAccessibleName("Average grade")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QDoubleSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(float(value) if value is not None else 0.0)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QDoubleSpinBox)
        value = editor.value()
        model.setData(index, None if value < 1.0 else round(value, 2), Qt.ItemDataRole.EditRole)
