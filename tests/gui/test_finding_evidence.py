"""The evidence behind each finding: responses linked from a page's context menu (the entry
points the Analysis calls), the Findings page's summaries and flags, the Evidence dialog, and
what a delete takes with it coming back on undo."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import FindingKind, Respondent, ResponseJudgement
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.evidence_actions import link_responses, link_to_finding, tag_with_theme
from coventry_inspect.gui.evidence_dialog import EvidenceDialog
from coventry_inspect.gui.link_dialog import LinkDialog, ThemeDialog
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.gui.settings import Settings
from coventry_inspect.gui.table_page import TablePage
from coventry_inspect.services import evidence, findings, support, themes
from coventry_inspect.store.models import Finding
from tests.gui.conftest import Answers, screenshot, workspace_of
from tests.gui.test_responses import responses_panel, start_typing_in
from tests.gui.typing import focus_cell

WRAP = Qt.TextFlag.TextWordWrap
POS, MIX, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.MIXED, ResponseJudgement.NEGATIVE


SAID = (
    "Training for new governors is well attended and valued; the council knows our school "
    "well, though advice from HR is slow to arrive when we need it."
)


def context_of(window: MainWindow) -> Context:
    context = workspace_of(window).context
    assert context is not None
    return context


def add_responses(
    window: MainWindow, judgements: list[ResponseJudgement | None]
) -> list[uuid.UUID]:
    """One headteacher's answer to question 1 from each of the first schools, judged so."""
    context = context_of(window)
    db, inspection = context.db, context.inspection_id
    question = evidence.list_key_questions(db, inspection)[0]
    schools = evidence.list_inspected_schools(db, inspection)
    ids = [
        evidence.add_response(
            db,
            question.id,
            school.school_id,
            Respondent.HEADTEACHER,
            f"Answer {n}. {SAID}",
            judgement,
        ).id
        for n, (school, judgement) in enumerate(zip(schools, judgements, strict=False))
    ]
    context.changed()
    return ids


def strengths(window: MainWindow) -> list[Finding]:
    context = context_of(window)
    return findings.list_findings(context.db, context.inspection_id, FindingKind.STRENGTH)


def when_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> list[str]:
    """Do ``act`` on the modal dialog about to be shown (as the person at the window would);
    returns where a failure inside it was (an exception in a timer would be lost)."""
    failures: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        try:
            act(dialog)
        except Exception as error:
            failures.append(repr(error))
            assert isinstance(dialog, QDialog)
            dialog.reject()

    QTimer.singleShot(0, run)
    return failures


