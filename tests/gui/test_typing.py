"""Dates and pickers typed as an inspector types them: what is stored is what was typed, or
nothing, with the reason on the page (issue 12: "Dates" and "Pickers in tables")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.dates import ACCEPTED
from coventry_inspect.domain.vocabulary import (
    InadequateCategory,
    InspectionKind,
    Phase,
    SchoolGrade,
)
from coventry_inspect.gui.choice_edit import ChoiceEdit
from coventry_inspect.gui.date_edit import DateEdit
from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, inspections
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_editing import open_reference
from tests.gui.typing import focus_cell, focused, press, type_in_cell, type_keys

TYPED_FORMS = {  # every form the issue names, each a different day so that each is stored
    "9/3/2014": date(2014, 3, 9),
    "10/03/14": date(2014, 3, 10),
    "8 Mar 2014": date(2014, 3, 8),
    "7 March 2014": date(2014, 3, 7),
    "2014-03-06": date(2014, 3, 6),
}


def new_inspection(window: MainWindow, answers: Answers) -> DetailsPage:
    """An inspection with no dates yet (one imported without them, say), shown."""
    workspace = workspace_of(window)
    created = inspections.create_inspection(
        workspace.db, "NOR-2014-01", InspectionKind.FOCUSED, "Norfolk"
    )
    workspace.inspections.refresh()
    workspace.select_inspection(created.id)
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    return details


def stored_details(window: MainWindow) -> tuple[date | None, ...]:
    inspection = inspections.get_inspection(window.db, workspace_of(window).inspection_id)  # type: ignore[arg-type]
    return (
        inspection.start_date,
        inspection.end_date,
        inspection.letter_date,
        inspection.meeting_date,
    )


def tab_into(qtbot: QtBot, before: QWidget, field: DateEdit) -> None:
    """Click the field before, then Tab: as a person reaches the date."""
    before.window().activateWindow()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=2000)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is field


def with_popup(window: QWidget, popup: QWidget) -> QPixmap:
    """The window with a popup (a calendar, a completion list) drawn where it is shown."""
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    return picture


def save_picture(picture: QPixmap, name: str, tmp_path: Path) -> None:
    label = QWidget()
    label.resize(picture.size())
    path = screenshot(label, name, tmp_path)
    assert picture.save(str(path))


# -- dates in the Details form ------------------------------------------------------------------


def test_every_date_of_the_form_takes_what_inspectors_type(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    details = new_inspection(window, answers)
    start = details.fields["start_date"]
    assert isinstance(start, DateEdit)
    assert start.text() == ""
    assert start.placeholderText() == "not set"
    for typed, meant in TYPED_FORMS.items():
        tab_into(qtbot, details.fields["la_number"], start)
        assert start.selectedText() == start.text()  # Tab in selects it: typing replaces it
        type_keys(qtbot, typed)
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is details.fields["end_date"]  # Tab leaves
        assert stored_details(window)[0] == meant
        assert start.text() == f"{meant.day} March 2014"  # what it understood
        assert details.problem.text() == ""
    # Each of the other dates, in order, Tab by Tab, as the inspector typed them.
    tab_into(qtbot, details.fields["la_number"], start)
    for typed in ("10 March 2014", "14/03/14", "21 Mar 2014", "2014-04-02"):
        type_keys(qtbot, typed)
        press(qtbot, Qt.Key.Key_Tab)
    assert stored_details(window) == (
        date(2014, 3, 10),
        date(2014, 3, 14),
        date(2014, 3, 21),
        date(2014, 4, 2),
    )
    assert [details.fields[n].text() for n in ("start_date", "letter_date")] == [  # type: ignore[attr-defined]
        "10 March 2014",
        "21 March 2014",
    ]


def test_a_date_clears_with_one_key_and_ctrl_a_selects_it(qtbot: QtBot, window: MainWindow) -> None:
    open_reference(window, "COV-2013-03")
    details = workspace_of(window).page("details")
    assert isinstance(details, DetailsPage)
    meeting = details.fields["meeting_date"]
    assert isinstance(meeting, DateEdit)
    assert meeting.text() == "14 March 2013"
    tab_into(qtbot, details.fields["letter_date"], meeting)
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Tab)
    assert stored_details(window)[3] is None
    assert meeting.text() == ""
    window.undo_action.trigger()
    assert stored_details(window)[3] == date(2013, 3, 14)
    # Clicked into (nothing selected), Ctrl+A selects it all; one Backspace clears it.
    qtbot.mouseClick(meeting, Qt.MouseButton.LeftButton)
    meeting.setCursorPosition(3)
    qtbot.keyClick(meeting, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert meeting.selectedText() == "14 March 2013"
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Tab)
    assert stored_details(window)[3] is None
    # The clear button is the mouse's one click.
    assert meeting.isClearButtonEnabled()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("not set0March2014", f'"not set0March2014" is not a date: type it as {ACCEPTED}'),
        (
            "10 Marhc 2014",
            f'"10 Marhc 2014" is not a date: "marhc" is not a month; type it as {ACCEPTED}',
        ),
        ("31/2/2013", '"31/2/2013" is not a date: February 2013 has 28 days'),
        ("10 March", f'"10 March" is not a date: type it as {ACCEPTED}'),
    ],
)
def test_a_date_the_form_cannot_read_is_refused_on_the_page_and_not_stored(
    qtbot: QtBot, window: MainWindow, typed: str, reason: str
) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    start = details.fields["start_date"]
    assert isinstance(start, DateEdit)
    before = stored_details(window)
    tab_into(qtbot, details.fields["la_number"], start)
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Tab)
    assert details.problem.text() == f"Start date: {reason}; nothing was changed"
    assert details.problem.isVisibleTo(details)
    assert stored_details(window) == before
    assert not window.stack.canUndo()
    assert start.text() == typed  # left as typed, to be put right
    # Put right, the message goes.
    tab_into(qtbot, details.fields["la_number"], start)
    type_keys(qtbot, "12/3/13")
    press(qtbot, Qt.Key.Key_Tab)
    assert (stored_details(window)[0], details.problem.text()) == (date(2013, 3, 12), "")


def test_the_calendar_opens_near_the_inspections_dates_or_today(
    qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    details = new_inspection(window, answers)
    start, end = details.fields["start_date"], details.fields["end_date"]
    assert isinstance(start, DateEdit)
    assert isinstance(end, DateEdit)
    tab_into(qtbot, details.fields["la_number"], start)
    press(qtbot, Qt.Key.Key_F4)
    calendar = start.findChild(QCalendarWidget)
    assert calendar is not None
    assert calendar.isVisible()
    today = date.today()
    assert calendar.selectedDate().toPython() == today  # no dates yet: today, not 1900
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    type_keys(qtbot, "10 March 2014")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is end
    press(qtbot, Qt.Key.Key_F4)  # End date's calendar opens at the start date
    calendar = end.findChild(QCalendarWidget)
    assert calendar is not None
    assert calendar.isVisible()
    assert calendar.selectedDate().toPython() == date(2014, 3, 10)
    save_picture(with_popup(window, calendar), "date-editor-calendar", tmp_path)
    # A date picked with the keyboard in the calendar is stored at once.
    view = focused()
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert stored_details(window)[:2] == (date(2014, 3, 10), date(2014, 3, 14))
    assert end.text() == "14 March 2014"
    assert focused() is end
    screenshot(details, "date-editor-form", tmp_path)


# -- dates in table cells ------------------------------------------------------------------------


def survey_of(window: MainWindow) -> TablePage:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    workspace.show_part("Telephone survey")
    survey = workspace.page("survey")
    assert isinstance(survey, TablePage)
    return survey


def call_dates(window: MainWindow) -> list[date | None]:
    rows = evidence.list_surveyed_schools(window.db, workspace_of(window).inspection_id)  # type: ignore[arg-type]
    return [row.call_date for row in rows]


@pytest.mark.parametrize("open_with", ["typing", "F2", "double-click", "Return"])
def test_call_dates_typed_into_their_cells_are_stored_as_typed(
    qtbot: QtBot, window: MainWindow, open_with: str
) -> None:
    survey = survey_of(window)
    typed = {
        "12 March 2014": date(2014, 3, 12),  # stored 12 Nov 2014 before
        "13 3 2014": date(2014, 3, 13),  # stored 13 Nov 3201 before
        **TYPED_FORMS,
    }
    for row, (text, meant) in enumerate(typed.items()):
        type_in_cell(qtbot, survey, row, 4, text, open_with=open_with)
        assert call_dates(window)[row] == meant, text
        assert survey.model.index(row, 4).data() == f"{meant.day} Mar {meant.year}"
    assert workspace_of(window).problem.text() == ""


def test_a_call_date_that_cannot_be_read_is_refused_and_one_key_clears_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    survey = survey_of(window)
    before = call_dates(window)
    type_in_cell(qtbot, survey, 1, 4, "31/2/2014", open_with="F2")
    problem = workspace_of(window).problem
    assert problem.text() == (
        'Call date: "31/2/2014" is not a date: February 2014 has 28 days; nothing was changed'
    )
    assert call_dates(window) == before
    type_in_cell(qtbot, survey, 1, 4, "12 Marhc 2013", open_with="F2")
    assert '"marhc" is not a month' in problem.text()
    assert call_dates(window) == before
    # Clearing: F2 selects the date, Delete empties it, Return stores no date.
    focus_cell(qtbot, survey, 1, 4)
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert call_dates(window)[1] is None
    assert problem.text() == ""


def test_a_call_dates_calendar_opens_in_the_inspection_week(
    qtbot: QtBot, window: MainWindow
) -> None:
    survey = survey_of(window)
    focus_cell(qtbot, survey, 0, 4)
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert call_dates(window)[0] is None
    focus_cell(qtbot, survey, 0, 4)
    press(qtbot, Qt.Key.Key_F2)
    editor = focused()
    assert isinstance(editor, DateEdit)
    press(qtbot, Qt.Key.Key_F4)
    calendar = editor.findChild(QCalendarWidget)
    assert calendar is not None
    assert calendar.isVisible()
    assert calendar.selectedDate().toPython() == date(2013, 3, 11)  # the start, not today
    view = focused()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # picked: stored, the editor closes
    QApplication.processEvents()
    assert call_dates(window)[0] == date(2013, 3, 12)
    assert survey.table.state() != survey.table.State.EditingState


# -- pickers in table cells ----------------------------------------------------------------------


def schools_of(window: MainWindow) -> TablePage:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    workspace.show_part("Schools inspected")
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    return schools


def stored_schools(window: MainWindow) -> list[tuple[Phase, SchoolGrade | None, object]]:
    rows = evidence.list_inspected_schools(window.db, workspace_of(window).inspection_id)  # type: ignore[arg-type]
    return [(r.phase, r.outcome_grade, r.inadequate_category) for r in rows]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Special", Phase.SPECIAL),  # stored Secondary before
        ("Pupil referral unit", Phase.PUPIL_REFERRAL_UNIT),
        ("secondary", Phase.SECONDARY),
        ("  All-through ", Phase.ALL_THROUGH),
    ],
)
@pytest.mark.parametrize("open_with", ["typing", "F2", "double-click"])
def test_a_phase_typed_is_the_phase_stored(
    qtbot: QtBot, window: MainWindow, typed: str, meant: Phase, open_with: str
) -> None:
    schools = schools_of(window)
    type_in_cell(qtbot, schools, 0, 2, typed, open_with=open_with)
    assert stored_schools(window)[0][0] is meant
    assert workspace_of(window).problem.text() == ""


def test_completion_offers_whole_words_and_a_pick_is_stored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    schools = schools_of(window)
    focus_cell(qtbot, schools, 0, 2)
    type_keys(qtbot, "ref")
    editor = focused()
    assert isinstance(editor, ChoiceEdit)
    popup = editor.completer().popup()
    assert popup is not None
    assert popup.isVisible()
    offered = editor.completer().completionModel()
    assert [offered.index(i, 0).data() for i in range(offered.rowCount())] == [
        "Pupil referral unit"
    ]
    for backspace in range(3):
        del backspace
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    type_keys(qtbot, "s")
    assert [offered.index(i, 0).data() for i in range(offered.rowCount())] == [
        "Secondary",
        "Special",
    ]
    save_picture(with_popup(schools.window(), popup), "picker-completion", tmp_path)
    press(qtbot, Qt.Key.Key_Tab)  # "s" alone is not a phase: refused, nothing stored
    assert workspace_of(window).problem.text().startswith('"s" is not a phase: type or pick one')
    assert stored_schools(window)[0][0] is Phase.NURSERY
    # Down to the second offer, Return: that whole label is stored.
    focus_cell(qtbot, schools, 0, 2)
    type_keys(qtbot, "s")
    popup = focused().completer().popup()  # type: ignore[attr-defined]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert stored_schools(window)[0][0] is Phase.SPECIAL
    assert workspace_of(window).problem.text() == ""


def test_a_picker_refuses_what_is_not_a_whole_label(qtbot: QtBot, window: MainWindow) -> None:
    schools = schools_of(window)
    inadequate = next(
        i for i, s in enumerate(stored_schools(window)) if s[1] is SchoolGrade.INADEQUATE
    )
    before = stored_schools(window)
    # "Special" is a word of "Special measures", not the category: refused, never another one.
    type_in_cell(qtbot, schools, inadequate, 5, "Serious", open_with="F2")
    problem = workspace_of(window).problem
    assert problem.text() == (
        '"Serious" is not a inadequate category: type or pick one of Serious weaknesses, '
        "Special measures (or leave it blank)"
    )
    type_in_cell(qtbot, schools, inadequate, 5, "Specail measures", open_with="F2")
    assert "Specail measures" in problem.text()
    assert stored_schools(window) == before
    type_in_cell(qtbot, schools, inadequate, 5, "serious weaknesses", open_with="F2")
    after = stored_schools(window)[inadequate]
    assert after[2] is InadequateCategory.SERIOUS_WEAKNESSES
    assert problem.text() == ""


def test_a_refusal_belongs_to_its_page(qtbot: QtBot, window: MainWindow) -> None:
    schools = schools_of(window)
    good = next(i for i, s in enumerate(stored_schools(window)) if s[1] is SchoolGrade.GOOD)
    type_in_cell(qtbot, schools, good, 5, "Serious weaknesses", open_with="F2")
    workspace = workspace_of(window)
    assert workspace.problem.text() == "Serious weaknesses needs an Inadequate outcome"
    assert stored_schools(window)[good][2] is None
    workspace.show_part("Telephone survey")
    assert workspace.problem.text() == ""
    assert not workspace.problem.isVisibleTo(workspace)
    # The Details page's own message goes when the page is left, too.
    workspace.show_part("Details")
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    start = details.fields["start_date"]
    assert isinstance(start, DateEdit)
    tab_into(qtbot, details.fields["la_number"], start)
    type_keys(qtbot, "soon")
    press(qtbot, Qt.Key.Key_Tab)
    assert details.problem.text().startswith('Start date: "soon" is not a date')
    workspace.show_part("Telephone survey")
    assert details.problem.text() == ""


def test_editing_cells_by_typing_raises_no_qt_warning(
    qtbot: QtBot, window: MainWindow, qtlog: object
) -> None:
    """Each commit used to print "commitData called with an editor that does not belong to this
    view" (the model was reset under the editor); the suite fails on any Qt warning."""
    schools = schools_of(window)
    type_in_cell(qtbot, schools, 0, 6, "Visited on Monday")
    assert schools.table.currentIndex() == schools.model.index(0, 7)  # Tab went on (Inspector)
    type_in_cell(qtbot, schools, 1, 2, "Junior")
    assert schools.table.currentIndex() == schools.model.index(1, 3)
    type_in_cell(qtbot, schools, 2, 6, "Called back", finish=Qt.Key.Key_Return)
    workspace_of(window).show_part("Telephone survey")
    survey = workspace_of(window).page("survey")
    assert isinstance(survey, TablePage)
    type_in_cell(qtbot, survey, 0, 4, "12/3/13")
    # Tab moved on to the notes, its editor open: typing goes on.
    assert survey.table.currentIndex() == survey.model.index(0, 5)
    assert isinstance(focused(), QLineEdit)
    type_keys(qtbot, "Rang back")
    press(qtbot, Qt.Key.Key_Tab)
    assert survey.model.rows[0].notes == "Rang back"
    type_in_cell(qtbot, survey, 1, 5, "Left a message", open_with="F2")
    workspace_of(window).show_part("History")  # leaving closes any editor still open
    QApplication.processEvents()
    rows = evidence.list_inspected_schools(window.db, workspace_of(window).inspection_id)  # type: ignore[arg-type]
    assert (rows[0].notes, rows[1].phase, rows[2].notes) == (
        "Visited on Monday",
        Phase.JUNIOR,
        "Called back",
    )
    assert call_dates(window)[0] == date(2013, 3, 12)
    messages = [record.message for record in qtlog.records]  # type: ignore[attr-defined]
    assert not [m for m in messages if "commitData" in m or "editor" in m]
