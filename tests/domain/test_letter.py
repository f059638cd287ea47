"""The letter's wording, case by case, as the reference letter writes it."""

from __future__ import annotations

from datetime import date

import pytest

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.letter import (
    BlockKind,
    LetterFacts,
    compose_letter,
    outcomes,
    outline,
    salutation,
    subject,
)
from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InadequateCategory,
    InspectionKind,
    Phase,
    PreviousGrade,
    SchoolGrade,
)

P, G, C = PreviousGrade, SchoolGrade, InadequateCategory
QUESTIONS = [
    ("Q1?", AskedOf.ALL_SCHOOLS),
    ("Q2?", AskedOf.ALL_SCHOOLS),
    ("Q3?", AskedOf.ALL_SCHOOLS),
    ("Q4?", AskedOf.SURVEYED_GOOD_AND_OUTSTANDING),
]


def details(**fields: object) -> Details:
    return Details("COV-2013-03", InspectionKind.FOCUSED, "Coventry", **fields)  # type: ignore[arg-type]


def school(
    previous: PreviousGrade,
    outcome: SchoolGrade | None,
    phase: Phase = Phase.PRIMARY,
    category: InadequateCategory | None = None,
) -> InspectedOutcome:
    return InspectedOutcome(phase, previous, outcome, category)


def texts(blocks: list) -> list[str]:  # type: ignore[type-arg]
    return [b.text for b in blocks]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mr Colin Green", "Dear Colin"),
        ("Dr. Jane Smith", "Dear Jane"),
        ("Cllr Ann Lucas", "Dear Ann"),
        ("Colin", "Dear Colin"),
        ("", "Dear Sir or Madam"),
    ],
)
def test_salutation(name: str, expected: str) -> None:
    assert salutation(name) == expected


def test_subject() -> None:
    facts = LetterFacts(details(start_date=date(2013, 3, 11), end_date=date(2013, 3, 15)))
    assert subject(facts) == "Coventry LA – focused inspections – 11 to 15 March 2013"


@pytest.mark.parametrize(
    ("schools", "expected"),
    [
        pytest.param(
            [school(P.SATISFACTORY, G.GOOD)],
            "One primary school was inspected during the focused inspection week. It had been "
            "judged to be satisfactory at its last inspection.",
            id="single school",
        ),
        pytest.param(
            [
                school(P.NOT_PREVIOUSLY_INSPECTED, G.GOOD),
                school(P.NOT_PREVIOUSLY_INSPECTED, G.GOOD),
            ],
            "Two primary schools were inspected during the focused inspection week. Neither had "
            "been inspected before.",
            id="never inspected",
        ),
        pytest.param(
            [
                school(P.GOOD, G.GOOD, Phase.SPECIAL),
                school(P.GOOD, G.GOOD, Phase.PUPIL_REFERRAL_UNIT),
                school(P.INADEQUATE, G.GOOD, Phase.PUPIL_REFERRAL_UNIT),
            ],
            "Three schools were inspected during the focused inspection week, including: one special "
            "school; and two pupil referral units. Two of these were judged to be good at their last "
            "inspection and one was found to be inadequate.",
            id="special schools and PRUs",
        ),
    ],
)
def test_outline_counts(schools: list[InspectedOutcome], expected: str) -> None:
    assert texts(outline(LetterFacts(details(), inspected=schools)))[0] == expected


def test_outline_without_a_survey_has_no_survey_paragraph() -> None:
    blocks = outline(
        LetterFacts(details(), inspected=[school(P.GOOD, G.GOOD)], questions=QUESTIONS)
    )
    assert not any("surveyed by telephone" in b.text for b in blocks)
    assert [b.text for b in blocks if b.kind is BlockKind.BULLET] == ["Q1?", "Q2?", "Q3?"]


