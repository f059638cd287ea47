"""The schools × questions grid on the fixture counted by hand (tests/gui/analysis_fixture.py):
what each cell shows and in which colour, the missing marker, and a click or Return on a cell
opening that very response in "Key questions and responses"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.gui.analysis_chart import STYLES
from coventry_inspect.gui.analysis_page import AnalysisPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.response_grid import MISSING_COLOUR
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.services import evidence
from coventry_inspect.services.analysis import Judgement
from tests.gui.analysis_fixture import SCHOOLS, open_analysis
from tests.gui.conftest import screenshot, workspace_of


def grid_page(window: MainWindow) -> AnalysisPage:
    window.resize(1400, 900)
    page = open_analysis(window)
    page.tabs.setCurrentIndex(1)
    return page


def colours_in(page: AnalysisPage, row: int, column: int) -> set[str]:
    """The colours painted in a cell, as it is on screen."""
    rect = page.grid.cell_rect(row, column)
    image = page.grid.viewport().grab(rect).toImage()
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(image.height())
    }


def test_each_cell_shows_its_responses_judgements_and_what_is_missing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = grid_page(window)
    model = page.grid.model()
    rows = [str(model.headerData(r, Qt.Orientation.Vertical)) for r in range(model.rowCount())]
    assert rows == [
        "Ash Primary (100001)",
        "Birch Infant (100002)",
        "Cedar Primary (100003) · survey",
        "Damson Primary (100004) · survey",
    ]
    assert [r.split(" (")[0] for r in rows] == SCHOOLS  # inspected, then surveyed, by name
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Q1", "Q2"]
    shown = [[model.index(r, c).data() for c in range(2)] for r in range(4)]
    assert shown == [
        ["H:P C:M", "not asked"],
        ["H:N G:–", "not asked"],
        ["missing", "missing"],
        ["P", "M"],
    ]
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Headteacher (Positive): We are known well by the adviser." in tip
    assert "Chair of governors (Mixed): Partly known to the council." in tip
    # The colours: green where positive, no green where missing, the missing marker in red.
    positive = STYLES[Judgement.POSITIVE].colour.name()
    assert positive in colours_in(page, 0, 0)
    assert positive in colours_in(page, 3, 0)
    assert positive not in colours_in(page, 3, 1)  # mixed
    assert STYLES[Judgement.MIXED].colour.name() in colours_in(page, 3, 1)
    assert STYLES[Judgement.NEGATIVE].colour.name() in colours_in(page, 1, 0)
    missing = colours_in(page, 2, 0)
    assert positive not in missing
    assert "#fbe3e1" in missing  # the hatched pale red, not white
    assert MISSING_COLOUR.name() in missing  # the word "missing"
    assert "#fbe3e1" not in colours_in(page, 0, 1)  # not asked is not missing
    screenshot(window, "analysis-grid", tmp_path)


def test_a_response_with_a_judgement_but_no_words_is_still_missing(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = grid_page(window)
    assert window.db is not None
    cedar = next(
        s for s in evidence.list_surveyed_schools(window.db, page.context.inspection_id)
        if s.school.urn == "100003"
    )  # fmt: skip
    question = evidence.list_key_questions(window.db, page.context.inspection_id)[0]
    evidence.add_response(
        window.db, question.id, cedar.school_id, Respondent.HEADTEACHER, "",
        ResponseJudgement.NEGATIVE,
    )  # fmt: skip
    workspace_of(window).refresh()
    assert page.grid.model().index(2, 0).data() == "N missing"
    assert MISSING_COLOUR.name() in colours_in(page, 2, 0)


def answer_shown(window: MainWindow) -> tuple[str, int, str, str]:
    """Where the cursor is in the responses panel: school, question, respondent, answer."""
    workspace = workspace_of(window)
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    assert workspace.stacked.currentWidget() is workspace.pages["questions"]
    editor = next(e for e in panel.editors if e.text.hasFocus())
    item = panel.schools.currentItem()
    return (
        item.text(),
        editor.question.number,
        editor.respondent.currentText(),
        editor.text.toPlainText(),
    )


def test_clicking_a_cell_opens_the_response_clicked(qtbot: QtBot, window: MainWindow) -> None:
    page = grid_page(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    rect = page.grid.cell_rect(0, 0)  # Ash, question 1: headteacher left, chair right
    qtbot.mouseClick(
        page.grid.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.right() - 4, rect.center().y()),
    )
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    assert answer_shown(window) == (
        "Ash Primary",
        1,
        "Chair of governors",
        "Partly known to the council.",
    )
    workspace_of(window).show_part("Analysis")
    rect = page.grid.cell_rect(0, 0)
    qtbot.mouseClick(
        page.grid.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 4, rect.center().y()),
    )
    assert answer_shown(window)[2:] == ("Headteacher", "We are known well by the adviser.")


def test_return_on_a_cell_opens_its_first_response(qtbot: QtBot, window: MainWindow) -> None:
    page = grid_page(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page.grid.setFocus(Qt.FocusReason.TabFocusReason)
    page.grid.setCurrentIndex(page.grid.model().index(0, 0))
    qtbot.keyClick(page.grid, Qt.Key.Key_Down)  # Birch, question 1
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert answer_shown(window) == (
        "Birch Infant",
        1,
        "Headteacher",
        "Rarely visited by anyone.",
    )
    # A missing cell opens the school's answer to that question, to be typed.
    workspace_of(window).show_part("Analysis")
    qtbot.mouseClick(
        page.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=page.tabs.tabBar().tabRect(1).center()
    )
    page.grid.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(page.grid.hasFocus, timeout=2000)
    page.grid.setCurrentIndex(page.grid.model().index(2, 1))  # Cedar, question 2
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert answer_shown(window) == ("Cedar Primary (survey)", 2, "Headteacher", "")


def test_the_cells_selected_give_their_responses(qtbot: QtBot, window: MainWindow) -> None:
    page = grid_page(window)
    grid = page.grid
    grid.setFocus(Qt.FocusReason.TabFocusReason)
    grid.setCurrentIndex(grid.model().index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # Ash and Birch Q1
    ids = grid.selected_response_ids()
    assert window.db is not None
    texts = {r.id: r.text for r in evidence.list_responses(window.db, page.context.inspection_id)}
    assert [texts[i] for i in ids] == [
        "We are known well by the adviser.",
        "Partly known to the council.",
        "Rarely visited by anyone.",
        "Governor training was cancelled.",
    ]
    actions = [a.text() for a in grid.actions()]
    assert actions == ["Link to a finding…", "Tag with a theme…"]


def cell_image(page: AnalysisPage, row: int, column: int) -> QImage:
    return page.grid.viewport().grab(page.grid.cell_rect(row, column)).toImage()


def share_changed(before: QImage, after: QImage) -> float:
    """The share of a cell's pixels painted differently."""
    assert before.size() == after.size()
    pixels = [(x, y) for x in range(before.width()) for y in range(before.height())]
    return sum(before.pixel(x, y) != after.pixel(x, y) for x, y in pixels) / len(pixels)


