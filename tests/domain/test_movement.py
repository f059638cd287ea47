import pytest

from coventry_inspect.domain.movement import movement
from coventry_inspect.domain.vocabulary import Movement, PreviousGrade, SchoolGrade

P, G = PreviousGrade, SchoolGrade


@pytest.mark.parametrize(
    ("previous", "outcome", "expected"),
    [
        (P.OUTSTANDING, G.OUTSTANDING, Movement.MAINTAINED),
        (P.OUTSTANDING, G.GOOD, Movement.DECLINED),
        (P.GOOD, G.OUTSTANDING, Movement.IMPROVED),
        (P.GOOD, G.GOOD, Movement.MAINTAINED),
        (P.GOOD, G.REQUIRES_IMPROVEMENT, Movement.DECLINED),
        # Satisfactory and Requires improvement are the same level.
        (P.SATISFACTORY, G.REQUIRES_IMPROVEMENT, Movement.MAINTAINED),
        (P.REQUIRES_IMPROVEMENT, G.REQUIRES_IMPROVEMENT, Movement.MAINTAINED),
        (P.SATISFACTORY, G.GOOD, Movement.IMPROVED),
        (P.SATISFACTORY, G.INADEQUATE, Movement.DECLINED),
        (P.REQUIRES_IMPROVEMENT, G.INADEQUATE, Movement.DECLINED),
        (P.INADEQUATE, G.INADEQUATE, Movement.MAINTAINED),
        (P.INADEQUATE, G.REQUIRES_IMPROVEMENT, Movement.IMPROVED),
        (P.NOT_PREVIOUSLY_INSPECTED, G.OUTSTANDING, Movement.NEW),
        (P.NOT_PREVIOUSLY_INSPECTED, G.INADEQUATE, Movement.NEW),
    ],
)
def test_movement(previous: PreviousGrade, outcome: SchoolGrade, expected: Movement) -> None:
    assert movement(previous, outcome) is expected
