"""The whole team week, as the people in it use the app: the lead hands the schools out to two
inspectors (File › Export for inspector…), one fills the workbook in Excel, the other's is re-saved
by LibreOffice for real, the lead edits meanwhile, then merges both back (File › Merge
workbook…), choosing in the conflict dialog, and the letter counts every school."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QRadioButton
from pytestqt.qtbot import QtBot

from coventry_inspect.gui import file_dialogs
from coventry_inspect.gui.handout_dialog import HandoutDialog
from coventry_inspect.gui.history_page import HistoryPage
from coventry_inspect.gui.letter_page import LetterPage
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.merge_dialog import ConflictDialog
from coventry_inspect.gui.responses import ResponsesPanel
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_editing import open_reference
from tests.gui.typing import press, type_in_cell

REFERENCE = "COV-2013-03"
ANN = f"{REFERENCE} for Ann Example.xlsx"
BEN = f"{REFERENCE} for Ben Sample.xlsx"
LEAD_NOTE = "Lead: the head phoned on Thursday"
BEN_NOTE = "Ben: the head was away all week"


@pytest.fixture
def libreoffice(tmp_path: Path) -> Iterator[Callable[[Path, Path], subprocess.Popen[bytes]]]:
    """Starts LibreOffice re-saving a workbook into a folder, in the background (as an inspector
    does it while the lead works on); whatever is still running at the end is stopped."""
    started: list[subprocess.Popen[bytes]] = []

    def resave(workbook: Path, folder: Path) -> subprocess.Popen[bytes]:
        program = shutil.which("soffice")
        assert program, "LibreOffice is needed: install Debian's libreoffice-calc-nogui"
        profile = tmp_path / "lo-profile"
        process = subprocess.Popen(
            [
                program,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(folder),
                str(workbook),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        started.append(process)
        return process

    yield resave
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def _export_for(
    qtbot: QtBot,
    window: MainWindow,
    letter: str,
    folder: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Path, str, str]:
    """File › Export for inspector…, the inspector picked by typing the first letter of their
    name in the list, Return; saved under the name suggested. The file, the inspector the list
    showed, and what the status bar said."""
    saved: list[Path] = []

    def save_as(_parent: Any, _caption: str, _kind: str, name: str, *_: Any) -> tuple[str, str]:
        saved.append(folder / name)
        return str(saved[-1]), ""

    monkeypatch.setattr(file_dialogs, "save_file_name", save_as)
    picked: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, HandoutDialog):
            picked.append(f"not the hand-out dialog: {dialog}")
            if dialog is not None:
                dialog.close()
            return
        try:
            dialog.inspector.setFocus()
            qtbot.keyClicks(dialog.inspector, letter)
            picked.append(dialog.inspector.currentText())
            qtbot.keyClick(dialog.inspector, Qt.Key.Key_Return)  # Export…, the default
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    window.handout_action.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Exported") or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    assert len(saved) == 1, picked
    said = window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    return saved[0], picked[0], said


def _column(sheet: Worksheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def _set(sheet: Worksheet, urn: str, header: str, value: object) -> None:
    """What the inspector types into the row of the school with this URN."""
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == urn)
    sheet.cell(row, _column(sheet, header), value)


def _fill_in_as_ann(workbook: Path) -> None:
    """Ann, in Excel: two schools' results, a headteacher's answer, and a school she added."""
    book = load_workbook(workbook)
    schools = book["Schools inspected"]
    _set(schools, "990005", "Outcome grade", "Good")
    _set(schools, "990001", "Notes", "Ann: visited Monday, nursery staff met")
    added = {
        "URN": "990099",
        "School": "Oak Tree Primary School",
        "Phase": "Primary",
        "Previous grade": "Satisfactory",
        "Outcome grade": "Good",
        "Notes": "Ann: added on the day",
        "Inspector": "Ann Example",
    }  # no Id or Version: a row the workbook did not go out with
    schools.append([added.get(str(cell.value)) for cell in schools[1]])
    responses = book["Responses"]
    answer = {
        "URN": "990002",
        "Question No": 1,
        "Respondent": "Headteacher",
        "Response": "They know us well; the adviser visits each term.",
        "Judgement": "Positive",
    }
    responses.append([answer.get(str(cell.value)) for cell in responses[1]])
    book.save(workbook)


def _fill_in_as_ben(workbook: Path) -> None:
    """Ben: a note and a grade of his schools, a call made, and the note the lead changed too."""
    book = load_workbook(workbook)
    schools = book["Schools inspected"]
    _set(schools, "990007", "Notes", "Ben: governors keen, data weak")
    _set(schools, "990008", "Outcome grade", "Good")
    _set(schools, "990009", "Notes", BEN_NOTE)
    survey = book["Telephone survey"]
    _set(survey, "990018", "Call date", datetime(2013, 3, 14))
    _set(survey, "990019", "Notes", "Ben: rang twice, spoke to the deputy")
    book.save(workbook)


def _shown(page: TablePage) -> dict[str, dict[str, str]]:
    """Each row of the page as the window shows it, by URN and column heading."""
    model = page.model
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
    ]
    rows = {}
    for row in range(model.rowCount()):
        shown = {h: str(model.index(row, c).data() or "") for c, h in enumerate(headers)}
        rows[shown["URN"]] = shown
    return rows


def _page(window: MainWindow, part: str, key: str) -> TablePage:
    workspace = workspace_of(window)
    workspace.show_part(part)
    page = workspace.page(key)
    assert isinstance(page, TablePage)
    return page


def _row_of(page: TablePage, urn: str) -> int:
    return list(_shown(page)).index(urn)


def _merge(window: MainWindow, workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File › Merge workbook…, the workbook chosen in the file dialog."""
    monkeypatch.setattr(
        file_dialogs, "open_file_name", lambda *a, **k: (str(workbook), "Excel workbooks (*.xlsx)")
    )
    window.merge_workbook_action.trigger()


