"""Replacing an inspection from a workbook keeps it and its history, and says first what goes."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from coventry_inspect.domain.vocabulary import Respondent
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.history import list_history
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.letter import current_letter, reword
from coventry_inspect.services.replacement import plan_replacement, replace
from coventry_inspect.services.snapshot import ResponseRow, read_snapshot
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    Finding,
    InspectedSchool,
    KeyQuestion,
    LetterEdit,
    Response,
)


def _ids(db: Database, inspection_id: uuid.UUID) -> set[tuple[str, uuid.UUID]]:
    with db.session() as session:
        return {
            (model.__tablename__, row_id)
            for model in (InspectedSchool, KeyQuestion, Response, Finding, LetterEdit)
            for row_id in session.scalars(
                select(model.id).where(model.inspection_id == inspection_id)
            )
        }


def test_replace_keeps_history_plans_first_and_undoes_exactly(db: Database) -> None:
    install_examples(db)
    inspection = choose_inspection(db, "COV-2013-03").id
    letter = {item.block.key: item for item in current_letter(db, inspection)}
    reword(db, inspection, "strengths/b1", "My own wording.", letter["strengths/b1"].generated)
    before = read_snapshot(db, inspection)
    before_ids = _ids(db, inspection)
    history_before = [(e.entity, e.action, e.entity_id) for e in list_history(db, inspection)]

    incoming = read_snapshot(db, inspection)
    gone = incoming.inspected.pop(0)
    incoming.inspected[0].notes = "Seen on Tuesday."
    incoming.questions.pop()  # question 4, asked of surveyed schools
    incoming.findings.pop(1)
    incoming.rewordings = [r for r in incoming.rewordings if r.key != "strengths/b1"]
    incoming.details.summary = "Shorter."
    incoming.responses.append(
        ResponseRow(incoming.inspected[0].urn, 1, Respondent.HEADTEACHER, "Yes.")
    )

    plan = plan_replacement(db, incoming)
    lines = plan.lines()
    assert plan.replacing
    assert plan.removes
    assert lines[0].startswith("Details: change Summary 'In summary")
    assert f"Schools inspected: remove 1 ({gone.urn} {gone.name}); change 1 (" in lines[1]
    assert lines[1].endswith("[notes])")
    assert "Responses: add 1" in lines  # counted, not named
    assert "Key questions: remove 1 (question 4)" in lines
    assert any(line.startswith("Findings: remove 1 (Strength 2)") for line in lines)
    assert "Letter rewordings: remove 1 (strengths/b1)" in lines
    assert read_snapshot(db, inspection) == before  # planning wrote nothing

    done = replace(db, incoming, record=("replaced", "from cov.xlsx"), expected=plan)
    assert done.inspection_id == inspection  # the same inspection, not a new one
    assert read_snapshot(db, inspection) == incoming
    history = list_history(db, inspection)
    # Everything recorded before is still there…
    assert [(e.entity, e.action, e.entity_id) for e in history][: len(history_before)] == (
        history_before
    )
    new = history[len(history_before) :]
    # …then the replacement itself, by the user, naming the file, then what it changed.
    assert (new[0].action, new[0].new, new[0].user) == ("replaced", "from cov.xlsx", "tester")
    assert ("inspected_school", "deleted") in {(e.entity, e.action) for e in new}
    assert ("key_question", "deleted") in {(e.entity, e.action) for e in new}
    assert ("letter_edit", "deleted") in {(e.entity, e.action) for e in new}
    assert any(e.field == "notes" and e.new == "Seen on Tuesday." for e in new)
    assert ("response", "created") in {(e.entity, e.action) for e in new}
    assert any(e.field == "summary" and e.new == "Shorter." for e in new)

    # Undo: the snapshot from before, with the removed rows' ids given back.
    undone = replace(db, done.before or before, record=("restored", "undo"), ids=done.removed_ids)
    assert read_snapshot(db, inspection) == before
    assert _ids(db, inspection) == before_ids
    # Redo: the import again, its rows with the ids they had.
    replace(db, incoming, record=("replaced", "redo"), ids=undone.removed_ids)
    assert read_snapshot(db, inspection) == incoming
    assert list_history(db, inspection)[-1].id > history[-1].id


def test_a_plan_no_longer_true_is_refused(db: Database) -> None:
    install_examples(db)
    inspection = choose_inspection(db, "COV-2013-03").id
    incoming = read_snapshot(db, inspection)
    incoming.findings.pop()
    plan = plan_replacement(db, incoming)
    changed = read_snapshot(db, inspection)
    changed.findings.pop(0)
    replace(db, changed)

    from coventry_inspect.services.replacement import PlanChangedError

    with pytest.raises(PlanChangedError, match="has changed since the import was confirmed"):
        replace(db, incoming, expected=plan)
    assert read_snapshot(db, inspection) == changed
