"""Every sentence the letter composes, for one school and for several, against sentences written
out by hand here (never produced by the code under test)."""

from __future__ import annotations

from datetime import date

import pytest

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.letter import (
    CLOSING_KEY,
    EVALUATION_KEY,
    Block,
    BlockKind,
    LetterFacts,
    compose_letter,
    outcomes,
    outline,
    unfinished,
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
ALL, GOOD_ONES = AskedOf.ALL_SCHOOLS, AskedOf.SURVEYED_GOOD_AND_OUTSTANDING


def details(**fields: object) -> Details:
    return Details("COV-2013-03", InspectionKind.FOCUSED, "Coventry", **fields)  # type: ignore[arg-type]


def school(
    previous: PreviousGrade,
    outcome: SchoolGrade | None = G.GOOD,
    phase: Phase = Phase.PRIMARY,
    category: InadequateCategory | None = None,
) -> InspectedOutcome:
    return InspectedOutcome(phase, previous, outcome, category)


def surveyed(grade: PreviousGrade, phase: Phase = Phase.PRIMARY) -> SurveyedSchoolSummary:
    return SurveyedSchoolSummary(phase, grade)


def paragraphs(facts: LetterFacts) -> list[str]:
    return [b.text for b in compose_letter(facts) if b.kind is BlockKind.PARAGRAPH]


def bullets(schools: list[InspectedOutcome]) -> list[str]:
    blocks = outcomes(LetterFacts(details(), inspected=schools))
    return [b.text for b in blocks if b.kind is BlockKind.BULLET]


@pytest.mark.parametrize(
    ("schools", "expected"),
    [
        pytest.param(
            [school(P.GOOD)],
            "One primary school was inspected during the focused inspection week. It had been "
            "judged to be good at its last inspection.",
            id="one school, graded before",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, phase=Phase.SECONDARY)],
            "One secondary school was inspected during the focused inspection week. It had not "
            "been inspected before.",
            id="one school, new",
        ),
        pytest.param(
            [school(P.GOOD), school(P.SATISFACTORY)],
            "Two primary schools were inspected during the focused inspection week. One of these "
            "was judged to be good at its last inspection and one was found to be satisfactory.",
            id="two schools, one of each",
        ),
        pytest.param(
            [school(P.SATISFACTORY), school(P.SATISFACTORY), school(P.NOT_PREVIOUSLY_INSPECTED)],
            "Three primary schools were inspected during the focused inspection week. Two of these "
            "were judged to be satisfactory at their last inspection. One school had not been "
            "inspected before.",
            id="three schools, one new",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED), school(P.NOT_PREVIOUSLY_INSPECTED)],
            "Two primary schools were inspected during the focused inspection week. Neither had "
            "been inspected before.",
            id="two schools, both new",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED)] * 3,
            "Three primary schools were inspected during the focused inspection week. None had "
            "been inspected before.",
            id="three schools, all new",
        ),
        pytest.param(
            [school(P.GOOD, phase=Phase.NURSERY), school(P.GOOD), school(P.GOOD)],
            "Three schools were inspected during the focused inspection week, including: one "
            "nursery school; and two primary schools. All three were judged to be good at "
            "their last inspection.",
            id="several phases",
        ),
        pytest.param(
            [school(P.REQUIRES_IMPROVEMENT)],
            "One primary school was inspected during the focused inspection week. It had been "
            "judged to require improvement at its last inspection.",
            id="one school, previously requiring improvement",
        ),
        pytest.param(
            [school(P.REQUIRES_IMPROVEMENT)] * 3 + [school(P.GOOD)] * 2,
            "Five primary schools were inspected during the focused inspection week. Three of "
            "these were judged to require improvement at their last inspection and two were "
            "found to be good.",
            id="requiring improvement before, most of them",
        ),
        pytest.param(
            [school(P.GOOD)] * 2 + [school(P.REQUIRES_IMPROVEMENT)],
            "Three primary schools were inspected during the focused inspection week. Two of "
            "these were judged to be good at their last inspection and one was found to require "
            "improvement.",
            id="requiring improvement before, the fewest",
        ),
        pytest.param(
            [school(P.REQUIRES_IMPROVEMENT)] * 2,
            "Two primary schools were inspected during the focused inspection week. Both were "
            "judged to require improvement at their last inspection.",
            id="both requiring improvement before",
        ),
    ],
)
def test_inspected_schools_sentence(schools: list[InspectedOutcome], expected: str) -> None:
    assert outline(LetterFacts(details(), inspected=schools))[0].text == expected