def _wait_for_box(qtbot: QtBot, window: MainWindow, name: str, answers: Answers) -> QMessageBox:
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, name) is not None or bool(answers.shown),
        timeout=30_000,
    )
    assert answers.shown == []
    box = window.findChild(QMessageBox, name)
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    return box


def _close_summary(qtbot: QtBot, window: MainWindow, answers: Answers) -> str:
    summary = _wait_for_box(qtbot, window, "mergeSummary", answers)
    text = summary.text()
    ok = summary.button(QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "mergeSummary") is None)
    return text


def _merged_entries(window: MainWindow) -> list[str]:
    """What History shows of the merges: "<who> from <file>", newest first."""
    workspace = workspace_of(window)
    workspace.show_part("History")
    history = workspace.page("history")
    assert isinstance(history, HistoryPage)
    model = history.model
    return [
        f"{model.index(row, 1).data()} {model.index(row, 5).data()}"
        for row in range(model.rowCount())
        if [model.index(row, c).data() for c in (2, 4)] == ["Inspection", "merged"]
    ]


def _letter(window: MainWindow) -> str:
    workspace = workspace_of(window)
    workspace.show_part("Letter")
    letter = workspace.page("letter")
    assert isinstance(letter, LetterPage)
    return letter.preview.toPlainText()


