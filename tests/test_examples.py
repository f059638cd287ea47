"""The example inspections reproduce the reference documents' numbers and words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coventry_inspect.domain import jrs
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    Movement,
    Phase,
    PreviousGrade,
    SchoolGrade,
)
from coventry_inspect.services import evidence, findings, inspections, judgements
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.summary import outcome_tally
from coventry_inspect.store.database import Database

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
LETTER = REFERENCE / "focused-inspection-letter-coventry-2013.txt"
REPORT = REFERENCE / "lea-inspection-report-coventry-2004.txt"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def examples(db: Database) -> Database:
    install_examples(db)
    return db


def test_focused_example_reproduces_the_letters_counts(examples: Database) -> None:
    focused = inspections.choose_inspection(examples, "COV-2013-03")
    tally = outcome_tally(examples, focused.id)
    # "Eleven schools were inspected … one nursery school; nine primary schools; and one secondary"
    assert tally.inspected == 11
    assert tally.inspected_phases == {Phase.NURSERY: 1, Phase.PRIMARY: 9, Phase.SECONDARY: 1}
    # "Seven … satisfactory …, two were found to be good and the early years centre was
    # outstanding. One school had not been inspected before."
    assert tally.previous == {
        PreviousGrade.SATISFACTORY: 7,
        PreviousGrade.GOOD: 2,
        PreviousGrade.OUTSTANDING: 1,
        PreviousGrade.NOT_PREVIOUSLY_INSPECTED: 1,
    }
    # Outcomes: two outstanding, two good, five requires improvement, two special measures.
    assert tally.outcomes == {
        SchoolGrade.OUTSTANDING: 2,
        SchoolGrade.GOOD: 2,
        SchoolGrade.REQUIRES_IMPROVEMENT: 5,
        SchoolGrade.INADEQUATE: 2,
    }
    assert tally.categories == {InadequateCategory.SPECIAL_MEASURES: 2}
    # "remained outstanding", "maintained a good grade", "none had improved",
    # "Both schools have declined from a satisfactory judgement", one new.
    assert tally.movements == {Movement.MAINTAINED: 8, Movement.DECLINED: 2, Movement.NEW: 1}
    # "seven primary schools, three secondary schools and one special school …
    # five were outstanding and six were judged to be good"
    assert tally.surveyed == 11
    assert tally.surveyed_phases == {Phase.PRIMARY: 7, Phase.SECONDARY: 3, Phase.SPECIAL: 1}
    assert tally.surveyed_grades == {PreviousGrade.OUTSTANDING: 5, PreviousGrade.GOOD: 6}


def test_focused_example_movements_by_outcome(examples: Database) -> None:
    focused = inspections.choose_inspection(examples, "COV-2013-03")
    rows = evidence.list_inspected_schools(examples, focused.id)
    by_outcome: dict[SchoolGrade | None, list[PreviousGrade]] = {}
    for row in rows:
        by_outcome.setdefault(row.outcome_grade, []).append(row.previous_grade)
    assert sorted(p.value for p in by_outcome[SchoolGrade.OUTSTANDING]) == [
        "not_inspected",
        "outstanding",
    ]
    assert by_outcome[SchoolGrade.GOOD] == [PreviousGrade.GOOD] * 2
    assert by_outcome[SchoolGrade.REQUIRES_IMPROVEMENT] == [PreviousGrade.SATISFACTORY] * 5
    assert by_outcome[SchoolGrade.INADEQUATE] == [PreviousGrade.SATISFACTORY] * 2
    # The school that remained outstanding is the early years (nursery) centre.
    nursery = next(r for r in rows if r.phase is Phase.NURSERY)
    assert (nursery.previous_grade, nursery.outcome_grade) == (
        PreviousGrade.OUTSTANDING,
        SchoolGrade.OUTSTANDING,
    )
    assert all(r.school.illustrative and "Illustrative" in r.notes for r in rows)


def test_focused_example_words_are_the_letters(examples: Database) -> None:
    letter = squash(LETTER.read_text(encoding="utf-8"))
    focused = inspections.choose_inspection(examples, "COV-2013-03")
    questions = evidence.list_key_questions(examples, focused.id)
    assert [q.asked_of for q in questions] == [AskedOf.ALL_SCHOOLS] * 3 + [
        AskedOf.SURVEYED_GOOD_AND_OUTSTANDING
    ]
    for item in [*questions, *findings.list_findings(examples, focused.id)]:
        text = getattr(item, "text", None) or getattr(item, "statement", "")
        assert squash(text) in letter, text
    kinds = [f.kind for f in findings.list_findings(examples, focused.id)]
    assert kinds.count(FindingKind.STRENGTH) == kinds.count(FindingKind.AREA_FOR_IMPROVEMENT) == 5
    assert focused.summary in letter
    assert (focused.sender_name, focused.addressee_name) == ("Louise Soden", "Mr Colin Green")
    assert (
        str(focused.start_date),
        str(focused.end_date),
        str(focused.letter_date),
        str(focused.meeting_date),
    ) == (
        "2013-03-11",
        "2013-03-15",
        "2013-04-10",
        "2013-03-14",
    )
    assert squash(focused.addressee_address) in letter


def appendix_a() -> dict[str, tuple[int, bool]]:
    """Grades and NF flags read straight from the reference report's Appendix A."""
    text = REPORT.read_text(encoding="utf-8")
    table = text[
        text.index("No\tRequired Inspection Judgement") : text.index("**NF' under fieldwork")
    ]
    rows = {}
    for line in table.splitlines():
        match = re.fullmatch(r"(\d+(?:\.\d+[a-d]?)?)\t[^\t]+\t(\d)\t?(NF)?\s*", line)
        if match:
            rows[match[1]] = (int(match[2]), match[3] == "NF")
    return rows


