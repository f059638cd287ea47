"""The analysis counts, checked against a fixture counted by hand (comments give each count)."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from pathlib import Path

import pytest

from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.reports.analysis_text import CSV_HEADER, WIDTH, analysis_csv, analysis_table
from coventry_inspect.services import evidence
from coventry_inspect.services.analysis import Group, Judgement, Missing, analyse
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection, create_inspection
from coventry_inspect.store.database import Database, open_database

H, C, G, OTHER = (
    Respondent.HEADTEACHER,
    Respondent.CHAIR_OF_GOVERNORS,
    Respondent.GOVERNOR,
    Respondent.OTHER,
)
POS, MIX, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.MIXED, ResponseJudgement.NEGATIVE
INSPECTED, SURVEYED = Group.INSPECTED, Group.SURVEYED


def build(db: Database) -> uuid.UUID:
    """Inspected: Ash (Good), Birch (Requires improvement), Cedar (Good, no responses), Fir
    (Outstanding, also entered as surveyed). Surveyed: Damson, Elm. Question 3 is asked only of
    surveyed schools. 14 responses."""
    inspection = create_inspection(db, "FOC-1", InspectionKind.FOCUSED, "Testshire")
    q1, q2, q3 = (
        evidence.add_key_question(db, inspection.id, "How well does the authority know you?"),
        evidence.add_key_question(db, inspection.id, "What support and challenge?"),
        evidence.add_key_question(
            db, inspection.id, "How are your strengths used?", AskedOf.SURVEYED_GOOD_AND_OUTSTANDING
        ),
    )

    def inspected(urn: str, name: str, grade: SchoolGrade) -> uuid.UUID:
        row = evidence.add_inspected_school(
            db, inspection.id, urn, name, Phase.PRIMARY, PreviousGrade.GOOD, outcome_grade=grade
        )
        return row.school_id

    def surveyed(urn: str, name: str) -> uuid.UUID:
        row = evidence.add_surveyed_school(
            db, inspection.id, urn, name, Phase.PRIMARY, PreviousGrade.GOOD
        )
        return row.school_id

    ash = inspected("100001", "Ash Primary", SchoolGrade.GOOD)
    birch = inspected("100002", "Birch Infant", SchoolGrade.REQUIRES_IMPROVEMENT)
    inspected("100003", "Cedar Junior", SchoolGrade.GOOD)
    fir = inspected("100006", "Fir Academy", SchoolGrade.OUTSTANDING)
    damson = surveyed("100004", "Damson Primary")
    elm = surveyed("100005", "Elm Primary")
    assert surveyed("100006", "Fir Academy") == fir  # the same school in both groups

    for question, school, respondent, text, judgement in [
        (q1, ash, H, "We are known well.", POS),
        (q1, ash, C, "Partly.", MIX),
        (q2, ash, H, "Some visits.", None),
        (q2, ash, G, "Too little.", NEG),
        (q1, birch, H, "Not at all.", NEG),
        (q1, birch, OTHER, "Yes.", POS),
        (q2, birch, H, "Good challenge.", POS),
        (q1, damson, H, "Very well.", POS),
        (q2, damson, H, "Clusters.", POS),
        (q3, damson, H, "Sometimes.", MIX),
        (q3, damson, C, "We lead a cluster.", None),
        (q1, elm, H, "Well.", POS),
        (q3, elm, H, "", None),  # an empty response: counted, but the school has not answered
        (q1, fir, H, "Very well indeed.", POS),
    ]:
        evidence.add_response(db, question.id, school, respondent, text, judgement)
    return inspection.id


def test_counts_match_the_hand_count(db: Database) -> None:
    result = analyse(db, build(db))
    assert result.total == 14
    assert result.ungrouped == 0
    assert [(q.number, q.asked_of) for q in result.questions] == [
        (1, AskedOf.ALL_SCHOOLS),
        (2, AskedOf.ALL_SCHOOLS),
        (3, AskedOf.SURVEYED_GOOD_AND_OUTSTANDING),
    ]
    # Question 1, inspected: Ash and Fir headteachers positive, Ash chair mixed, Birch head
    # negative, Birch other positive. Fir is counted once, as inspected.
    assert result.count(1, INSPECTED) == 5
    assert result.count(1, INSPECTED, H, Judgement.POSITIVE) == 2
    assert result.count(1, INSPECTED, C, Judgement.MIXED) == 1
    assert result.count(1, INSPECTED, H, Judgement.NEGATIVE) == 1
    assert result.count(1, INSPECTED, OTHER, Judgement.POSITIVE) == 1
    assert result.count(1, SURVEYED) == 2  # Damson and Elm, both positive headteachers
    assert result.count(1, SURVEYED, H, Judgement.POSITIVE) == 2
    # Question 2: Ash head not judged, Ash governor negative, Birch head positive; Damson.
    assert result.count(2, INSPECTED, judgement=Judgement.NOT_JUDGED) == 1
    assert result.count(2, INSPECTED, G, Judgement.NEGATIVE) == 1
    assert result.count(2, INSPECTED, H, Judgement.POSITIVE) == 1
    assert result.count(2, SURVEYED) == 1
    # Question 3 (surveyed only): Damson head mixed and chair not judged, Elm's empty one.
    assert result.count(3, INSPECTED) == 0
    assert result.count(3, SURVEYED, H, Judgement.NOT_JUDGED) == 1
    assert result.count(3, SURVEYED, C, Judgement.NOT_JUDGED) == 1
    assert result.count(3, SURVEYED, H, Judgement.MIXED) == 1
    # By the inspected schools' outcome grade: Ash (Good) 4, Birch (RI) 3, Fir (Outstanding) 1.
    assert result.count(group=INSPECTED, outcome=SchoolGrade.GOOD) == 4
    assert result.count(group=INSPECTED, outcome=SchoolGrade.REQUIRES_IMPROVEMENT) == 3
    assert result.count(group=INSPECTED, outcome=SchoolGrade.OUTSTANDING) == 1
    assert result.count(1, INSPECTED, H, Judgement.POSITIVE, SchoolGrade.OUTSTANDING) == 1
    assert result.count(judgement=Judgement.NOT_JUDGED) == 3


def test_schools_without_an_answer_to_each_question_asked_of_them(db: Database) -> None:
    result = analyse(db, build(db))
    # Cedar answered nothing; Fir (inspected, so not asked question 3) lacks question 2; Elm
    # lacks question 2, and its question 3 has no text. Question 3 is not asked of inspected ones.
    assert result.missing == (
        Missing("100003", "Cedar Junior", INSPECTED, 1),
        Missing("100003", "Cedar Junior", INSPECTED, 2),
        Missing("100006", "Fir Academy", INSPECTED, 2),
        Missing("100005", "Elm Primary", SURVEYED, 2),
        Missing("100005", "Elm Primary", SURVEYED, 3),
    )


def test_csv_is_tidy_sorted_and_sums_to_the_responses(sqlite_db: Database) -> None:
    text = analysis_csv(analyse(sqlite_db, build(sqlite_db)))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1:] == [
        ["1", "Inspected", "Headteacher", "Positive", "2"],
        ["1", "Inspected", "Headteacher", "Negative", "1"],
        ["1", "Inspected", "Chair of governors", "Mixed", "1"],
        ["1", "Inspected", "Other", "Positive", "1"],
        ["1", "Surveyed", "Headteacher", "Positive", "2"],
        ["2", "Inspected", "Headteacher", "Positive", "1"],
        ["2", "Inspected", "Headteacher", "Not judged", "1"],
        ["2", "Inspected", "Governor", "Negative", "1"],
        ["2", "Surveyed", "Headteacher", "Positive", "1"],
        ["3", "Surveyed", "Headteacher", "Mixed", "1"],
        ["3", "Surveyed", "Headteacher", "Not judged", "1"],
        ["3", "Surveyed", "Chair of governors", "Not judged", "1"],
    ]


def test_table_fits_a_100_column_terminal(sqlite_db: Database) -> None:
    table = analysis_table(analyse(sqlite_db, build(sqlite_db)))
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    assert lines[0] == "FOC-1: 14 responses to 3 key questions"
    assert lines[2].split() == [
        *("No", "Question", "Group", "Positive", "Mixed", "Negative", "Not", "judged", "All")
    ]
    # Positive, Mixed, Negative, Not judged, All: question 1 inspected, then surveyed.
    assert lines[4].split() == [
        *("1", "How", "well", "does", "the", "authority", "know", "you?", "Inspected"),
        *("3", "1", "1", "0", "5"),
    ]
    assert lines[5].split() == ["Surveyed", "2", "0", "0", "0", "2"]
    # Question 3 is asked of surveyed schools only: no row of zeros for the inspected ones.
    assert lines[8].split() == [
        *("3", "How", "are", "your", "strengths", "used?", "Surveyed", "0", "1", "0", "2", "3")
    ]
    assert lines[14].split() == [
        *("outcome", "Requires", "improvement", "Inspected", "2", "0", "1", "0", "3")
    ]
    assert "Still without a response: 5 answers from 3 schools." in lines


def test_a_school_taken_off_the_inspection_leaves_its_responses_uncounted(
    sqlite_db: Database,
) -> None:
    inspection_id = build(sqlite_db)
    birch = next(
        row
        for row in evidence.list_inspected_schools(sqlite_db, inspection_id)
        if row.school.name == "Birch Infant"
    )
    evidence.delete_inspected_school(sqlite_db, birch.id)
    result = analyse(sqlite_db, inspection_id)
    # Its three responses stay in the database: reported, not counted in either group.
    assert (result.total, result.ungrouped) == (11, 3)
    assert "Not counted: 3 responses from schools no longer in the inspection." in (
        analysis_table(result).splitlines()
    )


def test_an_lea_inspection_is_refused(sqlite_db: Database) -> None:
    inspection = create_inspection(sqlite_db, "LEA-1", InspectionKind.LEA, "Testshire")
    with pytest.raises(ServiceError, match="LEA-1 is an LEA inspection"):
        analyse(sqlite_db, inspection.id)


def test_the_example_csv_sums_to_the_responses_in_the_database(tmp_path: Path) -> None:
    """The example ships without responses, so some are added to its schools first."""
    path = tmp_path / "example.sqlite"
    db = open_database(str(path), user="tester")
    try:
        install_examples(db)
        inspection_id = choose_inspection(db, "COV-2013-03").id
        questions = evidence.list_key_questions(db, inspection_id)
        schools = [r.school_id for r in evidence.list_inspected_schools(db, inspection_id)]
        schools += [r.school_id for r in evidence.list_surveyed_schools(db, inspection_id)]
        judgements = [POS, MIX, NEG, None]
        for i, school in enumerate(schools):
            for question in questions[: i % 4 + 1]:
                evidence.add_response(db, question.id, school, H, "text", judgements[i % 4])
        text = analysis_csv(analyse(db, inspection_id))
    finally:
        db.close()
    with sqlite3.connect(path) as connection:
        (stored,) = connection.execute("SELECT count(*) FROM response").fetchone()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert stored > 20
    assert sum(int(row["Responses"]) for row in rows) == stored
    assert {row["Judgement"] for row in rows} == {"Positive", "Mixed", "Negative", "Not judged"}
    assert {row["Group"] for row in rows} == {"Inspected", "Surveyed"}
