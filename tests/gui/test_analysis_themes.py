"""The Themes tab of the Analysis part, and linking and tagging from the grid and the search:
themes typed under a response are counted and listed; responses chosen in the grid are tagged,
those found by the search linked to a strength; every step undone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.gui.analysis_page import AnalysisPage
from coventry_inspect.gui.link_dialog import LinkDialog, ThemeDialog
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.services import findings, support, themes
from tests.gui.analysis_fixture import open_analysis
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.test_finding_evidence import when_modal

THEMES_TAB = 3


def theme_table(page: AnalysisPage) -> list[tuple[str, ...]]:
    model = page.themes.counts
    return [
        tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def listed(page: AnalysisPage) -> list[tuple[str, str]]:
    """The responses listed under the theme chosen: (school, response text)."""
    hits = page.themes.responses.hits.hits
    return [(hit.school, hit.text) for hit in hits]


def show_tab(qtbot: QtBot, page: AnalysisPage, index: int) -> None:
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index


def button(page: AnalysisPage, tab: int, text: str) -> QPushButton:
    found = [b for b in page.tabs.widget(tab).findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1
    return found[0]


def test_themes_typed_under_responses_are_counted_listed_and_opened(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    page = open_analysis(window)
    show_tab(qtbot, page, THEMES_TAB)
    assert theme_table(page) == []
    assert page.themes.summary.text().startswith("No response is tagged with a theme yet")

    # Ash's headteacher's answer to question 1 is tagged by typing under it, as an inspector does.
    workspace = workspace_of(window)
    workspace.show_part("Key questions and responses")
    panel = workspace.page("questions").findChild(ResponsesPanel)
    assert panel is not None
    window.activateWindow()
    panel.schools.setCurrentRow(next(i for i, e in enumerate(panel.entries) if e.urn == "100001"))
    editor = panel.editors[0]
    qtbot.mouseClick(editor.themes, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.themes, "Clusters, adviser visits")
    qtbot.keyClick(editor.themes, Qt.Key.Key_Return)
    assert editor.themes.text() == "adviser visits, Clusters"

    workspace.show_part("Analysis")
    assert page.tabs.currentIndex() == THEMES_TAB
    #          theme,           n,  P,   M,   N,   not judged, by question
    assert theme_table(page) == [
        ("adviser visits", "1", "1", "0", "0", "0", "Q1 1"),
        ("Clusters", "1", "1", "0", "0", "0", "Q1 1"),
    ]
    qtbot.mouseClick(
        page.themes.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.themes.table.visualRect(page.themes.counts.index(1, 0)).center(),
    )
    assert listed(page) == [("Ash Primary", "We are known well by the adviser.")]
    screenshot(window, "analysis-themes", tmp_path)

    # Return on the response listed opens it in the responses panel.
    view = page.themes.responses
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert workspace.stacked.currentWidget() is workspace.page("questions")
    assert panel.entries[panel.schools.currentRow()].urn == "100001"

    window.undo_action.trigger()  # the themes typed
    workspace.show_part("Analysis")
    assert theme_table(page) == []
    assert listed(page) == []
    window.redo_action.trigger()
    assert [row[0] for row in theme_table(page)] == ["adviser visits", "Clusters"]


def test_tag_from_the_grid_and_link_from_the_search_then_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1400, 900)
    page = open_analysis(window)
    context = page.context
    strength = findings.add_finding(
        context.db, context.inspection_id, FindingKind.STRENGTH, "Clusters work well."
    )
    context.changed()

    # The grid: Damson's two answers (questions 1 and 2) chosen with Shift+Right, then tagged.
    show_tab(qtbot, page, 1)
    grid = page.grid
    grid.setFocus(Qt.FocusReason.TabFocusReason)
    grid.setCurrentIndex(grid.model().index(3, 0))
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

    def type_theme(dialog: QWidget) -> None:
        assert isinstance(dialog, ThemeDialog)
        dialog.edit.setFocus()
        qtbot.keyClicks(dialog.edit, "school clusters")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    failures = when_modal(qtbot, type_theme)
    qtbot.mouseClick(button(page, 1, "&Tag with a theme…"), Qt.MouseButton.LeftButton)
    assert failures == []
    show_tab(qtbot, page, THEMES_TAB)
    assert theme_table(page) == [("school clusters", "2", "1", "1", "0", "0", "Q1 1 · Q2 1")]

    # The search: "clusters" finds both Damson answers; both are linked to the strength.
    show_tab(qtbot, page, 2)
    qtbot.mouseClick(page.search.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search.box, "clusters")
    qtbot.keyClick(page.search.box, Qt.Key.Key_Return)
    hits = page.search.view
    assert hits.model().rowCount() == 2
    qtbot.keyClick(hits, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    def pick_strength(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        assert dialog.chosen() == strength.id
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    failures = when_modal(qtbot, pick_strength)
    qtbot.mouseClick(button(page, 2, "&Link to a finding…"), Qt.MouseButton.LeftButton)
    assert failures == []
    stood = support.support_by_finding(context.db, context.inspection_id)[strength.id]
    assert stood.summary() == "supported by 2 responses from 1 school (1 positive, 1 mixed)"

    window.undo_action.trigger()  # the link
    assert support.supporting(context.db, strength.id) == []
    window.undo_action.trigger()  # the tag
    assert themes.themes_of(context.db, context.inspection_id) == {}
    assert theme_table(page) == []
