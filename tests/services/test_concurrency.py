"""Two inspectors on one database: an edit made from what one saw is refused if the other has
changed that value since, with who, when and what it is now; nothing is overwritten."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from coventry_inspect.domain.vocabulary import InadequateCategory, SchoolGrade
from coventry_inspect.services import crud, evidence, inspections
from coventry_inspect.services.errors import ChangedElsewhereError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import HistoryEntry, InspectedSchool
from tests.postgres_server import PostgresServer

Pair = tuple[Database, Database]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def inspectors(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    """The lead and jsmith, each with a Database of their own on the same file or server."""
    if request.param == "sqlite":
        target = str(tmp_path / "team.sqlite")
        yield from _pair(target)
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        with server.fresh_database() as url:
            yield from _pair(url)


def _pair(target: str) -> Iterator[Pair]:
    lead = open_database(target, user="lead")
    install_examples(lead)
    jsmith = open_database(target, user="jsmith")
    yield lead, jsmith
    jsmith.close()
    lead.close()


def _school(db: Database, urn: str = "", number: int = 0) -> InspectedSchool:
    inspection = inspections.find_by_reference(db, "COV-2013-03")
    assert inspection is not None
    rows = evidence.list_inspected_schools(db, inspection.id)
    return next(r for r in rows if r.school.urn == urn) if urn else rows[number]


def _clock(db: Database, row_id: uuid.UUID, field: str) -> str:
    """The local time the window shows for the last change of the field, as HH:MM."""
    with db.session() as session:
        at = session.scalars(
            select(HistoryEntry.at)
            .where(HistoryEntry.entity_id == row_id, HistoryEntry.field == field)
            .order_by(HistoryEntry.id.desc())
        ).first()
    assert at is not None
    return f"{at.replace(tzinfo=UTC).astimezone():%H:%M}"


def test_an_edit_of_a_value_changed_since_it_was_read_is_refused(inspectors: Pair) -> None:
    lead, jsmith = inspectors
    seen = _school(lead)  # what the lead's window shows
    assert seen.outcome_grade is not SchoolGrade.INADEQUATE
    evidence.update_inspected_school(
        jsmith,
        seen.id,
        outcome_grade=SchoolGrade.INADEQUATE,
        inadequate_category=InadequateCategory.SPECIAL_MEASURES,
    )
    with pytest.raises(ChangedElsewhereError) as refused:
        crud.update(
            lead,
            InspectedSchool,
            seen.id,
            {"outcome_grade": SchoolGrade.GOOD},
            expected={"outcome_grade": seen.outcome_grade},
        )
    at = _clock(lead, seen.id, "outcome_grade")
    assert str(refused.value) == f"changed by jsmith at {at} — now Inadequate"
    now = _school(lead, seen.school.urn)
    assert now.outcome_grade is SchoolGrade.INADEQUATE  # nothing was overwritten
    assert now.updated_by == "jsmith"


def test_the_undo_stack_s_expectation_reaches_every_service(inspectors: Pair) -> None:
    lead, jsmith = inspectors
    seen = _school(lead)
    evidence.update_inspected_school(jsmith, seen.id, notes="Visited on Tuesday")
    with (
        pytest.raises(ChangedElsewhereError, match="— now “Visited on Tuesday”"),
        crud.expecting({"notes": seen.notes}),
    ):
        evidence.update_inspected_school(lead, seen.id, notes="Visited on Monday")
    inspection = inspections.find_by_reference(lead, "COV-2013-03")
    assert inspection is not None
    inspections.update_inspection(jsmith, inspection.id, authority_name="Warwickshire")
    with (
        pytest.raises(ChangedElsewhereError, match="now “Warwickshire”"),
        crud.expecting({"authority_name": "Coventry"}),
    ):
        inspections.update_inspection(lead, inspection.id, authority_name="Solihull")
    assert inspections.get_inspection(lead, inspection.id).local_authority.name == "Warwickshire"


def test_another_field_of_the_same_row_changed_meanwhile_is_no_conflict(inspectors: Pair) -> None:
    lead, jsmith = inspectors
    seen = _school(lead)
    evidence.update_inspected_school(jsmith, seen.id, notes="jsmith's note")
    crud.update(
        lead,
        InspectedSchool,
        seen.id,
        {"outcome_grade": SchoolGrade.OUTSTANDING},
        expected={"outcome_grade": seen.outcome_grade},
    )
    now = _school(lead, seen.school.urn)
    assert (now.notes, now.outcome_grade) == ("jsmith's note", SchoolGrade.OUTSTANDING)


def test_deleting_a_row_changed_or_deleted_since_it_was_read_is_refused(inspectors: Pair) -> None:
    lead, jsmith = inspectors
    seen = _school(lead)
    seen_values = crud.seen_values(crud.row_values(seen))
    evidence.update_inspected_school(jsmith, seen.id, notes="Still needed")
    with pytest.raises(ChangedElsewhereError) as refused:
        crud.delete(lead, InspectedSchool, seen.id, seen_values)
    at = _clock(lead, seen.id, "notes")
    assert str(refused.value) == (
        f"Notes changed by jsmith at {at} — now “Still needed”; nothing was deleted"
    )
    assert _school(lead, seen.school.urn).notes == "Still needed"

    other = _school(lead, number=1)
    evidence.delete_inspected_school(jsmith, other.id)
    with pytest.raises(ChangedElsewhereError, match=r"^already deleted by jsmith at \d\d:\d\d$"):
        crud.delete(lead, InspectedSchool, other.id, crud.seen_values(crud.row_values(other)))
    with pytest.raises(ChangedElsewhereError, match=r"^deleted by jsmith at \d\d:\d\d; nothing"):
        crud.update(lead, InspectedSchool, other.id, {"notes": "x"}, expected={"notes": ""})


def test_a_change_another_day_names_the_day() -> None:
    from coventry_inspect.services.concurrency import clock

    at = datetime(2013, 3, 12, 15, 40)
    assert clock(at, now=datetime(2013, 3, 12, 16, 0, tzinfo=UTC)).startswith("at ")
    assert clock(at, now=datetime(2013, 3, 20, 9, 0, tzinfo=UTC)).startswith("on 12 Mar at ")


@pytest.mark.postgresql
@pytest.mark.parametrize("field", ["outcome_grade", "notes"])
def test_a_change_committed_between_reading_and_writing_is_caught_by_the_version(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    """jsmith commits after the lead's transaction has compared the value and before it writes:
    PostgreSQL lets both transactions run, and the row's version catches it. The same field is
    refused; another field is no conflict, and the lead's edit is written over jsmith's row."""
    with server_pair(postgres_server) as (lead, jsmith):
        seen = _school(lead, "990005")  # Requires improvement
        theirs = (
            {"outcome_grade": SchoolGrade.GOOD}
            if field == "outcome_grade"
            else {"notes": "jsmith's note"}
        )
        validate = crud.validate
        raced: list[bool] = []

        def racing(obj: object) -> None:
            if not raced:
                raced.append(True)
                evidence.update_inspected_school(jsmith, seen.id, **theirs)
            validate(obj)  # type: ignore[arg-type]

        monkeypatch.setattr(crud, "validate", racing)
        write = {"outcome_grade": SchoolGrade.OUTSTANDING}
        expected = {"outcome_grade": seen.outcome_grade}
        if field == "outcome_grade":
            with pytest.raises(ChangedElsewhereError, match=r"by jsmith at \d\d:\d\d — now Good$"):
                crud.update(lead, InspectedSchool, seen.id, write, expected=expected)
            assert _school(lead, seen.school.urn).outcome_grade is SchoolGrade.GOOD
        else:
            crud.update(lead, InspectedSchool, seen.id, write, expected=expected)
            now = _school(lead, seen.school.urn)
            assert (now.outcome_grade, now.notes) == (SchoolGrade.OUTSTANDING, "jsmith's note")
        assert raced == [True]


@contextmanager
def server_pair(server: PostgresServer) -> Iterator[Pair]:
    with server.fresh_database() as url:
        yield from _pair(url)
