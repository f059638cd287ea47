"""The Letter view: reword a paragraph, see it as it will print, undo, regenerate."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.gui import printing
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services.letter import LetterBlock, final_blocks
from tests.gui.conftest import screenshot, workspace_of
from tests.pdf_text import pdf_text
from tests.test_cli import run


def test_reword_preview_undo_and_regenerate(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, database_file: Path
) -> None:
    workspace = workspace_of(window)
    workspace.show_part("Letter")
    page = workspace.page("letter")
    assert isinstance(page, LetterPage)
    db, inspection = window.db, workspace.inspection_id
    assert db is not None
    assert inspection is not None
    row = next(
        i
        for i, item in enumerate(page.items)
        if item.block.text.startswith("two schools maintained")
    )
    page.blocks.setCurrentRow(row)
    page.editor.selectAll()
    qtbot.keyClicks(page.editor, "Two schools kept their good grade.")
    qtbot.waitUntil(
        lambda: (
            "Two schools kept their good grade." in [b.text for b in final_blocks(db, inspection)]
        ),
        timeout=3000,
    )
    assert "Two schools kept their good grade." in page.preview.toPlainText()
    assert page.blocks.item(row).text().startswith("✎ ")
    screenshot(window, "letter", tmp_path)
    # Printing and the command line use the inspector's wording.
    pdf = printing.save_pdf(window, str(tmp_path / "letter.pdf"))
    assert pdf is not None
    text = run("letter", "--db", str(database_file), "--inspection", "COV-2013-03", "--text").stdout
    assert "• Two schools kept their good grade." in text
    # Undo puts the generated wording back.
    window.undo_action.trigger()
    assert "Two schools kept their good grade." not in [
        b.text for b in final_blocks(db, inspection)
    ]
    window.redo_action.trigger()
    # The facts change: the rewording is flagged; Regenerate asks, and here takes the new wording.
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    good = next(i for i, r in enumerate(schools.model.rows) if r.outcome_grade is SchoolGrade.GOOD)
    schools.model.setData(schools.model.index(good, 4), SchoolGrade.OUTSTANDING)
    flagged = [i for i in page.items if i.facts_changed]
    # The bullet, and the inspector's paragraph on what the outcomes mean (written against the
    # old outcomes).
    assert [i.block.text[:28] for i in flagged] == [
        "Two schools kept their good ",
        "It is positive that the earl",
    ]
    assert page.regenerate_button.text() == "&Regenerate (2 to review)"
    asked: list[str] = []

    def take_the_new_bullet_keep_the_paragraph(item: LetterBlock) -> bool:
        asked.append(item.generated)
        return not item.prompt

    replaced = page.regenerate(ask=take_the_new_bullet_keep_the_paragraph)
    assert replaced == 1
    assert asked[0] == "one school maintained a good grade for overall effectiveness"
    assert asked[1].startswith("[To write: what these outcomes mean (3 outstanding, 1 good, ")
    final = [b.text for b in final_blocks(db, inspection)]
    assert "one school maintained a good grade for overall effectiveness" in final
    assert any(text.startswith("It is positive that the early years") for text in final)
    assert not any(i.facts_changed for i in page.items)


def _preview_pages(qtbot: QtBot, window: MainWindow) -> int:
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dialog = printing.print_preview(window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    pages = preview.pageCount()
    dialog.close()
    return pages


def _pdf_pages(window: MainWindow, path: Path) -> int:
    import subprocess

    assert printing.save_pdf(window, str(path)) == path
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[-1])


def test_the_evaluation_is_written_or_left_out_before_printing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: object
) -> None:
    from coventry_inspect.domain.letter import EVALUATION_KEY
    from coventry_inspect.services.letter import current_letter, reword

    workspace = workspace_of(window)
    db, inspection = window.db, workspace.inspection_id
    assert db is not None
    assert inspection is not None
    prompt = next(
        i.generated for i in current_letter(db, inspection) if i.block.key == EVALUATION_KEY
    )
    reword(db, inspection, EVALUATION_KEY, prompt, prompt)  # as in a new letter
    workspace.show_part("Letter")
    page = workspace.page("letter")
    assert isinstance(page, LetterPage)
    page.refresh()
    assert page.blocked.isVisibleTo(page)
    assert "write the paragraph after the outcomes" in page.blocked.text()
    shown = answers.shown  # type: ignore[attr-defined]
    # Printing, the preview and the PDF are refused, saying what to do.
    assert printing.save_pdf(window, str(tmp_path / "no.pdf")) is None
    assert printing.print_preview(window) is None
    printing.print_letter(window)
    assert [title for title, _ in shown] == ["Save as PDF", "Print preview", "Print"]
    assert all("write the paragraph after the outcomes" in message for _, message in shown)
    assert not (tmp_path / "no.pdf").exists()
    # The inspector chooses the prompt, types the paragraph, and the letter prints.
    row = next(i for i, item in enumerate(page.items) if item.block.key == EVALUATION_KEY)
    assert page.blocks.item(row).text().startswith("✍ ")
    page.blocks.setCurrentRow(row)
    assert page.editor.toPlainText() == ""  # the prompt is a hint, not text to delete
    assert page.editor.placeholderText() == prompt
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "It is positive that all schools took part.")
    qtbot.waitUntil(lambda: not page.blocked.isVisibleTo(page), timeout=3000)
    screenshot(window, "letter-evaluation", tmp_path)
    written = tmp_path / "written.pdf"
    assert printing.save_pdf(window, str(written)) == written
    assert "It is positive that all schools took part." in " ".join(pdf_text(written).split())
    # Or leaves it out: it does not print, and can be brought back.
    page.blocks.setCurrentRow(row)
    qtbot.mouseClick(page.remove, Qt.MouseButton.LeftButton)
    assert page.items[row].removed
    assert page.blocks.item(row).text().startswith("✗ ")
    left_out = tmp_path / "left-out.pdf"
    assert printing.save_pdf(window, str(left_out)) == left_out
    assert "It is positive that" not in pdf_text(left_out)
    window.undo_action.trigger()
    assert not page.items[row].removed


def test_print_preview_has_the_pdfs_pages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """One layout for both, for the example letter and letters longer and shorter than it."""
    from coventry_inspect.services.letter import current_letter, reword

    workspace = workspace_of(window)
    db, inspection = window.db, workspace.inspection_id
    assert db is not None
    assert inspection is not None
    summary = next(
        i for i in current_letter(db, inspection) if i.block.text.startswith("In summary")
    )
    counts = []
    for words in (0, 40, 130, 260, 400, 700):
        if words:
            text = "The authority's support has varied. " * (words // 5)
            reword(db, inspection, summary.block.key, text, summary.generated)
        pdf_pages = _pdf_pages(window, tmp_path / f"letter-{words}.pdf")
        counts.append((pdf_pages, _preview_pages(qtbot, window)))
    assert all(pdf == preview for pdf, preview in counts), counts
    assert len({pdf for pdf, _ in counts}) > 1  # the lengths did change the page count


def test_letterhead_and_sender_dialog_from_the_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit

    from coventry_inspect.gui.letter_settings import LetterSettingsDialog
    from coventry_inspect.preferences import read_preferences

    typed: dict[str, str] = {}

    def fill_in(dialog: LetterSettingsDialog) -> int:
        screenshot(dialog, "letter-settings", tmp_path)
        for name, text in (
            ("organisation", "Ofsted"),
            ("address", "Aviation House\n125 Kingsway"),
            ("phone", "0300 123 1231"),
            ("email", "enquiries@ofsted.gov.uk"),
        ):
            editor = dialog.editors[name]
            editor.setFocus()
            if isinstance(editor, QLineEdit):
                qtbot.keyClicks(editor, text)
            else:
                assert isinstance(editor, QPlainTextEdit)
                first, second = text.split("\n")
                qtbot.keyClicks(editor, first)
                qtbot.keyClick(editor, Qt.Key.Key_Return)
                qtbot.keyClicks(editor, second)
            typed[name] = text
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(LetterSettingsDialog, "exec", fill_in)
    action = next(
        a for a in window.findChildren(QAction) if a.objectName() == "Letterhead and sender"
    )
    action.trigger()
    QApplication.processEvents()
    saved, problem = read_preferences()
    assert problem == ""
    assert {name: getattr(saved, name) for name in typed} == typed
    workspace = workspace_of(window)
    workspace.show_part("Letter")
    page = workspace.page("letter")
    assert isinstance(page, LetterPage)
    assert page.preview.toPlainText().startswith("Ofsted\nAviation House\n125 Kingsway")
    pdf = tmp_path / "letterhead.pdf"
    assert printing.save_pdf(window, str(pdf)) == pdf
    assert "T 0300 123 1231" in pdf_text(pdf, first=1, last=1)
