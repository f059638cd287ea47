"""The Letter view: reword a paragraph, see it as it will print, undo, regenerate."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.gui import printing
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services.letter import final_blocks
from tests.gui.conftest import screenshot, workspace_of
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
    assert [i.block.text for i in flagged] == ["Two schools kept their good grade."]
    assert page.regenerate_button.text() == "&Regenerate (1 to review)"
    asked: list[str] = []
    replaced = page.regenerate(ask=lambda item: asked.append(item.generated) or True)
    assert replaced == 1
    assert asked == ["one school maintained a good grade for overall effectiveness"]
    assert "one school maintained a good grade for overall effectiveness" in [
        b.text for b in final_blocks(db, inspection)
    ]
    assert not any(i.facts_changed for i in page.items)
