"""How a school's grade moved between its previous inspection and this one."""

from __future__ import annotations

from coventry_inspect.domain.vocabulary import Movement, PreviousGrade, SchoolGrade


def movement(previous: PreviousGrade, outcome: SchoolGrade) -> Movement:
    """Improved, maintained, declined, or new for a school never inspected before.

    Satisfactory (grade 3 before September 2012) and Requires improvement are the same level, so
    a satisfactory school now requiring improvement has *maintained* its grade.
    """
    level = previous.level
    if level is None:
        return Movement.NEW
    if outcome.value < level:
        return Movement.IMPROVED
    if outcome.value > level:
        return Movement.DECLINED
    return Movement.MAINTAINED
