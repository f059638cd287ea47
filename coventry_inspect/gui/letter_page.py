"""The summary letter: generated from the evidence, each paragraph rewordable, previewed as it
will print. Rewordings are kept; when the facts behind a reworded paragraph change, Regenerate
asks before replacing it. A prompted paragraph (the evaluation of the outcomes) is the
inspector's to write or remove; until then the page says the letter cannot be printed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coventry_inspect.domain.letter import BlockKind, unfinished
from coventry_inspect.domain.support import Support
from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.gui.commands import perform
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.details_page import TYPING_PAUSE_MS
from coventry_inspect.gui.evidence_dialog import EvidenceDialog, evidence_button, open_evidence
from coventry_inspect.gui.evidence_text import finding_name, flag_text, flag_tip
from coventry_inspect.reports.letter import FONT_FAMILY, letter_html
from coventry_inspect.services import support
from coventry_inspect.services.letter import LetterBlock, current_letter, letter_edits, reword
from coventry_inspect.services.snapshot import FindingRow, InspectionSnapshot

FINDING_SECTIONS = {
    "strengths": FindingKind.STRENGTH,
    "areas-for-improvement": FindingKind.AREA_FOR_IMPROVEMENT,
}
"""The letter's sections whose bullets are the findings, in the findings' order."""


def finding_of(key: str, whole: InspectionSnapshot) -> FindingRow | None:
    """The finding a bullet of the letter states ("strengths/b2": the second strength)."""
    section, _, place = key.rpartition("/")
    kind = FINDING_SECTIONS.get(section)
    if kind is None or not place.startswith("b") or not place[1:].isdigit():
        return None
    rows = [f for f in whole.findings if f.kind is kind]
    number = int(place[1:])
    return rows[number - 1] if 0 < number <= len(rows) else None


class LetterPage(QWidget):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("Letter")
        self.items: list[LetterBlock] = []
        self.findings: list[FindingRow | None] = []
        """The finding each block states, if it is a strength's or area's bullet."""
        self.supported: dict[uuid.UUID, Support] = {}
        self.blocks = QListWidget()
        self.blocks.setAccessibleName("Paragraphs of the letter")
        self.blocks.setWordWrap(True)
        self.blocks.setSpacing(3)
        self.blocks.setAlternatingRowColors(True)
        self.blocks.currentRowChanged.connect(self._show_block)
        self.blocks.itemDoubleClicked.connect(lambda _item: self.show_evidence())
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Wording of the chosen paragraph")
        self.editor.setTabChangesFocus(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.save_current)
        self.editor.textChanged.connect(self._typed)
        self.reset = QPushButton("Use the &generated wording")
        self.reset.setAccessibleName("Use the generated wording for this paragraph")
        self.reset.clicked.connect(self.use_generated)
        self.remove = QPushButton("Leave this paragraph &out")
        self.remove.setAccessibleName("Leave this paragraph out of the letter")
        self.remove.clicked.connect(self.remove_paragraph)
        self.blocked = QLabel()
        self.blocked.setObjectName("letterNotReady")
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #9c0006; font-weight: bold;")
        self.regenerate_button = QPushButton("&Regenerate")
        self.regenerate_button.setToolTip(
            "Bring reworded paragraphs whose facts have changed up to date"
        )
        self.regenerate_button.clicked.connect(lambda: self.regenerate())
        self.evidence = QLabel()
        self.evidence.setObjectName("letterEvidence")
        self.evidence.setWordWrap(True)
        self.evidence.setAccessibleName("Evidence for this finding (not printed)")
        self.evidence_button = evidence_button(
            self.show_evidence, "The responses that support this finding"
        )
        self.evidence_box = QGroupBox("Its evidence (not printed)")
        evidence_layout = QHBoxLayout(self.evidence_box)
        evidence_layout.addWidget(self.evidence, 1)
        evidence_layout.addWidget(self.evidence_button)
        self.evidence_box.setVisible(False)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("The letter as it will print")
        self.preview.setStyleSheet(f"font-family: {FONT_FAMILY};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset)
        buttons.addWidget(self.remove)
        buttons.addStretch()
        buttons.addWidget(self.regenerate_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.state)
        right_layout.addWidget(self.editor, 1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.evidence_box)
        right_layout.addWidget(QLabel("<b>As it will print</b>"))
        right_layout.addWidget(self.preview, 2)
        splitter = QSplitter()
        splitter.addWidget(self.blocks)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel("<b>Letter</b> — choose a paragraph to reword it; your wording is kept")
        )
        layout.addWidget(self.blocked)
        layout.addWidget(splitter, 1)
        self._loading = False

    def refresh(self) -> None:
        if self.pause.isActive():
            return  # the inspector is typing: keep the editor as it is
        whole = self.context.read_snapshot()  # the one the window read for this refresh
        self.items = current_letter(self.context.db, self.context.inspection_id, whole)
        self.findings = [finding_of(item.block.key, whole) for item in self.items]
        self.supported = support.support_by_finding(self.context.db, self.context.inspection_id)
        row = max(self.blocks.currentRow(), 0)
        self.blocks.blockSignals(True)
        self.blocks.clear()
        for number, item in enumerate(self.items):
            text = item.block.text.replace("\n", " ")
            mark = "⚠ " if item.facts_changed else "✎ " if item.edited else ""
            if item.removed:
                mark, text = "✗ ", f"(left out) {item.generated}"
            elif item.block.kind is BlockKind.PROMPT:
                mark = "✍ "
            shown = f"{mark}{text[:140]}{'…' if len(text) > 140 else ''}"
            finding = self.findings[number] if not item.removed else None
            entry = QListWidgetItem(shown)
            if finding is not None:  # its evidence under it, here only: never printed
                stands = self._support(finding)
                entry.setText(f"{shown}\n    ↳ Evidence: {self._evidence_line(finding)}")
                entry.setToolTip(flag_tip(finding.kind, stands))
            elif item.facts_changed:
                entry.setToolTip("You reworded this, and the facts behind it have changed since")
            elif item.block.kind is BlockKind.PROMPT:
                entry.setToolTip("Yours to write, or to leave out: the letter prints once you do")
            if item.block.kind in (BlockKind.HEADING, BlockKind.SUBJECT):
                font = entry.font()
                font.setBold(True)
                entry.setFont(font)
            self.blocks.addItem(entry)
        self.blocks.blockSignals(False)
        self.blocks.setCurrentRow(min(row, len(self.items) - 1))
        self._show_block(self.blocks.currentRow())
        printed = [i.block for i in self.items if not i.removed]
        self.preview.setHtml(letter_html(printed))
        problems = unfinished(printed)
        self.blocked.setVisible(bool(problems))
        self.blocked.setText(
            "Not ready to print: " + "; and ".join(problems) + "." if problems else ""
        )
        stale = sum(item.facts_changed for item in self.items)
        self.regenerate_button.setEnabled(bool(stale))
        self.regenerate_button.setText(
            f"&Regenerate ({stale} to review)" if stale else "&Regenerate"
        )

    def _support(self, finding: FindingRow) -> Support:
        return self.supported.get(finding.row_id, Support()) if finding.row_id else Support()

    def _evidence_line(self, finding: FindingRow) -> str:
        """ "supported by 3 responses from 2 schools (3 positive)", or with its flag."""
        stands = self._support(finding)
        flagged = flag_text(finding.kind, stands)
        if not stands.responses:
            return flagged
        return f"{stands.summary()} — {flagged}" if flagged else stands.summary()

    def _show_evidence_box(self, row: int) -> None:
        finding = self.findings[row] if 0 <= row < len(self.findings) else None
        self.evidence_box.setVisible(finding is not None)
        if finding is None:
            return
        stands = self._support(finding)
        name = finding_name(finding.kind, finding.number)
        self.evidence_box.setTitle(f"Evidence for {name[:1].lower()}{name[1:]} (not printed)")
        flagged = flag_text(finding.kind, stands)
        summary = stands.summary()
        self.evidence.setText(
            f"{summary[:1].upper()}{summary[1:]}" + (f"\n{flagged}" if flagged else "")
            if stands.responses
            else flagged
        )
        self.evidence.setToolTip(flag_tip(finding.kind, stands))

    def show_evidence(self) -> EvidenceDialog | None:
        """The evidence dialog of the finding whose bullet is chosen."""
        row = self.blocks.currentRow()
        finding = self.findings[row] if 0 <= row < len(self.findings) else None
        if finding is None or finding.row_id is None:
            return None
        return open_evidence(self.context, finding.row_id, self)

    def _show_block(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        self._show_evidence_box(row)
        item = self.items[row]
        self._loading = True
        text = self._shown_text(item)
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        self.editor.setPlaceholderText(item.generated if item.prompt else "")
        self.editor.setReadOnly(item.block.kind is BlockKind.LETTERHEAD)
        self._loading = False
        self.reset.setEnabled(item.edited)
        self.reset.setText("Put the &prompt back" if item.prompt else "Use the &generated wording")
        self.remove.setVisible(item.prompt)
        self.remove.setEnabled(item.prompt and not item.removed)
        if item.removed:
            self.state.setText("✗ Left out of the letter. Type here to write it after all.")
        elif item.block.kind is BlockKind.PROMPT:
            self.state.setText(
                "✍ Yours to write: what the outcomes above mean — what is positive, what is of "
                "concern. Or leave it out. The letter cannot be printed until you do one or the "
                "other."
            )
        elif item.block.kind is BlockKind.LETTERHEAD:
            self.state.setText(
                "The letterhead, set once for every letter in Edit › Letterhead and sender…"
            )
        elif item.facts_changed and item.prompt:
            self.state.setText(
                "⚠ Your paragraph; the outcomes have changed since you wrote it. Read it again "
                f"against them (edit it, or Regenerate to keep it):\n{item.generated}"
            )
        elif item.facts_changed:
            self.state.setText(
                "⚠ Your wording; the facts behind this paragraph have changed. "
                f"The generated wording is now:\n{item.generated}"
            )
        elif item.edited:
            self.state.setText("✎ Your wording (the generated wording is kept aside).")
        else:
            self.state.setText(
                "Generated from the evidence; type to reword it. Leave a blank line to add a "
                "paragraph of your own after it."
            )

    @staticmethod
    def _shown_text(item: LetterBlock) -> str:
        """What the editor holds: a prompt still unwritten shows empty (the prompt as a hint)."""
        return "" if item.block.kind is BlockKind.PROMPT else item.block.text

    def _typed(self) -> None:
        if not self._loading:
            self.pause.start()

    def save_current(self) -> None:
        self.pause.stop()
        row = self.blocks.currentRow()
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        text = self.editor.toPlainText()
        if text != self._shown_text(item):
            self._reword(item, text, item.generated)

    def _reword(self, item: LetterBlock, text: str, based_on: str) -> None:
        db, inspection_id, key = self.context.db, self.context.inspection_id, item.block.key
        before = letter_edits(db, inspection_id).get(key)
        old_text, old_basis = (
            (before.text, before.based_on) if before else (item.generated, item.generated)
        )
        perform(
            self.context.stack,
            "Reword the letter",
            partial(reword, db, inspection_id, key, text, based_on),
            partial(reword, db, inspection_id, key, old_text, old_basis),
            self.context.changed,
        )

    def use_generated(self) -> None:
        row = self.blocks.currentRow()
        if 0 <= row < len(self.items) and self.items[row].edited:
            item = self.items[row]
            self._reword(item, item.generated, item.generated)

    def remove_paragraph(self) -> None:
        """Leave the chosen prompted paragraph out (kept as an empty wording, so it can return)."""
        self.pause.stop()
        row = self.blocks.currentRow()
        if 0 <= row < len(self.items) and self.items[row].prompt:
            self._reword(self.items[row], "", self.items[row].generated)

    def regenerate(self, ask: Callable[[LetterBlock], bool] | None = None) -> int:
        """For each reworded paragraph whose facts changed, ask whether to take the new wording.
        Returns how many were replaced."""
        replaced = 0
        for item in [i for i in self.items if i.facts_changed]:
            if ask is not None:
                take_new = ask(item)
            else:
                question = (
                    f"The outcomes have changed since you wrote this paragraph.\n\nYour "
                    f"paragraph:\n{item.block.text}\n\nNow:\n{item.generated}\n\nPut the prompt "
                    "back to write it again? (No keeps your paragraph as it is.)"
                    if item.prompt
                    else f"The facts behind a paragraph you reworded have changed.\n\nYour "
                    f"wording:\n{item.block.text}\n\nThe new wording:\n{item.generated}\n\n"
                    "Use the new wording?"
                )
                answer = QMessageBox.question(
                    self,
                    "Regenerate the letter",
                    question,
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                take_new = answer == QMessageBox.StandardButton.Yes
            if take_new:
                self._reword(item, item.generated, item.generated)
                replaced += 1
            else:
                self._reword(item, item.block.text, item.generated)  # keep it, now up to date
        return replaced