@pytest.mark.parametrize(
    ("schools", "questions", "expected"),
    [
        pytest.param(
            1,
            1,
            "During the inspection Her Majesty's Inspectors gathered information on the use, "
            "quality and impact of local authority support for school improvement by asking one "
            "additional key question of the headteacher and governors:",
            id="one school, one question",
        ),
        pytest.param(
            11,
            3,
            "During the inspections Her Majesty's Inspectors gathered information on the use, "
            "quality and impact of local authority support for school improvement by asking three "
            "additional key questions of headteachers and governors:",
            id="the reference's",
        ),
    ],
)
def test_key_questions_sentence(schools: int, questions: int, expected: str) -> None:
    facts = LetterFacts(
        details(),
        inspected=[school(P.GOOD)] * schools,
        questions=[(f"Q{i}?", ALL) for i in range(questions)],
    )
    assert outline(facts)[1].text == expected


@pytest.mark.parametrize(
    ("schools", "questions", "expected"),
    [
        pytest.param(
            [surveyed(P.OUTSTANDING, Phase.SPECIAL)],
            [("Q1?", ALL), ("Q2?", ALL), ("Q3?", ALL), ("Q4?", GOOD_ONES)],
            "One further school was surveyed by telephone during the focused inspection week. "
            "This was a special school. The school was selected randomly from the local "
            "authority's good and outstanding schools: it was outstanding at its last inspection. "
            "The headteacher of this school was asked the same three questions and a fourth, "
            "which reflected its status as a good or outstanding school:",
            id="one school",
        ),
        pytest.param(
            [surveyed(P.GOOD, Phase.ALL_THROUGH)],
            [("Q1?", ALL)],
            "One further school was surveyed by telephone during the focused inspection week. "
            "This was an all-through school. The school was selected randomly from the local "
            "authority's good and outstanding schools: it was judged to be good at its last "
            "inspection. The headteacher of this school was asked the same question.",
            id="one school, one question",
        ),
        pytest.param(
            [surveyed(P.OUTSTANDING)] * 5
            + [surveyed(P.GOOD, Phase.SECONDARY)] * 3
            + [surveyed(P.GOOD, Phase.SPECIAL)]
            + [surveyed(P.GOOD)] * 2,
            [("Q1?", ALL), ("Q2?", ALL), ("Q3?", ALL), ("Q4?", GOOD_ONES)],
            "A further eleven schools were surveyed by telephone during the focused inspection "
            "week. These included seven primary schools, three secondary schools and one special "
            "school. The schools were selected randomly from the local authority's good and "
            "outstanding schools: five were outstanding and six were judged to be good at their "
            "last inspection. Headteachers in these schools were asked the same three questions "
            "and a fourth, which reflected their status as good or outstanding schools:",
            id="the reference's",
        ),
        pytest.param(
            [surveyed(P.GOOD), surveyed(P.GOOD)],
            [("Q1?", ALL), ("Q2?", ALL), ("Q3?", GOOD_ONES), ("Q4?", GOOD_ONES)],
            "A further two schools were surveyed by telephone during the focused inspection week. "
            "These included two primary schools. The schools were selected randomly from the local "
            "authority's good and outstanding schools: two were judged to be good at their last "
            "inspection. Headteachers in these schools were asked the same two questions and two "
            "more, which reflected their status as good or outstanding schools:",
            id="two schools, two more questions",
        ),
    ],
)
def test_survey_sentence(
    schools: list[SurveyedSchoolSummary], questions: list[tuple[str, AskedOf]], expected: str
) -> None:
    facts = LetterFacts(details(), surveyed=schools, questions=questions)
    survey = [b.text for b in outline(facts) if "telephone" in b.text]
    assert survey == [expected]


