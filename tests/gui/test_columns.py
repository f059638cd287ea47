"""At a laptop's 1400 × 900 every column of every table shows its header whole, with no
horizontal scroll bar; free text that does not fit is cut short and shown whole in its tooltip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QTableView
from pytestqt.qtbot import QtBot

from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, inspections
from tests.gui.conftest import screenshot, workspace_of

FOCUSED_PARTS = ("Schools inspected", "Telephone survey", "Key questions and responses", "Findings")
LEA_PARTS = ("Judgements", "Findings", "Recommendations")


def cut_headers(table: QTableView) -> list[str]:
    """The headers whose text does not fit their column."""
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    model = table.model()
    cut = []
    for number in range(model.columnCount()):
        text = str(model.headerData(number, Qt.Orientation.Horizontal))
        if header.sectionSize(number) < header.fontMetrics().horizontalAdvance(text) + 2 * margin:
            cut.append(text)
    return cut


def check_fits(qtbot: QtBot, table: QTableView) -> None:
    QApplication.processEvents()
    assert table.isVisible()
    assert not table.horizontalScrollBar().isVisible(), (
        f"{table.accessibleName()} scrolls sideways: "
        f"{[table.columnWidth(n) for n in range(table.model().columnCount())]} "
        f"in {table.viewport().width()}"
    )
    assert cut_headers(table) == [], f"{table.accessibleName()} cuts its headers"


def test_no_table_scrolls_sideways_at_1400_by_900(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    workspace = workspace_of(window)
    check_fits(qtbot, workspace.inspection_table)
    for kind, parts in (("COV-2013-03", FOCUSED_PARTS), ("COV-2004-05", LEA_PARTS)):
        found = inspections.find_by_reference(window.db, kind)  # type: ignore[arg-type]
        assert found is not None
        workspace.select_inspection(found.id)
        for part in parts:
            workspace.show_part(part)
            page = workspace.stacked.currentWidget()
            tables = [page] if isinstance(page, TablePage) else page.findChildren(TablePage)
            assert tables
            for table_page in tables:
                check_fits(qtbot, table_page.table)
            screenshot(window, f"columns-{kind}-{part}", tmp_path)
    check_fits(qtbot, workspace.inspection_table)


def test_the_inspection_list_shows_whole_dates(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1400, 900)
    table = workspace_of(window).inspection_table
    QApplication.processEvents()
    model = table.model()
    dates = model.index(0, 3)
    assert model.data(dates) == "11 to 15 March 2013"
    wanted = table.fontMetrics().horizontalAdvance("11 to 15 March 2013")
    assert table.visualRect(dates).width() > wanted
    assert (
        table.horizontalHeader().sectionResizeMode(3) != QHeaderView.ResizeMode.Stretch
    )  # sized to the dates, not to what is left
    kind = model.index(0, 1)
    assert [model.data(model.index(row, 1)) for row in range(2)] == ["Focused", "LEA"]
    assert table.visualRect(kind).width() > table.fontMetrics().horizontalAdvance("Focused")


def test_a_long_note_is_cut_short_and_whole_in_its_tooltip(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1400, 900)
    workspace = workspace_of(window)
    assert window.db is not None
    assert workspace.inspection_id is not None
    note = (
        "The headteacher had been in post for six weeks; the chair of governors described the "
        "authority's support as timely but said that challenge came late."
    )
    first = evidence.list_inspected_schools(window.db, workspace.inspection_id)[0]
    evidence.update_inspected_school(window.db, first.id, notes=note)
    workspace.refresh()
    workspace.show_part("Schools inspected")
    page = workspace.page("schools")
    assert isinstance(page, TablePage)
    QApplication.processEvents()
    check_fits(qtbot, page.table)
    column = next(i for i, c in enumerate(page.model.columns) if c.header == "Notes")
    index = page.model.index(page.model.row_of(first.id), column)
    assert page.table.visualRect(index).width() < page.table.fontMetrics().horizontalAdvance(note)
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == note
    assert page.table.indexAt(page.table.visualRect(index).center() + QPoint(0, 0)) == index


def test_the_school_name_has_the_spare_width_not_the_notes(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Notes are cut short (whole in their tooltip): at 1400 px the telephone survey shows
    every school's name whole."""
    window.resize(1400, 900)
    workspace = workspace_of(window)
    found = inspections.find_by_reference(window.db, "COV-2013-03")  # type: ignore[arg-type]
    assert found is not None
    workspace.select_inspection(found.id)
    workspace.show_part("Telephone survey")
    QApplication.processEvents()
    page = workspace.stacked.currentWidget()
    assert isinstance(page, TablePage)
    table = page.table
    headers = [page.model.columns[n].header for n in range(page.model.columnCount())]
    school, notes = headers.index("School"), headers.index("Notes")
    names = [str(page.model.index(r, school).data()) for r in range(page.model.rowCount())]
    widest = max(table.fontMetrics().horizontalAdvance(name) for name in names)
    assert table.columnWidth(school) > widest
    assert table.columnWidth(notes) < table.columnWidth(school) / 2
    note = page.model.index(0, notes)
    assert note.data(Qt.ItemDataRole.ToolTipRole) == page.model.rows[0].notes
