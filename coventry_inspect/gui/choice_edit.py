"""Type-ahead for a table's pickers: completion offers the labels having a word that starts
with what is typed; only a whole label (in any case) is ever taken as the value."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QStyle, QWidget

LEAVING_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def word_matches(labels: list[str], typed: str) -> list[str]:
    """The labels with a word starting with ``typed`` ("ref" finds "Pupil referral unit")."""
    wanted = " ".join(typed.split())
    if not wanted:
        return list(labels)
    starts = re.compile(r"(?:^|[\s\-(])" + re.escape(wanted), re.IGNORECASE)
    return [label for label in labels if starts.search(label)]


class LeavingKeys(QObject):
    """On the completion list: Tab, Return and Enter take the label picked (if one was), close
    the list and go to the editor as if no list were shown, so a table's delegate commits and
    moves on as it does for any cell (the completer would hand them past the delegate).

    ``take`` puts the label picked into the editor (by default it becomes the whole text).
    A separate object, owned by the list: an editor's own filter would be called while the
    editor is being destroyed."""

    def __init__(
        self,
        edit: QLineEdit,
        popup: QAbstractItemView,
        take: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(popup)
        self.edit, self.popup = edit, popup
        self.take = take or edit.setText

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in LEAVING_KEYS
        ):
            current = self.popup.currentIndex()
            if current.isValid() and self.popup.selectionModel().isSelected(current):
                self.take(str(current.data()))
            self.popup.hide()
            QCoreApplication.sendEvent(
                self.edit, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            )
            return True
        return False


class ChoiceEdit(QLineEdit):
    """A line edit over a fixed list of labels, with a completion list as you type. F4 or
    Alt+Down (or the arrow button) shows every choice."""

    picked = Signal()
    """A label was chosen from the completion list (the text is now that label)."""

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.offered = QStringListModel(labels, self)
        completer = QCompleter(self.offered, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        # Not "unfiltered": nothing is highlighted until the person picks it, so Tab or Return
        # take exactly what was typed.
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(len(labels))
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        popup = completer.popup()
        assert popup is not None
        self.popup: QAbstractItemView = popup
        self.popup.installEventFilter(LeavingKeys(self, self.popup))  # runs before the completer's
        self.textEdited.connect(self._offer)
        arrow = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.list_action = self.addAction(arrow, QLineEdit.ActionPosition.TrailingPosition)
        self.list_action.setToolTip("Show the choices (F4)")
        self.list_action.triggered.connect(self.show_choices)
        self.setToolTip("Type the start of a word, then pick with Down and Return; F4 lists all")

    def _offer(self, text: str) -> None:
        self.offered.setStringList(word_matches(self.labels, text))

    def show_choices(self) -> None:
        if self.isReadOnly():
            return
        self.offered.setStringList(self.labels)
        completer = self.completer()
        completer.setCompletionPrefix("")
        completer.complete()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.show_choices()
            return
        super().keyPressEvent(event)

    def detach_list(self) -> None:
        """Before the editor goes: its completion list (a window of its own, whose focus proxy
        is this editor) is closed and deleted with it, leaving Qt no pointer to either."""
        self.popup.hide()
        self.popup.setFocusProxy(None)  # type: ignore[arg-type]
        self.setCompleter(None)  # type: ignore[arg-type]

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.popup.hide()  # a closed cell editor leaves no list behind
        super().hideEvent(event)

    def _picked(self, label: str) -> None:
        self.setText(label)
        self.picked.emit()
