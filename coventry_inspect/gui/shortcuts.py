"""Help › Keyboard shortcuts: read from the window's own actions and the panels' shortcuts, so
the list cannot drift from what the keys do."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    keys: str
    what: str

    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)


NEXT_QUESTION = Shortcut("Ctrl+Return", "Responses: next question")
NEXT_SCHOOL = Shortcut("Ctrl+Shift+Return", "Responses: next school")
PANEL_SHORTCUTS = (NEXT_QUESTION, NEXT_SCHOOL)
"""Shortcuts of panels rather than menus; the panels make their QShortcuts from these."""

FIELD_KEYS = (
    Shortcut("F4 or Alt+Down", "Date field: open the calendar; picker: list every choice"),
    Shortcut("Tab / Shift+Tab", "Next / previous field; in a table, save the cell and move on"),
)


def _menu_shortcuts(menu: QMenu, path: str) -> list[Shortcut]:
    found: list[Shortcut] = []
    for action in menu.actions():
        title = action.text().replace("&", "").rstrip("…").strip()
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found += _menu_shortcuts(submenu, f"{path} › {title}")
        elif not action.shortcut().isEmpty():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            name = action.objectName() if action.objectName() in ("Undo", "Redo") else title
            found.append(Shortcut(keys, f"{path} › {name}"))
    return found


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every menu command with a key, then the panels' and the fields' keys."""
    found: list[Shortcut] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            found += _menu_shortcuts(menu, menu.title().replace("&", ""))
    panels = [
        Shortcut(s.sequence().toString(QKeySequence.SequenceFormat.NativeText), s.what)
        for s in PANEL_SHORTCUTS
    ]
    return [*found, *panels, *FIELD_KEYS]


def shortcuts_markdown(shortcuts: list[Shortcut]) -> str:
    rows = "\n".join(f"| {s.keys} | {s.what} |" for s in shortcuts)
    return f"| Keys | Does |\n|---|---|\n{rows}"


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None, shortcuts: list[Shortcut]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.table = QTableWidget(len(shortcuts), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, shortcut in enumerate(shortcuts):
            self.table.setItem(row, 0, QTableWidgetItem(shortcut.keys))
            self.table.setItem(row, 1, QTableWidgetItem(shortcut.what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        width = self.table.fontMetrics().horizontalAdvance("M") * 50
        rows = (
            self.table.verticalHeader().length() + self.table.horizontalHeader().sizeHint().height()
        )
        height = rows + buttons.sizeHint().height() + self.fontMetrics().height() * 3
        screen = self.screen().availableGeometry().height()
        self.resize(width, min(height, screen * 4 // 5))  # every row shown when the screen allows
