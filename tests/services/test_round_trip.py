"""Every entity created, read, updated and deleted through the services, on SQLite and on
PostgreSQL, with each change in the history."""

from __future__ import annotations

from datetime import date

import pytest

from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    InspectionKind,
    LeaGrade,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.services import evidence, findings, history, inspections, judgements, schools
from coventry_inspect.services.errors import NotFoundError, ServiceError, ValidationError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection


def new_inspection(db: Database, kind: InspectionKind = InspectionKind.FOCUSED) -> Inspection:
    return inspections.create_inspection(
        db,
        "COV-2013-03",
        kind,
        "Coventry",
        "331",
        start_date=date(2013, 3, 11),
        end_date=date(2013, 3, 15),
        sender_name="Louise Soden",
    )


def test_inspection_round_trip(db: Database) -> None:
    created = new_inspection(db)
    found = inspections.find_by_reference(db, "COV-2013-03")
    assert found is not None
    assert (found.id, found.kind, found.local_authority.name, found.local_authority.la_number) == (
        created.id,
        InspectionKind.FOCUSED,
        "Coventry",
        "331",
    )
    assert found.updated_by == "tester"
    updated = inspections.update_inspection(
        db,
        created.id,
        letter_date=date(2013, 4, 10),
        summary="In summary…",
        authority_name="Warwickshire",
    )
    assert (updated.letter_date, updated.summary, updated.local_authority.name) == (
        date(2013, 4, 10),
        "In summary…",
        "Warwickshire",
    )
    assert [i.reference for i in inspections.list_inspections(db)] == ["COV-2013-03"]
    inspections.delete_inspection(db, created.id)
    assert inspections.list_inspections(db) == []
    with pytest.raises(NotFoundError):
        inspections.get_inspection(db, created.id)


def test_duplicate_reference_and_bad_dates_are_refused(db: Database) -> None:
    created = new_inspection(db)
    with pytest.raises(ServiceError, match="already exists"):
        new_inspection(db)
    with pytest.raises(ValidationError, match="End date"):
        inspections.update_inspection(db, created.id, end_date=date(2013, 3, 1))
    assert inspections.get_inspection(db, created.id).end_date == date(2013, 3, 15)


def test_choose_inspection(db: Database) -> None:
    with pytest.raises(NotFoundError, match="holds no inspection"):
        inspections.choose_inspection(db, None)
    created = new_inspection(db)
    assert inspections.choose_inspection(db, None).id == created.id
    inspections.create_inspection(db, "COV-2004-05", InspectionKind.LEA, "Coventry")
    with pytest.raises(ServiceError, match=r"several inspections.*COV-2004-05"):
        inspections.choose_inspection(db, None)
    assert inspections.choose_inspection(db, "COV-2004-05").kind is InspectionKind.LEA
    with pytest.raises(NotFoundError, match="no inspection with reference X"):
        inspections.choose_inspection(db, "X")


def test_school_register_round_trip(db: Database) -> None:
    school = schools.upsert_school(db, "103700", "Whoberley Hall Primary", phase=Phase.PRIMARY)
    again = schools.upsert_school(db, "103700", "Whoberley Hall Primary School", la_code="331")
    assert again.id == school.id
    found = schools.find_school(db, "103700")
    assert found is not None
    assert (found.name, found.phase, found.la_code) == (
        "Whoberley Hall Primary School",
        Phase.PRIMARY,
        "331",
    )
    schools.update_school(db, school.id, status="Open")
    assert [s.status for s in schools.list_schools(db)] == ["Open"]
    with pytest.raises(ValidationError, match="six digits"):
        schools.upsert_school(db, "12345", "Too short")
    schools.delete_school(db, school.id)
    assert schools.find_school(db, "103700") is None


