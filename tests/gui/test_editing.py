"""LEA judgements, undo and redo of every kind of edit, refusals, and the Qt models."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from coventry_inspect.domain.vocabulary import (
    FindingKind,
    InadequateCategory,
    LeaGrade,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.gui.date_edit import DateEdit
from coventry_inspect.gui.delegates import ChoiceDelegate
from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.inspection_list import InspectionListModel
from coventry_inspect.gui.judgement_charts import JudgementCharts
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.register_model import RegisterModel
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, findings, inspections, judgements
from tests.gui.conftest import Answers, screenshot, workspace_of


def open_reference(window: MainWindow, reference: str) -> None:
    workspace = workspace_of(window)
    found = inspections.find_by_reference(window.db, reference)  # type: ignore[arg-type]
    assert found is not None
    workspace.select_inspection(found.id)
    assert workspace.inspection_id == found.id


def set_cell(
    page: TablePage,
    row: int,
    column: int,
    value: object,
    role: Qt.ItemDataRole = Qt.ItemDataRole.EditRole,
) -> None:
    page.model.setData(page.model.index(row, column), value, role)


def test_lea_judgement_grid(window: MainWindow, tmp_path: Path) -> None:
    open_reference(window, "COV-2004-05")
    workspace = workspace_of(window)
    workspace.show_part("Judgements")
    grid = workspace.page("judgements").findChild(TablePage)
    assert grid is not None
    assert grid.model.rowCount() == 51
    row = next(i for i, j in enumerate(grid.model.rows) if j.number == "1.9")
    assert grid.model.index(row, 2).data() == "5 – Unsatisfactory"
    set_cell(grid, row, 2, LeaGrade.SATISFACTORY)
    set_cell(grid, row, 3, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    set_cell(grid, row, 4, LeaGrade.GOOD)
    set_cell(grid, row, 5, LeaGrade.UNSATISFACTORY)
    set_cell(grid, row, 6, 3.4)
    db = window.db
    assert db is not None
    stored = next(
        j for j in judgements.list_judgements(db, workspace.inspection_id) if j.number == "1.9"
    )  # type: ignore[arg-type]
    assert (
        stored.grade,
        stored.no_fieldwork,
        stored.self_evaluation_grade,
        stored.previous_grade,
        stored.average_grade,
    ) == (LeaGrade.SATISFACTORY, True, LeaGrade.GOOD, LeaGrade.UNSATISFACTORY, 3.4)
    delegate = grid.table.itemDelegateForColumn(2)
    assert isinstance(delegate, ChoiceDelegate)
    assert delegate.choices == [None, *LeaGrade]
    charts = workspace.page("judgements").findChild(JudgementCharts)
    assert charts is not None
    section_1 = dict(charts.charts)["Section 1: Corporate strategy and LEA leadership"]
    assert next(r for r in section_1 if r.number == "1.9").grade == 4  # the chart follows the grid
    window.undo_action.trigger()  # the average
    window.undo_action.trigger()  # the previous grade
    stored = next(
        j for j in judgements.list_judgements(db, workspace.inspection_id) if j.number == "1.9"
    )  # type: ignore[arg-type]
    assert (stored.previous_grade, stored.average_grade) == (None, None)
    screenshot(window, "judgements", tmp_path)


def test_undo_and_redo_of_every_kind_of_edit(window: MainWindow, answers: Answers) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    db = window.db
    assert db is not None
    inspection_id = workspace.inspection_id
    assert inspection_id is not None
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    strengths = next(
        p
        for p in workspace.page("findings").findChildren(TablePage)
        if p.objectName() == "Strengths"
    )

    def state() -> tuple[object, ...]:
        rows = evidence.list_inspected_schools(db, inspection_id)
        return (
            inspections.get_inspection(db, inspection_id).sender_name,
            [(r.school.urn, r.outcome_grade, r.notes) for r in rows],
            [f.statement for f in findings.list_findings(db, inspection_id, FindingKind.STRENGTH)],
        )

    states = [state()]
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    details.fields["sender_name"].setText("Lorna Fitzjohn")  # type: ignore[attr-defined]
    details.fields["sender_name"].editingFinished.emit()  # type: ignore[attr-defined]
    states.append(state())
    set_cell(schools, 0, 6, "Visited on Monday")
    states.append(state())
    schools.table.selectRow(1)
    schools.delete_selected()
    states.append(state())
    answers.queue.append("A new strength.")
    next(
        b for b in strengths.findChildren(type(strengths.delete_button)) if b.text() == "&Add…"
    ).click()
    states.append(state())
    for a, b in pairwise(states):
        assert a != b  # every edit changed something
    for expected in reversed(states[:-1]):
        window.undo_action.trigger()
        assert state() == expected
    for expected in states[1:]:
        window.redo_action.trigger()
        assert state() == expected
    assert window.undo_action.text() == "&Undo Add to strengths"


def test_refused_edits_are_explained_and_not_stored(window: MainWindow) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    db = window.db
    assert db is not None
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    row = next(i for i, r in enumerate(schools.model.rows) if r.outcome_grade is SchoolGrade.GOOD)
    set_cell(schools, row, 5, InadequateCategory.SPECIAL_MEASURES)
    assert workspace.problem.text() == "Special measures needs an Inadequate outcome"
    assert workspace.problem.isVisibleTo(workspace)
    stored = evidence.list_inspected_schools(db, workspace.inspection_id)[row]  # type: ignore[arg-type]
    assert stored.inadequate_category is None
    assert not window.stack.canRedo()
    # Surveyed schools can only be given good or outstanding.
    survey = workspace.page("survey")
    assert isinstance(survey, TablePage)
    grade_delegate = survey.table.itemDelegateForColumn(3)
    assert isinstance(grade_delegate, ChoiceDelegate)
    assert grade_delegate.choices == [PreviousGrade.OUTSTANDING, PreviousGrade.GOOD]
    # An end date before the start date is refused in the form.
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    end = details.fields["end_date"]
    assert isinstance(end, DateEdit)
    end.setText("1/3/2013")
    end.editingFinished.emit()
    assert (
        "the end date 2013-03-01 is before the start date 2013-03-11"
        in workspace.problem.text().lower()
    )
    assert inspections.get_inspection(db, workspace.inspection_id).end_date == date(2013, 3, 15)  # type: ignore[arg-type]
    assert end.value() == date(2013, 3, 15)  # the form shows what is stored again
    # A successful edit clears the message.
    set_cell(schools, row, 6, "fine")
    assert workspace.problem.text() == ""


def test_every_model_is_a_well_behaved_qt_model(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    db = window.db
    assert db is not None
    qtmodeltester.check(InspectionListModel(db))
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    for key in ("schools", "survey"):
        page = workspace.page(key)
        assert isinstance(page, TablePage)
        qtmodeltester.check(page.model)
    for page in workspace.page("findings").findChildren(TablePage):
        qtmodeltester.check(page.model)
    history = workspace.page("history")
    qtmodeltester.check(history.model)  # type: ignore[attr-defined]
    register = RegisterModel(db)  # the examples' schools
    qtmodeltester.check(register)
    register.set_filter("earl")
    qtmodeltester.check(register)
    open_reference(window, "COV-2004-05")
    workspace = workspace_of(window)
    grid = workspace.page("judgements").findChild(TablePage)
    assert grid is not None
    qtmodeltester.check(grid.model)
    qtmodeltester.check(workspace.page("recommendations").model)  # type: ignore[attr-defined]


def test_history_view_shows_who_changed_what(window: MainWindow) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    set_cell(schools, 0, 6, "Visited on Monday")
    history = workspace.page("history")
    first = [history.model.index(0, c).data() for c in range(8)]  # type: ignore[attr-defined]
    assert first[1:] == [
        window.db.user,
        "School inspected",
        "Early Years Centre (illustrative) (990001)",
        "updated",
        "notes",  # type: ignore[union-attr]
        "Illustrative: the letter names no schools; name and URN stand in for a real school.",
        "Visited on Monday",
    ]
