"""The merge matrix, on an SQLite file and on a PostgreSQL server: a workbook that went out
(merged once, so its rows' bases are known) comes back with changes on either side."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import InadequateCategory, SchoolGrade
from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.services import evidence
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.history import list_history
from coventry_inspect.services.letter import letter_edits, reword
from coventry_inspect.services.merge import DELETED, MergeChangedError, apply_merge
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.store.database import Database
from tests.services.merge_helpers import (
    add_row,
    delete_row,
    export,
    hand_out,
    install,
    set_cell,
    strip_ids,
)


def _handed_out(db: Database, tmp_path: Path) -> tuple[uuid.UUID, Path]:
    """The inspection and its workbook, merged back once unchanged: from now on the merge
    knows what each row was when the workbook left."""
    inspection_id = install(db)
    path = export(db, inspection_id, tmp_path / "jsmith.xlsx")
    first = plan_workbook_merge(db, path)
    assert first.summary() == "nothing to merge"
    apply_merge(db, first, {})
    return inspection_id, path


def _school(snapshot: InspectionSnapshot, urn: str) -> object:
    return next(r for r in snapshot.inspected if r.urn == urn)


def _row_id(db: Database, inspection_id: uuid.UUID, urn: str) -> uuid.UUID:
    row = next(r for r in read_snapshot(db, inspection_id).inspected if r.urn == urn)
    assert row.row_id is not None
    return row.row_id


def test_changes_made_on_one_side_only_are_taken_from_either_side(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990001"}, "Outcome grade", "Outstanding")
    set_cell(path, "Responses", {"URN": "990002", "Question No": 1}, "Judgement", "Positive")
    evidence.update_inspected_school(db, _row_id(db, inspection_id, "990003"), notes="Here")
    plan = plan_workbook_merge(db, path)
    assert plan.conflicts == []
    assert plan.changed == [
        'Schools inspected, URN 990001, "Outcome grade": Good → Outstanding',
        'Responses, URN 990002, question 1, Headteacher, "Judgement": (blank) → Positive',
    ]
    assert plan.kept == ['Schools inspected, URN 990003, "Notes": kept Here (there (blank))']
    assert plan.summary() == "2 values changed, 1 kept as here"
    done = apply_merge(db, plan, {})
    assert done.summary() == "2 values changed, 1 kept as here"
    after = read_snapshot(db, inspection_id)
    assert _school(after, "990001").outcome_grade is SchoolGrade.OUTSTANDING  # type: ignore[attr-defined]
    assert _school(after, "990003").notes == "Here"  # type: ignore[attr-defined]
    response = next(r for r in after.responses if (r.urn, r.question_number) == ("990002", 1))
    assert response.judgement is not None
    assert response.judgement.label == "Positive"


def test_the_same_change_on_both_sides_is_no_conflict(db: Database, tmp_path: Path) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Notes", "Visited Tuesday")
    evidence.update_inspected_school(
        db, _row_id(db, inspection_id, "990002"), notes="Visited Tuesday"
    )
    plan = plan_workbook_merge(db, path)
    assert (plan.conflicts, plan.changed, plan.kept) == ([], [], [])
    assert plan.summary() == "nothing to merge"


def test_different_changes_to_one_value_are_a_conflict_settled_by_the_choice(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Outcome grade", "Inadequate")
    set_cell(
        path, "Schools inspected", {"URN": "990002"}, "Inadequate category", "Special measures"
    )
    row_id = _row_id(db, inspection_id, "990002")
    evidence.update_inspected_school(db, row_id, outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT)
    plan = plan_workbook_merge(db, path)
    (conflict,) = plan.conflicts
    assert (conflict.sheet, conflict.key, conflict.column) == (
        "Schools inspected",
        "URN 990002",
        "Outcome grade and Inadequate category",
    )
    assert (conflict.here.value, conflict.here.by) == ("Requires improvement", "tester")
    assert conflict.there.value == "Inadequate, Special measures"
    at = conflict.here.at
    assert at is not None
    assert conflict.line().startswith(
        'Schools inspected, URN 990002, "Outcome grade and Inadequate category": here '
        f"Requires improvement (tester, {at.day} {at:%b %H:%M}), there Inadequate, Special "
        "measures ("
    )
    assert plan.changed == []
    with pytest.raises(ServiceError, match="1 conflict without a choice"):
        apply_merge(db, plan, {})
    assert _school(read_snapshot(db, inspection_id), "990002").inadequate_category is None  # type: ignore[attr-defined]
    done = apply_merge(db, plan, {conflict: "there"})
    school = _school(read_snapshot(db, inspection_id), "990002")
    assert school.outcome_grade is SchoolGrade.INADEQUATE  # type: ignore[attr-defined]
    assert school.inadequate_category is InadequateCategory.SPECIAL_MEASURES  # type: ignore[attr-defined]
    assert done.summary() == "1 value changed"
    assert plan_workbook_merge(db, path).summary() == "nothing to merge"


def test_a_conflict_kept_as_here_stays_so_when_the_same_workbook_comes_again(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Findings", {"Kind": "Strength", "No": 1}, "Statement", "Theirs.")
    evidence_id = read_snapshot(db, inspection_id).findings[0].row_id
    assert evidence_id is not None
    from coventry_inspect.services.findings import update_finding

    update_finding(db, evidence_id, statement="Ours.")
    plan = plan_workbook_merge(db, path)
    (conflict,) = plan.conflicts
    assert (conflict.key, conflict.column) == ("Strength 1", "Statement")
    done = apply_merge(db, plan, {conflict: "here"})
    assert done.kept == ['Findings, Strength 1, "Statement": kept Ours. as here']
    assert done.summary() == "1 kept as here"
    again = plan_workbook_merge(db, path)
    assert again.conflicts == []
    assert again.kept == ['Findings, Strength 1, "Statement": kept Ours. (there Theirs.)']
    assert read_snapshot(db, inspection_id).findings[0].statement == "Ours."


def test_a_row_deleted_there_is_deleted_unless_it_was_edited_here(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    delete_row(path, "Responses", {"URN": "990001", "Question No": 2})
    delete_row(path, "Responses", {"URN": "990003", "Question No": 2})
    response = next(
        r
        for r in read_snapshot(db, inspection_id).responses
        if (r.urn, r.question_number) == ("990003", 2)
    )
    assert response.row_id is not None
    evidence.update_response(db, response.row_id, text="Edited here")
    plan = plan_workbook_merge(db, path)
    assert plan.deleted == ["Responses: URN 990001, question 2, Headteacher"]
    (conflict,) = plan.conflicts
    assert conflict.line().startswith(
        "Responses, URN 990003, question 2, Headteacher: here Response Edited here (tester, "
    )
    assert conflict.there.value == "(deleted)"
    done = apply_merge(db, plan, {conflict: "there"})
    assert done.summary() == "2 responses deleted"
    left = {(r.urn, r.question_number) for r in read_snapshot(db, inspection_id).responses}
    assert ("990001", 2) not in left
    assert ("990003", 2) not in left
    assert ("990002", 2) in left
    assert plan_workbook_merge(db, path).summary() == "nothing to merge"


def test_a_row_deleted_here_stays_deleted_unless_it_was_edited_there(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    snapshot = read_snapshot(db, inspection_id)
    for urn in ("990001", "990002"):
        row = next(r for r in snapshot.responses if (r.urn, r.question_number) == (urn, 1))
        assert row.row_id is not None
        evidence.delete_response(db, row.row_id)
    set_cell(path, "Responses", {"URN": "990002", "Question No": 1}, "Response", "More there")
    plan = plan_workbook_merge(db, path)
    assert plan.added == []
    assert plan.kept == [
        "Responses, URN 990001, question 1, Headteacher: left deleted, as it is here"
    ]
    (conflict,) = plan.conflicts
    assert (conflict.here.value, conflict.here.by) == ("(deleted)", "tester")
    assert conflict.there.value == "Response More there"
    apply_merge(db, plan, {conflict: "there"})
    responses = read_snapshot(db, inspection_id).responses
    back = [r for r in responses if r.question_number == 1 and r.urn in ("990001", "990002")]
    assert [(r.urn, r.text) for r in back] == [("990002", "More there")]


def test_new_rows_on_both_sides_are_all_kept(db: Database, tmp_path: Path) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    add_row(
        path,
        "Schools inspected",
        {"URN": "990004", "School": "New School", "Phase": "Infant", "Previous grade": "Good"},
    )
    add_row(
        path,
        "Responses",
        {"URN": "990004", "Question No": 1, "Respondent": "Headteacher", "Response": "New"},
    )
    add_row(path, "Findings", {"Kind": "Strength", "No": 2, "Statement": "From there."})
    from coventry_inspect.domain.vocabulary import FindingKind
    from coventry_inspect.services.findings import add_finding

    add_finding(db, inspection_id, FindingKind.STRENGTH, "From here.")
    plan = plan_workbook_merge(db, path)
    assert plan.conflicts == []
    assert plan.added == [
        "Schools inspected: URN 990004",
        "Responses: URN 990004, question 1, Headteacher",
        "Findings: Strength 3",
    ]
    assert plan.summary() == "1 school added, 1 response added, 1 finding added"
    apply_merge(db, plan, {})
    after = read_snapshot(db, inspection_id)
    assert "990004" in {r.urn for r in after.inspected}
    assert {f.statement for f in after.findings} >= {"From there.", "From here."}
    again = plan_workbook_merge(db, path)
    assert again.added == []
    assert again.conflicts == []
    assert len(read_snapshot(db, inspection_id).inspected) == 4


def test_merging_the_same_workbook_twice_doubles_nothing(db: Database, tmp_path: Path) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Telephone survey", {"URN": "990010"}, "Notes", "Called Monday")
    add_row(
        path,
        "Responses",
        {"URN": "990010", "Question No": 2, "Respondent": "Chair of governors", "Response": "Yes"},
    )
    first = apply_merge(db, plan_workbook_merge(db, path), {})
    assert first.summary() == "1 response added, 1 value changed"
    before = read_snapshot(db, inspection_id)
    second = plan_workbook_merge(db, path)
    assert second.summary() == "nothing to merge"
    apply_merge(db, second, {})
    assert read_snapshot(db, inspection_id) == before
    merged = [e for e in list_history(db, inspection_id) if e.action == "merged"]
    assert [e.new for e in merged] == ["from jsmith.xlsx"] * 3
    assert {e.user for e in merged} == {"tester"}


def test_a_workbook_never_merged_matches_by_natural_key_and_differences_are_conflicts(
    db: Database, tmp_path: Path
) -> None:
    """No Id, no Version, no earlier merge: the merge cannot tell which side changed."""
    inspection_id = install(db)
    path = export(db, inspection_id, tmp_path / "filled.xlsx")
    strip_ids(path)
    set_cell(path, "Schools inspected", {"URN": "990003"}, "Notes", "From the template")
    add_row(
        path,
        "Telephone survey",
        {
            "URN": "990011",
            "School": "Called School",
            "Phase": "Primary",
            "Grade at last inspection": "Outstanding",
        },
    )
    plan = plan_workbook_merge(db, path)
    assert plan.added == ["Telephone survey: URN 990011"]
    assert [c.line().split(": here")[0] for c in plan.conflicts] == [
        'Schools inspected, URN 990003, "Notes"'
    ]
    apply_merge(db, plan, {plan.conflicts[0]: "there"})
    after = read_snapshot(db, inspection_id)
    assert _school(after, "990003").notes == "From the template"  # type: ignore[attr-defined]
    assert len(after.surveyed) == 2
    assert len(after.inspected) == 3


def test_a_plan_is_refused_if_the_inspection_changed_since_it_was_shown(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990001"}, "Notes", "There")
    plan = plan_workbook_merge(db, path)
    evidence.update_inspected_school(db, _row_id(db, inspection_id, "990001"), notes="Meanwhile")
    with pytest.raises(MergeChangedError, match="has changed since the merge was planned"):
        apply_merge(db, plan, {})
    assert _school(read_snapshot(db, inspection_id), "990001").notes == "Meanwhile"  # type: ignore[attr-defined]


def test_a_bad_workbook_is_refused_as_an_import_refuses_it(db: Database, tmp_path: Path) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    before = read_snapshot(db, inspection_id)
    set_cell(path, "Schools inspected", {"URN": "990001"}, "Outcome grade", "2.5")
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Notes", "Fine")
    with pytest.raises(WorkbookInvalid) as refused:
        plan_workbook_merge(db, path)
    assert any("Outcome grade" in str(p) for p in refused.value.problems)
    assert read_snapshot(db, inspection_id) == before


def test_with_no_base_a_workbooks_version_says_whether_the_row_changed_here_since(
    db: Database, tmp_path: Path
) -> None:
    """Exported (hidden Id and Version) but never merged: a row unchanged here since takes the
    workbook's values; one changed here since conflicts where the values differ."""
    inspection_id = install(db)
    path = export(db, inspection_id, tmp_path / "exported.xlsx")
    set_cell(path, "Schools inspected", {"URN": "990001"}, "Notes", "There")
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Notes", "There too")
    evidence.update_inspected_school(
        db, _row_id(db, inspection_id, "990002"), outcome_grade=SchoolGrade.OUTSTANDING
    )
    plan = plan_workbook_merge(db, path)
    assert plan.changed == ['Schools inspected, URN 990001, "Notes": (blank) → There']
    assert sorted(c.column for c in plan.conflicts) == ["Notes", "Outcome grade"]
    assert all(c.key == "URN 990002" for c in plan.conflicts)