@pytest.mark.parametrize(
    ("schools", "expected"),
    [
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, G.OUTSTANDING)],
            [
                "one was graded as outstanding for overall effectiveness. It had not been inspected "
                "before"
            ],
            id="outstanding, one, new",
        ),
        pytest.param(
            [
                school(P.NOT_PREVIOUSLY_INSPECTED, G.OUTSTANDING),
                school(P.OUTSTANDING, G.OUTSTANDING),
            ],
            [
                "two were graded as outstanding for overall effectiveness. One had not been "
                "inspected before and one remained outstanding"
            ],
            id="outstanding, the reference's",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, G.OUTSTANDING)] * 2,
            [
                "two were graded as outstanding for overall effectiveness. Neither had been "
                "inspected before"
            ],
            id="outstanding, both new",
        ),
        pytest.param(
            [school(P.OUTSTANDING, G.OUTSTANDING)],
            ["one was graded as outstanding for overall effectiveness. It remained outstanding"],
            id="outstanding, one, remained",
        ),
        pytest.param(
            [school(P.OUTSTANDING, G.OUTSTANDING)] * 3,
            [
                "three were graded as outstanding for overall effectiveness. All three remained "
                "outstanding"
            ],
            id="outstanding, all remained",
        ),
        pytest.param(
            [school(P.GOOD, G.GOOD)],
            ["one school maintained a good grade for overall effectiveness"],
            id="good maintained, one",
        ),
        pytest.param(
            [school(P.GOOD, G.GOOD)] * 2,
            ["two schools maintained a good grade for overall effectiveness"],
            id="good maintained, two",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.GOOD)],
            [
                "one school was judged to be good for overall effectiveness. It improved from "
                "satisfactory"
            ],
            id="good, one improved",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.GOOD), school(P.SATISFACTORY, G.GOOD)],
            [
                "two schools were judged to be good for overall effectiveness. Both improved from "
                "satisfactory"
            ],
            id="good, both improved",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.GOOD), school(P.REQUIRES_IMPROVEMENT, G.GOOD)],
            [
                "two schools were judged to be good for overall effectiveness. One improved from "
                "satisfactory and one improved from requires improvement"
            ],
            id="good, improved from two grades",
        ),
        pytest.param(
            [school(P.OUTSTANDING, G.GOOD), school(P.GOOD, G.GOOD)],
            [
                "two schools were judged to be good for overall effectiveness. One remained good and "
                "one declined from outstanding"
            ],
            id="good, one declined",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.REQUIRES_IMPROVEMENT)],
            [
                "one school was judged to require improvement. It was judged to be satisfactory at "
                "its previous inspection, so it had not improved significantly"
            ],
            id="requires improvement, one",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.REQUIRES_IMPROVEMENT)] * 2,
            [
                "two schools were judged to require improvement. Both were judged to be satisfactory "
                "at their previous inspection, so neither had improved significantly"
            ],
            id="requires improvement, two",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.REQUIRES_IMPROVEMENT)] * 5,
            [
                "five schools were judged to require improvement. All were judged to be satisfactory "
                "at their previous inspection, so none had improved significantly"
            ],
            id="requires improvement, the reference's",
        ),
        pytest.param(
            [school(P.INADEQUATE, G.REQUIRES_IMPROVEMENT)],
            ["one school was judged to require improvement. It improved from inadequate"],
            id="requires improvement, one improved",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.INADEQUATE, category=C.SPECIAL_MEASURES)],
            [
                "one school was placed in special measures. The school has declined from a "
                "satisfactory judgement at its previous inspection."
            ],
            id="special measures, one",
        ),
        pytest.param(
            [school(P.SATISFACTORY, G.INADEQUATE, category=C.SPECIAL_MEASURES)] * 2,
            [
                "two schools were placed in special measures. Both schools have declined from a "
                "satisfactory judgement at their previous inspection."
            ],
            id="special measures, the reference's",
        ),
        pytest.param(
            [school(P.OUTSTANDING, G.INADEQUATE, category=C.SERIOUS_WEAKNESSES)] * 3,
            [
                "three schools were judged to have serious weaknesses. All three schools have "
                "declined from an outstanding judgement at their previous inspection."
            ],
            id="serious weaknesses, three",
        ),
        pytest.param(
            [school(P.INADEQUATE, G.INADEQUATE)],
            [
                "one school was judged to be inadequate. The school has remained inadequate since "
                "its previous inspection."
            ],
            id="inadequate, one remained",
        ),
        pytest.param(
            [school(P.INADEQUATE, G.INADEQUATE)] * 2,
            [
                "two schools were judged to be inadequate. Both schools have remained inadequate "
                "since their previous inspection."
            ],
            id="inadequate, two remained",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, G.INADEQUATE, category=C.SPECIAL_MEASURES)],
            ["one school was placed in special measures. It had not been inspected before."],
            id="special measures, one new",
        ),
        pytest.param(
            [school(P.NOT_PREVIOUSLY_INSPECTED, G.INADEQUATE, category=C.SPECIAL_MEASURES)] * 3,
            ["three schools were placed in special measures. None had been inspected before."],
            id="special measures, three new",
        ),
        pytest.param(
            [
                school(P.GOOD, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.SATISFACTORY, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.SATISFACTORY, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.NOT_PREVIOUSLY_INSPECTED, G.INADEQUATE, category=C.SPECIAL_MEASURES),
            ],
            [
                "four schools were placed in special measures. Two had been judged to be "
                "satisfactory and one good at their previous inspection, and one had not been "
                "inspected before."
            ],
            id="special measures, mixed",
        ),
        pytest.param(
            [
                school(P.GOOD, G.INADEQUATE, category=C.SERIOUS_WEAKNESSES),
                school(P.NOT_PREVIOUSLY_INSPECTED, G.INADEQUATE, category=C.SERIOUS_WEAKNESSES),
            ],
            [
                "two schools were judged to have serious weaknesses. One had been judged to be good "
                "at its previous inspection, and one had not been inspected before."
            ],
            id="serious weaknesses, one graded before and one new",
        ),
        pytest.param(
            [school(P.REQUIRES_IMPROVEMENT, G.REQUIRES_IMPROVEMENT)],
            ["one school was judged to require improvement. It still required improvement"],
            id="one school still requiring improvement",
        ),
        pytest.param(
            [school(P.REQUIRES_IMPROVEMENT, G.REQUIRES_IMPROVEMENT)] * 2,
            ["two schools were judged to require improvement. Both still required improvement"],
            id="two schools still requiring improvement",
        ),
        pytest.param(
            [
                school(P.SATISFACTORY, G.INADEQUATE, category=C.SPECIAL_MEASURES),
                school(P.REQUIRES_IMPROVEMENT, G.INADEQUATE, category=C.SPECIAL_MEASURES),
            ],
            [
                "two schools were placed in special measures. One had been judged to be "
                "satisfactory and one to require improvement at their previous inspection."
            ],
            id="special measures, satisfactory and requiring improvement before",
        ),
    ],
)
def test_outcome_sentences(schools: list[InspectedOutcome], expected: list[str]) -> None:
    assert bullets(schools) == expected