def test_inspected_school_round_trip_and_rules(db: Database) -> None:
    inspection = new_inspection(db)
    row = evidence.add_inspected_school(
        db,
        inspection.id,
        "990010",
        "Primary School H",
        Phase.PRIMARY,
        PreviousGrade.SATISFACTORY,
        outcome_grade=SchoolGrade.INADEQUATE,
        inadequate_category=InadequateCategory.SPECIAL_MEASURES,
    )
    [stored] = evidence.list_inspected_schools(db, inspection.id)
    assert (
        stored.school.urn,
        stored.school.name,
        stored.outcome_grade,
        stored.inadequate_category,
    ) == (
        "990010",
        "Primary School H",
        SchoolGrade.INADEQUATE,
        InadequateCategory.SPECIAL_MEASURES,
    )
    # Special measures needs an Inadequate outcome: refused, nothing stored.
    with pytest.raises(ValidationError, match="Special measures needs an Inadequate outcome"):
        evidence.update_inspected_school(db, row.id, outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT)
    assert (
        evidence.list_inspected_schools(db, inspection.id)[0].outcome_grade
        is SchoolGrade.INADEQUATE
    )
    updated = evidence.update_inspected_school(
        db, row.id, outcome_grade=SchoolGrade.REQUIRES_IMPROVEMENT, inadequate_category=None
    )
    assert (updated.outcome_grade, updated.inadequate_category) == (
        SchoolGrade.REQUIRES_IMPROVEMENT,
        None,
    )
    with pytest.raises(ValidationError, match="needs a category"):
        evidence.add_inspected_school(
            db,
            inspection.id,
            "990011",
            "Primary School I",
            Phase.PRIMARY,
            PreviousGrade.SATISFACTORY,
            outcome_grade=SchoolGrade.INADEQUATE,
        )
    assert len(evidence.list_inspected_schools(db, inspection.id)) == 1
    assert schools.find_school(db, "990011") is None
    with pytest.raises(ValidationError, match="a school grade is 1 to 4, not 5"):
        evidence.update_inspected_school(db, row.id, outcome_grade=5)
    evidence.delete_inspected_school(db, row.id)
    assert evidence.list_inspected_schools(db, inspection.id) == []


def test_surveyed_school_round_trip_and_rules(db: Database) -> None:
    inspection = new_inspection(db)
    row = evidence.add_surveyed_school(
        db,
        inspection.id,
        "990012",
        "Primary School J",
        Phase.PRIMARY,
        PreviousGrade.OUTSTANDING,
        call_date=date(2013, 3, 12),
    )
    with pytest.raises(ValidationError, match="good or outstanding"):
        evidence.add_surveyed_school(
            db,
            inspection.id,
            "990013",
            "Primary School K",
            Phase.PRIMARY,
            PreviousGrade.SATISFACTORY,
        )
    with pytest.raises(ValidationError, match="good or outstanding"):
        evidence.update_surveyed_school(db, row.id, last_grade=PreviousGrade.INADEQUATE)
    evidence.update_surveyed_school(db, row.id, last_grade=PreviousGrade.GOOD, notes="Called head")
    [stored] = evidence.list_surveyed_schools(db, inspection.id)
    assert (stored.school.urn, stored.last_grade, stored.call_date, stored.notes) == (
        "990012",
        PreviousGrade.GOOD,
        date(2013, 3, 12),
        "Called head",
    )
    evidence.delete_surveyed_school(db, row.id)
    assert evidence.list_surveyed_schools(db, inspection.id) == []


def test_key_questions_and_responses_round_trip(db: Database) -> None:
    inspection = new_inspection(db)
    first = evidence.add_key_question(db, inspection.id, "How well does the LA know your school?")
    fourth = evidence.add_key_question(
        db,
        inspection.id,
        "How well is the LA using your strengths?",
        AskedOf.SURVEYED_GOOD_AND_OUTSTANDING,
    )
    assert (first.number, fourth.number) == (1, 2)
    with pytest.raises(ValidationError, match="Question is required"):
        evidence.add_key_question(db, inspection.id, "  ")
    school = schools.upsert_school(db, "990001", "Early Years Centre", phase=Phase.NURSERY)
    response = evidence.add_response(
        db,
        first.id,
        school.id,
        Respondent.HEADTEACHER,
        "Line one\nLine two",
        ResponseJudgement.MIXED,
    )
    evidence.update_response(db, response.id, judgement=ResponseJudgement.POSITIVE)
    evidence.update_key_question(db, fourth.id, number=4)
    [stored] = evidence.list_responses(db, inspection.id)
    assert (stored.text, stored.judgement, stored.key_question.number, stored.school.urn) == (
        "Line one\nLine two",
        ResponseJudgement.POSITIVE,
        1,
        "990001",
    )
    assert [q.number for q in evidence.list_key_questions(db, inspection.id)] == [1, 4]
    evidence.delete_key_question(db, first.id)  # its responses go with it
    assert evidence.list_responses(db, inspection.id) == []
    evidence.add_response(db, fourth.id, school.id, Respondent.GOVERNOR, "Yes")
    [response] = evidence.list_responses(db, inspection.id)
    evidence.delete_response(db, response.id)
    assert evidence.list_responses(db, inspection.id) == []


