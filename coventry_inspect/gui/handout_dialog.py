"""File › Export for inspector…: whose schools to hand out, by inspector or ticked one by one.

The inspector list holds the names schools of this inspection are assigned to, with how many;
the school list ticks the schools of a name picked, so the lead can add or drop one before
exporting. OK stays disabled while no school is chosen.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.services import evidence
from coventry_inspect.services.handout import Choice, name_key
from coventry_inspect.store.database import Database


@dataclass(frozen=True)
class School:
    urn: str
    name: str
    group: str
    """ "inspected" or "surveyed"."""
    inspector: str


class HandoutDialog(QDialog):
    def __init__(self, parent: QWidget | None, reference: str, schools: list[School]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export for inspector")
        self.schools = schools
        # One entry per person: names that differ only in case or spacing ("ann example",
        # "Ann Example") are one name, as the command line matches them, shown as most spelt.
        spellings = Counter(s.inspector for s in schools if s.inspector)
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for spelling, uses in spellings.most_common():
            key = name_key(spelling)
            counts[key] += uses
            shown.setdefault(key, spelling)
        self.names = [
            shown[key] for key in sorted(counts, key=lambda k: (-counts[k], shown[k].casefold()))
        ]
        counts = Counter({shown[key]: n for key, n in counts.items()})

        intro = QLabel(
            f"A workbook of {reference} holding only some schools (with every key question and "
            "the findings), for an inspector to fill in and send back to be merged."
        )
        intro.setWordWrap(True)
        self.by_inspector = QRadioButton("Schools &assigned to:")
        self.inspector = QComboBox()
        self.inspector.setAccessibleName("Inspector")
        for name in self.names:
            number = counts[name]
            self.inspector.addItem(f"{name} ({number} school{'' if number == 1 else 's'})", name)
        self.by_school = QRadioButton("These &schools:")
        self.list = QListWidget()
        self.list.setAccessibleName("Schools to hand out")
        for school in schools:
            who = f", {school.inspector}" if school.inspector else ", no one yet"
            item = QListWidgetItem(f"{school.urn}  {school.name} — {school.group}{who}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, school.urn)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.by_inspector)
        layout.addWidget(self.inspector)
        layout.addWidget(self.by_school)
        layout.addWidget(self.list)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

        self.by_inspector.setEnabled(bool(self.names))
        self.inspector.setEnabled(bool(self.names))
        (self.by_inspector if self.names else self.by_school).setChecked(True)
        self.by_inspector.toggled.connect(self._mode_changed)
        self.inspector.currentIndexChanged.connect(lambda _: self._tick_inspectors_schools())
        self.list.itemChanged.connect(self._item_changed)
        self._tick_inspectors_schools()
        self.resize(560, 520)

    def _mode_changed(self) -> None:
        if self.by_inspector.isChecked():
            self._tick_inspectors_schools()
        self._update()

    def _tick_inspectors_schools(self) -> None:
        """Show the picked inspector's schools ticked."""
        if not self.by_inspector.isChecked():
            return
        wanted = name_key(self.inspector.currentData() or "")
        chosen = {s.urn for s in self.schools if s.inspector and name_key(s.inspector) == wanted}
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        """Ticking a school by hand makes the choice those schools."""
        if self.by_inspector.isChecked():
            self.by_school.setChecked(True)
        self._update()

    def ticked(self) -> list[str]:
        urns = (
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        )
        return list(dict.fromkeys(urns))  # a school both inspected and surveyed once

    def choice(self) -> Choice:
        if self.by_inspector.isChecked():
            return Choice(inspector=str(self.inspector.currentData() or ""))
        return Choice(urns=tuple(self.ticked()))

    def recipient(self) -> str:
        """Who the file is for, as its suggested name ends: "Ann Example" or "2 schools"."""
        if self.by_inspector.isChecked():
            return str(self.inspector.currentData() or "")
        count = len(self.ticked())
        return f"{count} school{'s' if count != 1 else ''}"

    def _update(self) -> None:
        count = len(self.ticked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(count > 0)
        self.reason.setText(
            f"{count} school{'s' if count != 1 else ''} chosen"
            if count
            else "Tick the schools to hand out, or pick an inspector"
        )


def choose_handout(
    parent: QWidget, db: Database, inspection_id: uuid.UUID, reference: str
) -> tuple[Choice, str] | None:
    """The schools to hand out and who they are for, or None when cancelled."""
    schools = [
        School(s.school.urn, s.school.name, "inspected", s.inspector)
        for s in evidence.list_inspected_schools(db, inspection_id)
    ] + [
        School(s.school.urn, s.school.name, "surveyed", s.inspector)
        for s in evidence.list_surveyed_schools(db, inspection_id)
    ]
    dialog = HandoutDialog(parent, reference, schools)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice(), dialog.recipient()
