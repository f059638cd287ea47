from coventry_inspect.domain.tally import InspectedOutcome, SurveyedSchoolSummary, tally
from coventry_inspect.domain.vocabulary import (
    InadequateCategory,
    Movement,
    Phase,
    PreviousGrade,
    SchoolGrade,
)


def test_tally_counts_phases_grades_movement_and_survey() -> None:
    result = tally(
        [
            InspectedOutcome(
                Phase.PRIMARY, PreviousGrade.SATISFACTORY, SchoolGrade.REQUIRES_IMPROVEMENT
            ),
            InspectedOutcome(
                Phase.PRIMARY,
                PreviousGrade.SATISFACTORY,
                SchoolGrade.INADEQUATE,
                InadequateCategory.SERIOUS_WEAKNESSES,
            ),
            InspectedOutcome(
                Phase.SPECIAL, PreviousGrade.NOT_PREVIOUSLY_INSPECTED, SchoolGrade.GOOD
            ),
            InspectedOutcome(Phase.PUPIL_REFERRAL_UNIT, PreviousGrade.GOOD, None),
        ],
        [SurveyedSchoolSummary(Phase.SECONDARY, PreviousGrade.OUTSTANDING)],
    )
    assert result.inspected == 4
    assert result.inspected_phases == {
        Phase.PRIMARY: 2,
        Phase.SPECIAL: 1,
        Phase.PUPIL_REFERRAL_UNIT: 1,
    }
    assert result.movements == {Movement.MAINTAINED: 1, Movement.DECLINED: 1, Movement.NEW: 1}
    assert result.categories == {InadequateCategory.SERIOUS_WEAKNESSES: 1}
    assert sum(result.outcomes.values()) == 3  # a school without an outcome yet is not counted
    assert (result.surveyed, result.surveyed_grades[PreviousGrade.OUTSTANDING]) == (1, 1)
