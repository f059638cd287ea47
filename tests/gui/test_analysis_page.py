"""The Analysis part: the counts table and chart against the fixture counted by hand
(tests/gui/analysis_fixture.py), its filters and splits chosen from the keyboard, and the counts
following a response typed in "Key questions and responses", then Edit › Undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.gui.analysis_chart import STYLES
from coventry_inspect.gui.analysis_page import AnalysisPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.settings import Settings
from coventry_inspect.services.analysis import Judgement
from coventry_inspect.services.inspections import create_inspection, find_by_reference
from tests.gui.analysis_fixture import open_analysis
from tests.gui.conftest import screenshot, workspace_of

Row = tuple[str, ...]


def table(page: AnalysisPage) -> list[Row]:
    """The table as shown: label, Positive, Mixed, Negative, Not judged, Total."""
    model = page.table.model()
    return [
        tuple(str(model.index(r, c).data()).strip() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def numbers(page: AnalysisPage) -> list[tuple[str, ...]]:
    return [row[1:] for row in table(page)]


def choose(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Choose an item from the keyboard: focus the box, arrow down to it."""
    box.setFocus(Qt.FocusReason.TabFocusReason)
    box.setCurrentIndex(0)
    target = box.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    for _ in range(target):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == text


def test_the_counts_are_those_counted_by_hand(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    page = open_analysis(window)
    assert table(page) == [
        ("1. How well does the authority know you?", "2", "1", "1", "1", "5"),
        ("2. How are your strengths used?", "0", "1", "0", "0", "1"),
    ]
    model = page.table.model()
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "1. How well does the authority know you?"
    )
    right = model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(right) & Qt.AlignmentFlag.AlignRight
    assert page.table.accessibleName()
    assert page.table.editTriggers() == page.table.EditTrigger.NoEditTriggers
    # Read from the keyboard: Tab from the last filter into the table, arrows across it.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page.split.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.split, Qt.Key.Key_Tab)
    assert page.table.hasFocus()
    page.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_End)
    assert (page.table.currentIndex().row(), page.table.currentIndex().column()) == (1, 5)
    qtbot.keyClicks(page.table, "9")  # read-only: typing changes nothing
    assert table(page)[1][-1] == "1"
    assert page.summary.text() == (
        "6 responses to 2 key questions; 2 answers still missing from 1 school."
    )
    # The chart draws the same rows, and says them to a screen reader.
    assert [r.counts for r in page.chart.rows] == [(2, 1, 1, 1), (0, 1, 0, 0)]
    assert "2 positive, 1 mixed, 1 negative, 1 not judged" in page.chart.accessibleDescription()
    screenshot(window, "analysis-counts", tmp_path)


