"""Type-ahead for a table's pickers: completion offers the labels having a word that starts
with what is typed; only a whole label (in any case) is ever taken as the value."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyle, QWidget

LEAVING_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def word_matches(labels: list[str], typed: str) -> list[str]:
    """The labels with a word starting with ``typed`` ("ref" finds "Pupil referral unit")."""
    wanted = " ".join(typed.split())
    if not wanted:
        return list(labels)
    starts = re.compile(r"(?:^|[\s\-(])" + re.escape(wanted), re.IGNORECASE)
    return [label for label in labels if starts.search(label)]


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
        self.popup = completer.popup()
        assert self.popup is not None
        self.popup.installEventFilter(self)  # after the completer's own: runs first
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Tab, Return and Enter in the list: take the label picked (if one was), close the list
        and leave the key to the editor as if no list were shown, so a table's delegate commits
        and moves on as it does for any cell."""
        if (
            watched is self.popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in LEAVING_KEYS
        ):
            current = self.popup.currentIndex()
            if current.isValid() and self.popup.selectionModel().isSelected(current):
                self.setText(str(current.data()))
            self.popup.hide()
            QCoreApplication.sendEvent(
                self, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            )
            return True
        return super().eventFilter(watched, event)

    def _picked(self, label: str) -> None:
        self.setText(label)
        self.picked.emit()
