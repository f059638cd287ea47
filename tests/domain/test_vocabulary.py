import pytest

from coventry_inspect.domain.vocabulary import (
    InadequateCategory,
    LeaGrade,
    Phase,
    PreviousGrade,
    Respondent,
    SchoolGrade,
)


@pytest.mark.parametrize(
    ("enum", "text", "expected"),
    [
        (Phase, "Pupil referral unit", Phase.PUPIL_REFERRAL_UNIT),
        (Phase, "  all-through ", Phase.ALL_THROUGH),
        (Phase, "pru", Phase.PUPIL_REFERRAL_UNIT),
        (PreviousGrade, "Not previously inspected", PreviousGrade.NOT_PREVIOUSLY_INSPECTED),
        (InadequateCategory, "SPECIAL MEASURES", InadequateCategory.SPECIAL_MEASURES),
        (Respondent, "Chair of governors", Respondent.CHAIR_OF_GOVERNORS),
    ],
)
def test_from_label_ignores_case_and_spaces(enum: type, text: str, expected: object) -> None:
    assert enum.from_label(text) is expected


def test_from_label_names_the_choices_when_wrong() -> None:
    with pytest.raises(ValueError, match="Nursery, Infant, Junior, Primary"):
        Phase.from_label("Kindergarten")


def test_previous_grade_levels_treat_satisfactory_as_requires_improvement() -> None:
    assert PreviousGrade.SATISFACTORY.level == PreviousGrade.REQUIRES_IMPROVEMENT.level == 3
    assert PreviousGrade.NOT_PREVIOUSLY_INSPECTED.level is None


def test_grade_labels() -> None:
    assert [g.label for g in SchoolGrade] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert [g.label for g in LeaGrade] == [
        "Very good",
        "Good",
        "Highly satisfactory",
        "Satisfactory",
        "Unsatisfactory",
        "Poor",
        "Very poor",
    ]


@pytest.mark.parametrize(
    ("grade", "reading"),
    [
        (1, "Well above"),
        (2, "Well above"),
        (3, "Above"),
        (4, "In line"),
        (5, "Below"),
        (6, "Well below"),
        (7, "Well below"),
    ],
)
def test_comparison_grades_read_against_national_averages(grade: int, reading: str) -> None:
    assert LeaGrade(grade).comparison_label == reading
