"""A focused inspection's responses counted by key question, group, respondent and judgement.

The counting is one GROUP BY over the responses; the schools still without an answer are one
query per group. A school entered both as inspected and as surveyed (the model allows it) is
counted once, as inspected: it was visited, and its responses must not be counted twice.
Responses from a school in neither group (left after it was taken off the inspection) are not
in the counts; :attr:`Analysis.ungrouped` says how many there are.

Themes (:func:`theme_counts`, :func:`responses_with_theme`) follow the same rules: a response
of a school in either group counts once; one from a school in neither is left out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import case, exists, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from coventry_inspect.domain.validation import theme_key
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    InspectionKind,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    InspectedSchool,
    Inspection,
    KeyQuestion,
    Response,
    ResponseTheme,
    School,
    SurveyedSchool,
)


class Group(Enum):
    """Schools inspected during the week, or contacted by telephone."""

    INSPECTED = "Inspected"
    SURVEYED = "Surveyed"


class Judgement(Enum):
    """A response's judgement as the analysis counts it: one with none is Not judged."""

    POSITIVE = "Positive"
    MIXED = "Mixed"
    NEGATIVE = "Negative"
    NOT_JUDGED = "Not judged"

    @classmethod
    def of(cls, judgement: ResponseJudgement | None) -> Judgement:
        return _FROM_RESPONSE[judgement]


_FROM_RESPONSE: dict[ResponseJudgement | None, Judgement] = {
    ResponseJudgement.POSITIVE: Judgement.POSITIVE,
    ResponseJudgement.MIXED: Judgement.MIXED,
    ResponseJudgement.NEGATIVE: Judgement.NEGATIVE,
    None: Judgement.NOT_JUDGED,
}


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    asked_of: AskedOf


@dataclass(frozen=True)
class Count:
    """How many responses share a question, group, respondent, judgement and outcome grade
    (``outcome`` is None for the surveyed group and for an inspected school not yet graded)."""

    question: int
    group: Group
    respondent: Respondent
    judgement: Judgement
    outcome: SchoolGrade | None
    responses: int


@dataclass(frozen=True)
class Missing:
    """A school with no response (with text) to a question asked of it."""

    urn: str
    name: str
    group: Group
    question: int


@dataclass(frozen=True)
class Analysis:
    reference: str
    questions: tuple[Question, ...]
    counts: tuple[Count, ...]
    """Sorted by question, group, respondent, judgement and outcome; only non-zero counts."""
    missing: tuple[Missing, ...]
    """Sorted by group, school name and question."""
    ungrouped: int = 0

    @property
    def total(self) -> int:
        return sum(c.responses for c in self.counts)

    def tidy(self) -> list[tuple[int, Group, Respondent, Judgement, int]]:
        """The counts summed over outcome grades: (question, group, respondent, judgement, n)."""
        sums: dict[tuple[int, Group, Respondent, Judgement], int] = {}
        for c in self.counts:
            key = (c.question, c.group, c.respondent, c.judgement)
            sums[key] = sums.get(key, 0) + c.responses
        return [(*key, n) for key, n in sorted(sums.items(), key=lambda item: _order(*item[0]))]

    def count(
        self,
        question: int | None = None,
        group: Group | None = None,
        respondent: Respondent | None = None,
        judgement: Judgement | None = None,
        outcome: SchoolGrade | None = None,
    ) -> int:
        """The responses matching every criterion given."""
        return sum(
            c.responses
            for c in self.counts
            if (question is None or c.question == question)
            and (group is None or c.group is group)
            and (respondent is None or c.respondent is respondent)
            and (judgement is None or c.judgement is judgement)
            and (outcome is None or c.outcome == outcome)
        )


_GROUPS = list(Group)
_RESPONDENTS = list(Respondent)
_JUDGEMENTS = list(Judgement)


def _order(
    question: int, group: Group, respondent: Respondent, judgement: Judgement
) -> tuple[int, int, int, int]:
    """Questions by number; groups, respondents and judgements in the vocabulary's order."""
    return (
        question,
        _GROUPS.index(group),
        _RESPONDENTS.index(respondent),
        _JUDGEMENTS.index(judgement),
    )


def analyse(db: Database, inspection_id: uuid.UUID) -> Analysis:
    """The analysis of a focused inspection's responses; an LEA inspection is refused."""
    with db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise ServiceError("the inspection no longer exists")
        if inspection.kind is not InspectionKind.FOCUSED:
            raise ServiceError(
                f"{inspection.reference} is an LEA inspection: it has no key questions "
                "or responses to analyse"
            )
        questions = tuple(
            Question(number, text, asked_of)
            for number, text, asked_of in session.execute(
                select(KeyQuestion.number, KeyQuestion.text, KeyQuestion.asked_of)
                .where(KeyQuestion.inspection_id == inspection_id)
                .order_by(KeyQuestion.number)
            )
        )
        counts, ungrouped = _counts(session, inspection_id)
        missing = _missing(session, inspection_id)
        return Analysis(inspection.reference, questions, counts, missing, ungrouped)