def test_link_to_finding_from_a_context_menu_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    context = context_of(window)
    ids = add_responses(window, [POS, MIX, NEG])
    second = strengths(window)[1]

    def pick_second_strength(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # the list starts on the first
        assert dialog.chosen() == second.id
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    def look_then_pick(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        shown = dialog.list.item(1).text()
        assert shown.startswith("Strength 2: ")
        assert "⚑ no supporting response" in shown
        pick_second_strength(dialog)

    failures = when_modal(qtbot, look_then_pick)
    assert link_to_finding(context, window, ids[:2])
    assert failures == []
    stood = support.support_by_finding(context.db, context.inspection_id)[second.id]
    assert stood.summary() == "supported by 2 responses from 2 schools (1 positive, 1 mixed)"
    assert window.undo_action.text() == "&Undo Link 2 responses to strength 2"

    # Linked again with one more: only the new one is linked, and undo takes only that away.
    failures = when_modal(qtbot, pick_second_strength)
    assert link_to_finding(context, window, ids)
    assert failures == []
    window.undo_action.trigger()
    assert [r.id for r in support.supporting(context.db, second.id)] == ids[:2]
    window.undo_action.trigger()
    assert support.supporting(context.db, second.id) == []
    window.redo_action.trigger()
    assert [r.id for r in support.supporting(context.db, second.id)] == ids[:2]

    # The same responses again: nothing to link, said so, nothing to undo.
    failures = when_modal(qtbot, pick_second_strength)
    before = context.stack.index()
    assert not link_to_finding(context, window, ids[:2])
    assert failures == []
    assert context.stack.index() == before
    assert "already support strength 2" in workspace_of(window).problem.text()


def test_cancel_links_nothing(qtbot: QtBot, window: MainWindow) -> None:
    context = context_of(window)
    ids = add_responses(window, [POS])
    when_modal(qtbot, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    assert not link_to_finding(context, window, ids)
    assert all(
        not s.responses
        for s in support.support_by_finding(context.db, context.inspection_id).values()
    )
    assert context.stack.count() == 0


def test_tag_with_theme_typed_with_completion_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    context = context_of(window)
    ids = add_responses(window, [POS, MIX, NEG])
    themes.set_themes(context.db, ids[0], ["Governor training"])

    def type_theme(dialog: QWidget) -> None:
        assert isinstance(dialog, ThemeDialog)
        dialog.edit.setFocus()
        qtbot.keyClicks(dialog.edit, "tra")
        assert dialog.edit.popup.isVisible()  # "Governor training" offered for "tra"
        qtbot.keyClick(dialog.edit.popup, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.edit.popup, Qt.Key.Key_Return)  # picks it and presses Tag

    failures = when_modal(qtbot, type_theme)
    assert tag_with_theme(context, window, ids), failures
    assert failures == []
    assert themes.themes_of(context.db, context.inspection_id) == {
        i: ["Governor training"] for i in ids
    }
    assert window.undo_action.text() == "&Undo Tag 3 responses with “Governor training”"
    window.undo_action.trigger()  # only the two tagged here lose it
    assert themes.themes_of(context.db, context.inspection_id) == {ids[0]: ["Governor training"]}
    window.redo_action.trigger()
    assert len(themes.themes_of(context.db, context.inspection_id)) == 3

    # A new theme typed in another case than one used: stored in the spelling already used.
    def type_new(dialog: QWidget) -> None:
        assert isinstance(dialog, ThemeDialog)
        dialog.edit.setFocus()
        qtbot.keyClicks(dialog.edit, "  GOVERNOR   training ")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    themes.set_themes(context.db, ids[2], [])
    failures = when_modal(qtbot, type_new)
    assert tag_with_theme(context, window, [ids[2]])
    assert failures == []
    assert themes.themes_of(context.db, context.inspection_id)[ids[2]] == ["Governor training"]


def strengths_page(window: MainWindow) -> TablePage:
    workspace = workspace_of(window)
    workspace.show_part("Findings")
    page = workspace.page("findings").findChild(TablePage, "Strengths")
    assert page is not None
    return page


def evidence_of(page: TablePage, row: int) -> str:
    """The Evidence cell of the row, as shown."""
    column = [c.header for c in page.model.columns].index("Evidence")
    return str(page.model.index(row, column).data())


def open_dialog(qtbot: QtBot, page: TablePage, row: int) -> EvidenceDialog:
    focus_cell(qtbot, page, row, 0)
    button = next(b for b in page.findChildren(QToolButton) if b.text() == "E&vidence…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(EvidenceDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot: QtBot, table: QTableView, row: int) -> None:
    table.scrollTo(table.model().index(row, 0))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(row, 4)).center(),
    )


def test_findings_page_shows_support_and_flags_and_the_evidence_dialog_edits_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.resize(1400, 900)
    context = context_of(window)
    ids = add_responses(window, [POS, MIX, NEG])
    page = strengths_page(window)
    assert evidence_of(page, 1) == "⚑ no supporting response"
    assert "No response is linked" in str(page.model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole))
    dialog = open_dialog(qtbot, page, 1)
    assert "Strength 2" in dialog.heading.text()
    assert dialog.linked_model.rowCount() == 0
    assert dialog.others_model.rowCount() == 3

    # Find a school's response by words, and add it; then the other two at once.
    school = dialog.others_model.rows[0].school.name
    qtbot.mouseClick(dialog.filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.filter, f"{school.split()[0]} answer q1")
    assert [r.id for r in dialog.others_model.rows] == [ids[0]]
    choose(qtbot, dialog.others, 0)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [r.id for r in dialog.linked_model.rows] == [ids[0]]
    assert dialog.summary.text() == "Supported by 1 response from 1 school (1 positive)"
    assert evidence_of(page, 1) == "supported by 1 response from 1 school (1 positive)"
    dialog.filter.clear()
    assert dialog.others_model.rowCount() == 2
    dialog.others.selectAll()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.linked_model.rowCount() == 3
    shown = "supported by 3 responses from 3 schools (1 positive, 1 mixed, 1 negative)"
    assert evidence_of(page, 1) == shown
    screenshot(dialog, "evidence-gui-evidence-dialog", tmp_path)

    # Remove one, and undo that from the dialog.
    negative = next(n for n, r in enumerate(dialog.linked_model.rows) if r.id == ids[2])
    choose(qtbot, dialog.linked, negative)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert ids[2] not in [r.id for r in dialog.linked_model.rows]
    assert evidence_of(page, 1) == "supported by 2 responses from 2 schools (1 positive, 1 mixed)"
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert evidence_of(page, 1) == shown
    assert dialog.linked_model.rowCount() == 3
    dialog.close()
    screenshot(window, "evidence-gui-findings-page", tmp_path)

    # The positive response judged negative in the responses panel: now flagged.
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    judgement = panel.editors[0].judgement
    judgement.setFocus()
    qtbot.keyClicks(judgement, "n")  # Negative
    assert judgement.currentText() == "Negative"
    page = strengths_page(window)
    assert evidence_of(page, 1) == (
        "supported by 3 responses from 3 schools (1 mixed, 2 negative)\n"
        "⚑ a strength backed mainly by negative responses"
    )
    assert "2 of its 3 supporting responses are negative" in str(
        page.model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole)
    )
    assert page.model.index(1, 2).data(Qt.ItemDataRole.ForegroundRole) is not None
    screenshot(window, "evidence-gui-findings-flagged", tmp_path)

    # Undo each step: the flag goes, then the links one by one.
    window.undo_action.trigger()
    assert evidence_of(page, 1) == shown
    assert page.model.index(1, 2).data(Qt.ItemDataRole.ForegroundRole) is None
    window.undo_action.trigger()  # the remove was undone already: the two added together
    assert evidence_of(page, 1) == "supported by 1 response from 1 school (1 positive)"
    window.undo_action.trigger()
    assert evidence_of(page, 1) == "⚑ no supporting response"
    window.redo_action.trigger()
    assert evidence_of(page, 1) == "supported by 1 response from 1 school (1 positive)"
    assert support.supporting(context.db, strengths(window)[1].id)[0].id == ids[0]


