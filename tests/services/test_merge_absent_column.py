"""An optional column deleted from a returned workbook says nothing about its values: merging
it neither unassigns the schools nor asks about them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from coventry_inspect.exchange.writer import export_for_inspector
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.merge import apply_merge, plan_workbook_merge
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database
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
