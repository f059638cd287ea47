"""Editors that offer only valid values: pickers for the vocabulary, a calendar for dates."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
BLANK = "—"


def label_of(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "label", value))


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of an enum's members (and a blank choice where the field may be empty)."""

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

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = QComboBox(parent)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        for choice in self.choices:
            editor.addItem(BLANK if choice is None else self.describe(choice), choice)
        editor.activated.connect(lambda _i: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(
            max(self.choices.index(current) if current in self.choices else 0, 0)
        )

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


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


class DateDelegate(QStyledItemDelegate):
    """A date picker with a calendar; clearing the field (Delete) leaves no date."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("d MMMM yyyy")
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(QDate(value) if isinstance(value, date) else QDate.currentDate())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QDateEdit)
        model.setData(index, editor.date().toPython(), Qt.ItemDataRole.EditRole)


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
