"""The history says what a theme or an evidence link was attached to: the school of the response,
and for a link which finding and which response ("Strength 2 ← 990005 Q2 Headteacher")."""

from __future__ import annotations

from sqlalchemy import event

from coventry_inspect.domain.vocabulary import (
    FindingKind,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.services import evidence, findings, support, themes
from coventry_inspect.services.history import list_history, school_of
from coventry_inspect.services.inspections import create_inspection
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import FindingEvidence, ResponseTheme


def test_themes_and_links_name_their_school_finding_and_response(sqlite_db: Database) -> None:
    inspection = create_inspection(sqlite_db, "FOC-9", InspectionKind.FOCUSED, "Testshire")
    evidence.add_key_question(sqlite_db, inspection.id, "First question?")
    question = evidence.add_key_question(sqlite_db, inspection.id, "How well are you supported?")
    school = evidence.add_inspected_school(
        sqlite_db, inspection.id, "990005", "Oak Primary", Phase.PRIMARY, PreviousGrade.GOOD
    )
    response = evidence.add_response(
        sqlite_db,
        question.id,
        school.school_id,
        Respondent.HEADTEACHER,
        "We are well supported.",
        ResponseJudgement.POSITIVE,
    )
    findings.add_finding(sqlite_db, inspection.id, FindingKind.STRENGTH, "First strength")
    finding = findings.add_finding(sqlite_db, inspection.id, FindingKind.STRENGTH, "Support")
    themes.add_theme(sqlite_db, [response.id], "HR support")
    support.link(sqlite_db, finding.id, [response.id])
    support.unlink(sqlite_db, finding.id, [response.id])
    themes.remove_theme(sqlite_db, [response.id], "HR support")

    rows = [
        (e.entity, e.action, school_of(e), e.old, e.new)
        for e in list_history(sqlite_db, inspection.id)
        if e.entity in ("response_theme", "finding_evidence")
    ]
    assert rows == [
        ("response_theme", "created", "Oak Primary (990005)", "", "HR support"),
        (
            "finding_evidence",
            "created",
            "Oak Primary (990005)",
            "",
            "Strength 2 ← 990005 Q2 Headteacher",
        ),
        (
            "finding_evidence",
            "deleted",
            "Oak Primary (990005)",
            "Strength 2 ← 990005 Q2 Headteacher",
            "",
        ),
        ("response_theme", "deleted", "Oak Primary (990005)", "HR support", ""),
    ]


def test_many_links_written_at_once_are_each_titled_from_a_few_queries(
    sqlite_db: Database,
) -> None:
    """A merge or an undo writes many themes and links in one flush, naming responses and
    findings the session has not loaded: the history still names each one's school, finding and
    response, and finds them in a couple of queries, not one (or three) per link."""
    inspection = create_inspection(sqlite_db, "FOC-9", InspectionKind.FOCUSED, "Testshire")
    questions = [
        evidence.add_key_question(sqlite_db, inspection.id, f"Question {n}?") for n in (1, 2)
    ]
    responses = []
    for n in range(4):
        school = evidence.add_inspected_school(
            sqlite_db, inspection.id, f"99000{n}", f"School {n}", Phase.PRIMARY, PreviousGrade.GOOD
        )
        for question in questions:
            responses.append(
                evidence.add_response(
                    sqlite_db, question.id, school.school_id, Respondent.HEADTEACHER, "Yes.", None
                )
            )
    finding = findings.add_finding(sqlite_db, inspection.id, FindingKind.STRENGTH, "Support")
    selects: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(sqlite_db.engine, "before_cursor_execute", count)
    try:
        with sqlite_db.session() as session:
            for r in responses:
                session.add(
                    ResponseTheme(inspection_id=inspection.id, response_id=r.id, theme="HR")
                )
                session.add(
                    FindingEvidence(
                        inspection_id=inspection.id, finding_id=finding.id, response_id=r.id
                    )
                )
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", count)
    assert len(selects) <= 2, selects
    entries = [
        (school_of(e), e.new)
        for e in list_history(sqlite_db, inspection.id)
        if e.entity == "finding_evidence"
    ]
    assert sorted(entries) == sorted(
        (f"School {n} (99000{n})", f"Strength 1 ← 99000{n} Q{q} Headteacher")
        for n in range(4)
        for q in (1, 2)
    )