def test_the_lead_hands_out_merges_back_and_the_letter_counts_every_school(
    qtbot: QtBot,
    answers: Answers,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    libreoffice: Callable[[Path, Path], subprocess.Popen[bytes]],
) -> None:
    db = window.db
    assert db is not None
    window.resize(1400, 800)
    open_reference(window, REFERENCE)
    handed_out = tmp_path / "handed out"
    handed_out.mkdir()

    # Monday: the lead hands out Ann's six schools and Ben's ten.
    ann, picked, said = _export_for(qtbot, window, "A", handed_out, answers, monkeypatch)
    assert (ann.name, picked) == (ANN, "Ann Example (6 schools)")
    assert said == f"Exported {ANN}: 6 schools inspected, 0 surveyed, 0 responses for Ann Example"
    ben, picked, said = _export_for(qtbot, window, "B", handed_out, answers, monkeypatch)
    assert (ben.name, picked) == (BEN, "Ben Sample (10 schools)")
    assert said == f"Exported {BEN}: 5 schools inspected, 5 surveyed, 0 responses for Ben Sample"

    # Ann fills hers in Excel; Ben fills his, and LibreOffice saves it again (into his folder).
    _fill_in_as_ann(ann)
    _fill_in_as_ben(ben)
    returned = tmp_path / "from Ben"
    resaving = libreoffice(ben, returned)

    # Meanwhile the lead types two values: a note Ben changes too, a grade nobody else touches.
    schools = _page(window, "Schools inspected", "schools")
    type_in_cell(qtbot, schools, _row_of(schools, "990009"), 6, LEAD_NOTE)
    type_in_cell(
        qtbot,
        schools,
        _row_of(schools, "990004"),
        4,
        "Outstanding",
        finish=Qt.Key.Key_Return,
    )
    assert answers.shown == []
    assert workspace_of(window).problem.text() == ""
    lead_edits = _shown(schools)
    assert lead_edits["990009"]["Notes"] == LEAD_NOTE
    assert lead_edits["990004"]["Outcome grade"] == "Outstanding"
    calls_before = _shown(_page(window, "Telephone survey", "survey"))
    assert calls_before["990018"]["Call date"] != "14 Mar 2013"
    assert "Eleven schools were inspected" in _letter(window)

    # Ann's workbook comes back first: the confirmation says what it adds, Merge is clicked.
    _merge(window, ann, monkeypatch)
    confirm = _wait_for_box(qtbot, window, "confirmMerge", answers)
    assert confirm.text() == f"Merge {ANN} into {REFERENCE}?"
    told = confirm.informativeText()
    screenshot(confirm, "team-week-confirm", tmp_path)
    rows = "</b></p><ul style='margin: 0'><li>"  # a kind of change in bold, its rows under it
    assert (
        f"<b>Added 2{rows}Schools inspected: URN 990099</li>"
        "<li>Responses: URN 990002, question 1, Headteacher</li></ul>"
    ) in told
    assert f"<b>Changed 2{rows}Schools inspected, URN 990001, &quot;Notes&quot;" in told
    assert "… → Ann: visited Monday" in told  # a long note cut short keeps what it becomes
    assert (
        f"<b>Kept as here 1{rows}Schools inspected, URN 990004, &quot;Outcome grade&quot;: "
        "kept Outstanding (there Good)</li></ul>"
    ) in told
    merge_button = next(b for b in confirm.buttons() if b.objectName() == "mergeButton")
    qtbot.mouseClick(merge_button, Qt.MouseButton.LeftButton)
    assert _close_summary(qtbot, window, answers) == (
        f"Merged {ANN} into {REFERENCE}: 1 school added, 1 response added, 2 values changed, "
        "1 kept as here."
    )

    # Ben's, as LibreOffice saved it: the one field both changed is asked about.
    qtbot.waitUntil(lambda: resaving.poll() is not None, timeout=120_000)
    assert resaving.returncode == 0, resaving.stderr.read() if resaving.stderr else ""
    ben_back = returned / BEN
    with zipfile.ZipFile(ben_back) as saved:
        assert b"LibreOffice" in saved.read("docProps/app.xml")  # really re-saved
    _merge(window, ben_back, monkeypatch)
    qtbot.waitUntil(
        lambda: (
            window.findChild(ConflictDialog, "conflictDialog") is not None or bool(answers.shown)
        ),
        timeout=30_000,
    )
    assert answers.shown == []
    dialog = window.findChild(ConflictDialog, "conflictDialog")
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitExposed(dialog)
    [conflict] = dialog.plan.conflicts
    assert (conflict.sheet, conflict.key, conflict.column) == (
        "Schools inspected",
        "URN 990009",
        "Notes",
    )
    assert (conflict.here.value, conflict.there.value) == (LEAD_NOTE, BEN_NOTE)
    here, there = dialog.findChild(QRadioButton, "here1"), dialog.findChild(QRadioButton, "there1")
    assert here is not None
    assert there is not None
    assert LEAD_NOTE in here.accessibleDescription()
    assert BEN_NOTE in there.accessibleDescription()
    assert not dialog.merge_button.isEnabled()
    assert QApplication.focusWidget() is here
    qtbot.keyClick(here, Qt.Key.Key_Right)  # across to Ben's value
    assert QApplication.focusWidget() is there
    qtbot.keyClick(there, Qt.Key.Key_Space)
    assert there.isChecked()
    assert dialog.count_label.text() == "1 of 1 chosen"
    assert dialog.merge_button.isEnabled()
    screenshot(dialog, "team-week-conflict", tmp_path)
    press(qtbot, Qt.Key.Key_Return)  # Merge
    summary = _close_summary(qtbot, window, answers)
    assert summary == f"Merged {BEN} into {REFERENCE}: 5 values changed."

    # What the lead sees now: everyone's work, on the school pages…
    schools = _page(window, "Schools inspected", "schools")
    shown = _shown(schools)
    assert len(shown) == 12
    assert shown["990005"]["Outcome grade"] == "Good"  # Ann
    assert shown["990001"]["Notes"] == "Ann: visited Monday, nursery staff met"
    assert (shown["990099"]["School"], shown["990099"]["Inspector"]) == (
        "Oak Tree Primary School",
        "Ann Example",
    )
    assert shown["990007"]["Notes"] == "Ben: governors keen, data weak"  # Ben
    assert shown["990008"]["Outcome grade"] == "Good"
    assert shown["990009"]["Notes"] == BEN_NOTE  # as chosen
    assert shown["990004"]["Outcome grade"] == "Outstanding"  # the lead's own edit stands
    screenshot(window, "team-week-schools", tmp_path)
    survey = _shown(_page(window, "Telephone survey", "survey"))
    assert survey["990019"]["Notes"] == "Ben: rang twice, spoke to the deputy"
    assert survey["990018"]["Call date"] == "14 Mar 2013"
    # …Ann's headteacher's answer under question 1…
    workspace_of(window).show_part("Key questions and responses")
    panel = workspace_of(window).page("questions").findChild(ResponsesPanel)
    assert isinstance(panel, ResponsesPanel)
    assert panel.show_school("990002")
    first = panel.editors[0]
    assert first.question.number == 1
    assert first.text.toPlainText() == "They know us well; the adviser visits each term."
    assert (first.respondent.currentText(), first.judgement.currentText()) == (
        "Headteacher",
        "Positive",
    )
    # …History and the letter.
    assert _merged_entries(window) == [f"{db.user} from {BEN}", f"{db.user} from {ANN}"]
    assert "Twelve schools were inspected" in _letter(window)

    # Ann's workbook merged again: nothing to do, nothing doubles.
    before = read_snapshot(db, choose_inspection(db, REFERENCE).id)
    _merge(window, ann, monkeypatch)
    qtbot.waitUntil(
        lambda: (
            window.statusBar().currentMessage().startswith("Nothing to merge")
            or bool(answers.shown)
        ),
        timeout=30_000,
    )
    assert answers.shown == []
    assert window.statusBar().currentMessage() == (
        f"Nothing to merge: {REFERENCE} already has everything in {ANN}"
    )
    assert window.findChild(QMessageBox, "confirmMerge") is None
    assert read_snapshot(db, choose_inspection(db, REFERENCE).id) == before
    assert _merged_entries(window) == [f"{db.user} from {BEN}", f"{db.user} from {ANN}"]