@pytest.mark.parametrize(
    ("inspected", "expected"),
    [
        (1, "Of the school inspected during the focused inspection week:"),
        (2, "Of the schools inspected during the focused inspection week:"),
    ],
)
def test_outcomes_lead_in(inspected: int, expected: str) -> None:
    blocks = outcomes(LetterFacts(details(), inspected=[school(P.GOOD)] * inspected))
    assert blocks[0].text == expected


@pytest.mark.parametrize(
    ("inspected", "surveyed_schools", "expected"),
    [
        pytest.param(
            1,
            0,
            "I am writing to inform you of the outcome of the school inspection carried out "
            "during the focused week for Coventry in the period 11 to 15 March 2013.",
            id="one inspection, no survey",
        ),
        pytest.param(
            11,
            11,
            "I am writing to inform you of the outcomes of the school inspections and the survey "
            "carried out during the focused week for Coventry in the period 11 to 15 March 2013.",
            id="the reference's",
        ),
    ],
)
def test_opening_sentence(inspected: int, surveyed_schools: int, expected: str) -> None:
    facts = LetterFacts(
        details(start_date=date(2013, 3, 11), end_date=date(2013, 3, 15)),
        inspected=[school(P.GOOD)] * inspected,
        surveyed=[surveyed(P.GOOD)] * surveyed_schools,
    )
    assert expected in paragraphs(facts)