def test_split_by_respondent_group_and_outcome_adds_a_row_per_value(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_analysis(window)
    choose(qtbot, page.split, "Respondent")
    assert table(page) == [
        ("1. How well does the authority know you?", "2", "1", "1", "1", "5"),
        ("Headteacher", "2", "0", "1", "0", "3"),
        ("Chair of governors", "0", "1", "0", "0", "1"),
        ("Governor", "0", "0", "0", "1", "1"),
        ("Other", "0", "0", "0", "0", "0"),
        ("2. How are your strengths used?", "0", "1", "0", "0", "1"),
        ("Headteacher", "0", "1", "0", "0", "1"),
        ("Chair of governors", "0", "0", "0", "0", "0"),
        ("Governor", "0", "0", "0", "0", "0"),
        ("Other", "0", "0", "0", "0", "0"),
    ]
    choose(qtbot, page.split, "Group")
    assert table(page)[:3] == [
        ("1. How well does the authority know you?", "2", "1", "1", "1", "5"),
        ("Schools inspected", "1", "1", "1", "1", "4"),
        ("Schools surveyed", "1", "0", "0", "0", "1"),
    ]
    choose(qtbot, page.split, "Outcome grade")
    assert table(page)[:7] == [
        ("1. How well does the authority know you?", "2", "1", "1", "1", "5"),
        ("Outstanding", "0", "0", "0", "0", "0"),
        ("Good", "1", "1", "0", "0", "2"),
        ("Requires improvement", "0", "0", "1", "1", "2"),
        ("Inadequate", "0", "0", "0", "0", "0"),
        ("Inspected, not graded", "0", "0", "0", "0", "0"),
        ("Schools surveyed", "1", "0", "0", "0", "1"),
    ]
    # The chart follows: a bar for each row of the table.
    assert [r.label for r in page.chart.rows] == [row[0] for row in table(page)]


def test_filters_by_group_and_respondent(qtbot: QtBot, window: MainWindow) -> None:
    page = open_analysis(window)
    choose(qtbot, page.group, "Schools surveyed")
    assert numbers(page) == [("1", "0", "0", "0", "1"), ("0", "1", "0", "0", "1")]
    choose(qtbot, page.split, "Outcome grade")  # only the surveyed value is left to split by
    assert [row[0] for row in table(page)][1] == "Schools surveyed"
    assert len(table(page)) == 4
    choose(qtbot, page.split, "Nothing")
    choose(qtbot, page.group, "All schools")
    choose(qtbot, page.respondent, "Headteacher")
    assert numbers(page) == [("2", "0", "1", "0", "3"), ("0", "1", "0", "0", "1")]
    assert [r.counts for r in page.chart.rows] == [(2, 0, 1, 0), (0, 1, 0, 0)]
    # Question 2 is put only to schools surveyed: with schools inspected chosen it is left out,
    # not shown as a row of zeros.
    choose(qtbot, page.group, "Schools inspected")
    assert numbers(page) == [("1", "0", "1", "0", "2")]
    assert [r.question for r in page.chart.rows] == [1]


def test_the_chart_paints_each_judgement_in_its_colour(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1400, 900)
    page = open_analysis(window)
    image = page.chart.grab().toImage()
    colours = {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert STYLES[Judgement.POSITIVE].colour.name() in colours
    choose(qtbot, page.group, "Schools inspected")
    choose(qtbot, page.respondent, "Chair of governors")  # one mixed response only
    image = page.chart.grab().toImage()
    colours = {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(image.height() // 3, image.height(), 2)  # below the legend
    }
    assert STYLES[Judgement.POSITIVE].colour.name() not in colours


def test_counts_follow_a_response_typed_and_go_back_on_undo(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = open_analysis(window)
    workspace = workspace_of(window)
    assert page.grid.grid.cells[2][0].shown == "missing"  # Cedar, question 1
    # Type Cedar's answer to question 1 in the responses panel, as an inspector does.
    workspace.show_part("Key questions and responses")
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    window.activateWindow()
    panel.schools.setCurrentRow(next(i for i, e in enumerate(panel.entries) if e.urn == "100003"))
    editor = panel.editors[0]
    qtbot.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.text.hasFocus, timeout=2000)
    qtbot.keyClicks(editor.text, "The adviser knows us well.")
    editor.judgement.setFocus(Qt.FocusReason.TabFocusReason)  # leaving the answer saves it
    qtbot.keyClick(editor.judgement, Qt.Key.Key_Down)  # Positive
    assert editor.judgement.currentText() == "Positive"
    workspace.show_part("Analysis")
    assert numbers(page)[0] == ("3", "1", "1", "1", "6")
    assert page.grid.grid.cells[2][0].shown == "P"
    assert page.summary.text().startswith("7 responses")
    window.undo_action.trigger()  # the judgement
    assert numbers(page)[0] == ("2", "1", "1", "2", "6")
    assert page.grid.grid.cells[2][0].shown == "–"
    window.undo_action.trigger()  # the response
    assert numbers(page)[0] == ("2", "1", "1", "1", "5")
    assert page.grid.grid.cells[2][0].shown == "missing"
    window.redo_action.trigger()
    assert numbers(page)[0] == ("2", "1", "1", "2", "6")
    screenshot(window, "analysis-after-redo", tmp_path)


def test_the_part_follows_the_responses_and_only_for_a_focused_inspection(
    window: MainWindow,
) -> None:
    workspace = workspace_of(window)
    assert window.db is not None
    lea = find_by_reference(window.db, "COV-2004-05")
    assert lea is not None
    workspace.select_inspection(lea.id)
    names = [workspace.parts.item(r).text() for r in range(workspace.parts.count())]
    assert not any(n.startswith("Analysis") for n in names)
    focused = find_by_reference(window.db, "COV-2013-03")
    assert focused is not None
    workspace.select_inspection(focused.id)
    names = [workspace.parts.item(r).text().split("  ")[0] for r in range(workspace.parts.count())]
    assert names.index("Analysis") == names.index("Key questions and responses") + 1


def test_a_read_only_window_filters_and_searches_but_cannot_link(
    qtbot: QtBot, window: MainWindow, database_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    open_analysis(window)  # the fixture written by the first window
    second = MainWindow(Settings(tmp_path / "second.ini"))
    qtbot.addWidget(second)
    second.show()
    monkeypatch.setattr(second, "ask_second_instance", lambda target, owner: True)
    assert second.open_database(str(database_file))
    assert second.db is not None
    assert second.db.read_only
    workspace = workspace_of(second)
    found = find_by_reference(second.db, "FOC-T")
    assert found is not None
    workspace.select_inspection(found.id)
    workspace.show_part("Analysis")
    page = workspace.page("analysis")
    assert isinstance(page, AnalysisPage)
    assert page.group.isEnabled()
    assert page.respondent.isEnabled()
    assert page.split.isEnabled()
    choose(qtbot, page.group, "Schools surveyed")
    assert numbers(page) == [("1", "0", "0", "0", "1"), ("0", "1", "0", "0", "1")]
    assert not page.search.box.isReadOnly()
    buttons = [b for b in page.findChildren(QPushButton) if "Link" in b.text()]
    assert buttons
    assert not any(b.isEnabled() for b in buttons)
    second.close_database()


def test_an_inspection_without_questions_says_what_to_do_first(window: MainWindow) -> None:
    assert window.db is not None
    empty = create_inspection(window.db, "FOC-EMPTY", InspectionKind.FOCUSED, "Testshire")
    workspace = workspace_of(window)
    workspace.inspections.refresh()
    workspace.select_inspection(empty.id)
    workspace.show_part("Analysis")
    page = workspace.page("analysis")
    assert isinstance(page, AnalysisPage)
    assert page.summary.text().startswith("No key questions yet")
    assert table(page) == []
    assert page.grid.model().rowCount() == 0
