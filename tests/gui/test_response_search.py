"""Find in responses on the fixture (tests/gui/analysis_fixture.py), through the real search
service (FTS5 on SQLite): typing lists the responses holding the words, with the words
highlighted as drawn; Return opens the response found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import Respondent
from coventry_inspect.gui.analysis_page import AnalysisPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.response_search import HIGHLIGHT, HTML_ROLE, TEXT_COLUMN, highlighted
from coventry_inspect.services import evidence
from tests.gui.analysis_fixture import open_analysis
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.test_response_grid import answer_shown
from tests.gui.typing import focused


def search_page(window: MainWindow) -> AnalysisPage:
    window.resize(1400, 900)
    page = open_analysis(window)
    page.tabs.setCurrentIndex(2)
    window.activateWindow()
    return page


def test_typing_lists_the_responses_with_the_words_highlighted(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = search_page(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.mouseClick(page.search.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search.box, "clusters")
    model = page.search.view.model()
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=2000)  # after the pause in typing
    rows = [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert sorted(rows) == [  # best first: the order is the search's
        [
            "Damson Primary (100004)",
            "1",
            "Headteacher",
            "Positive",
            "Very well supported by clusters.",
        ],
        ["Damson Primary (100004)", "2", "Headteacher", "Mixed", "Clusters lead the training."],
    ]
    first = next(r for r, row in enumerate(rows) if row[1] == "1")
    second = 1 - first
    mark = f'<span style="background-color:{HIGHLIGHT}">'
    assert model.index(first, TEXT_COLUMN).data(HTML_ROLE) == (
        f"Very well supported by {mark}clusters</span>."
    )
    assert (
        model.index(second, TEXT_COLUMN).data(HTML_ROLE).startswith(f"{mark}Clusters</span> lead")
    )
    assert page.search.status.text().startswith("2 responses found")
    # The highlight is drawn: its colour is in the text cell, and not in the school's.
    view = page.search.view
    text_cell = view.viewport().grab(view.visualRect(model.index(first, TEXT_COLUMN))).toImage()
    school_cell = view.viewport().grab(view.visualRect(model.index(first, 0))).toImage()

    def colours(image: object) -> set[str]:
        from PySide6.QtGui import QImage

        assert isinstance(image, QImage)
        return {
            QColor(image.pixel(x, y)).name()
            for x in range(image.width())
            for y in range(image.height())
        }

    assert HIGHLIGHT in colours(text_cell)
    assert HIGHLIGHT not in colours(school_cell)
    screenshot(window, "analysis-search", tmp_path)
    # More words narrow it; none found says so.
    qtbot.keyClicks(page.search.box, " training")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    qtbot.keyClicks(page.search.box, " zebra")
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=2000)
    assert page.search.status.text() == "No response holds “clusters training zebra”."


def test_return_opens_the_response_found(qtbot: QtBot, window: MainWindow) -> None:
    page = search_page(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.mouseClick(page.search.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search.box, "known")
    qtbot.keyClick(page.search.box, Qt.Key.Key_Return)  # searches now, to the first found
    view = page.search.view
    assert view.hasFocus()
    assert view.model().rowCount() == 2  # Ash's headteacher and chair
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_response_ids() == [view.hits.hits[1].response_id]
    chair = next(
        r for r, hit in enumerate(view.hits.hits) if hit.respondent is Respondent.CHAIR_OF_GOVERNORS
    )
    if chair == 0:
        qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert answer_shown(window) == (
        "Ash Primary",
        1,
        "Chair of governors",
        "Partly known to the council.",
    )
    # The page searches again after an edit: the words typed stay, the list follows.
    workspace = workspace_of(window)
    workspace.show_part("Analysis")
    assert window.db is not None
    evidence.update_response(window.db, view.hits.hits[chair].response_id, text="Not known at all.")
    workspace.refresh()
    assert sorted(h.text for h in view.hits.hits) == [
        "Not known at all.",
        "We are known well by the adviser.",
    ]


def test_highlighting_escapes_the_text_and_clips_bad_spans() -> None:
    assert highlighted("a <b> & c", ((2, 5),)) == (
        f'a <span style="background-color:{HIGHLIGHT}">&lt;b&gt;</span> &amp; c'
    )
    assert highlighted("abc", ((1, 9), (0, 2))) == (
        f'<span style="background-color:{HIGHLIGHT}">ab</span>'
        f'<span style="background-color:{HIGHLIGHT}">c</span>'
    )


def test_a_long_response_is_shown_from_a_little_before_the_first_word_found() -> None:
    text = "word " * 20 + "clusters matter"
    shown = highlighted(text, ((100, 108),))
    assert shown.startswith("…word ")
    assert shown.endswith(f'<span style="background-color:{HIGHLIGHT}">clusters</span> matter')
    assert len(shown) < len(text) + 60  # cut, not whole


def test_opening_the_tab_puts_the_cursor_in_the_search_box(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Words typed at once, after a click on the tab or Alt+N, go into the box (they went
    nowhere)."""
    window.resize(1400, 900)
    page = open_analysis(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    bar = page.tabs.tabBar()
    parts = workspace_of(window).parts  # Analysis was just chosen there
    parts.setFocus()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert page.tabs.currentIndex() == 2
    qtbot.keyClicks(focused(), "clusters")
    assert page.search.box.text() == "clusters"
    qtbot.waitUntil(lambda: page.search.view.model().rowCount() == 2, timeout=2000)
    # Back to the grid, then Alt+N: the cursor is in the box again, its words kept and
    # selected (typing replaces them; End, then more words, narrows the search).
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    parts.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentIndex() == 2
    assert focused() is page.search.box
    assert page.search.box.selectedText() == "clusters"
    qtbot.keyClick(focused(), Qt.Key.Key_End)
    qtbot.keyClicks(focused(), " training")
    qtbot.waitUntil(lambda: page.search.view.model().rowCount() == 1, timeout=2000)


def ink_bands(image: QImage) -> list[tuple[int, int]]:
    """The runs of pixel rows holding dark (text) pixels: the lines of text drawn."""
    inked = [
        any(QColor(image.pixel(x, y)).lightness() < 110 for x in range(image.width()))
        for y in range(image.height())
    ]
    bands: list[tuple[int, int]] = []
    for y, ink in enumerate(inked):
        if ink and (not bands or bands[-1][1] != y - 1):
            bands.append((y, y))
        elif ink:
            bands[-1] = (bands[-1][0], y)
    return bands


def test_a_long_response_shows_two_whole_lines_and_an_ellipsis(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """No third line cut in half at the foot of the row."""
    page = search_page(window)
    assert window.db is not None
    long = " ".join(["Clusters meet each term and share plans for the year ahead."] * 6)
    found = [r for r in evidence.list_responses(window.db, page.context.inspection_id)]
    target = next(r for r in found if r.text == "Clusters lead the training.")
    evidence.update_response(window.db, target.id, text=long)
    qtbot.mouseClick(page.search.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search.box, "clusters")
    view = page.search.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 2, timeout=2000)
    view.clearSelection()
    view.setCurrentIndex(QModelIndex())
    row = next(r for r, hit in enumerate(view.hits.hits) if hit.text == long)
    cell = view.viewport().grab(view.visualRect(view.model().index(row, TEXT_COLUMN))).toImage()
    bands = ink_bands(cell)
    assert len(bands) == 2, f"lines drawn: {bands} in a row {cell.height()} high"
    assert bands[-1][1] < cell.height() - 3, "the last line drawn touches the foot of the row"
    heights = [end - start for start, end in bands]
    assert abs(heights[0] - heights[1]) <= 2  # both whole
    screenshot(window, "analysis-search-long", tmp_path)