def test_survey_paragraph() -> None:
    facts = LetterFacts(
        details(),
        surveyed=[
            SurveyedSchoolSummary(Phase.PRIMARY, P.GOOD),
            SurveyedSchoolSummary(Phase.SPECIAL, P.OUTSTANDING),
        ],
        questions=QUESTIONS,
    )
    survey = next(b.text for b in outline(facts) if "telephone" in b.text)
    assert survey.startswith(
        "A further two schools were surveyed by telephone during the focused inspection week. These "
        "included one primary school and one special school. The schools were selected randomly "
        "from the local authority's good and outstanding schools: one was outstanding and one was "
        "judged to be good at their last inspection. Headteachers in these schools were asked the "
        "same three questions and a fourth, which reflected their status as good or outstanding "
        "schools:"
    )


@pytest.mark.parametrize(
    ("schools", "bullets"),
    [
        pytest.param(
            [
                school(P.SATISFACTORY, G.GOOD),
                school(P.REQUIRES_IMPROVEMENT, G.GOOD),
                school(P.INADEQUATE, G.REQUIRES_IMPROVEMENT),
            ],
            [
                "two schools were judged to be good for overall effectiveness. One improved "
                "from satisfactory and one improved from requires improvement",
                "one school was judged to require improvement. It improved from inadequate",
            ],
            id="all improved",
        ),
        pytest.param(
            [school(P.GOOD, G.INADEQUATE, category=C.SERIOUS_WEAKNESSES)],
            [
                "one school was judged to have serious weaknesses. The school has declined from a good "
                "judgement at its previous inspection."
            ],
            id="serious weaknesses",
        ),
        pytest.param(
            [
                school(P.OUTSTANDING, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.OUTSTANDING, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.OUTSTANDING, G.INADEQUATE, category=C.SPECIAL_MEASURES),
            ],
            [
                "three schools were placed in special measures. All three schools have declined from an "
                "outstanding judgement at their previous inspection."
            ],
            id="special measures from outstanding",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, G.OUTSTANDING)],
            [
                "one was graded as outstanding for overall effectiveness. It had not been inspected "
                "before"
            ],
            id="new outstanding school",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.REQUIRES_IMPROVEMENT)],
            [
                "one school was judged to require improvement. It was judged to be satisfactory at its "
                "previous inspection, so it had not improved significantly"
            ],
            id="single requires improvement",
        ),
        pytest.param(
            [school(P.GOOD, None)],
            [],
            id="not yet graded",
        ),
    ],
)
def test_outcome_bullets(schools: list[InspectedOutcome], bullets: list[str]) -> None:
    blocks = outcomes(LetterFacts(details(), inspected=schools))
    assert [b.text for b in blocks if b.kind is BlockKind.BULLET] == bullets


def test_letter_order_follows_the_reference() -> None:
    facts = LetterFacts(
        details(
            start_date=date(2013, 3, 11),
            end_date=date(2013, 3, 15),
            letter_date=date(2013, 4, 10),
            meeting_date=date(2013, 3, 14),
            sender_name="Louise Soden",
            sender_title="HMI",
            addressee_name="Mr Colin Green",
            addressee_title="Director",
            addressee_address="Civic Centre\nCoventry",
            copy_to="Rt Hon X",
            summary="In summary, good.",
        ),
        [school(P.GOOD, G.GOOD)],
        [],
        QUESTIONS,
        ["S1"],
        ["A1"],
    )
    kinds = [(b.kind, b.text.splitlines()[0]) for b in compose_letter(facts)]
    headings = [text for kind, text in kinds if kind is BlockKind.HEADING]
    assert headings == [
        "Outline of inspection activities",
        "Inspection outcomes",  # no school was surveyed
        "Strengths",
        "Areas for improvement",
    ]
    assert kinds[0] == (BlockKind.DATE, "10 April 2013")
    assert kinds[1] == (BlockKind.ADDRESS, "Mr Colin Green")
    assert kinds[2] == (BlockKind.SALUTATION, "Dear Colin")
    assert kinds[-1] == (BlockKind.SIGN_OFF, "Louise Soden")
    texts_in_order = [text for _kind, text in kinds]
    assert texts_in_order.index("In summary, good.") > texts_in_order.index("A1")
