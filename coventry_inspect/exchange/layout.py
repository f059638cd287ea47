"""The workbook contract of DESIGN §4: sheet names, columns and the values they accept."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    InspectionKind,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)

MAX_CELL_TEXT = 32_767
"""The most characters an Excel cell holds: longer text is refused, never cut."""

LETTER = "Letter"
INSPECTION = "Inspection"
SCHOOLS_INSPECTED = "Schools inspected"
TELEPHONE_SURVEY = "Telephone survey"
KEY_QUESTIONS = "Key questions"
RESPONSES = "Responses"
FINDINGS = "Findings"
JUDGEMENTS = "Judgements"
RECOMMENDATIONS = "Recommendations"
THEMES = "Themes"
EVIDENCE = "Evidence"

INSPECTION_FIELDS = (
    "Reference",
    "Kind",
    "Local authority",
    "LA number",
    "Start date",
    "End date",
    "Letter date",
    "Meeting date",
    "Sender name",
    "Sender title",
    "Addressee name",
    "Addressee title",
    "Addressee address",
    "Copy to",
    "Summary",
)
DATE_FIELDS = ("Start date", "End date", "Letter date", "Meeting date")
INSPECTION_STORED = {
    "Reference": "inspection.reference",
    "Local authority": "local_authority.name",
    "LA number": "local_authority.la_number",
    "Sender name": "inspection.sender_name",
    "Sender title": "inspection.sender_title",
    "Addressee name": "inspection.addressee_name",
    "Addressee title": "inspection.addressee_title",
}
"""The Inspection sheet's fields whose stored column has a length limit."""


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    choices: tuple[str, ...] = ()
    """Values offered by a drop-down list; empty for free entry."""
    kind: str = "text"
    """text, date, integer, number or grade: how the writer formats the cell."""
    required: bool = True
    """Whether the column must be present in an imported sheet: only those DESIGN §4 names as
    optional may be left out, so a deleted or renamed column is never read as blank."""
    stored: str = ""
    """The model column (``table.column``) its text is stored in, whose length limits it."""
    hidden: bool = False
    """Written hidden (header present): bookkeeping a person need not see, such as row ids."""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    kinds: tuple[InspectionKind, ...] = field(default=(InspectionKind.FOCUSED, InspectionKind.LEA))
    optional: bool = False
    """Whether a workbook may leave the sheet out (absent = no rows): only those DESIGN §4
    names as optional, so that workbooks written before them still import."""


def labels(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(getattr(member, "label", member.value)) for member in enum)


GRADE_1_TO_7 = tuple(str(n) for n in range(1, 8))
ID = "Id"
VERSION = "Version"
ROW_IDENTITY = (
    Column(ID, 38, kind="id", required=False, hidden=True),
    Column(VERSION, 9, kind="integer", required=False, hidden=True),
)
"""Every data sheet ends with these, hidden: the stored row's id and version when it was
exported, so a workbook handed out and filled in elsewhere can be merged back (DESIGN §4).
Absent or blank means a new row."""
RESPONSE_ID = "Response Id"
RESPONSE_OF_ROW = (
    Column("URN", 10, stored="school.urn"),
    Column("Question No", 12, kind="integer"),
    Column("Respondent", 20, labels(Respondent)),
)
"""How the Themes and Evidence sheets name a response, as the Responses sheet does."""
RESPONSE_IDENTITY = Column(RESPONSE_ID, 38, kind="id", required=False, hidden=True)
"""Which response is meant when a school gave several with the same URN, question No and
respondent: the Id of its row on the Responses sheet (hidden; blank or absent otherwise)."""
HANDOUT = "Hand-out"
"""An optional Inspection field (its row hidden): the id of the hand-out the workbook is."""
FOCUSED = (InspectionKind.FOCUSED,)
LEA = (InspectionKind.LEA,)

DATA_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        SCHOOLS_INSPECTED,
        (
            Column("URN", 10, stored="school.urn"),
            Column("School", 40, stored="school.name"),
            Column("Phase", 20, labels(Phase)),
            Column("Previous grade", 24, labels(PreviousGrade)),
            Column("Outcome grade", 22, labels(SchoolGrade)),
            Column("Inadequate category", 20, labels(InadequateCategory)),
            Column("Notes", 50),
            Column("Inspector", 20, required=False, stored="inspected_school.inspector"),
            *ROW_IDENTITY,
        ),
        FOCUSED,
    ),
    Sheet(
        TELEPHONE_SURVEY,
        (
            Column("URN", 10, stored="school.urn"),
            Column("School", 40, stored="school.name"),
            Column("Phase", 20, labels(Phase)),
            Column(
                "Grade at last inspection",
                24,
                (PreviousGrade.OUTSTANDING.label, PreviousGrade.GOOD.label),
            ),
            Column("Call date", 16, kind="date"),
            Column("Notes", 50),
            Column("Inspector", 20, required=False, stored="surveyed_school.inspector"),
            *ROW_IDENTITY,
        ),
        FOCUSED,
    ),
    Sheet(
        KEY_QUESTIONS,
        (
            Column("No", 6, kind="integer"),
            Column("Question", 80),
            Column("Asked of", 36, labels(AskedOf)),
            *ROW_IDENTITY,
        ),
        FOCUSED,
    ),
    Sheet(
        RESPONSES,
        (
            Column("URN", 10, stored="school.urn"),
            Column("Question No", 12, kind="integer"),
            Column("Respondent", 20, labels(Respondent)),
            Column("Response", 80),
            Column("Judgement", 14, labels(ResponseJudgement)),
            *ROW_IDENTITY,
        ),
        FOCUSED,
    ),
    Sheet(
        FINDINGS,
        (
            Column("Kind", 22, labels(FindingKind)),
            Column("Section", 36, stored="finding.section"),
            Column("No", 6, kind="integer"),
            Column("Statement", 90),
            *ROW_IDENTITY,
        ),
    ),
    Sheet(
        THEMES,
        (
            *RESPONSE_OF_ROW,
            Column("Theme", 30, stored="response_theme.theme"),
            RESPONSE_IDENTITY,
            *ROW_IDENTITY,
        ),
        FOCUSED,
        optional=True,
    ),
    Sheet(
        EVIDENCE,
        (
            Column("Kind", 22, labels(FindingKind)),
            Column("No", 6, kind="integer"),
            *RESPONSE_OF_ROW,
            RESPONSE_IDENTITY,
            *ROW_IDENTITY,
        ),
        FOCUSED,
        optional=True,
    ),
    Sheet(
        JUDGEMENTS,
        (
            Column("No", 7, stored="judgement.number"),
            Column("Section", 36),
            Column("Required inspection judgement", 70),
            Column("Grade", 8, GRADE_1_TO_7, kind="integer"),
            Column("Fieldwork", 10, ("NF",)),
            Column("Self-evaluation grade", 12, GRADE_1_TO_7, kind="integer"),
            Column("Previous grade", 10, GRADE_1_TO_7, kind="integer"),
            Column("Average grade", 10, kind="number"),
            *ROW_IDENTITY,
        ),
        LEA,
    ),
    Sheet(
        RECOMMENDATIONS,
        (
            Column("Section", 36, stored="recommendation.section"),
            Column("Function", 40, stored="recommendation.function"),
            Column("Recommendation", 90),
            Column("Key", 8, ("Yes", "No")),
            *ROW_IDENTITY,
        ),
        LEA,
    ),
)


def normalise(header: object) -> str:
    """Headers and sheet names match ignoring case and surrounding spaces."""
    return " ".join(str(header).split()).casefold() if header is not None else ""
