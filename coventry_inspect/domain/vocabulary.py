"""The inspection vocabulary of DESIGN §2, as enums carrying their display labels.

Stored values are the enum ``value`` (an int for grades, a short code otherwise), so renaming a
label never touches a database or a workbook column.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class LabelledEnum(Enum):
    """An enum whose members know how they read to an inspector."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> LabelledEnum:
        """The member whose label (or value) matches ``text``, ignoring case and outer spaces."""
        wanted = text.strip().casefold()
        for member in cls:
            if _LABELS[member].casefold() == wanted or str(member.value).casefold() == wanted:
                return member
        raise ValueError(f"{text!r} is not one of: {', '.join(m.label for m in cls)}")


class InspectionKind(LabelledEnum):
    FOCUSED = "focused"
    LEA = "lea"


class SchoolGrade(IntEnum):
    """Overall effectiveness under the 2012 framework."""

    OUTSTANDING = 1
    GOOD = 2
    REQUIRES_IMPROVEMENT = 3
    INADEQUATE = 4

    @property
    def label(self) -> str:
        return _SCHOOL_GRADE_LABELS[self]


class PreviousGrade(LabelledEnum):
    """A school's grade at its previous inspection, under whichever framework applied then."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    SATISFACTORY = "satisfactory"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"
    NOT_PREVIOUSLY_INSPECTED = "not_inspected"

    @property
    def level(self) -> int | None:
        """The grade level (1 best … 4 worst); Satisfactory and Requires improvement are both 3."""
        return _PREVIOUS_LEVELS[self]


class InadequateCategory(LabelledEnum):
    SERIOUS_WEAKNESSES = "serious_weaknesses"
    SPECIAL_MEASURES = "special_measures"


class Movement(LabelledEnum):
    IMPROVED = "improved"
    MAINTAINED = "maintained"
    DECLINED = "declined"
    NEW = "new"


class Phase(LabelledEnum):
    NURSERY = "nursery"
    INFANT = "infant"
    JUNIOR = "junior"
    PRIMARY = "primary"
    MIDDLE = "middle"
    SECONDARY = "secondary"
    ALL_THROUGH = "all_through"
    SPECIAL = "special"
    PUPIL_REFERRAL_UNIT = "pru"


class AskedOf(LabelledEnum):
    ALL_SCHOOLS = "all"
    SURVEYED_GOOD_AND_OUTSTANDING = "surveyed"


class Respondent(LabelledEnum):
    HEADTEACHER = "headteacher"
    CHAIR_OF_GOVERNORS = "chair_of_governors"
    GOVERNOR = "governor"
    OTHER = "other"


class ResponseJudgement(LabelledEnum):
    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"


class FindingKind(LabelledEnum):
    STRENGTH = "strength"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"


class LeaGrade(IntEnum):
    """The seven-point scale of the Judgement Recording Statements (2004)."""

    VERY_GOOD = 1
    GOOD = 2
    HIGHLY_SATISFACTORY = 3
    SATISFACTORY = 4
    UNSATISFACTORY = 5
    POOR = 6
    VERY_POOR = 7

    @property
    def label(self) -> str:
        return _LEA_GRADE_LABELS[self]

    @property
    def comparison_label(self) -> str:
        """How the grade reads for judgements compared with national averages."""
        return _COMPARISON_LABELS[self]


_PREVIOUS_LEVELS: dict[PreviousGrade, int | None] = {
    PreviousGrade.OUTSTANDING: 1,
    PreviousGrade.GOOD: 2,
    PreviousGrade.SATISFACTORY: 3,
    PreviousGrade.REQUIRES_IMPROVEMENT: 3,
    PreviousGrade.INADEQUATE: 4,
    PreviousGrade.NOT_PREVIOUSLY_INSPECTED: None,
}

_COMPARISON_LABELS: dict[LeaGrade, str] = {
    LeaGrade.VERY_GOOD: "Well above",
    LeaGrade.GOOD: "Well above",
    LeaGrade.HIGHLY_SATISFACTORY: "Above",
    LeaGrade.SATISFACTORY: "In line",
    LeaGrade.UNSATISFACTORY: "Below",
    LeaGrade.POOR: "Well below",
    LeaGrade.VERY_POOR: "Well below",
}

_LABELS: dict[Enum, str] = {
    InspectionKind.FOCUSED: "Focused inspection",
    InspectionKind.LEA: "LEA inspection",
    PreviousGrade.OUTSTANDING: "Outstanding",
    PreviousGrade.GOOD: "Good",
    PreviousGrade.SATISFACTORY: "Satisfactory",
    PreviousGrade.REQUIRES_IMPROVEMENT: "Requires improvement",
    PreviousGrade.INADEQUATE: "Inadequate",
    PreviousGrade.NOT_PREVIOUSLY_INSPECTED: "Not previously inspected",
    InadequateCategory.SERIOUS_WEAKNESSES: "Serious weaknesses",
    InadequateCategory.SPECIAL_MEASURES: "Special measures",
    Movement.IMPROVED: "improved",
    Movement.MAINTAINED: "maintained",
    Movement.DECLINED: "declined",
    Movement.NEW: "new",
    Phase.NURSERY: "Nursery",
    Phase.INFANT: "Infant",
    Phase.JUNIOR: "Junior",
    Phase.PRIMARY: "Primary",
    Phase.MIDDLE: "Middle",
    Phase.SECONDARY: "Secondary",
    Phase.ALL_THROUGH: "All-through",
    Phase.SPECIAL: "Special",
    Phase.PUPIL_REFERRAL_UNIT: "Pupil referral unit",
    AskedOf.ALL_SCHOOLS: "All schools",
    AskedOf.SURVEYED_GOOD_AND_OUTSTANDING: "Surveyed good and outstanding schools",
    Respondent.HEADTEACHER: "Headteacher",
    Respondent.CHAIR_OF_GOVERNORS: "Chair of governors",
    Respondent.GOVERNOR: "Governor",
    Respondent.OTHER: "Other",
    ResponseJudgement.POSITIVE: "Positive",
    ResponseJudgement.MIXED: "Mixed",
    ResponseJudgement.NEGATIVE: "Negative",
    FindingKind.STRENGTH: "Strength",
    FindingKind.AREA_FOR_IMPROVEMENT: "Area for improvement",
}

# IntEnum members equal (and hash as) their numbers, so each grade scale needs its own table.
_SCHOOL_GRADE_LABELS: dict[int, str] = {
    SchoolGrade.OUTSTANDING: "Outstanding",
    SchoolGrade.GOOD: "Good",
    SchoolGrade.REQUIRES_IMPROVEMENT: "Requires improvement",
    SchoolGrade.INADEQUATE: "Inadequate",
}
_LEA_GRADE_LABELS: dict[int, str] = {
    LeaGrade.VERY_GOOD: "Very good",
    LeaGrade.GOOD: "Good",
    LeaGrade.HIGHLY_SATISFACTORY: "Highly satisfactory",
    LeaGrade.SATISFACTORY: "Satisfactory",
    LeaGrade.UNSATISFACTORY: "Unsatisfactory",
    LeaGrade.POOR: "Poor",
    LeaGrade.VERY_POOR: "Very poor",
}
