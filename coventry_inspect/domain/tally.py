"""Counts an inspection's outcomes the way the letter reports them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from coventry_inspect.domain.movement import movement
from coventry_inspect.domain.vocabulary import (
    InadequateCategory,
    Movement,
    Phase,
    PreviousGrade,
    SchoolGrade,
)


@dataclass(frozen=True)
class InspectedOutcome:
    phase: Phase
    previous: PreviousGrade
    outcome: SchoolGrade | None
    category: InadequateCategory | None = None


@dataclass(frozen=True)
class SurveyedSchoolSummary:
    phase: Phase
    last_grade: PreviousGrade


@dataclass
class Tally:
    """Counts by phase, previous grade, outcome, category and movement."""

    inspected: int = 0
    inspected_phases: Counter[Phase] = field(default_factory=Counter)
    previous: Counter[PreviousGrade] = field(default_factory=Counter)
    outcomes: Counter[SchoolGrade] = field(default_factory=Counter)
    categories: Counter[InadequateCategory] = field(default_factory=Counter)
    movements: Counter[Movement] = field(default_factory=Counter)
    surveyed: int = 0
    surveyed_phases: Counter[Phase] = field(default_factory=Counter)
    surveyed_grades: Counter[PreviousGrade] = field(default_factory=Counter)


def tally(
    inspected: Iterable[InspectedOutcome], surveyed: Iterable[SurveyedSchoolSummary] = ()
) -> Tally:
    result = Tally()
    for school in inspected:
        result.inspected += 1
        result.inspected_phases[school.phase] += 1
        result.previous[school.previous] += 1
        if school.outcome is not None:
            result.outcomes[school.outcome] += 1
            result.movements[movement(school.previous, school.outcome)] += 1
        if school.category is not None:
            result.categories[school.category] += 1
    for surveyed_school in surveyed:
        result.surveyed += 1
        result.surveyed_phases[surveyed_school.phase] += 1
        result.surveyed_grades[surveyed_school.last_grade] += 1
    return result
