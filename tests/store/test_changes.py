"""Change notices on a team database: sent on commit, with the inspection and the sender; none
for a transaction that is rolled back."""

from __future__ import annotations

import pytest

from coventry_inspect.services import evidence, inspections
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.changes import Change, ChangeListener
from coventry_inspect.store.database import Database

pytestmark = pytest.mark.postgresql


def test_every_commit_announces_the_inspection_it_changed(postgres_db: Database) -> None:
    install_examples(postgres_db)
    found = inspections.find_by_reference(postgres_db, "COV-2013-03")
    assert found is not None
    rows = evidence.list_inspected_schools(postgres_db, found.id)
    listener = ChangeListener(postgres_db.engine.url)
    try:
        assert listener.wait(0) == []  # listening from now on
        evidence.update_inspected_school(postgres_db, rows[0].id, notes="Seen")
        evidence.delete_inspected_school(postgres_db, rows[1].id)  # no flush of its own
        with pytest.raises(ValidationError):
            evidence.update_inspected_school(
                postgres_db,
                rows[2].id,
                outcome_grade=None,
                inadequate_category=rows[9].inadequate_category,
            )
        notices = listener.wait(1) + listener.wait(1) + listener.wait(0.2)
    finally:
        listener.close()
    assert notices == [Change(postgres_db.sender, found.id)] * 2
