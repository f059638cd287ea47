"""What a merge will do, said before it is done: a confirmation when nothing conflicts, else the
conflict dialog, where the lead chooses per field between the value here and the value there;
and afterwards the summary of what was done."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.store.types import local

if TYPE_CHECKING:
    from coventry_inspect.services.merge import Conflict, MergePlan, Side

Choice = Literal["here", "there"]

MAX_NAMED_ROWS = 8
"""Rows named per group in a dialog; the full list is under Show Details."""
MAX_SHOWN = 200
"""A value longer than this is cut short with "…" in the dialog; its tooltip holds it whole."""
MAX_TOOLTIP = 2000


Group = tuple[str, list[str]]
"""A kind of change ("Changed 2") and the rows it names, one each."""

LONGEST_ROW = 110
"""A row named in a dialog is cut short at this (whole under Show Details…): a changed note
can be paragraphs long."""


def plan_groups(plan: MergePlan, limit: int | None = MAX_NAMED_ROWS) -> list[Group]:
    """Each kind of change with the rows it names, at most ``limit`` of them."""
    groups: list[Group] = []
    for verb, rows in (
        ("Added", plan.added),
        ("Changed", plan.changed),
        ("Deleted", plan.deleted),
        ("Kept as here", plan.kept),
    ):
        if not rows:
            continue
        named = rows if limit is None else rows[:limit]
        more = len(rows) - len(named)
        groups.append((f"{verb} {len(rows)}", [*named, *([f"and {more} more"] if more else [])]))
    return groups or [("Nothing to add, change or delete", [])]


def plan_text(groups: Sequence[Group]) -> str:
    """The groups as plain lines (Show Details…, a tooltip): every row whole."""
    return "\n".join(
        line for heading, rows in groups for line in (f"{heading}:", *(f"  • {r}" for r in rows))
    )


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _cut_row(text: str) -> str:
    """A row cut to fit, keeping both ends of a change ("Notes": old… → new…): the value it
    becomes matters as much as the one it was."""
    if len(text) <= LONGEST_ROW:
        return text
    was, arrow, now = text.rpartition(" → ")
    if not arrow:
        return _cut(text, LONGEST_ROW)
    now = _cut(now, LONGEST_ROW // 3)
    return f"{_cut(was, LONGEST_ROW - len(now) - 3)} → {now}"


def _html_list(groups: Sequence[Group]) -> str:
    """Each kind of change in bold, its rows listed under it."""

    def row(text: str) -> str:
        return f"<li>{html.escape(_cut_row(text))}</li>"

    return "".join(
        f"<p style='margin: 6px 0 0 0'><b>{html.escape(heading)}</b></p>"
        + (f"<ul style='margin: 0'>{''.join(map(row, rows))}</ul>" if rows else "")
        for heading, rows in groups
    )


WORKBOOK_NOTE = (
    "{reference} as it is now is kept first as a workbook (File › Import workbook… puts it "
    "back), and the merge is recorded in History. Edit › Undo does not take a merge back."
)
SERVER_NOTE = "The merge is recorded in History. Edit › Undo does not take a merge back."


def who_and_when(side: Side) -> str:
    """ "jsmith, 12 Mar 2013 15:40" (local time, as a refused edit says it)."""
    if side.at is None:
        return side.by or "who and when not known"
    by, at = side.by or "someone", local(side.at)
    return f"{by}, {at.day} {at:%b %Y %H:%M}"


def _shortened(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return "(blank)"
    return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"


class _ValueLabel(QLabel):
    """A value beside its radio button, wrapped to the width there is; clicking it chooses it."""

    def __init__(self, side: Side, button: QRadioButton) -> None:
        who = html.escape(who_and_when(side))
        super().__init__(f"{html.escape(_shortened(side.value))}<br><small><i>{who}</i></small>")
        self.button = button
        self.setWordWrap(True)
        self.setToolTip(_tooltip(side.value, side))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMinimumWidth(80)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


def _tooltip(value: str, side: Side) -> str:
    whole = value if len(value) <= MAX_TOOLTIP else value[: MAX_TOOLTIP - 1] + "…"
    who = html.escape(who_and_when(side))
    return f"<p>{html.escape(whole or '(blank)')}</p><p><i>{who}</i></p>"


class ConflictDialog(QDialog):
    """One row per field changed differently on both sides: the sheet, row and column, then the
    value here and the value there side by side, each with who changed it and when. Merge stays
    disabled until every field has a choice. Keyboard: Tab moves from field to field, the arrow
    keys between Here and There, Space chooses."""

    def __init__(self, plan: MergePlan, note: str, parent: QWidget | None = None) -> None:
        """``note`` says what is kept first (the confirmation's note, shortened here)."""
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"Merge {plan.source}")
        count = len(plan.conflicts)
        heading = QLabel(
            f"<b>{count} field{'s were' if count != 1 else ' was'} changed both here (this "
            f"database) and there ({html.escape(plan.source)}).</b> Choose the value to keep "
            "for each; nothing is written until you click Merge."
        )
        heading.setWordWrap(True)
        short_note = ("A copy is kept first. " if "kept first" in note else "") + (
            "History records the merge; Edit › Undo does not take it back."
        )
        rest = QLabel(f"{html.escape(_also(plan))} {html.escape(short_note)}")
        rest.setWordWrap(True)
        rest.setObjectName("mergeChanges")
        rest.setToolTip(plan_text(plan_groups(plan)) + "\n\n" + note)

        self.buttons: list[tuple[QRadioButton, QRadioButton]] = []
        table = QWidget()
        table.setObjectName("conflicts")
        grid = QGridLayout(table)
        grid.setVerticalSpacing(4)
        for number, conflict in enumerate(plan.conflicts):
            self._add_row(grid, number, conflict)
        for column in (1, 3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(3 * count, 1)  # rows keep their height, the room left is below
        grid.addWidget(QWidget(), 3 * count, 0)
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustToContents)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.all_here = QPushButton("Keep all &here")
        self.all_here.setObjectName("keepAllHere")
        self.all_here.clicked.connect(lambda: self.choose_all("here"))
        self.all_there = QPushButton("Take all &there")
        self.all_there.setObjectName("takeAllThere")
        self.all_there.clicked.connect(lambda: self.choose_all("there"))
        self.count_label = QLabel()
        self.count_label.setObjectName("chosenCount")
        bulk = QHBoxLayout()
        bulk.addWidget(self.all_here)
        bulk.addWidget(self.all_there)
        bulk.addStretch(1)
        bulk.addWidget(self.count_label)

        self.button_box = QDialogButtonBox()
        self.merge_button = self.button_box.addButton(
            "&Merge", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("mergeButton")
        cancel = self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelButton")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(bulk)
        layout.addWidget(rest)
        layout.addWidget(self.button_box)
        self._update()
        screen = self.screen().availableGeometry()
        width = min(760, screen.width() - 40)
        height = self.heightForWidth(width)  # as tall as the fields need, up to a point
        if height < 0:
            height = self.sizeHint().height()
        self.resize(width, min(height, 560, screen.height() - 80))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The keyboard starts at the first field's choice (not at a button)."""
        super().showEvent(event)
        if self.buttons:
            self.buttons[0][0].setFocus(Qt.FocusReason.TabFocusReason)

    def _add_row(self, grid: QGridLayout, number: int, conflict: Conflict) -> None:
        row = 3 * number
        column_name = conflict.column or "the whole row"  # a row deleted on one side
        where = f"{conflict.sheet}, {conflict.key}, {column_name}"
        if number:
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            grid.addWidget(line, row - 1, 0, 1, 4)
        title = QLabel(
            f"<b>{html.escape(conflict.sheet)}</b> · {html.escape(conflict.key)} · "
            f"<b>{html.escape(column_name)}</b>"
        )
        title.setWordWrap(True)
        title.setObjectName(f"conflict{number + 1}")
        grid.addWidget(title, row, 0, 1, 4)
        group = QButtonGroup(self)
        pair = []
        for column, (side, name) in enumerate(((conflict.here, "Here"), (conflict.there, "There"))):
            button = QRadioButton(name)
            button.setObjectName(f"{name.lower()}{number + 1}")
            verb = "keep here" if name == "Here" else "take there"
            button.setAccessibleName(f"{where}: {verb}")
            button.setAccessibleDescription(f"{side.value} ({who_and_when(side)})")
            button.setToolTip(_tooltip(side.value, side))
            group.addButton(button)
            grid.addWidget(button, row + 1, 2 * column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_ValueLabel(side, button), row + 1, 2 * column + 1)
            pair.append(button)
        group.buttonToggled.connect(self._update)
        self.buttons.append((pair[0], pair[1]))

    def choose_all(self, choice: Choice) -> None:
        for here, there in self.buttons:
            (here if choice == "here" else there).setChecked(True)

    def choices(self) -> dict[Conflict, Choice]:
        """Each conflict's choice so far."""
        chosen: dict[Conflict, Choice] = {}
        for conflict, (here, there) in zip(self.plan.conflicts, self.buttons, strict=True):
            if here.isChecked():
                chosen[conflict] = "here"
            elif there.isChecked():
                chosen[conflict] = "there"
        return chosen

    def _update(self, *_: object) -> None:
        chosen, total = len(self.choices()), len(self.plan.conflicts)
        self.count_label.setText(f"{chosen} of {total} chosen")
        self.merge_button.setEnabled(chosen == total)
        self.merge_button.setToolTip(
            "" if chosen == total else "Choose a value for every field first"
        )


def _also(plan: MergePlan) -> str:
    """ "In all: 2 schools added, 5 values changed, 3 kept as here, 2 conflicts." """
    return f"In all: {plan.summary()}."


def ask_to_merge(
    parent: QWidget,
    plan: MergePlan,
    note: str,
    merge: Callable[[Mapping[Conflict, Choice]], object],
    cancelled: Callable[[], object],
) -> QDialog:
    """The confirmation, or the conflict dialog when there are conflicts; opened (not run), so
    the window stays live. ``merge(choices)`` on Merge, ``cancelled()`` otherwise."""
    if plan.conflicts:
        dialog = ConflictDialog(plan, note, parent)

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                merge(dialog.choices())
            else:
                cancelled()
            dialog.deleteLater()

        dialog.finished.connect(answered)
        dialog.open()
        return dialog
    box = QMessageBox(
        QMessageBox.Icon.Question,
        f"Merge {plan.source}",
        f"Merge {plan.source} into {plan.reference}?",
        parent=parent,
    )
    box.setObjectName("confirmMerge")
    box.setInformativeText(
        f"<p>The merge changes {html.escape(plan.reference)}:</p>"
        + _html_list(plan_groups(plan))
        + f"<p>{html.escape(note)}</p>"
    )
    box.setDetailedText(plan_text(plan_groups(plan, None)))
    accept = box.addButton("&Merge", QMessageBox.ButtonRole.AcceptRole)
    accept.setObjectName("mergeButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def confirmed() -> None:
        clicked: QAbstractButton | None = box.clickedButton()
        if clicked is accept:
            merge({})
        else:
            cancelled()
        box.deleteLater()

    box.finished.connect(confirmed)
    box.open()
    return box


def show_summary(
    parent: QWidget, done: MergePlan, choices: Mapping[Conflict, Choice], kept: Path | None
) -> QMessageBox:
    """What the merge did, and where it is recorded."""
    groups = plan_groups(done)
    if choices:
        here = sum(1 for c in choices.values() if c == "here")
        there = len(choices) - here
        groups.append(
            (
                f"Conflicts resolved {len(choices)}: {here} kept as here, {there} taken from there",
                [],
            )
        )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        f"Merge {done.source}",
        f"Merged {done.source} into {done.reference}: {done.summary()}.",
        parent=parent,
    )
    box.setObjectName("mergeSummary")
    box.setInformativeText(
        _html_list(groups)
        + f"<p>History records it as “merged from {html.escape(done.source)}”.</p>"
        + (
            "<p>A copy as it was before is kept in the backups folder (Show Details…).</p>"
            if kept
            else ""
        )
    )
    where = [f"Kept as it was before: {kept}"] if kept else []
    box.setDetailedText("\n".join([plan_text(plan_groups(done, None)), *where]))
    box.finished.connect(box.deleteLater)  # else each merge leaves one behind, hidden
    box.open()
    return box