def test_deleting_a_finding_or_a_question_and_undo_brings_links_and_themes_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    context = context_of(window)
    db, inspection = context.db, context.inspection_id
    ids = add_responses(window, [POS, MIX, NEG])
    first, second = strengths(window)[:2]
    support.link(db, first.id, ids[:2])
    support.link(db, second.id, ids)
    themes.set_themes(db, ids[0], ["clusters", "HR support"])
    themes.set_themes(db, ids[2], ["clusters"])
    before = (themes.themes_of(db, inspection), support.support_by_finding(db, inspection))

    page = strengths_page(window)
    focus_cell(qtbot, page, 1, 1)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert second.id not in support.support_by_finding(db, inspection)
    window.undo_action.trigger()
    assert (themes.themes_of(db, inspection), support.support_by_finding(db, inspection)) == before

    # Question 1 deleted takes its responses, their themes and their links with it.
    workspace = workspace_of(window)
    workspace.show_part("Key questions and responses")
    questions = workspace.page("questions").findChild(TablePage)
    assert questions is not None
    focus_cell(qtbot, questions, 0, 1)
    qtbot.mouseClick(questions.delete_button, Qt.MouseButton.LeftButton)
    assert themes.themes_of(db, inspection) == {}
    assert not any(s.responses for s in support.support_by_finding(db, inspection).values())
    window.undo_action.trigger()
    assert (themes.themes_of(db, inspection), support.support_by_finding(db, inspection)) == before
    window.redo_action.trigger()
    assert themes.themes_of(db, inspection) == {}
    window.undo_action.trigger()
    assert (themes.themes_of(db, inspection), support.support_by_finding(db, inspection)) == before
    assert strengths_page(window) is not None
    assert evidence_of(strengths_page(window), 1).startswith("supported by 3 responses")


