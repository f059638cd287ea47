"""Versions count a row's changes, and a merge base remembers what each row was."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from coventry_inspect.domain.vocabulary import SchoolGrade
from coventry_inspect.services import crud, evidence, merge_base
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import read_snapshot
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import InspectedSchool


def test_each_edit_adds_one_to_the_version_and_the_history_records_it(
    sqlite_db: Database,
) -> None:
    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, "COV-2013-03")
    row = read_snapshot(sqlite_db, inspection.id).inspected[0]
    assert row.version == 1
    assert row.row_id is not None
    evidence.update_inspected_school(sqlite_db, row.row_id, notes="Visited on Tuesday")
    evidence.update_inspected_school(sqlite_db, row.row_id, outcome_grade=SchoolGrade.GOOD)
    again = next(r for r in read_snapshot(sqlite_db, inspection.id).inspected if r.urn == row.urn)
    assert again.version == 3


@pytest.mark.postgresql
def test_an_update_from_a_stale_read_is_refused(postgres_db: Database) -> None:
    """Two inspectors on a team server: the second write from the same version is refused.
    (On SQLite a writing session holds the file's write lock, so the race cannot happen.)"""
    install_examples(postgres_db)
    inspection = choose_inspection(postgres_db, "COV-2013-03")
    row_id = read_snapshot(postgres_db, inspection.id).inspected[0].row_id
    with postgres_db.session() as first, postgres_db.session() as second:
        mine, theirs = first.get(InspectedSchool, row_id), second.get(InspectedSchool, row_id)
        assert mine is not None
        assert theirs is not None
        theirs.notes = "theirs"
        second.commit()
        mine.notes = "mine"
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()
    assert read_snapshot(postgres_db, inspection.id).inspected[0].notes == "theirs"


def test_a_merge_base_keeps_the_values_a_row_had_and_replaces_them_when_recorded_again(
    sqlite_db: Database,
) -> None:
    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, "COV-2013-03")
    rows = read_snapshot(sqlite_db, inspection.id).inspected
    with sqlite_db.session() as session:
        assert merge_base.record(session, "hand-out 1", inspection.id, rows) == len(rows)
    assert rows[0].row_id is not None
    evidence.update_inspected_school(sqlite_db, rows[0].row_id, notes="Changed after")
    with sqlite_db.session() as session:
        bases = merge_base.read(session, "hand-out 1")
        assert bases[rows[0].row_id].version == 1
        assert bases[rows[0].row_id].values["notes"] == rows[0].notes
        assert bases[rows[0].row_id].values["outcome_grade"] == (
            rows[0].outcome_grade.label if rows[0].outcome_grade else ""
        )
    now = read_snapshot(sqlite_db, inspection.id).inspected
    with sqlite_db.session() as session:
        merge_base.record(session, "hand-out 1", inspection.id, now)
    with sqlite_db.session() as session:
        again = merge_base.read(session, "hand-out 1")[rows[0].row_id]
    assert (again.version, again.values["notes"]) == (2, "Changed after")
    assert "row_id" not in again.values
    assert "version" not in again.values


def test_a_row_put_back_by_undo_goes_on_from_its_version(sqlite_db: Database) -> None:
    """Deleted at version 3 and put back: version 4, not 1 (a workbook exported at version 3
    must not read the row as unchanged after two more edits)."""
    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, "COV-2013-03")
    row_id = read_snapshot(sqlite_db, inspection.id).inspected[0].row_id
    assert row_id is not None
    evidence.update_inspected_school(sqlite_db, row_id, notes="one")
    evidence.update_inspected_school(sqlite_db, row_id, notes="two")
    values = crud.row_values(crud.get(sqlite_db, InspectedSchool, row_id))
    assert values["version"] == 3
    crud.delete(sqlite_db, InspectedSchool, row_id)
    crud.restore(sqlite_db, InspectedSchool, [values])
    again = next(r for r in read_snapshot(sqlite_db, inspection.id).inspected if r.row_id == row_id)
    assert (again.version, again.notes) == (4, "two")
