"""Merges that must not change what nobody chose to change: an optional column deleted from a
returned workbook, and a workbook from another database whose ids and versions are its own."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from coventry_inspect.domain.vocabulary import Respondent, ResponseJudgement
from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.exchange.writer import export_for_inspector, export_workbook
from coventry_inspect.services import evidence
from coventry_inspect.services.databases import save_copy
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.merge import apply_merge, plan_database_merge
from coventry_inspect.services.snapshot import ResponseRow, read_snapshot, replace_inspection
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import Response
from tests.services.merge_helpers import add_row, delete_row, export, set_cell, small_inspection


def test_a_workbook_without_its_inspector_column_keeps_every_assignment(
    sqlite_db: Database, tmp_path: Path
) -> None:
    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2013-03").id
    before = read_snapshot(sqlite_db, inspection_id).inspected
    assigned = {r.urn: r.inspector for r in before}
    assert any(assigned.values())
    path = tmp_path / "ann.xlsx"
    export_for_inspector(sqlite_db, inspection_id, Choice(inspector="Ann Example"), path)
    urn = next(urn for urn, name in assigned.items() if name == "Ann Example")
    set_cell(path, "Schools inspected", {"URN": urn}, "Notes", "Seen on Wednesday")
    workbook = load_workbook(path)
    for name in ("Schools inspected", "Telephone survey"):
        sheet = workbook[name]
        headers = [cell.value for cell in sheet[1]]
        sheet.delete_cols(headers.index("Inspector") + 1)
    workbook.save(path)

    plan = plan_workbook_merge(sqlite_db, path)
    assert plan.conflicts == []
    notes = next(r.notes for r in before if r.urn == urn)
    assert plan.changed == [f'Schools inspected, URN {urn}, "Notes": {notes} → Seen on Wednesday']
    apply_merge(sqlite_db, plan, {})
    after = read_snapshot(sqlite_db, inspection_id).inspected
    assert {r.urn: r.inspector for r in after} == assigned
    assert next(r for r in after if r.urn == urn).notes == "Seen on Wednesday"


def test_a_workbook_from_another_database_never_passes_its_versions_off_as_these(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """Its rows match by URN, not id: its Version 2 is its own second edit, not this row's, so
    where the lead's value and its value differ (with no hand-out to tell who changed what) the
    lead is asked, never overwritten."""
    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2013-03").id
    path = tmp_path / "other.xlsx"
    export_workbook(read_snapshot(sqlite_db, inspection_id), path)
    first = read_snapshot(sqlite_db, inspection_id).inspected[0]
    assert first.row_id is not None
    evidence.update_inspected_school(sqlite_db, first.row_id, notes="The lead's note")
    workbook = load_workbook(path)
    sheet = workbook["Schools inspected"]
    headers = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):  # another database's ids, and its own versions
        sheet.cell(row, headers.index("Id") + 1, str(uuid.uuid4()))
        sheet.cell(row, headers.index("Version") + 1, 2)
    set_row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == first.urn)
    sheet.cell(set_row, headers.index("Notes") + 1, "The other database's note")
    workbook.save(path)

    plan = plan_workbook_merge(sqlite_db, path)
    assert [(c.key, c.column, c.here.value, c.there.value) for c in plan.conflicts] == [
        (f"URN {first.urn}", "Notes", "The lead's note", "The other database's note")
    ]
    assert plan.changed == []


def test_a_second_copy_of_the_leads_file_never_undoes_what_the_first_brought(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """Two inspectors each given a copy of the lead's file copied by hand (onto USB sticks):
    both copies carry the lead's database id (File › Save a copy as… gives a copy its own).
    What the first copy brought must not become the base the second is compared with, or the
    second's old value would pass for its change and undo the first's."""
    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2013-03").id
    ann, ben = tmp_path / "ann.sqlite", tmp_path / "ben.sqlite"
    save_copy(sqlite_db, ann)
    with sqlite3.connect(ann) as copy:  # as the lead's own file
        copy.execute("UPDATE database_identity SET id = ?", (sqlite_db.database_id(),))
    shutil.copyfile(ann, ben)
    first = read_snapshot(sqlite_db, inspection_id).inspected[0]
    assert first.row_id is not None
    anns = open_database(str(ann), user="ann")
    try:
        evidence.update_inspected_school(anns, first.row_id, notes="Ann's note")
    finally:
        anns.close()
    from_ann = plan_database_merge(sqlite_db, str(ann), inspection="COV-2013-03")
    apply_merge(sqlite_db, from_ann, {conflict: "there" for conflict in from_ann.conflicts})
    assert read_snapshot(sqlite_db, inspection_id).inspected[0].notes == "Ann's note"

    plan = plan_database_merge(
        sqlite_db, str(ben), inspection="COV-2013-03"
    )  # Ben never touched that school
    assert "Ann's note" not in " ".join(plan.changed)
    apply_merge(sqlite_db, plan, {conflict: "here" for conflict in plan.conflicts})
    assert read_snapshot(sqlite_db, inspection_id).inspected[0].notes == "Ann's note"


def test_a_copy_made_before_a_workbook_merge_never_undoes_what_the_workbook_brought(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The lead's file copied (same database id) after Ann's hand-out left; Ann's workbook is
    merged; the copy, which knew the hand-out only as it left, must not pass the values it
    still holds off as its changes, nor delete the school and response Ann added."""
    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2013-03").id
    ann = tmp_path / "ann.xlsx"
    export_for_inspector(sqlite_db, inspection_id, Choice(inspector="Ann Example"), ann)
    ben = tmp_path / "ben.sqlite"
    save_copy(sqlite_db, ben)
    with sqlite3.connect(ben) as copy:  # a plain copy of the lead's file
        copy.execute("UPDATE database_identity SET id = ?", (sqlite_db.database_id(),))
    before = read_snapshot(sqlite_db, inspection_id)
    anns = [r for r in before.inspected if r.inspector == "Ann Example"]
    noted, gone = anns[0], anns[1]
    set_cell(ann, "Schools inspected", {"URN": noted.urn}, "Notes", "Ann's note")
    delete_row(ann, "Schools inspected", {"URN": gone.urn})
    add_row(
        ann,
        "Schools inspected",
        {
            "URN": "990050",
            "School": "Ann's New School",
            "Phase": "Infant",
            "Previous grade": "Good",
        },
    )
    add_row(
        ann,
        "Responses",
        {"URN": "990050", "Question No": 1, "Respondent": "Headteacher", "Response": "Ann's"},
    )
    from_ann = plan_workbook_merge(sqlite_db, ann)
    assert from_ann.conflicts == []
    apply_merge(sqlite_db, from_ann, {})
    merged = read_snapshot(sqlite_db, inspection_id)
    other = next(r for r in before.inspected if r.inspector != "Ann Example")
    assert other.row_id is not None
    bens = open_database(str(ben), user="ben")
    try:
        evidence.update_inspected_school(bens, other.row_id, notes="Ben's note")
    finally:
        bens.close()

    plan = plan_database_merge(sqlite_db, str(ben), inspection="COV-2013-03")
    text = " ".join([*plan.changed, *plan.deleted, *(c.line() for c in plan.conflicts)])
    assert "Ann's" not in text
    assert "990050" not in text
    assert plan.deleted == []
    apply_merge(sqlite_db, plan, {conflict: "there" for conflict in plan.conflicts})
    after = read_snapshot(sqlite_db, inspection_id)
    assert next(r for r in after.inspected if r.urn == noted.urn).notes == "Ann's note"
    assert gone.urn not in {r.urn for r in after.inspected}
    assert "990050" in {r.urn for r in after.inspected}
    assert [r.text for r in after.responses if r.urn == "990050"] == ["Ann's"]
    assert next(r for r in after.inspected if r.urn == other.urn).notes == "Ben's note"
    assert len(after.responses) == len(merged.responses)


