"""What is left to do, in English, each item naming where it is put right."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    SchoolGrade,
)
from coventry_inspect.preferences import CONFIG_ENV, Preferences, save_preferences
from coventry_inspect.services.completeness import (
    DETAILS,
    QUESTIONS,
    RESPONSES,
    SCHOOLS,
    Place,
    part_states,
)
from coventry_inspect.services.snapshot import (
    InspectedRow,
    InspectionSnapshot,
    QuestionRow,
    ResponseRow,
    SurveyedRow,
)


def focused() -> InspectionSnapshot:
    return InspectionSnapshot(
        Details(
            "NOR-2014-01",
            InspectionKind.FOCUSED,
            "Norfolk",
            start_date=date(2014, 3, 10),
            end_date=date(2014, 3, 14),
            sender_name="A Director",
            addressee_name="A Person",
            summary="Well done.",
        ),
        inspected=[
            InspectedRow("100001", "Ash Primary", Phase.PRIMARY, PreviousGrade.GOOD),
            InspectedRow(
                "100002", "Beech Infant", Phase.INFANT, PreviousGrade.GOOD, SchoolGrade.GOOD
            ),
        ],
        surveyed=[SurveyedRow("100003", "Cedar Junior", Phase.JUNIOR, PreviousGrade.OUTSTANDING)],
        questions=[
            QuestionRow(1, "One?"),
            QuestionRow(2, "Two?"),
            QuestionRow(3, "Three?"),
            QuestionRow(4, "Four?", AskedOf.SURVEYED_GOOD_AND_OUTSTANDING),
        ],
        responses=[
            ResponseRow("100002", 1, Respondent.HEADTEACHER, "Yes."),
            ResponseRow("100002", 2, Respondent.CHAIR_OF_GOVERNORS, "Some."),
            ResponseRow("100002", 3, Respondent.HEADTEACHER, "   "),  # blank is no answer
            ResponseRow("100003", 1, Respondent.HEADTEACHER, "a"),
            ResponseRow("100003", 2, Respondent.HEADTEACHER, "b"),
            ResponseRow("100003", 4, Respondent.HEADTEACHER, "d"),
        ],
    )


def test_missing_responses_read_as_english_lists() -> None:
    states = part_states(focused())
    assert states[QUESTIONS].problems == [
        "Ash Primary: no responses to questions 1, 2 and 3",
        "Beech Infant: no response to question 3",
        "Cedar Junior: no response to question 3",  # surveyed schools answer all four
    ]
    assert [p.place for p in states[QUESTIONS].items] == [
        Place(QUESTIONS, RESPONSES, "100001"),
        Place(QUESTIONS, RESPONSES, "100002"),
        Place(QUESTIONS, RESPONSES, "100003"),
    ]


def test_each_problem_names_its_place() -> None:
    states = part_states(focused())
    assert [(p.text, p.place) for p in states[DETAILS].items] == [
        ("Letter date is not entered", Place(DETAILS, "letter_date"))
    ]
    assert [(p.text, p.place) for p in states[SCHOOLS].items] == [
        ("Ash Primary has no outcome grade", Place(SCHOOLS, "outcome_grade", "100001"))
    ]


def test_answering_the_last_question_leaves_nothing_to_do() -> None:
    whole = focused()
    whole.responses = [
        ResponseRow(urn, number, Respondent.HEADTEACHER, "An answer.")
        for urn, numbers in (("100001", (1, 2, 3)), ("100002", (1, 2, 3)), ("100003", (1, 2, 3, 4)))
        for number in numbers
    ]
    assert part_states(whole)[QUESTIONS].complete


def test_the_sender_in_the_letter_settings_signs_so_no_sender_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsigned = focused()
    unsigned.details = replace(unsigned.details, sender_name="", letter_date=date(2014, 4, 1))
    assert [p.text for p in part_states(unsigned)[DETAILS].items] == ["Sender name is not entered"]
    settings = tmp_path / "letter.json"
    save_preferences(Preferences(sender_name="Jane Example"), settings)
    monkeypatch.setenv(CONFIG_ENV, str(settings))
    assert part_states(unsigned)[DETAILS].complete