def test_a_hand_out_comes_back_its_lost_rows_deleted_and_other_schools_left_alone(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = install(db)
    path = hand_out(db, inspection_id, tmp_path / "jsmith.xlsx", {"990001", "990002"}, "jsmith")
    delete_row(path, "Responses", {"URN": "990001", "Question No": 1})
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Notes", "Theirs")
    evidence.update_inspected_school(db, _row_id(db, inspection_id, "990002"), notes="Ours")
    plan = plan_workbook_merge(db, path)
    assert plan.deleted == ["Responses: URN 990001, question 1, Headteacher"]
    (conflict,) = plan.conflicts
    assert (conflict.there.value, conflict.there.by) == ("Theirs", "jsmith")  # the hand-out's
    done = apply_merge(db, plan, {conflict: "there"})
    assert done.summary() == "1 value changed, 1 response deleted"
    after = read_snapshot(db, inspection_id)
    assert len(after.inspected) == 3
    assert {(r.urn, r.question_number) for r in after.responses} == {
        ("990001", 2),
        ("990002", 1),
        ("990002", 2),
        ("990003", 1),
        ("990003", 2),
    }
    assert plan_workbook_merge(db, path).summary() == "nothing to merge"


def _reword_there(path: Path, text: str) -> str:
    """Reword the letter's first paragraph of its outline in the workbook; its block key."""
    book = load_workbook(path)
    sheet = book["Letter"]
    headers = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    for row in range(2, sheet.max_row + 1):
        key = str(sheet.cell(row, headers["Block key"]).value or "")
        if key.startswith("outline-of-inspection-activities/"):
            sheet.cell(row, 1).value = text
            book.save(path)
            return key
    raise AssertionError("no outline paragraph in the Letter sheet")


def test_the_letters_rewordings_merge_like_rows(db: Database, tmp_path: Path) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    key = _reword_there(path, "The authority knows its schools well.")
    plan = plan_workbook_merge(db, path)
    assert plan.added == [f"Letter: {key}"]
    apply_merge(db, plan, {})
    assert letter_edits(db, inspection_id)[key].text == "The authority knows its schools well."

    _reword_there(path, "The authority knows its schools very well.")
    edit = letter_edits(db, inspection_id)[key]
    reword(db, inspection_id, key, "The authority knows most schools.", edit.based_on)
    (conflict,) = plan_workbook_merge(db, path).conflicts
    assert (conflict.sheet, conflict.key, conflict.column) == ("Letter", key, "Text")
    assert conflict.there.value == "The authority knows its schools very well."
    apply_merge(db, plan_workbook_merge(db, path), {conflict: "there"})
    assert letter_edits(db, inspection_id)[key].text == "The authority knows its schools very well."


def test_choosing_there_for_a_linked_conflict_never_mixes_its_outcome_with_heres_category(
    db: Database, tmp_path: Path
) -> None:
    """There: Requires improvement; here: Inadequate, Serious weaknesses. Choosing there once
    stored Requires improvement with here's Serious weaknesses (refused); now both follow."""
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990001"}, "Outcome grade", "Requires improvement")
    evidence.update_inspected_school(
        db,
        _row_id(db, inspection_id, "990001"),
        outcome_grade=SchoolGrade.INADEQUATE,
        inadequate_category=InadequateCategory.SERIOUS_WEAKNESSES,
    )
    plan = plan_workbook_merge(db, path)
    (conflict,) = plan.conflicts
    assert (conflict.here.value, conflict.there.value) == (
        "Inadequate, Serious weaknesses",
        "Requires improvement",
    )
    assert plan.kept == []
    apply_merge(db, plan, {conflict: "there"})
    school = _school(read_snapshot(db, inspection_id), "990001")
    assert school.outcome_grade is SchoolGrade.REQUIRES_IMPROVEMENT  # type: ignore[attr-defined]
    assert school.inadequate_category is None  # type: ignore[attr-defined]


def test_new_responses_to_a_question_deleted_here_are_not_added_and_say_so(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    question = read_snapshot(db, inspection_id).questions[1]
    assert question.row_id is not None
    evidence.delete_key_question(db, question.row_id)
    add_row(
        path,
        "Responses",
        {"URN": "990001", "Question No": 2, "Respondent": "Governor", "Response": "Late"},
    )
    plan = plan_workbook_merge(db, path)
    assert plan.added == []
    assert "Responses, URN 990001, question 2, Governor: not added (question 2 is not here)" in (
        plan.kept
    )
    apply_merge(db, plan, {})
    assert [q.number for q in read_snapshot(db, inspection_id).questions] == [1]


def test_a_row_whose_key_changed_there_replaces_the_row_it_was(
    db: Database, tmp_path: Path
) -> None:
    inspection_id, path = _handed_out(db, tmp_path)
    where = {"URN": "990002", "Question No": 1}
    set_cell(path, "Responses", where, "Respondent", "Chair of governors")
    plan = plan_workbook_merge(db, path)
    assert plan.added == ["Responses: URN 990002, question 1, Chair of governors"]
    assert plan.deleted == ["Responses: URN 990002, question 1, Headteacher"]
    apply_merge(db, plan, {})
    answers = [
        (r.respondent.label, r.text)
        for r in read_snapshot(db, inspection_id).responses
        if (r.urn, r.question_number) == ("990002", 1)
    ]
    assert answers == [("Chair of governors", "Answer 990002/1")]
    assert plan_workbook_merge(db, path).summary() == "nothing to merge"


def test_an_lea_workbook_merges_its_judgements_and_recommendations(
    sqlite_db: Database, tmp_path: Path
) -> None:
    from coventry_inspect.exchange.writer import export_workbook
    from coventry_inspect.services.examples import install_examples
    from coventry_inspect.services.inspections import choose_inspection

    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2004-05").id
    path = tmp_path / "lea.xlsx"
    export_workbook(read_snapshot(sqlite_db, inspection_id), path)
    set_cell(path, "Judgements", {"No": "1.1"}, "Grade", 7)
    plan = plan_workbook_merge(sqlite_db, path)
    assert plan.changed == ['Judgements, judgement 1.1, "Grade": Good → Very poor']
    apply_merge(sqlite_db, plan, {})
    graded = {j.number: j.grade for j in read_snapshot(sqlite_db, inspection_id).judgements}
    assert graded["1.1"] is not None
    assert graded["1.1"].label == "Very poor"


def test_a_school_deleted_there_whose_responses_changed_here_is_a_conflict(
    db: Database, tmp_path: Path
) -> None:
    """The lead rewrote a response of a school the inspector deleted from the workbook: the
    school is not deleted unasked (its responses would silently leave the counts)."""
    inspection_id, path = _handed_out(db, tmp_path)
    response = next(r for r in read_snapshot(db, inspection_id).responses if r.urn == "990001")
    assert response.row_id is not None
    evidence.update_response(db, response.row_id, text="The lead's fuller answer")
    delete_row(path, "Schools inspected", {"URN": "990001"})
    for number in (1, 2):
        delete_row(path, "Responses", {"URN": "990001", "Question No": number})
    plan = plan_workbook_merge(db, path)
    assert plan.deleted == ["Responses: URN 990001, question 2, Headteacher"]
    assert [(c.sheet, c.key, c.here.value, c.there.value) for c in plan.conflicts] == [
        (
            "Responses",
            "URN 990001, question 1, Headteacher",
            "Response The lead's fuller answer",
            DELETED,
        ),
        ("Schools inspected", "URN 990001", "1 response added or changed here", DELETED),
    ]
    apply_merge(db, plan, {conflict: "here" for conflict in plan.conflicts})
    after = read_snapshot(db, inspection_id)
    assert "990001" in {r.urn for r in after.inspected}
    assert "The lead's fuller answer" in {r.text for r in after.responses}


@pytest.mark.parametrize("choice", ["here", "there"])
def test_the_choice_for_a_conflicting_outcome_decides_its_inadequate_category_too(
    db: Database, tmp_path: Path, choice: str
) -> None:
    """There: Inadequate, Special measures; here: Requires improvement. Keeping here's outcome
    must keep here's (blank) category too, never store Requires improvement, Special measures."""
    inspection_id, path = _handed_out(db, tmp_path)
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Outcome grade", "Inadequate")
    set_cell(
        path, "Schools inspected", {"URN": "990002"}, "Inadequate category", "Special measures"
    )
    row_id = _row_id(db, inspection_id, "990002")
    evidence.update_inspected_school(db, row_id, outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT)
    plan = plan_workbook_merge(db, path)
    assert plan.changed == []
    (conflict,) = plan.conflicts
    assert (conflict.column, conflict.here.value, conflict.there.value) == (
        "Outcome grade and Inadequate category",
        "Requires improvement",
        "Inadequate, Special measures",
    )
    apply_merge(db, plan, {conflict: choice})  # type: ignore[dict-item]
    school = _school(read_snapshot(db, inspection_id), "990002")
    expected = (
        (SchoolGrade.REQUIRES_IMPROVEMENT, None)
        if choice == "here"
        else (SchoolGrade.INADEQUATE, InadequateCategory.SPECIAL_MEASURES)
    )
    assert (school.outcome_grade, school.inadequate_category) == expected  # type: ignore[attr-defined]
    again = plan_workbook_merge(db, path)
    assert (again.conflicts, again.changed) == ([], [])