def test_findings_and_recommendations_round_trip(db: Database) -> None:
    inspection = new_inspection(db)
    s1 = findings.add_finding(db, inspection.id, FindingKind.STRENGTH, "Rigour of challenge")
    s2 = findings.add_finding(db, inspection.id, FindingKind.STRENGTH, "Categorised schools")
    a1 = findings.add_finding(db, inspection.id, FindingKind.AREA_FOR_IMPROVEMENT, "Too recent")
    assert (s1.number, s2.number, a1.number) == (1, 2, 1)
    findings.update_finding(db, s2.id, statement="Schools categorised after discussion")
    assert [
        f.statement for f in findings.list_findings(db, inspection.id, FindingKind.STRENGTH)
    ] == [
        "Rigour of challenge",
        "Schools categorised after discussion",
    ]
    with pytest.raises(ValidationError, match="Statement is required"):
        findings.update_finding(db, a1.id, statement="")
    findings.delete_finding(db, s1.id)
    assert len(findings.list_findings(db, inspection.id)) == 2

    other = findings.add_recommendation(db, inspection.id, "Track pupils", "Section 3", "G&T")
    key = findings.add_recommendation(
        db, inspection.id, "Plan early years", "Section 1", "Early Years", key=True
    )
    assert [r.text for r in findings.list_recommendations(db, inspection.id)] == [
        "Plan early years",
        "Track pupils",
    ]
    findings.update_recommendation(db, other.id, key=True)
    findings.delete_recommendation(db, key.id)
    [left] = findings.list_recommendations(db, inspection.id)
    assert (left.text, left.key, left.section, left.function) == (
        "Track pupils",
        True,
        "Section 3",
        "G&T",
    )


def test_judgements_round_trip(db: Database) -> None:
    inspection = new_inspection(db, InspectionKind.LEA)
    grid = judgements.add_catalogue(db, inspection.id)
    assert len(grid) == 51
    assert [j.number for j in grid[:5]] == ["1", "0.1", "0.2", "0.3", "1.1"]
    judgement = judgements.set_judgement(
        db,
        inspection.id,
        "3.9a",
        grade=LeaGrade.GOOD,
        no_fieldwork=True,
        self_evaluation_grade=LeaGrade.GOOD,
        previous_grade=LeaGrade.SATISFACTORY,
        average_grade=3.4,
    )
    stored = next(j for j in judgements.list_judgements(db, inspection.id) if j.number == "3.9a")
    assert (
        stored.id,
        stored.grade,
        stored.no_fieldwork,
        stored.previous_grade,
        stored.average_grade,
    ) == (
        judgement.id,
        LeaGrade.GOOD,
        True,
        LeaGrade.SATISFACTORY,
        3.4,
    )
    with pytest.raises(ValidationError, match=r"9\.9 is not a judgement"):
        judgements.set_judgement(db, inspection.id, "9.9", grade=LeaGrade.GOOD)
    with pytest.raises(ValidationError, match="between 1 and 7"):
        judgements.update_judgement(db, judgement.id, average_grade=8.0)
    with pytest.raises(ValidationError, match="a judgement grade is 1 to 7, not 8"):
        judgements.update_judgement(db, judgement.id, grade=8)
    judgements.update_judgement(db, judgement.id, grade=LeaGrade.POOR)
    judgements.delete_judgement(db, judgement.id)
    assert len(judgements.list_judgements(db, inspection.id)) == 50


def test_every_change_is_in_the_history(db: Database) -> None:
    inspection = new_inspection(db)
    row = evidence.add_inspected_school(
        db, inspection.id, "990003", "Primary School B", Phase.PRIMARY, PreviousGrade.GOOD
    )
    evidence.update_inspected_school(db, row.id, outcome_grade=SchoolGrade.GOOD)
    evidence.update_inspected_school(db, row.id, outcome_grade=SchoolGrade.OUTSTANDING)
    evidence.delete_inspected_school(db, row.id)
    entries = history.list_history(db, inspection.id)
    summary = [(e.entity, e.action, e.field, e.old, e.new, e.user) for e in entries]
    assert summary == [
        ("inspection", "created", "", "", "COV-2013-03", "tester"),
        ("inspected_school", "created", "", "", "", "tester"),
        ("inspected_school", "updated", "outcome_grade", "", "Good", "tester"),
        ("inspected_school", "updated", "outcome_grade", "Good", "Outstanding", "tester"),
        ("inspected_school", "deleted", "", "", "", "tester"),
    ]
    assert all(e.at is not None for e in entries)
    # The register entry created alongside is recorded too, outside any inspection.
    assert [(e.entity, e.new) for e in history.list_history(db) if e.entity == "school"] == [
        ("school", "990003")
    ]
