"""Themes on responses and the responses behind each finding: what is stored, what a deletion
takes with it, how each finding is counted and flagged."""

from __future__ import annotations

import uuid

import pytest

from coventry_inspect.domain.support import Support, flag
from coventry_inspect.domain.vocabulary import (
    FindingKind,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.services import crud, evidence, findings, support, themes
from coventry_inspect.services.errors import NotFoundError, ServiceError, ValidationError
from coventry_inspect.services.history import list_history
from coventry_inspect.services.inspections import create_inspection
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import FindingEvidence, InspectedSchool, Response, ResponseTheme

POS, MIX, NEG = ResponseJudgement.POSITIVE, ResponseJudgement.MIXED, ResponseJudgement.NEGATIVE


def _inspection(db: Database, reference: str) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Three schools answering one question: positive, mixed and negative, plus one unjudged
    answer from the first school's chair."""
    inspection = create_inspection(db, reference, InspectionKind.FOCUSED, "Testshire")
    question = evidence.add_key_question(db, inspection.id, "How well are you supported?")
    ids = []
    for n, judgement in enumerate((POS, MIX, NEG)):
        row = evidence.add_inspected_school(
            db,
            inspection.id,
            f"{reference[-1]}0000{n}",
            f"School {n}",
            Phase.PRIMARY,
            PreviousGrade.GOOD,
        )
        ids.append(
            evidence.add_response(
                db, question.id, row.school_id, Respondent.HEADTEACHER, f"Answer {n}", judgement
            ).id
        )
        if n == 0:
            ids.append(
                evidence.add_response(
                    db, question.id, row.school_id, Respondent.CHAIR_OF_GOVERNORS, "Chair", None
                ).id
            )
    return inspection.id, ids


def test_a_theme_keeps_one_spelling_per_inspection(sqlite_db: Database) -> None:
    inspection_id, (a, b, c, d) = _inspection(sqlite_db, "FOC-1")
    assert themes.set_themes(sqlite_db, a, ["  HR   support ", "clusters", "", "Clusters"]) == [
        "clusters",
        "HR support",
    ]
    assert themes.add_theme(sqlite_db, [b, c, b], "hr SUPPORT") == [b, c]
    assert themes.add_theme(sqlite_db, [a, b], "HR support") == []
    assert themes.themes_used(sqlite_db, inspection_id) == ["clusters", "HR support"]
    assert themes.themes_of(sqlite_db, inspection_id) == {
        a: ["clusters", "HR support"],
        b: ["HR support"],
        c: ["HR support"],
    }
    assert themes.remove_theme(sqlite_db, [a, d], "HR Support") == [a]
    assert themes.set_themes(sqlite_db, a, []) == []
    assert themes.themes_of(sqlite_db, inspection_id) == {b: ["HR support"], c: ["HR support"]}


def test_a_theme_too_long_or_empty_is_refused_and_nothing_stored(sqlite_db: Database) -> None:
    inspection_id, (a, *_) = _inspection(sqlite_db, "FOC-1")
    with pytest.raises(ValidationError, match="60"):
        themes.set_themes(sqlite_db, a, ["ok", "x" * 61])
    with pytest.raises(ServiceError, match="needs some words"):
        themes.add_theme(sqlite_db, [a], "   ")
    # A comma or semicolon separates themes typed in a list: one theme never holds one (it would
    # fall apart into two at the next edit of that list).
    with pytest.raises(ValidationError, match="holds a comma or semicolon"):
        themes.add_theme(sqlite_db, [a], "pay, conditions")
    with pytest.raises(ValidationError, match="holds a comma or semicolon"):
        themes.set_themes(sqlite_db, a, ["staffing", "pay; conditions"])
    assert themes.themes_used(sqlite_db, inspection_id) == []


def test_a_finding_is_summarised_and_flagged_by_its_links(sqlite_db: Database) -> None:
    inspection_id, (a, chair, b, c) = _inspection(sqlite_db, "FOC-1")
    strength = findings.add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Clusters")
    area = findings.add_finding(
        sqlite_db, inspection_id, FindingKind.AREA_FOR_IMPROVEMENT, "HR advice"
    )
    assert support.support_by_finding(sqlite_db, inspection_id) == {
        strength.id: Support(),
        area.id: Support(),
    }
    assert flag(FindingKind.STRENGTH, Support()) == "no supporting response"

    assert support.link(sqlite_db, strength.id, [a, chair, b, a]) == [a, chair, b]
    assert support.link(sqlite_db, strength.id, [a, c]) == [c]
    stood = support.support_by_finding(sqlite_db, inspection_id)[strength.id]
    assert stood == Support(responses=4, schools=3, positive=1, mixed=1, negative=1, not_judged=1)
    assert stood.summary() == (
        "supported by 4 responses from 3 schools (1 positive, 1 mixed, 1 negative, 1 not judged)"
    )
    assert flag(FindingKind.STRENGTH, stood) is None
    assert [r.text for r in support.supporting(sqlite_db, strength.id)] == [
        "Answer 0",
        "Chair",
        "Answer 1",
        "Answer 2",
    ]

    assert support.unlink(sqlite_db, strength.id, [a, chair, b, b]) == [a, chair, b]
    only_negative = support.support_by_finding(sqlite_db, inspection_id)[strength.id]
    assert only_negative.summary() == "supported by 1 response from 1 school (1 negative)"
    assert flag(FindingKind.STRENGTH, only_negative) == (
        "a strength backed mainly by negative responses"
    )
    support.link(sqlite_db, area.id, [a, b])
    assert flag(FindingKind.AREA_FOR_IMPROVEMENT, Support(responses=2, positive=1, mixed=1)) is None
    assert {
        response: [f.statement for f in linked]
        for response, linked in support.links_of(sqlite_db, inspection_id).items()
    } == {a: ["HR advice"], b: ["HR advice"], c: ["Clusters"]}
    support.link(sqlite_db, area.id, [c])
    all_links = support.links_of(sqlite_db, inspection_id)
    assert [f.statement for f in all_links[c]] == ["Clusters", "HR advice"]


def test_a_response_of_another_inspection_cannot_support_a_finding(sqlite_db: Database) -> None:
    first, _ = _inspection(sqlite_db, "FOC-1")
    _, (other, *_) = _inspection(sqlite_db, "FOC-2")
    finding = findings.add_finding(sqlite_db, first, FindingKind.STRENGTH, "Clusters")
    with pytest.raises(ServiceError, match="its own inspection"):
        support.link(sqlite_db, finding.id, [other])
    assert support.supporting(sqlite_db, finding.id) == []


def test_deleting_a_response_takes_its_themes_and_links_and_undo_puts_them_back(
    sqlite_db: Database,
) -> None:
    inspection_id, (a, b, *_) = _inspection(sqlite_db, "FOC-1")
    finding = findings.add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Clusters")
    themes.set_themes(sqlite_db, a, ["clusters"])
    support.link(sqlite_db, finding.id, [a, b])

    kept = support.attached(sqlite_db, response_ids=[a])
    assert sorted(model.__name__ for model, _ in kept) == ["FindingEvidence", "ResponseTheme"]
    response = crud.row_values(crud.get(sqlite_db, Response, a))
    evidence.delete_response(sqlite_db, a)
    assert themes.themes_of(sqlite_db, inspection_id) == {}
    assert [r.id for r in support.supporting(sqlite_db, finding.id)] == [b]

    crud.restore(sqlite_db, Response, [response])
    for model in (ResponseTheme, FindingEvidence):
        crud.restore(sqlite_db, model, [values for m, values in kept if m is model])
    assert themes.themes_of(sqlite_db, inspection_id) == {a: ["clusters"]}
    assert {r.id for r in support.supporting(sqlite_db, finding.id)} == {a, b}
    assert {m.__name__ for m, _ in support.attached(sqlite_db, finding_ids=[finding.id])} == {
        "FindingEvidence"
    }


def test_themes_and_links_are_in_the_history(sqlite_db: Database) -> None:
    inspection_id, (a, *_) = _inspection(sqlite_db, "FOC-1")
    finding = findings.add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Clusters")
    themes.set_themes(sqlite_db, a, ["clusters"])
    support.link(sqlite_db, finding.id, [a])
    entities = {(e.entity, e.action) for e in list_history(sqlite_db, inspection_id)}
    assert {("response_theme", "created"), ("finding_evidence", "created")} <= entities


def test_a_school_taken_off_the_inspection_supports_nothing_until_it_is_put_back(
    sqlite_db: Database,
) -> None:
    """Its responses stay (the analysis leaves them out); so do their links, which count again
    when the school is put back (undo of the delete)."""
    inspection_id, (a, chair, b, _) = _inspection(sqlite_db, "FOC-1")
    strength = findings.add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Clusters")
    support.link(sqlite_db, strength.id, [a, chair, b])
    first = evidence.list_inspected_schools(sqlite_db, inspection_id)[0]
    assert first.school.name == "School 0"
    kept = crud.row_values(first)
    evidence.delete_inspected_school(sqlite_db, first.id)

    stood = support.support_by_finding(sqlite_db, inspection_id)[strength.id]
    assert stood.summary() == "supported by 1 response from 1 school (1 mixed)"
    assert [r.text for r in support.supporting(sqlite_db, strength.id)] == ["Answer 1"]

    crud.restore(sqlite_db, InspectedSchool, [kept])
    stood = support.support_by_finding(sqlite_db, inspection_id)[strength.id]
    assert stood.responses == 3
    assert stood.schools == 2


def test_tagging_or_linking_a_response_gone_meanwhile_changes_nothing(sqlite_db: Database) -> None:
    """Another window deleted one of the responses chosen: it is named, and neither the theme
    nor the link goes on the others."""
    inspection_id, (a, b, *_) = _inspection(sqlite_db, "FOC-1")
    finding = findings.add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Clusters")
    gone = uuid.uuid4()
    with pytest.raises(NotFoundError, match=str(gone)):
        themes.add_theme(sqlite_db, [a, gone, b], "HR support")
    with pytest.raises(NotFoundError, match=str(gone)):
        support.link(sqlite_db, finding.id, [a, gone, b])
    assert themes.themes_of(sqlite_db, inspection_id) == {}
    assert support.links_of(sqlite_db, inspection_id) == {}
