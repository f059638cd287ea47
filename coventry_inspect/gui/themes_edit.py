"""Typing themes ("governor training, clusters; HR support"): as each theme in the list is typed,
the themes already used in the inspection having a word that starts with it are offered."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from coventry_inspect.gui.choice_edit import LeavingKeys, word_matches
from coventry_inspect.services.themes import normalise

SEPARATOR = re.compile(r"[,;]")


def split_themes(text: str) -> list[str]:
    """The themes of a list typed with commas or semicolons between them, blanks left out."""
    return [normalise(part) for part in SEPARATOR.split(text) if part.strip()]


def join_themes(themes: Sequence[str]) -> str:
    return ", ".join(themes)


class ThemesEdit(QLineEdit):
    """A list of themes (or, with ``several=False``, one theme) typed freely; the theme being
    typed is completed from ``known()``, read as typing starts after the field takes the focus."""

    def __init__(
        self,
        known: Callable[[], list[str]],
        parent: QWidget | None = None,
        *,
        several: bool = True,
    ) -> None:
        super().__init__(parent)
        self.known, self.several = known, several
        self._known: list[str] | None = None
        self.offered = QStringListModel(self)
        self.themes_completer = QCompleter(self.offered, self)
        self.themes_completer.setWidget(self)
        self.themes_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Nothing highlighted until picked: Return takes exactly what was typed.
        self.themes_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.themes_completer.activated.connect(self.complete_with)
        popup = self.themes_completer.popup()
        assert popup is not None
        self.popup: QAbstractItemView = popup
        self.popup.installEventFilter(
            LeavingKeys(self, self.popup, self.complete_with)
        )  # before the completer's
        self.textEdited.connect(self._offer)
        self.setPlaceholderText(
            "Themes, separated by commas (e.g. governor training, clusters)"
            if several
            else "A theme (e.g. governor training)"
        )
        self.setToolTip(
            "Type a theme: those already used are offered as you type (Down, then Return picks "
            "one)" + ("; separate themes with commas" if several else "")
        )

    def themes(self) -> list[str]:
        return split_themes(self.text()) if self.several else [normalise(self.text())]

    def show_themes(self, themes: Sequence[str]) -> None:
        """Show what is stored (not counted as typed: ``isModified()`` is False)."""
        shown = join_themes(themes)
        if self.text() != shown:
            self.setText(shown)
        self.setModified(False)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._known = None  # read again as typing starts: others may have added themes
        super().focusInEvent(event)

    def _typed_span(self) -> tuple[int, int]:
        """Where the theme at the cursor starts and ends in the text."""
        text, at = self.text(), self.cursorPosition()
        if not self.several:
            return 0, len(text)
        before = [m.end() for m in SEPARATOR.finditer(text) if m.end() <= at]
        after = [m.start() for m in SEPARATOR.finditer(text) if m.start() >= at]
        return (before[-1] if before else 0), (after[0] if after else len(text))

    def _offer(self, _text: str) -> None:
        start, end = self._typed_span()
        text = self.text()
        typed = text[start : self.cursorPosition()]
        others = {t.casefold() for t in split_themes(text[:start] + text[end:])}
        if self._known is None:
            self._known = self.known()
        matches = [t for t in word_matches(self._known, typed) if t.casefold() not in others]
        if not typed.strip() or not matches:
            self.popup.hide()
            return
        self.offered.setStringList(matches)
        self.themes_completer.setCompletionPrefix("")
        self.themes_completer.complete()

    def complete_with(self, theme: str) -> None:
        """Put ``theme`` in place of the one being typed."""
        start, end = self._typed_span()
        text = self.text()
        lead = " " if start > 0 else ""
        self.setText(text[:start] + lead + theme + text[end:])
        self.setCursorPosition(start + len(lead) + len(theme))
        self.setModified(True)