def test_link_a_response_from_the_responses_panel(qtbot: QtBot, window: MainWindow) -> None:
    context = context_of(window)
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 0)
    editor = panel.editors[0]
    qtbot.mouseClick(editor.link, Qt.MouseButton.LeftButton)  # nothing typed yet
    assert "type the response before linking it" in workspace_of(window).problem.text()
    qtbot.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.text, "The council's clusters help us.")
    qtbot.keyClick(editor.text, Qt.Key.Key_Tab)  # stored
    assert not editor.supports.isVisibleTo(panel)

    def pick_first(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        assert "Which finding does the response chosen support?" in [
            label.text() for label in dialog.findChildren(QLabel)
        ]
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # the first strength, as it starts

    failures = when_modal(qtbot, pick_first)
    qtbot.mouseClick(editor.link, Qt.MouseButton.LeftButton)
    assert failures == []
    first = strengths(window)[0]
    assert [r.text for r in support.supporting(context.db, first.id)] == [
        "The council's clusters help us."
    ]
    assert editor.supports.isVisibleTo(panel)
    assert editor.supports.text() == "Evidence for strength 1"
    window.undo_action.trigger()
    assert support.supporting(context.db, first.id) == []
    assert not editor.supports.isVisibleTo(panel)


def test_a_read_only_window_shows_the_evidence_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    context = context_of(window)
    ids = add_responses(window, [POS, MIX])
    support.link(context.db, strengths(window)[0].id, ids[:1])
    second = MainWindow(Settings(tmp_path / "second.ini"))
    qtbot.addWidget(second)
    second.show()
    second.ask_second_instance = lambda target, owner: True  # type: ignore[method-assign]
    assert second.open_database(window.db.target if window.db else "")
    assert second.db is not None
    assert second.db.read_only
    page = strengths_page(second)
    assert evidence_of(page, 0) == "supported by 1 response from 1 school (1 positive)"
    dialog = open_dialog(qtbot, page, 0)  # Evidence… still opens, to read
    assert dialog.linked_model.rowCount() == 1
    dialog.others.selectAll()
    assert not dialog.add_button.isEnabled()
    dialog.linked.selectAll()
    assert not dialog.remove_button.isEnabled()
    dialog.close()
    assert not link_to_finding(second.workspace.context, second, ids)  # type: ignore[union-attr]
    assert "open read-only" in workspace_of(second).problem.text()
    assert [r.id for r in support.supporting(context.db, strengths(window)[0].id)] == ids[:1]
    second.close_database()


def test_tag_link_see_the_counts_and_flag_change_and_undo_each_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The issue's proof, in one go: tag responses, link them to a finding, see the Findings
    page's counts and flag change, change a judgement, and undo each step."""
    context = context_of(window)
    db, inspection = context.db, context.inspection_id
    ids = add_responses(window, [NEG, NEG, POS])
    page = strengths_page(window)
    start = evidence_of(page, 0)
    assert start == "⚑ no supporting response"

    def type_theme(dialog: QWidget) -> None:
        assert isinstance(dialog, ThemeDialog)
        qtbot.keyClicks(dialog.edit, "HR support")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    def pick_first(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    failures = when_modal(qtbot, type_theme)
    assert tag_with_theme(context, page, ids)
    failures += when_modal(qtbot, pick_first)
    assert link_to_finding(context, page, ids)
    assert failures == []
    assert themes.themes_of(db, inspection) == {i: ["HR support"] for i in ids}
    flagged = (
        "supported by 3 responses from 3 schools (1 positive, 2 negative)\n"
        "⚑ a strength backed mainly by negative responses"
    )
    assert evidence_of(page, 0) == flagged

    # The second negative response judged positive in the responses panel: no longer flagged.
    panel = responses_panel(window)
    start_typing_in(qtbot, panel, 1)
    judgement = panel.editors[0].judgement
    judgement.setFocus()
    qtbot.keyClicks(judgement, "p")
    assert judgement.currentText() == "Positive"
    page = strengths_page(window)
    assert evidence_of(page, 0) == (
        "supported by 3 responses from 3 schools (2 positive, 1 negative)"
    )

    window.undo_action.trigger()  # the judgement
    assert evidence_of(page, 0) == flagged
    window.undo_action.trigger()  # the links
    assert evidence_of(page, 0) == start
    assert themes.themes_of(db, inspection) == {i: ["HR support"] for i in ids}
    window.undo_action.trigger()  # the themes
    assert themes.themes_of(db, inspection) == {}
    for _ in range(3):
        window.redo_action.trigger()
    assert evidence_of(page, 0) == (
        "supported by 3 responses from 3 schools (2 positive, 1 negative)"
    )
    assert themes.themes_of(db, inspection) == {i: ["HR support"] for i in ids}


LONG = (
    "Schools value the council's support and the training of governors highly, though the "
    "quality of advice from human resources stays variable across the year and with the "
    "variables of the staff involved in the more complex and urgent cases"
)
"""A statement that wraps to three lines or more, cut at 160 characters by the picker."""


def wrapped_height(view: QWidget, text: str, width: int) -> int:
    """How tall ``text`` is wrapped at ``width`` pixels in the view's font."""
    return view.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), WRAP, text).height()