@pytest.mark.parametrize(
    ("inspected", "surveyed_schools", "questions", "expected"),
    [
        pytest.param(
            1,
            1,
            1,
            "Responses to the key question asked of the school inspected during the week and the "
            "one contacted by telephone were analysed. The key findings are outlined below.",
            id="one of each",
        ),
        pytest.param(
            2,
            0,
            2,
            "Responses to the key questions asked of those schools inspected during the week were "
            "analysed. The key findings are outlined below.",
            id="no survey",
        ),
        pytest.param(
            11,
            11,
            4,
            "Responses to the key questions asked of those schools inspected during the week and "
            "those contacted by telephone were analysed. The key findings are outlined below.",
            id="the reference's",
        ),
    ],
)
def test_responses_sentence(
    inspected: int, surveyed_schools: int, questions: int, expected: str
) -> None:
    facts = LetterFacts(
        details(),
        inspected=[school(P.GOOD)] * inspected,
        surveyed=[surveyed(P.GOOD)] * surveyed_schools,
        questions=[(f"Q{i}?", ALL) for i in range(questions)],
        strengths=["S"],
    )
    assert expected in paragraphs(facts)


def test_the_evaluation_is_a_prompt_after_the_outcomes_and_blocks_printing() -> None:
    facts = LetterFacts(details(addressee_name="Mr Colin Green"), inspected=[school(P.GOOD)])
    blocks = compose_letter(facts)
    kinds = [(b.kind, b.key) for b in blocks]
    prompt = kinds.index((BlockKind.PROMPT, EVALUATION_KEY))
    assert kinds[prompt - 1][0] is BlockKind.BULLET  # after the outcomes' last bullet
    problems = unfinished(blocks)
    assert len(problems) == 1
    assert "write the paragraph after the outcomes" in problems[0]
    written = [b for b in blocks if b.kind is not BlockKind.PROMPT]
    assert unfinished(written) == []


def test_a_letter_without_an_address_is_not_ready() -> None:
    blocks = [b for b in compose_letter(LetterFacts(details())) if b.kind is not BlockKind.PROMPT]
    assert unfinished(blocks) == ["enter the addressee's name and address on the Details page"]


def test_closing_thanks_letterhead_and_default_sender() -> None:
    facts = LetterFacts(
        details(addressee_name="Mr Colin Green"),
        letterhead="Ofsted\nAviation House",
        closing="Please pass on my thanks to the headteachers.",
        sender_name="Louise Soden",
        sender_title="HMI",
    )
    blocks = compose_letter(facts)
    assert (blocks[0].kind, blocks[0].text, blocks[0].key) == (
        BlockKind.LETTERHEAD,
        "Ofsted\nAviation House",
        "letterhead",
    )
    texts = [b.text for b in blocks]
    closing = texts.index("Please pass on my thanks to the headteachers.")
    assert blocks[closing].key == CLOSING_KEY
    assert texts[closing + 1] == "Yours sincerely"
    assert texts[-1] == "Louise Soden\nHMI"
    # The inspection's own sender signs when it names one.
    own = LetterFacts(details(sender_name="Jo Bloggs"), sender_name="Louise Soden")
    assert compose_letter(own)[-1].text == "Jo Bloggs"


def test_named_blocks_leave_the_other_keys_as_they_were() -> None:
    """Rewordings are kept by key: the prompt and the closing must not renumber the paragraphs."""
    base = LetterFacts(details(), inspected=[school(P.GOOD)], strengths=["S"])
    with_closing = LetterFacts(
        details(), inspected=[school(P.GOOD)], strengths=["S"], closing="Thanks."
    )
    keys = {b.key for b in compose_letter(base)}
    assert "inspection-and-survey-outcomes/p2" in keys  # "Responses to the key questions…"
    assert keys | {CLOSING_KEY} == {b.key for b in compose_letter(with_closing)}


def test_without_a_survey_the_outcomes_heading_names_no_survey_and_keys_stay() -> None:
    inspected = [school(P.GOOD), school(P.SATISFACTORY, G.REQUIRES_IMPROVEMENT)]
    alone = compose_letter(LetterFacts(details(), inspected=inspected))
    with_survey = compose_letter(
        LetterFacts(details(), inspected=inspected, surveyed=[surveyed(P.GOOD)])
    )
    headings = [b.text for b in alone if b.kind is BlockKind.HEADING]
    assert "Inspection outcomes" in headings
    assert "Inspection and survey outcomes" not in headings
    assert "Inspection and survey outcomes" in [
        b.text for b in with_survey if b.kind is BlockKind.HEADING
    ]

    def outcome_keys(blocks: list[Block]) -> list[str]:
        return [b.key for b in blocks if "outcomes" in b.key]

    assert outcome_keys(alone) == outcome_keys(with_survey)
