"""File › Import workbook… replacing an inspection says what it does to themes and evidence
links before it does it, and Edit › Undo puts them back as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services import evidence, support, themes
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.test_import_replace import _choose_file, _confirmation


def test_import_lists_themes_and_links_and_undo_restores_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = window.db
    assert db is not None
    inspection = choose_inspection(db, "COV-2013-03").id
    school = evidence.list_inspected_schools(db, inspection)[0]
    question = evidence.list_key_questions(db, inspection)[0]
    answered = [
        evidence.add_response(
            db, question.id, school.school_id, who, text, ResponseJudgement.POSITIVE
        )
        for who, text in (
            (Respondent.HEADTEACHER, "Clusters work well."),
            (Respondent.CHAIR_OF_GOVERNORS, "Training is good."),
        )
    ]
    themes.set_themes(db, answered[0].id, ["Clusters"])
    themes.set_themes(db, answered[1].id, ["governor training"])
    strength = read_snapshot(db, inspection).findings[0]
    assert strength.row_id is not None
    support.link(db, strength.row_id, [r.id for r in answered])
    before = read_snapshot(db, inspection)
    urn = school.school.urn

    workbook = tmp_path / "from-colleague.xlsx"
    export_workbook(before, workbook)
    edited = load_workbook(workbook)
    edited["Themes"].delete_rows(2)  # Clusters off the headteacher's answer
    edited["Themes"].append([urn, question.number, "Chair of governors", "HR support"])
    edited["Evidence"].delete_rows(3)  # the chair's answer no longer supports Strength 1
    edited.save(workbook)
    workspace_of(window).select_inspection(inspection)

    _choose_file(monkeypatch, workbook)
    window.import_action.trigger()
    box = _confirmation(qtbot, window)
    screenshot(box, "annex-import-confirmation", tmp_path)
    said = box.informativeText()
    assert (
        f"Themes: remove 1 ({urn} question 1 Headteacher: Clusters); add 1 ({urn} question 1 "
        "Chair of governors: HR support)"
    ) in said
    assert f"Evidence: remove 1 (Strength 1 ← {urn} question 1 Chair of governors)" in said
    replace_button = box.findChild(type(box.defaultButton()), "replaceButton")
    assert replace_button is not None
    qtbot.mouseClick(replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Replaced"), timeout=30_000
    )
    imported = read_workbook(workbook)
    assert read_snapshot(db, inspection) == imported
    assert themes.themes_of(db, inspection) == {answered[1].id: ["governor training", "HR support"]}
    assert [r.id for r in support.supporting(db, strength.row_id)] == [answered[0].id]

    window.undo_action.trigger()
    after_undo = read_snapshot(db, inspection)
    assert after_undo == before
    assert [t.row_id for t in after_undo.themes] == [t.row_id for t in before.themes]
    assert [e.row_id for e in after_undo.evidence] == [e.row_id for e in before.evidence]
    window.redo_action.trigger()
    assert read_snapshot(db, inspection) == imported