def test_the_link_picker_shows_each_findings_whole_support_and_flag(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    context = context_of(window)
    ids = add_responses(window, [POS, NEG, NEG])
    long = strengths(window)[1]
    findings.update_finding(context.db, long.id, statement=LONG)
    support.link(context.db, long.id, ids)
    context.changed()
    flagged = "⚑ a strength backed mainly by negative responses"

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkDialog)
        dialog.resize(380, 420)  # narrower than it opens: every item wraps again
        qtbot.waitUntil(lambda: dialog.list.visualItemRect(dialog.list.item(1)).width() < 380)
        screenshot(dialog, "fix-show-link-dialog", tmp_path)
        for row in range(dialog.list.count()):
            item = dialog.list.item(row)
            shown = dialog.list.visualItemRect(item)
            assert shown.height() >= wrapped_height(dialog.list, item.text(), shown.width() - 8)
        text = dialog.list.item(1).text()
        assert text.startswith("Strength 2: Schools value")
        assert "supported by 3 responses from 3 schools (1 positive, 2 negative)" in text
        assert text.endswith(flagged)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    failures = when_modal(qtbot, look)
    assert not link_to_finding(context, window, ids[:1])
    assert failures == []


def test_a_findings_row_grows_to_show_the_flag_a_link_brings(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Linked from elsewhere (the Analysis calls link_responses): the Evidence cell gains a
    flag line, and the row grows to show it rather than keeping its one-line height."""
    window.resize(1400, 900)
    context = context_of(window)
    ids = add_responses(window, [NEG, NEG, POS])
    finding = strengths(window)[0]
    findings.update_finding(context.db, finding.id, statement="Clusters work well.")
    context.changed()
    page = strengths_page(window)
    column = [c.header for c in page.model.columns].index("Evidence")
    assert evidence_of(page, 0) == "⚑ no supporting response"
    one_line = page.table.rowHeight(0)
    assert link_responses(context, finding.id, ids, "Link 3 responses to strength 1") == ids
    text = evidence_of(page, 0)
    assert text.endswith("⚑ a strength backed mainly by negative responses")
    needed = wrapped_height(page.table, text, page.table.columnWidth(column) - 8)
    assert page.table.rowHeight(0) >= needed > one_line
    screenshot(window, "fix-show-findings-flagged", tmp_path)

    # A long statement of three lines and more: the row fits the taller of the two cells.
    findings.update_finding(context.db, finding.id, statement=f"{LONG}; {LONG}")
    context.changed()
    statement = page.model.index(0, [c.header for c in page.model.columns].index("Statement"))
    assert page.table.rowHeight(0) >= wrapped_height(
        page.table, str(statement.data()), page.table.columnWidth(statement.column()) - 8
    )
    screenshot(window, "fix-show-findings-long", tmp_path)
