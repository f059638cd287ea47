"""A workbook filled in and saved by LibreOffice merges back by its hidden Id and Version."""

from __future__ import annotations

from pathlib import Path

from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.services.merge import apply_merge
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database
from tests.exchange.test_libreoffice import soffice
from tests.services.merge_helpers import add_row, delete_row, hand_out, install, set_cell


def test_a_workbook_resaved_by_libreoffice_merges_by_its_ids(
    sqlite_db: Database, tmp_path: Path
) -> None:
    inspection_id = install(sqlite_db)
    path = hand_out(
        sqlite_db, inspection_id, tmp_path / "jsmith.xlsx", {"990002", "990003"}, "jsmith"
    )
    set_cell(path, "Schools inspected", {"URN": "990002"}, "Outcome grade", "Outstanding")
    delete_row(path, "Responses", {"URN": "990003", "Question No": 2})
    add_row(
        path,
        "Responses",
        {"URN": "990003", "Question No": 2, "Respondent": "Governor", "Response": "Added"},
    )
    resaved = tmp_path / "resaved"
    result = soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(path)
    )
    assert result.returncode == 0, result.stderr
    back = resaved / path.name
    returned = read_workbook(back)
    here = {r.urn: r.row_id for r in read_snapshot(sqlite_db, inspection_id).inspected}
    assert {r.urn: r.row_id for r in returned.inspected} == {
        urn: here[urn] for urn in ("990002", "990003")
    }
    assert returned.handout_id is not None

    plan = plan_workbook_merge(sqlite_db, back)
    assert plan.conflicts == []
    assert plan.changed == ['Schools inspected, URN 990002, "Outcome grade": Good → Outstanding']
    assert plan.added == ["Responses: URN 990003, question 2, Governor"]
    assert plan.deleted == ["Responses: URN 990003, question 2, Headteacher"]
    apply_merge(sqlite_db, plan, {})
    after = read_snapshot(sqlite_db, inspection_id)
    answers = {(r.urn, r.question_number, r.respondent.label) for r in after.responses}
    assert ("990003", 2, "Governor") in answers
    assert ("990003", 2, "Headteacher") not in answers
    assert {("990001", 1, "Headteacher"), ("990001", 2, "Headteacher")} <= answers  # not out
    again = plan_workbook_merge(sqlite_db, back)
    assert again.summary() == "nothing to merge"
