"""The evidence behind each finding: responses linked from a page's context menu (the entry
points the Analysis calls), the Findings page's summaries and flags, the Evidence dialog, and
what a delete takes with it coming back on undo."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from coventry_inspect.domain.vocabulary import FindingKind, Respondent, ResponseJudgement
from coventry_inspect.gui.context import Context
from coventry_inspect.gui.evidence_actions import link_to_finding, tag_with_theme
from coventry_inspect.gui.link_dialog import LinkDialog, ThemeDialog
from coventry_inspect.gui.main_window import MainWindow
from coventry_inspect.services import evidence, findings, support, themes
from coventry_inspect.store.models import Finding
from tests.gui.conftest import workspace_of

POS, MIX, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.MIXED, ResponseJudgement.NEGATIVE


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
            db, question.id, school.school_id, Respondent.HEADTEACHER, f"Answer {n}", judgement
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
