"""The history says what a theme or an evidence link was attached to: the school of the response,
and for a link which finding and which response ("Strength 2 ← 990005 Q2 Headteacher")."""

from __future__ import annotations

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
