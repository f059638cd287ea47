"""The small dialogs behind "Link to a finding…" and "Tag with a theme…": pick the strength or
area for improvement the chosen responses support; type the theme to tag them with."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.support import Support
from coventry_inspect.gui.evidence_text import finding_label, flag_tip, support_text
from coventry_inspect.gui.themes_edit import ThemesEdit
from coventry_inspect.services.limits import max_length
from coventry_inspect.store.models import Finding, ResponseTheme


def _responses(count: int) -> str:
    return "1 response" if count == 1 else f"{count} responses"


class WrappedList(QListWidget):
    """A list whose items of several wrapped lines are each as tall as their text at the list's
    width. Qt's own guess for a wrapped item is made once, before the list has its width, so a
    statement of three lines took the room of its support lines and they were cut off."""

    PADDING = 8

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def needed(self, text: str) -> QRect:
        """The room ``text`` takes wrapped at the width an item has."""
        width = max(self.viewport().width() - 2 * self.spacing() - self.PADDING, 50)
        return self.fontMetrics().boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text
        )

    def fit_items(self) -> None:
        width = max(self.viewport().width() - 2 * self.spacing(), 50)
        for row in range(self.count()):
            item = self.item(row)
            item.setSizeHint(QSize(width, self.needed(item.text()).height() + self.PADDING))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_items()


class LinkDialog(QDialog):
    """The inspection's strengths and areas for improvement, each with how it is supported;
    the one picked (double-click, or Return) is the one the responses are linked to."""

    def __init__(
        self,
        findings: list[Finding],
        supported: dict[uuid.UUID, Support],
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to a finding")
        self.findings = findings
        intro = QLabel(
            f"Which finding do the {_responses(count)} chosen support?"
            if count != 1
            else "Which finding does the response chosen support?"
        )
        intro.setWordWrap(True)
        self.list = WrappedList()
        self.list.setAccessibleName("Strengths and areas for improvement")
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        for finding in findings:
            stands = supported.get(finding.id, Support())
            item = QListWidgetItem(
                f"{finding_label(finding.kind, finding.number, finding.statement, 160)}\n"
                f"    {support_text(finding.kind, stands).replace(chr(10), chr(10) + '    ')}"
            )
            item.setToolTip(f"{finding.statement}\n\n{flag_tip(finding.kind, stands)}")
            item.setData(Qt.ItemDataRole.UserRole, finding.id)
            self.list.addItem(item)
        self.list.fit_items()
        if findings:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Link")
        ok.setEnabled(bool(findings))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not findings:
            none = QLabel(
                "This inspection has no strengths or areas for improvement yet: add them on "
                "the Findings page first."
            )
            none.setWordWrap(True)
            layout.addWidget(none)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def chosen(self) -> uuid.UUID | None:
        item = self.list.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return chosen if isinstance(chosen, uuid.UUID) else None


class ThemeDialog(QDialog):
    """One theme to tag the chosen responses with, completed from the themes already used."""

    def __init__(
        self, known: Callable[[], list[str]], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag with a theme")
        intro = QLabel(f"Tag the {_responses(count)} chosen with the theme:")
        self.edit = ThemesEdit(known, several=False)
        self.edit.setAccessibleName("Theme to tag the responses with")
        limit = max_length(ResponseTheme.theme)
        if limit is not None:
            self.edit.setMaxLength(limit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Tag")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())

    def theme(self) -> str:
        return self.edit.themes()[0] if self.edit.themes() else ""
