"""The letter editor shows each finding's evidence beside its bullet (and only there: the
printed letter and its PDF are the same with or without evidence)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coventry_inspect.gui import printing
from coventry_inspect.gui.evidence_dialog import EvidenceDialog
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.reports.letter import letter_html
from coventry_inspect.services import support
from coventry_inspect.services.letter import final_blocks
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.test_finding_evidence import (
    MIX,
    NEG,
    POS,
    add_responses,
    choose,
    context_of,
    strengths,
)
from tests.pdf_text import pdf_text


def letter_page(window: MainWindow) -> LetterPage:
    workspace = workspace_of(window)
    workspace.show_part("Letter")
    page = workspace.page("letter")
    assert isinstance(page, LetterPage)
    return page


def row_of(page: LetterPage, key: str) -> int:
    return next(i for i, item in enumerate(page.items) if item.block.key == key)


def shown(page: LetterPage, key: str) -> str:
    return page.blocks.item(row_of(page, key)).text()


def test_each_finding_shows_its_evidence_beside_its_bullet_not_in_print(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    context = context_of(window)
    db, inspection = context.db, context.inspection_id
    printed_before = letter_html(final_blocks(db, inspection))
    pdf_before = printing.save_pdf(window, str(tmp_path / "before.pdf"))
    assert pdf_before is not None
    ids = add_responses(window, [POS, MIX, NEG])
    first = strengths(window)[0]
    support.link(db, first.id, ids[:2])
    page = letter_page(window)
    page.refresh()

    assert shown(page, "strengths/b1").endswith(
        "\n    ↳ Evidence: supported by 2 responses from 2 schools (1 positive, 1 mixed)"
    )
    assert shown(page, "strengths/b2").endswith("\n    ↳ Evidence: ⚑ no supporting response")
    assert "Evidence:" in shown(page, "areas-for-improvement/b1")
    assert "Evidence:" not in shown(page, "heading/strengths")
    assert "No response is linked" in page.blocks.item(row_of(page, "strengths/b2")).toolTip()

    # Choosing the bullet shows its evidence beside the editor; Evidence… opens the dialog.
    page.blocks.setCurrentRow(row_of(page, "strengths/b1"))
    assert page.evidence_box.isVisibleTo(page)
    assert page.evidence_box.title() == "Evidence for strength 1 (not printed)"
    assert page.evidence.text() == "Supported by 2 responses from 2 schools (1 positive, 1 mixed)"
    screenshot(window, "evidence-gui-letter-evidence", tmp_path)
    qtbot.mouseClick(page.evidence_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(EvidenceDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.finding_id == first.id
    positive = next(n for n, r in enumerate(dialog.linked_model.rows) if r.id == ids[0])
    choose(qtbot, dialog.linked, positive)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert shown(page, "strengths/b1").endswith(
        "Evidence: supported by 1 response from 1 school (1 mixed)"
    )
    page.blocks.setCurrentRow(row_of(page, "strengths/b1"))
    assert page.evidence.text() == "Supported by 1 response from 1 school (1 mixed)"

    # A strength backed only by a negative response is flagged here too.
    support.link(db, first.id, [ids[2]])
    support.unlink(db, first.id, [ids[1]])
    context.changed()
    assert shown(page, "strengths/b1").endswith(
        "Evidence: supported by 1 response from 1 school (1 negative) — "
        "⚑ a strength backed mainly by negative responses"
    )
    support.link(db, first.id, [ids[1]])
    support.unlink(db, first.id, [ids[2]])
    context.changed()

    # Undo (Edit › Undo) puts the link back, in the letter editor too.
    window.undo_action.trigger()
    assert shown(page, "strengths/b1").endswith(
        "Evidence: supported by 2 responses from 2 schools (1 positive, 1 mixed)"
    )
    page.blocks.setCurrentRow(row_of(page, "heading/strengths"))
    assert not page.evidence_box.isVisibleTo(page)

    # What prints is the letter alone: the same HTML, PDF text and command line text.
    printed = letter_html(final_blocks(db, inspection))
    assert printed == printed_before
    assert "supported by" not in page.preview.toPlainText()
    assert "Evidence" not in page.preview.toPlainText()
    pdf_after = printing.save_pdf(window, str(tmp_path / "after.pdf"))
    assert pdf_after is not None
    assert pdf_text(pdf_after) == pdf_text(pdf_before)
    assert "supported by" not in pdf_text(pdf_after)
