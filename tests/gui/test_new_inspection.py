"""Inspection › New inspection… is one dialog, filled with the keyboard (issue 12: "Entering an
inspection"): kind, authority (offered from those used), dates, and a reference suggested from
them until the inspector types their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.new_inspection_dialog import NewInspectionDialog, authority_code
from coventry_inspect.services import inspections
from tests.gui.conftest import screenshot, workspace_of
from tests.gui.typing import focused, press, type_keys


def open_dialog(qtbot: QtBot, window: MainWindow) -> NewInspectionDialog:
    window.activateWindow()
    window.new_action.trigger()
    dialog = window.findChild(NewInspectionDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind, timeout=2000)
    return dialog


def tab_to(qtbot: QtBot, name: str) -> None:
    press(qtbot, Qt.Key.Key_Tab)
    assert focused().accessibleName() == name


def create_by_typing(
    qtbot: QtBot, window: MainWindow, authority: str, start: str, kind: str = "Focused"
) -> inspections.Inspection:
    """Ctrl+N, then the kind, authority and start date typed; the end date and reference as
    offered; Return. Returns the inspection stored."""
    dialog = open_dialog(qtbot, window)
    if not kind.startswith("Focused"):
        type_keys(qtbot, kind[0])  # a combo box picks by the first letter typed
    tab_to(qtbot, "Local authority")
    type_keys(qtbot, authority)
    tab_to(qtbot, "Start date")
    type_keys(qtbot, start)
    reference = dialog.reference.text()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)
    found = inspections.find_by_reference(window.db, reference)  # type: ignore[arg-type]
    assert found is not None
    return found


def test_a_focused_inspection_in_one_dialog_with_the_week_and_reference_offered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    assert not dialog.ok.isEnabled()
    assert dialog.reason.text() == "Type the local authority."
    tab_to(qtbot, "Local authority")
    type_keys(qtbot, "Norfolk")
    assert dialog.reason.text() == "Type the start date."
    tab_to(qtbot, "Start date")
    type_keys(qtbot, "10/3/2014")
    assert dialog.end.text() == "14 March 2014"  # a focused inspection's week, Monday to Friday
    assert dialog.reference.text() == "NOR-2014-03"
    assert dialog.ok.isEnabled()
    assert dialog.reason.text() == ""
    screenshot(dialog, "new-inspection", tmp_path)
    tab_to(qtbot, "End date")
    type_keys(qtbot, "13 Mar 2014")  # Tab in selected the offered date: typing replaces it
    tab_to(qtbot, "Reference")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)

    stored = inspections.find_by_reference(window.db, "NOR-2014-03")  # type: ignore[arg-type]
    assert stored is not None
    assert stored.kind is InspectionKind.FOCUSED
    assert stored.local_authority.name == "Norfolk"
    assert (stored.start_date, stored.end_date) == (date(2014, 3, 10), date(2014, 3, 13))
    assert workspace_of(window).inspection_id == stored.id  # shown at once


def test_authorities_used_are_offered_and_a_taken_reference_is_refused(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    type_keys(qtbot, "L")
    assert isinstance(focused(), QComboBox)
    assert dialog.chosen_kind() is InspectionKind.LEA
    tab_to(qtbot, "Local authority")
    type_keys(qtbot, "cov")
    popup = dialog.authority.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "Coventry"
    ]
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # keys go to the open list, as on a desktop
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # picks the offered name
    dialog.activateWindow()  # offscreen leaves the closed list active; a window manager would not
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    qtbot.wait(100)  # the list's closing events, as between a person's key presses
    assert dialog.authority.text() == "Coventry"
    assert focused() is dialog.authority
    tab_to(qtbot, "Start date")
    type_keys(qtbot, "1 May 2004")
    assert dialog.end.text() == ""  # an LEA inspection's length varies: nothing offered
    assert dialog.reason.text() == "Type the end date."
    tab_to(qtbot, "End date")
    type_keys(qtbot, "31/5/04")
    assert dialog.reference.text() == "COV-2004-05-2"  # COV-2004-05 is the example's

    tab_to(qtbot, "Reference")
    type_keys(qtbot, "cov-2004-05")  # Tab in selected the suggestion: typing replaces it
    assert dialog.reason.text() == "An inspection with reference cov-2004-05 already exists."
    assert not dialog.ok.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()  # nothing to accept
    type_keys(qtbot, "-north")
    assert dialog.ok.isEnabled()
    dialog.authority.setFocus()
    dialog.authority.selectAll()
    type_keys(qtbot, "Warwickshire")
    assert dialog.reference.text() == "cov-2004-05-north"  # typed, so kept

    with qtbot.waitSignal(dialog.finished, timeout=2000):
        press(qtbot, Qt.Key.Key_Return)
    stored = inspections.find_by_reference(window.db, "cov-2004-05-north")  # type: ignore[arg-type]
    assert stored is not None
    assert stored.kind is InspectionKind.LEA
    assert stored.local_authority.name == "Warwickshire"
    assert (stored.start_date, stored.end_date) == (date(2004, 5, 1), date(2004, 5, 31))


def test_unreadable_or_backward_dates_are_refused_with_a_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = [i.reference for i in inspections.list_inspections(window.db)]  # type: ignore[arg-type]
    dialog = open_dialog(qtbot, window)
    tab_to(qtbot, "Local authority")
    type_keys(qtbot, "Norfolk")
    tab_to(qtbot, "Start date")
    type_keys(qtbot, "32/3/2014")
    assert "March 2014 has 31 days" in dialog.reason.text() or "not a date" in dialog.reason.text()
    assert not dialog.ok.isEnabled()
    assert dialog.reference.text() == ""
    focused().selectAll()  # type: ignore[attr-defined]
    type_keys(qtbot, "14 March 2014")
    tab_to(qtbot, "End date")
    type_keys(qtbot, "10 March 2014")
    assert dialog.reason.text() == "The end date is before the start date."
    assert not dialog.ok.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)
    assert [i.reference for i in inspections.list_inspections(window.db)] == before  # type: ignore[arg-type]


def test_the_typing_helper_makes_an_inspection(qtbot: QtBot, window: MainWindow) -> None:
    stored = create_by_typing(qtbot, window, "Isle of Wight", "2 June 2014")
    assert stored.reference == "IW-2014-06"
    assert stored.end_date == date(2014, 6, 6)


def test_authority_codes() -> None:
    assert authority_code("Coventry") == "COV"
    assert authority_code("North Yorkshire") == "NY"
    assert authority_code("Kingston upon Hull, City of") == "KH"
    assert authority_code("  ") == ""
