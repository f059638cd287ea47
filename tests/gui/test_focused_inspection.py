"""An inspector enters a whole focused inspection through the real widgets; the database holds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import (
    InadequateCategory,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.gui import parts
from coventry_inspect.gui.date_edit import DateEdit
from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, findings, inspections
from coventry_inspect.services.summary import outcome_tally
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_new_inspection import create_by_typing
from tests.gui.typing import type_in_cell


def set_cell(page: TablePage, row: int, column: int, value: object) -> None:
    """What a delegate does when the inspector picks a value and leaves the cell."""
    assert page.model.setData(page.model.index(row, column), value, Qt.ItemDataRole.EditRole)


def type_into(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_enter_a_whole_focused_inspection(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    workspace = workspace_of(window)
    inspection = create_by_typing(qtbot, window, "Warwickshire", "3 Feb 2014")
    assert inspection.reference == "WAR-2014-02"
    assert workspace.inspection_id == inspection.id
    db = window.db
    assert db is not None

    # Details, typed into the form.
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    type_into(qtbot, details.fields["la_number"], "937")
    type_into(qtbot, details.fields["sender_name"], "Lorna Fitzjohn")
    start = details.fields["start_date"]
    assert isinstance(start, DateEdit)
    type_into(qtbot, start, "3/2/2014")
    end = details.fields["end_date"]
    assert isinstance(end, DateEdit)
    type_into(qtbot, end, "7 Feb 14")
    assert (start.text(), end.text()) == ("3 February 2014", "7 February 2014")
    summary = details.fields["summary"]
    assert isinstance(summary, QPlainTextEdit)
    summary.setFocus()
    qtbot.keyClicks(summary, "In summary, progress is slow.")
    qtbot.waitUntil(
        lambda: inspections.get_inspection(db, inspection.id).summary != "", timeout=3000
    )
    stored = inspections.get_inspection(db, inspection.id)
    assert (stored.local_authority.name, stored.local_authority.la_number, stored.sender_name) == (
        "Warwickshire",
        "937",
        "Lorna Fitzjohn",
    )
    assert (stored.start_date, stored.end_date, stored.summary) == (
        date(2014, 2, 3),
        date(2014, 2, 7),
        "In summary, progress is slow.",
    )

    # Schools inspected: two schools not in the register, then their grades.
    workspace.show_part("Schools inspected")
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    chosen = iter(
        [
            ("125700", "Abbey Primary", Phase.PRIMARY),
            ("125800", "Priory Secondary", Phase.SECONDARY),
        ]
    )
    monkeypatch.setattr(parts, "choose_new_school", lambda _parent: next(chosen))
    for _ in range(2):
        qtbot.mouseClick(
            next(
                b
                for b in schools.findChildren(type(schools.delete_button))
                if b.text() == "Add &new school…"
            ),
            Qt.MouseButton.LeftButton,
        )
    assert [r.school.name for r in schools.model.rows] == ["Abbey Primary", "Priory Secondary"]
    set_cell(schools, 0, 3, PreviousGrade.SATISFACTORY)
    set_cell(schools, 0, 4, SchoolGrade.REQUIRES_IMPROVEMENT)
    monkeypatch.setattr(workspace, "_ask_category", lambda: InadequateCategory.SERIOUS_WEAKNESSES)
    set_cell(schools, 1, 3, PreviousGrade.GOOD)
    set_cell(schools, 1, 4, SchoolGrade.INADEQUATE)  # asks for the category

    # The phase typed into its cell.
    type_in_cell(qtbot, schools, 0, 2, "Junior", finish=Qt.Key.Key_Return)

    # Telephone survey.
    workspace.show_part("Telephone survey")
    survey = workspace.page("survey")
    assert isinstance(survey, TablePage)
    monkeypatch.setattr(
        parts, "choose_new_school", lambda _parent: ("125900", "Castle Special", Phase.SPECIAL)
    )
    survey.add_button("x", lambda: None, "unused").hide()
    qtbot.mouseClick(
        next(
            b
            for b in survey.findChildren(type(survey.delete_button))
            if b.text() == "Add &new school…"
        ),
        Qt.MouseButton.LeftButton,
    )
    set_cell(survey, 0, 3, PreviousGrade.OUTSTANDING)
    type_in_cell(qtbot, survey, 0, 4, "5/2/14", open_with="F2")
    assert evidence.list_surveyed_schools(db, inspection.id)[0].call_date == date(2014, 2, 5)

    # Key questions and a response, Ctrl+Return moving on.
    workspace.show_part("Key questions and responses")
    questions = workspace.page("questions").findChild(TablePage)
    assert questions is not None
    answers.queue.append("How well does the local authority know your school?")
    qtbot.mouseClick(
        next(
            b
            for b in questions.findChildren(type(questions.delete_button))
            if b.text() == "&Add question…"
        ),
        Qt.MouseButton.LeftButton,
    )
    responses = workspace.page("questions").findChild(ResponsesPanel)
    assert responses is not None
    responses.schools.setCurrentRow(0)
    editor_box = responses.editors[0]
    editor_box.judgement.setCurrentIndex(2)  # Mixed
    editor_box.text.setFocus()
    qtbot.keyClicks(editor_box.text, "The authority knows us well.")
    qtbot.waitUntil(lambda: len(evidence.list_responses(db, inspection.id)) == 1, timeout=3000)
    # Findings.
    workspace.show_part("Findings")
    pages = {p.objectName(): p for p in workspace.page("findings").findChildren(TablePage)}
    strengths, areas = pages["Strengths"], pages["Areas for improvement"]
    answers.queue += ["Support for governors is valued."]
    qtbot.mouseClick(
        next(
            b for b in strengths.findChildren(type(strengths.delete_button)) if b.text() == "&Add…"
        ),
        Qt.MouseButton.LeftButton,
    )
    answers.queue += ["Too few schools are good."]
    qtbot.mouseClick(
        next(b for b in areas.findChildren(type(areas.delete_button)) if b.text() == "&Add…"),
        Qt.MouseButton.LeftButton,
    )

    # What the database holds now.
    stored_schools = {r.school.urn: r for r in evidence.list_inspected_schools(db, inspection.id)}
    assert stored_schools["125700"].phase is Phase.JUNIOR
    assert (stored_schools["125700"].previous_grade, stored_schools["125700"].outcome_grade) == (
        PreviousGrade.SATISFACTORY,
        SchoolGrade.REQUIRES_IMPROVEMENT,
    )
    assert (
        stored_schools["125800"].outcome_grade,
        stored_schools["125800"].inadequate_category,
    ) == (SchoolGrade.INADEQUATE, InadequateCategory.SERIOUS_WEAKNESSES)
    [surveyed] = evidence.list_surveyed_schools(db, inspection.id)
    assert (surveyed.school.urn, surveyed.last_grade, surveyed.call_date) == (
        "125900",
        PreviousGrade.OUTSTANDING,
        date(2014, 2, 5),
    )
    [response] = evidence.list_responses(db, inspection.id)
    assert (response.school.name, response.respondent, response.judgement, response.text) == (
        "Abbey Primary",
        Respondent.HEADTEACHER,
        ResponseJudgement.MIXED,
        "The authority knows us well.",
    )
    assert [f.statement for f in findings.list_findings(db, inspection.id)] == [
        "Support for governors is valued.",
        "Too few schools are good.",
    ]
    tally = outcome_tally(db, inspection.id)
    assert (tally.inspected, tally.surveyed) == (2, 1)
    # The live panel shows the same.
    assert "Surveyed by telephone</td><td align=center>1" in workspace.outcomes.summary.text()
    assert workspace.outcomes.chart.after == {3: 1, 4: 1}
    screenshot(window, "focused-entered", tmp_path)
