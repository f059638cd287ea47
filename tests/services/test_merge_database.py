"""An inspector's SQLite file merged into the lead's database, SQLite or a PostgreSQL server."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from coventry_inspect.domain.vocabulary import Phase, PreviousGrade, SchoolGrade
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.services import evidence
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.merge import apply_merge, plan_database_merge
from coventry_inspect.services.snapshot import read_snapshot, replace_inspection
from coventry_inspect.store.database import Database, open_database
from tests.services.merge_helpers import REFERENCE, export, install


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """The inspector's own file: their copy of the inspection, opened from the hand-out."""
    return tmp_path / "jsmith.sqlite"


def _copy_to_laptop(db: Database, tmp_path: Path, laptop: Path) -> None:
    inspection_id = install(db)
    workbook = export(db, inspection_id, tmp_path / "hand-out.xlsx")
    theirs = open_database(str(laptop), user="jsmith")
    try:
        replace_inspection(theirs, read_workbook(workbook))
    finally:
        theirs.close()


def _edit_on_laptop(laptop: Path, urn: str, **changes: object) -> None:
    theirs = open_database(str(laptop), user="jsmith")
    try:
        snapshot = read_snapshot(theirs, _only(theirs))
        row = next(r for r in snapshot.inspected if r.urn == urn)
        assert row.row_id is not None
        evidence.update_inspected_school(theirs, row.row_id, **changes)
    finally:
        theirs.close()


def _only(db: Database) -> uuid.UUID:
    from coventry_inspect.services.inspections import choose_inspection

    return choose_inspection(db, REFERENCE).id


def test_an_inspectors_file_merges_in_and_again_compares_with_what_it_brought(
    db: Database, tmp_path: Path, laptop: Path
) -> None:
    _copy_to_laptop(db, tmp_path, laptop)
    first = plan_database_merge(db, str(laptop))
    assert (first.source, first.summary()) == ("jsmith.sqlite", "nothing to merge")
    apply_merge(db, first, {})
    _edit_on_laptop(laptop, "990001", outcome_grade=SchoolGrade.OUTSTANDING, notes="Strong")
    theirs = open_database(str(laptop), user="jsmith")
    try:
        evidence.add_inspected_school(
            theirs, _only(theirs), "990005", "Added There", Phase.PRIMARY, PreviousGrade.GOOD
        )
    finally:
        theirs.close()
    here = read_snapshot(db, _only(db))
    row = next(r for r in here.inspected if r.urn == "990002")
    assert row.row_id is not None
    evidence.update_inspected_school(db, row.row_id, notes="Lead's note")
    plan = plan_database_merge(db, str(laptop))
    assert plan.conflicts == []
    assert sorted(plan.changed) == [
        'Schools inspected, URN 990001, "Notes": (blank) → Strong',
        'Schools inspected, URN 990001, "Outcome grade": Good → Outstanding',
    ]
    assert plan.added == ["Schools inspected: URN 990005"]
    assert plan.kept == [
        'Schools inspected, URN 990002, "Notes": kept Lead\'s note (there (blank))'
    ]
    apply_merge(db, plan, {})
    after = read_snapshot(db, _only(db))
    assert {r.urn: r.notes for r in after.inspected} == {
        "990001": "Strong",
        "990002": "Lead's note",
        "990003": "",
        "990005": "",
    }
    again = plan_database_merge(db, str(laptop))
    assert not again.changes_anything
    assert again.summary() == "1 kept as here"  # the lead's note: still not in the file


def test_without_an_earlier_merge_a_different_value_in_a_file_is_a_conflict(
    db: Database, tmp_path: Path, laptop: Path
) -> None:
    """A database's versions count its own edits: they cannot say which side changed."""
    _copy_to_laptop(db, tmp_path, laptop)
    _edit_on_laptop(laptop, "990003", outcome_grade=SchoolGrade.OUTSTANDING)
    plan = plan_database_merge(db, str(laptop))
    (conflict,) = plan.conflicts
    assert (conflict.here.value, conflict.there.value, conflict.there.by) == (
        "Good",
        "Outstanding",
        "jsmith",
    )
    apply_merge(db, plan, {conflict: "there"})
    after = read_snapshot(db, _only(db))
    assert next(r for r in after.inspected if r.urn == "990003").outcome_grade is (
        SchoolGrade.OUTSTANDING
    )


def test_a_file_is_not_merged_into_itself_and_a_missing_one_is_named(
    sqlite_db: Database, tmp_path: Path
) -> None:
    install(sqlite_db)
    with pytest.raises(ServiceError, match="is the database being merged into"):
        plan_database_merge(sqlite_db, sqlite_db.target)
    with pytest.raises(ServiceError, match="no such database file"):
        plan_database_merge(sqlite_db, str(tmp_path / "nowhere.sqlite"))


def test_a_file_holding_several_inspections_needs_one_named(
    sqlite_db: Database, tmp_path: Path, laptop: Path
) -> None:
    _copy_to_laptop(sqlite_db, tmp_path, laptop)
    theirs = open_database(str(laptop), user="jsmith")
    try:
        install_examples(theirs)
    finally:
        theirs.close()
    with pytest.raises(ServiceError, match=r"holds several inspections \(COV-2004-05, "):
        plan_database_merge(sqlite_db, str(laptop))
    plan = plan_database_merge(sqlite_db, str(laptop), inspection=REFERENCE)
    assert plan.summary() == "nothing to merge"
    with pytest.raises(ServiceError, match="has no inspection COV-1999-01"):
        plan_database_merge(sqlite_db, str(laptop), inspection="COV-1999-01")
