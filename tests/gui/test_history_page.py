"""The History view names the school each change is about, even once the school is removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.history_page import HistoryPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence
from tests.gui.conftest import workspace_of
from tests.gui.test_editing import open_reference
from tests.gui.typing import type_in_cell

NOTES = 6


def test_history_names_the_school_typed_into_and_removed(qtbot: QtBot, window: MainWindow) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    workspace.show_part("Schools inspected")
    school = schools.model.rows[0]
    named = f"{school.school.name} ({school.school.urn})"
    type_in_cell(qtbot, schools, 0, NOTES, "Visited on Monday")
    history = workspace.page("history")
    assert isinstance(history, HistoryPage)
    history.refresh()
    header = [history.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    column = header.index("School")
    assert history.model.index(0, column).data() == named
    assert history.model.index(0, header.index("Now")).data() == "Visited on Monday"

    evidence.delete_inspected_school(window.db, school.id)  # the row is gone
    history.refresh()
    assert [history.model.index(0, c).data() for c in (header.index("Change"), column)] == [
        "deleted",
        named,
    ]


def test_history_columns_fit_the_window_and_elide_with_the_whole_text_as_tip(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    schools = workspace.page("schools")
    assert isinstance(schools, TablePage)
    workspace.show_part("Schools inspected")
    long_note = "Visited on Monday; " * 30
    type_in_cell(qtbot, schools, 0, NOTES, long_note)
    window.resize(1400, 800)
    workspace.show_part("History")
    history = workspace.page("history")
    assert isinstance(history, HistoryPage)
    history.refresh()
    qtbot.waitUntil(history.isVisible, timeout=2000)
    table = history.table
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    now = [history.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)].index("Now")
    assert header.sectionResizeMode(now) == QHeaderView.ResizeMode.Stretch
    assert header.sectionViewportPosition(now) + header.sectionSize(now) <= (
        table.viewport().width()
    )
    cell = history.model.index(0, now)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == long_note
    assert header.sectionSize(now) < table.fontMetrics().horizontalAdvance(long_note)
    window.grab().save("/tmp/rows-history.png")


def test_every_kind_of_recorded_row_has_a_name_a_person_reads() -> None:
    """No table name ("letter_edit") reaches the History view's What column."""
    from coventry_inspect.services.history import KIND_NAMES
    from coventry_inspect.store.models import Audited, Base

    recorded = {
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Audited)
    }
    assert "letter_edit" in recorded
    assert recorded - set(KIND_NAMES) == set()


def test_history_says_what_an_evidence_link_joined_and_at_which_school(
    qtbot: QtBot, window: MainWindow
) -> None:
    from coventry_inspect.domain.vocabulary import FindingKind
    from coventry_inspect.gui.evidence_actions import link_responses
    from coventry_inspect.services import findings
    from tests.gui.test_finding_evidence import NEG, add_responses, context_of

    open_reference(window, "COV-2013-03")
    workspace = workspace_of(window)
    context = context_of(window)
    (response,) = add_responses(window, [NEG])
    school = evidence.list_inspected_schools(context.db, context.inspection_id)[0].school
    named = f"{school.name} ({school.urn})"
    first = findings.list_findings(context.db, context.inspection_id, FindingKind.STRENGTH)[0]
    assert link_responses(context, first.id, [response], "Link a response to strength 1")
    window.undo_action.trigger()
    history = workspace.page("history")
    assert isinstance(history, HistoryPage)
    workspace.show_part("History")
    history.refresh()
    header = [history.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    wanted = [header.index(c) for c in ("What", "School", "Change", "Was", "Now")]
    shown = [[history.model.index(row, c).data() for c in wanted] for row in range(2)]
    link = f"Strength 1 ← {school.urn} Q1 Headteacher"
    assert shown == [
        ["Evidence", named, "deleted", link, ""],  # the undo, newest first
        ["Evidence", named, "created", "", link],
    ]
    window.grab().save("/tmp/shots/fix-show-history.png")
