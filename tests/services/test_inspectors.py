"""Who each school is assigned to: stored trimmed, offered most used first."""

from __future__ import annotations

import pytest

from coventry_inspect.domain.vocabulary import Phase, PreviousGrade
from coventry_inspect.services import evidence
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.store.database import Database


def test_names_used_most_first_in_the_database_or_one_inspection(sqlite_db: Database) -> None:
    install_examples(sqlite_db)
    focused = choose_inspection(sqlite_db, "COV-2013-03").id
    # Ann Example has 6 schools, Ben Sample 5 + 5, Cal Example 6.
    assert evidence.inspector_names(sqlite_db) == ["Ben Sample", "Ann Example", "Cal Example"]
    lea = choose_inspection(sqlite_db, "COV-2004-05").id
    assert evidence.inspector_names(sqlite_db, lea) == []
    assert evidence.inspector_names(sqlite_db, focused) == evidence.inspector_names(sqlite_db)


def test_create_and_update_take_an_inspector_stored_trimmed(sqlite_db: Database) -> None:
    install_examples(sqlite_db)
    inspection = choose_inspection(sqlite_db, "COV-2013-03").id
    added = evidence.add_inspected_school(
        sqlite_db,
        inspection,
        "990099",
        "New School",
        Phase.PRIMARY,
        PreviousGrade.GOOD,
        inspector="  Dee Newcomer ",
    )
    assert added.inspector == "Dee Newcomer"
    surveyed = evidence.add_surveyed_school(
        sqlite_db, inspection, "990098", "Other School", Phase.PRIMARY, PreviousGrade.GOOD
    )
    assert surveyed.inspector == ""
    changed = evidence.update_surveyed_school(sqlite_db, surveyed.id, inspector=" Dee Newcomer")
    assert changed.inspector == "Dee Newcomer"
    assert evidence.inspector_names(sqlite_db)[-1] == "Dee Newcomer"
    with pytest.raises(ValidationError, match="Inspector: 101 characters is too long"):
        evidence.update_inspected_school(sqlite_db, added.id, inspector="x" * 101)
    assert evidence.update_inspected_school(sqlite_db, added.id, inspector="").inspector == ""