def test_a_cell_opened_by_a_click_is_not_left_in_the_selection(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Back from a response opened by a click, a Ctrl+click on another cell selects that cell
    alone (the first stayed selected, drawn with a thin outline, and was tagged with it); a
    selected cell is plain to see, over its judgement colours."""
    page = grid_page(window)
    grid = page.grid
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    plain = cell_image(page, 3, 0)
    rect = grid.cell_rect(0, 0)  # Ash, question 1: two responses
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert answer_shown(window)[0] == "Ash Primary"
    workspace_of(window).show_part("Analysis")
    assert grid.selectedIndexes() == []
    qtbot.mouseClick(
        grid.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        grid.cell_rect(3, 0).center(),  # Damson, question 1
    )
    assert workspace_of(window).stacked.currentWidget() is workspace_of(window).pages["analysis"]
    assert window.db is not None
    texts = {r.id: r.text for r in evidence.list_responses(window.db, page.context.inspection_id)}
    assert [texts[i] for i in grid.selected_response_ids()] == ["Very well supported by clusters."]
    # Selected, most of the cell is painted differently (a tint, a thick border and a
    # tick; the letter still read).
    assert share_changed(plain, cell_image(page, 3, 0)) > 0.6
    qtbot.mouseClick(
        grid.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        grid.cell_rect(1, 0).center(),  # Birch too
    )
    assert len(grid.selected_response_ids()) == 3
    screenshot(window, "analysis-grid-selected", tmp_path)