def _counts(session: Session, inspection_id: uuid.UUID) -> tuple[tuple[Count, ...], int]:
    inspected = (
        select(InspectedSchool.school_id, InspectedSchool.outcome_grade)
        .where(InspectedSchool.inspection_id == inspection_id)
        .subquery()
    )
    surveyed = (
        select(SurveyedSchool.school_id)
        .where(SurveyedSchool.inspection_id == inspection_id)
        .subquery()
    )
    group = case(
        (inspected.c.school_id.is_not(None), literal(Group.INSPECTED.value)),
        (surveyed.c.school_id.is_not(None), literal(Group.SURVEYED.value)),
        else_=literal(""),
    ).label("group")
    query = (
        select(
            KeyQuestion.number,
            group,
            Response.respondent,
            Response.judgement,
            inspected.c.outcome_grade,
            func.count(),
        )
        .select_from(Response)
        .join(KeyQuestion, KeyQuestion.id == Response.key_question_id)
        .outerjoin(inspected, inspected.c.school_id == Response.school_id)
        .outerjoin(surveyed, surveyed.c.school_id == Response.school_id)
        .where(Response.inspection_id == inspection_id)
        .group_by(
            KeyQuestion.number,
            group,
            Response.respondent,
            Response.judgement,
            inspected.c.outcome_grade,
        )
    )
    counts: list[Count] = []
    ungrouped = 0
    for number, group_name, respondent, judgement, outcome, n in session.execute(query):
        if not group_name:
            ungrouped += n
            continue
        counts.append(
            Count(number, Group(group_name), respondent, Judgement.of(judgement), outcome, n)
        )
    counts.sort(
        key=lambda c: (
            *_order(c.question, c.group, c.respondent, c.judgement),
            0 if c.outcome is None else int(c.outcome),
        )
    )
    return tuple(counts), ungrouped


def _missing(session: Session, inspection_id: uuid.UUID) -> tuple[Missing, ...]:
    """Schools × questions asked of them with no response that has text (as the to-do list
    counts an answer: a judgement alone is not one)."""
    answered = exists().where(
        Response.inspection_id == inspection_id,
        Response.key_question_id == KeyQuestion.id,
        Response.school_id == School.id,
        func.trim(Response.text) != "",
    )
    also_inspected = exists().where(
        InspectedSchool.inspection_id == inspection_id,
        InspectedSchool.school_id == SurveyedSchool.school_id,
    )
    found: list[Missing] = []
    for row, group, asked in (
        (InspectedSchool, Group.INSPECTED, KeyQuestion.asked_of == AskedOf.ALL_SCHOOLS),
        (SurveyedSchool, Group.SURVEYED, ~also_inspected),
    ):
        query = (
            select(School.urn, School.name, KeyQuestion.number)
            .select_from(row)
            .join(School, School.id == row.school_id)
            .join(KeyQuestion, KeyQuestion.inspection_id == inspection_id)
            .where(row.inspection_id == inspection_id, asked, ~answered)
            .order_by(School.name, School.urn, KeyQuestion.number)
        )
        found += [Missing(urn, name, group, n) for urn, name, n in session.execute(query)]
    return tuple(found)


@dataclass(frozen=True)
class ThemeCount:
    """How many responses to a question, with a judgement, are tagged with a theme."""

    theme: str
    question: int
    judgement: Judgement
    responses: int


def in_inspection(inspection_id: uuid.UUID) -> ColumnElement[bool]:
    """The response's school is inspected or surveyed in this inspection (a response of a school
    taken off it is kept, but counts for nothing)."""
    return or_(
        Response.school_id.in_(
            select(InspectedSchool.school_id).where(InspectedSchool.inspection_id == inspection_id)
        ),
        Response.school_id.in_(
            select(SurveyedSchool.school_id).where(SurveyedSchool.inspection_id == inspection_id)
        ),
    )


def theme_counts(db: Database, inspection_id: uuid.UUID) -> tuple[ThemeCount, ...]:
    """Responses per theme, question and judgement; only non-zero counts, sorted by theme
    (alphabetically, case aside), question number and judgement (Positive first)."""
    query = (
        select(ResponseTheme.theme, KeyQuestion.number, Response.judgement, func.count())
        .select_from(ResponseTheme)
        .join(Response, Response.id == ResponseTheme.response_id)
        .join(KeyQuestion, KeyQuestion.id == Response.key_question_id)
        .where(ResponseTheme.inspection_id == inspection_id, in_inspection(inspection_id))
        .group_by(ResponseTheme.theme, KeyQuestion.number, Response.judgement)
    )
    with db.session() as session:
        counts = [
            ThemeCount(theme, number, Judgement.of(judgement), n)
            for theme, number, judgement, n in session.execute(query)
        ]
    return tuple(
        sorted(
            counts,
            key=lambda c: (
                theme_key(c.theme),
                c.theme,
                c.question,
                _JUDGEMENTS.index(c.judgement),
            ),
        )
    )


def responses_with_theme(db: Database, inspection_id: uuid.UUID, theme: str) -> list[uuid.UUID]:
    """The responses tagged with ``theme`` (case and spacing aside) that :func:`theme_counts`
    counts, by school name, question number and respondent (headteacher first)."""
    query = (
        select(
            Response.id, ResponseTheme.theme, School.name, KeyQuestion.number, Response.respondent
        )
        .select_from(ResponseTheme)
        .join(Response, Response.id == ResponseTheme.response_id)
        .join(KeyQuestion, KeyQuestion.id == Response.key_question_id)
        .join(School, School.id == Response.school_id)
        .where(ResponseTheme.inspection_id == inspection_id, in_inspection(inspection_id))
    )
    wanted = theme_key(theme)
    with db.session() as session:
        rows = [row for row in session.execute(query) if theme_key(row[1]) == wanted]
    rows.sort(key=lambda row: (row[2], row[3], _RESPONDENTS.index(row[4]), str(row[0])))
    return [row[0] for row in rows]
