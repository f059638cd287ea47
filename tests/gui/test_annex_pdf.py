"""File › Save evidence annex as PDF…: chosen from the menu, named in the save dialog as a person
types it, written for a focused inspection and refused, saying why, for an LEA one."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services import evidence, support
from coventry_inspect.services.snapshot import read_snapshot
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_editing import open_reference
from tests.gui.test_file_dialogs import FileDialogAnswer, home
from tests.pdf_text import pdf_text

__all__ = ["home"]  # the fixture: a home folder with Documents, where the dialog opens


def test_save_evidence_annex_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, home: Path, answers: Answers, tmp_path: Path
) -> None:
    db = window.db
    assert db is not None
    open_reference(window, "COV-2013-03")
    inspection_id = workspace_of(window).inspection_id
    assert inspection_id is not None
    snapshot = read_snapshot(db, inspection_id)
    school = evidence.list_inspected_schools(db, inspection_id)[0]
    question = evidence.list_key_questions(db, inspection_id)[0]
    response = evidence.add_response(
        db,
        question.id,
        school.school_id,
        Respondent.HEADTEACHER,
        "The link adviser knows us well.",
        ResponseJudgement.POSITIVE,
    )
    first = snapshot.findings[0]
    assert first.row_id is not None
    support.link(db, first.row_id, [response.id])

    menu = next(a for a in window.menuBar().actions() if a.text() == "&File").menu()
    assert window.annex_action in menu.actions()
    assert window.annex_action.isEnabled()
    menu.popup(window.mapToGlobal(window.rect().topLeft()))
    qtbot.waitExposed(menu)
    screenshot(menu, "annex-file-menu", tmp_path)
    menu.hide()
    answer = FileDialogAnswer(qtbot, "annex")
    window.annex_action.trigger()
    answer.check()
    assert [Path(p).name for p in answer.suggested] == ["COV-2013-03 evidence annex.pdf"]
    written = home / "Documents" / "annex.pdf"
    text = " ".join(pdf_text(written).split())
    assert text.startswith("Evidence annex — COV-2013-03 For the inspection team")
    assert f"{first.statement} Supported by 1 response from 1 school (1 positive)." in text
    assert "“The link adviser knows us well.”" in text
    assert window.statusBar().currentMessage().startswith(f"Saved {written} (")
    assert answers.shown == []

    open_reference(window, "COV-2004-05")
    window.annex_action.trigger()  # no dialog: refused before asking where
    assert answers.shown == [
        (
            "Save evidence annex as PDF",
            "COV-2004-05 is an LEA inspection: it has no responses to annex as evidence",
        )
    ]
