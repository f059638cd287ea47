"""Domain rules. Each returns a list of problems instead of raising, so a form or an import can
show every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coventry_inspect.domain.vocabulary import InadequateCategory, PreviousGrade, SchoolGrade

_URN = re.compile(r"[0-9]{6}")
"""Six ASCII digits: ``\\d`` would also take full-width and other scripts' digits."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the field it concerns and a sentence an inspector can act on."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def check_urn(urn: str) -> list[Problem]:
    if _URN.fullmatch(urn):
        return []
    return [Problem("URN", f"{urn!r} is not a URN; a URN is six digits 0-9")]


def check_school_grade(value: int | None, field: str = "Outcome grade") -> list[Problem]:
    if value is None or value in {g.value for g in SchoolGrade}:
        return []
    return [Problem(field, f"a school grade is 1 to 4, not {value}")]


def check_lea_grade(value: int | None, field: str = "Grade") -> list[Problem]:
    if value is None or 1 <= value <= 7:
        return []
    return [Problem(field, f"a judgement grade is 1 to 7, not {value}")]


def check_average_grade(value: float | None, field: str = "Average grade") -> list[Problem]:
    if value is None or 1.0 <= value <= 7.0:
        return []
    return [Problem(field, f"an average grade lies between 1 and 7, not {value}")]


def check_inadequate_category(
    outcome: SchoolGrade | None, category: InadequateCategory | None
) -> list[Problem]:
    """A category is required when, and only when, the outcome is Inadequate."""
    if outcome == SchoolGrade.INADEQUATE and category is None:
        return [
            Problem(
                "Inadequate category",
                "an Inadequate outcome needs a category: Serious weaknesses or Special measures",
            )
        ]
    if outcome != SchoolGrade.INADEQUATE and category is not None:
        return [Problem("Inadequate category", f"{category.label} needs an Inadequate outcome")]
    return []


def check_surveyed_grade(last_grade: PreviousGrade) -> list[Problem]:
    """The telephone survey samples good and outstanding schools only."""
    if last_grade in (PreviousGrade.OUTSTANDING, PreviousGrade.GOOD):
        return []
    return [
        Problem(
            "Grade at last inspection",
            f"surveyed schools were good or outstanding at their last inspection, "
            f"not {last_grade.label.lower()}",
        )
    ]


def check_dates_in_order(
    start: date | None, end: date | None, letter: date | None = None
) -> list[Problem]:
    """The inspection ends on or after it starts; the letter is written after it ends."""
    problems: list[Problem] = []
    if start and end and end < start:
        problems.append(Problem("End date", f"the end date {end} is before the start date {start}"))
    last_day = end or start
    if letter and last_day and letter < last_day:
        problems.append(
            Problem("Letter date", f"the letter date {letter} is before the inspection ended")
        )
    return problems


def check_inspected_school(
    urn: str, outcome: SchoolGrade | None, category: InadequateCategory | None
) -> list[Problem]:
    return [*check_urn(urn), *check_inadequate_category(outcome, category)]


def check_surveyed_school(urn: str, last_grade: PreviousGrade) -> list[Problem]:
    return [*check_urn(urn), *check_surveyed_grade(last_grade)]


def check_required_text(value: str | None, field: str) -> list[Problem]:
    if value and value.strip():
        return []
    return [Problem(field, f"{field} is required")]


def normalise_theme(theme: str) -> str:
    """Outer spaces trimmed and inner runs of white space made one space."""
    return " ".join(theme.split())


def theme_key(theme: str) -> str:
    """What makes two spellings one theme: case and spacing aside."""
    return normalise_theme(theme).casefold()


THEME_SEPARATORS = ",;"
"""What separates themes typed in one field: never part of a theme."""


def check_theme(theme: str) -> list[Problem]:
    """A theme has words, and no comma or semicolon (typed in a list, it would fall apart into
    several themes at the next edit)."""
    if not theme.strip():
        return [Problem("Theme", "a theme needs some words")]
    if any(mark in theme for mark in THEME_SEPARATORS):
        return [
            Problem(
                "Theme",
                f"“{theme}” holds a comma or semicolon, which separate themes: "
                "give each theme on its own",
            )
        ]
    return []