def test_lea_example_has_every_grade_and_nf_flag_of_appendix_a(examples: Database) -> None:
    reference = appendix_a()
    assert len(reference) == 51
    lea = inspections.choose_inspection(examples, "COV-2004-05")
    stored = {
        j.number: (int(j.grade or 0), j.no_fieldwork)
        for j in judgements.list_judgements(examples, lea.id)
    }
    assert stored == reference
    assert sum(nf for _grade, nf in stored.values()) == 11  # the eleven functions without fieldwork


def test_catalogue_matches_appendix_a_text() -> None:
    report = squash(REPORT.read_text(encoding="utf-8"))
    entries = jrs.catalogue()
    assert len(entries) == 51
    for entry in entries:
        assert f"{entry.number} {entry.judgement}" in report
    assert [e.number for e in entries if e.comparison] == ["1", "2.3"]


def test_lea_example_findings_and_recommendations(examples: Database) -> None:
    report = squash(REPORT.read_text(encoding="utf-8"))
    lea = inspections.choose_inspection(examples, "COV-2004-05")
    found = findings.list_findings(examples, lea.id)
    assert len({f.section for f in found}) == 5
    assert all(squash(f.statement) in report for f in found)
    recommendations = findings.list_recommendations(examples, lea.id)
    assert [r.key for r in recommendations].count(True) == 3
    assert len(recommendations) == 14
    assert all(r.function and r.section for r in recommendations)
    for recommendation in recommendations:
        body = recommendation.text[0].lower() + recommendation.text[1:]
        assert body.rstrip(".") in report or recommendation.text in report, recommendation.text


def test_installing_again_replaces_instead_of_duplicating(examples: Database) -> None:
    install_examples(examples)
    assert sorted(i.reference for i in inspections.list_inspections(examples)) == [
        "COV-2004-05",
        "COV-2013-03",
    ]
    focused = inspections.choose_inspection(examples, "COV-2013-03")
    assert len(evidence.list_inspected_schools(examples, focused.id)) == 11


def test_appendix_a_notes_are_the_reports() -> None:
    report = squash(REPORT.read_text(encoding="utf-8"))
    assert squash(jrs.SCALE_NOTE) in report
    assert "no fieldwork was conducted on this function during this inspection" in jrs.NF_NOTE
    assert squash(jrs.COMPARISON_NOTE).replace("In the case of ", "") in report.replace(
        "**Note:** in the case of ", ""
    )