def test_two_identical_responses_changed_alike_both_take_the_choice(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """Two rows that read the same give one conflict line: choosing "there" settles both, so
    neither keeps a value nobody chose (and is then reported "kept as here" for ever after)."""
    snapshot = small_inspection()
    twin = ResponseRow("990001", 1, Respondent.HEADTEACHER, "Answer 990001/1")
    snapshot.responses.append(twin)
    inspection_id = replace_inspection(sqlite_db, snapshot)
    path = export(sqlite_db, inspection_id, tmp_path / "twins.xlsx")
    with sqlite_db.session() as session:
        for response in session.scalars(select(Response).where(Response.text == twin.text)):
            response.judgement = ResponseJudgement.NEGATIVE
    workbook = load_workbook(path)
    sheet = workbook["Responses"]
    headers = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, headers.index("Response") + 1).value == twin.text:
            sheet.cell(row, headers.index("Judgement") + 1, "Positive")
    workbook.save(path)

    plan = plan_workbook_merge(sqlite_db, path)
    assert len(plan.conflicts) == 1
    apply_merge(sqlite_db, plan, {plan.conflicts[0]: "there"})
    judged = [
        r.judgement
        for r in read_snapshot(sqlite_db, inspection_id).responses
        if r.text == twin.text
    ]
    assert judged == [ResponseJudgement.POSITIVE, ResponseJudgement.POSITIVE]
    assert not plan_workbook_merge(sqlite_db, path).changes_anything


def test_a_copy_that_merged_a_hand_out_brings_what_the_hand_out_brought(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The deputy's copy (made after the hand-out) merged Ann's workbook; merging the copy into
    the lead's file takes Ann's change and her new school. The copy's own record of the hand-out
    moved on when it merged it; the lead's did not: the earlier one is what both came from."""
    install_examples(sqlite_db)
    inspection_id = choose_inspection(sqlite_db, "COV-2013-03").id
    workbook = tmp_path / "ann.xlsx"
    export_for_inspector(sqlite_db, inspection_id, Choice(inspector="Ann Example"), workbook)
    deputy_file = tmp_path / "deputy.sqlite"
    save_copy(sqlite_db, deputy_file)
    set_cell(workbook, "Schools inspected", {"URN": "990003"}, "Outcome grade", "Outstanding")
    add_row(
        workbook,
        "Schools inspected",
        {"URN": "990094", "School": "Oak Tree Primary", "Phase": "Primary",
         "Previous grade": "Good", "Outcome grade": "Good"},
    )  # fmt: skip
    deputy = open_database(str(deputy_file), user="deputy")
    try:
        into_copy = plan_workbook_merge(deputy, workbook)
        assert into_copy.conflicts == []
        apply_merge(deputy, into_copy, {})
    finally:
        deputy.close()

    plan = plan_database_merge(sqlite_db, str(deputy_file), inspection="COV-2013-03")
    assert plan.conflicts == []
    assert "Schools inspected: URN 990094" in plan.added
    assert any(line.startswith("Schools inspected, URN 990003") for line in plan.changed)
    apply_merge(sqlite_db, plan, {})
    after = {r.urn: r for r in read_snapshot(sqlite_db, inspection_id).inspected}
    assert "990094" in after
    assert after["990003"].outcome_grade is not None
    assert after["990003"].outcome_grade.label == "Outstanding"
