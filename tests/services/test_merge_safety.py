"""Merges that must not change what nobody chose to change: an optional column deleted from a
returned workbook, and a workbook from another database whose ids and versions are its own."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

from openpyxl import load_workbook

from coventry_inspect.exchange.writer import export_for_inspector, export_workbook
from coventry_inspect.services import evidence
from coventry_inspect.services.databases import save_copy
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.merge import (
    apply_merge,
    plan_database_merge,
    plan_workbook_merge,
)
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database, open_database
from tests.services.merge_helpers import set_cell


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
