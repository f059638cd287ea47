"""A person cannot type more than a field stores: the editors take the models' lengths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.details_page import DetailsPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import findings, inspections
from coventry_inspect.services.limits import max_length
from coventry_inspect.store.models import Inspection, Recommendation
from tests.gui.test_editing import open_reference, workspace_of


def test_the_reference_takes_no_more_than_it_stores(window: MainWindow, qtbot: QtBot) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    workspace.show_part("Details")
    details = workspace.page("details")
    assert isinstance(details, DetailsPage)
    reference = details.fields["reference"]
    assert isinstance(reference, QLineEdit)
    reference.setFocus()
    reference.selectAll()
    qtbot.keyClicks(reference, "COV-" + "9" * 60)
    qtbot.keyClick(reference, Qt.Key.Key_Return)
    limit = max_length(Inspection.reference)
    assert limit == 40
    stored = inspections.get_inspection(window.db, workspace.inspection_id)  # type: ignore[arg-type]
    assert stored.reference == ("COV-" + "9" * 60)[:limit]
    assert workspace.problem.text() == ""


def test_a_recommendation_s_function_takes_no_more_than_it_stores(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_reference(window, "COV-2004-05")
    workspace = workspace_of(window)
    workspace.show_part("Recommendations")
    page = workspace.page("recommendations")
    assert isinstance(page, TablePage)
    row = page.model.rows[0]
    index = page.model.index(0, 1)  # Function
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    (editor,) = page.table.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Support for " + "x" * 400)
    assert len(editor.text()) == max_length(Recommendation.function)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # committed on the next turn of the event loop
    qtbot.waitUntil(lambda: page.table.state() is not QAbstractItemView.State.EditingState)
    limit = max_length(Recommendation.function)
    assert limit == 300
    stored = next(
        r
        for r in findings.list_recommendations(window.db, workspace.inspection_id)  # type: ignore[arg-type]
        if r.id == row.id
    )
    assert stored.function == ("Support for " + "x" * 400)[:limit]
