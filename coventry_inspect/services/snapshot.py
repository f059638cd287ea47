"""A whole inspection as plain data, read in one go or written in one transaction.

Workbook import and export, and the example inspections, go through this: export reads a
snapshot, import builds one from a workbook and replaces the inspection with it, all or nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    LeaGrade,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.services.errors import NotFoundError
from coventry_inspect.services.inspections import check_reference_free
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    Audited,
    Finding,
    FindingEvidence,
    InspectedSchool,
    Inspection,
    Judgement,
    KeyQuestion,
    LetterEdit,
    Recommendation,
    Response,
    ResponseTheme,
    School,
    SurveyedSchool,
)

M = TypeVar("M", bound=Audited)


@dataclass
class InspectedRow:
    urn: str
    name: str
    phase: Phase
    previous_grade: PreviousGrade
    outcome_grade: SchoolGrade | None = None
    inadequate_category: InadequateCategory | None = None
    notes: str = ""
    inspector: str = ""
    """Who in the team the school is assigned to (blank = unassigned)."""
    row_id: uuid.UUID | None = field(default=None, compare=False)
    """The stored row's id (a workbook's hidden Id): who the row is, not what it says."""
    version: int | None = field(default=None, compare=False)
    """The stored row's version when read (a workbook's hidden Version)."""


@dataclass
class SurveyedRow:
    urn: str
    name: str
    phase: Phase
    last_grade: PreviousGrade
    call_date: date | None = None
    notes: str = ""
    inspector: str = ""
    """Who in the team the school is assigned to (blank = unassigned)."""
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class QuestionRow:
    number: int
    text: str
    asked_of: AskedOf = AskedOf.ALL_SCHOOLS
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class ResponseRow:
    urn: str
    question_number: int
    respondent: Respondent
    text: str
    judgement: ResponseJudgement | None = None
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class FindingRow:
    kind: FindingKind
    section: str
    number: int
    statement: str
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class ThemeRow:
    """A response's theme. The response is the one from ``urn`` to ``question_number`` by
    ``respondent``; ``occurrence`` says which when a school gave several such (1, 2… in the
    order of the snapshot's responses)."""

    urn: str
    question_number: int
    respondent: Respondent
    theme: str
    occurrence: int = 1
    response_id: uuid.UUID | None = field(default=None, compare=False)
    """The response's stored id (a workbook's hidden Response Id): which of several it is."""
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class EvidenceRow:
    """A response that supports a finding: the finding by kind, section and number, the response
    as in :class:`ThemeRow`."""

    kind: FindingKind
    number: int
    urn: str
    question_number: int
    respondent: Respondent
    occurrence: int = 1
    section: str = ""
    response_id: uuid.UUID | None = field(default=None, compare=False)
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class JudgementRow:
    number: str
    grade: LeaGrade | None = None
    no_fieldwork: bool = False
    self_evaluation_grade: LeaGrade | None = None
    previous_grade: LeaGrade | None = None
    average_grade: float | None = None
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class RecommendationRow:
    section: str
    function: str
    text: str
    key: bool = False
    row_id: uuid.UUID | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)


@dataclass
class RewordingRow:
    """The inspector's wording of one block of the letter, and the generated text it replaced."""

    key: str
    text: str
    based_on: str


@dataclass
class InspectionSnapshot:
    details: Details
    inspected: list[InspectedRow] = field(default_factory=list)
    surveyed: list[SurveyedRow] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    responses: list[ResponseRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    judgements: list[JudgementRow] = field(default_factory=list)
    recommendations: list[RecommendationRow] = field(default_factory=list)
    rewordings: list[RewordingRow] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list)
    absent: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False)
    """Optional columns a workbook left out, as (sheet, header): "not said", not blank. A merge
    keeps this database's values for them (a missing Inspector column unassigns nobody)."""
    handout_id: uuid.UUID | None = field(default=None, compare=False)
    """Set when the snapshot was read from a workbook handed out to an inspector: merging it
    back compares each row with what it was when it left (:mod:`.merge_base`)."""


DETAIL_FIELDS = [
    name
    for name in Details.__dataclass_fields__
    if name not in ("authority", "la_number", "kind", "reference")
]


def inspected_row(s: InspectedSchool) -> InspectedRow:
    return InspectedRow(
        s.school.urn,
        s.school.name,
        s.phase,
        s.previous_grade,
        s.outcome_grade,
        s.inadequate_category,
        s.notes,
        s.inspector,
        s.id,
        s.version,
    )


def surveyed_row(v: SurveyedSchool) -> SurveyedRow:
    return SurveyedRow(
        v.school.urn,
        v.school.name,
        v.phase,
        v.last_grade,
        v.call_date,
        v.notes,
        v.inspector,
        v.id,
        v.version,
    )


def question_row(q: KeyQuestion) -> QuestionRow:
    return QuestionRow(q.number, q.text, q.asked_of, q.id, q.version)


def response_row(r: Response) -> ResponseRow:
    return ResponseRow(
        r.school.urn, r.key_question.number, r.respondent, r.text, r.judgement, r.id, r.version
    )


def finding_row(f: Finding) -> FindingRow:
    return FindingRow(f.kind, f.section, f.number, f.statement, f.id, f.version)


def judgement_row(j: Judgement) -> JudgementRow:
    return JudgementRow(
        j.number,
        j.grade,
        j.no_fieldwork,
        j.self_evaluation_grade,
        j.previous_grade,
        j.average_grade,
        j.id,
        j.version,
    )


def recommendation_row(c: Recommendation) -> RecommendationRow:
    return RecommendationRow(c.section, c.function, c.text, c.key, c.id, c.version)


def rewording_row(e: LetterEdit) -> RewordingRow:
    return RewordingRow(e.key, e.text, e.based_on)


def stored_rows(session: Session, model: type[M], inspection_id: uuid.UUID) -> list[M]:
    """One table's rows of an inspection, in the order the snapshot lists them."""
    order: tuple[Any, ...] = ()
    if model is Finding:
        order = (Finding.position, Finding.kind, Finding.section, Finding.number)
    elif model is Recommendation:
        order = (Recommendation.position,)
    elif model is KeyQuestion:
        order = (KeyQuestion.number,)
    elif model is LetterEdit:
        order = (LetterEdit.key,)
    query = select(model).where(model.inspection_id == inspection_id)  # type: ignore[attr-defined]
    return list(session.scalars(query.order_by(*order)).unique())


def snapshot_details(inspection: Inspection) -> Details:
    return Details(
        reference=inspection.reference,
        kind=inspection.kind,
        authority=inspection.local_authority.name,
        la_number=inspection.local_authority.la_number,
        **{name: getattr(inspection, name) for name in DETAIL_FIELDS},
    )


def read_snapshot(db: Database, inspection_id: uuid.UUID) -> InspectionSnapshot:
    """Everything recorded for one inspection, in a stable order."""
    with db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"no inspection with id {inspection_id}")
        return session_snapshot(session, inspection)


def session_snapshot(session: Session, inspection: Inspection) -> InspectionSnapshot:
    """:func:`read_snapshot` inside the caller's session.

    Each part is read as plain columns, not as objects: the window reads the snapshot after
    every edit, and building some 150 response objects (each with its school and question)
    cost more than the rest of the refresh together."""
    i = inspection.id

    def rows(*columns: Any, join: Any = None, where: Any, order: tuple[Any, ...] = ()) -> Any:
        query = select(*columns)
        if join is not None:
            query = query.join(join)
        return session.execute(query.where(where == i).order_by(*order))

    inspected = rows(
        School.urn,
        School.name,
        InspectedSchool.phase,
        InspectedSchool.previous_grade,
        InspectedSchool.outcome_grade,
        InspectedSchool.inadequate_category,
        InspectedSchool.notes,
        InspectedSchool.inspector,
        InspectedSchool.id,
        InspectedSchool.version,
        join=InspectedSchool.school,
        where=InspectedSchool.inspection_id,
    )
    surveyed = rows(
        School.urn,
        School.name,
        SurveyedSchool.phase,
        SurveyedSchool.last_grade,
        SurveyedSchool.call_date,
        SurveyedSchool.notes,
        SurveyedSchool.inspector,
        SurveyedSchool.id,
        SurveyedSchool.version,
        join=SurveyedSchool.school,
        where=SurveyedSchool.inspection_id,
    )
    questions = rows(
        KeyQuestion.number,
        KeyQuestion.text,
        KeyQuestion.asked_of,
        KeyQuestion.id,
        KeyQuestion.version,
        where=KeyQuestion.inspection_id,
        order=(KeyQuestion.number,),
    )
    responses = session.execute(
        select(
            School.urn,
            KeyQuestion.number,
            Response.respondent,
            Response.text,
            Response.judgement,
            Response.id,
            Response.version,
        )
        .join(Response.school)
        .join(Response.key_question)
        .where(Response.inspection_id == i)
        .order_by(Response.id)
    )
    found = rows(
        Finding.kind,
        Finding.section,
        Finding.number,
        Finding.statement,
        Finding.id,
        Finding.version,
        where=Finding.inspection_id,
        order=(Finding.position, Finding.kind, Finding.section, Finding.number),
    )
    graded = rows(
        Judgement.number,
        Judgement.grade,
        Judgement.no_fieldwork,
        Judgement.self_evaluation_grade,
        Judgement.previous_grade,
        Judgement.average_grade,
        Judgement.id,
        Judgement.version,
        where=Judgement.inspection_id,
    )
    recommended = rows(
        Recommendation.section,
        Recommendation.function,
        Recommendation.text,
        Recommendation.key,
        Recommendation.id,
        Recommendation.version,
        where=Recommendation.inspection_id,
        order=(Recommendation.position,),
    )
    reworded = rows(
        LetterEdit.key,
        LetterEdit.text,
        LetterEdit.based_on,
        where=LetterEdit.inspection_id,
        order=(LetterEdit.key,),
    )
    respondents = {respondent: n for n, respondent in enumerate(Respondent)}
    judged = {None: 0} | {judgement: n for n, judgement in enumerate(ResponseJudgement, start=1)}
    response_rows = sorted(
        (ResponseRow(*r) for r in responses),
        # Then the judgement, and responses alike in all that in the order of their ids (the
        # query's): one order on every read, so each keeps its themes.
        key=lambda r: (
            r.urn,
            r.question_number,
            respondents[r.respondent],
            r.text,
            judged[r.judgement],
        ),
    )
    finding_rows = [FindingRow(*r) for r in found]
    themes, evidence = _links(session, i, response_rows, finding_rows)
    return InspectionSnapshot(
        snapshot_details(inspection),
        inspected=sorted((InspectedRow(*r) for r in inspected), key=lambda r: (r.name, r.urn)),
        surveyed=sorted((SurveyedRow(*r) for r in surveyed), key=lambda r: (r.name, r.urn)),
        questions=[QuestionRow(*r) for r in questions],
        responses=response_rows,
        findings=finding_rows,
        judgements=sorted(
            (JudgementRow(*r) for r in graded), key=lambda j: jrs.order_key(j.number)
        ),
        recommendations=[RecommendationRow(*r) for r in recommended],
        rewordings=[RewordingRow(*r) for r in reworded],
        themes=themes,
        evidence=evidence,
    )


ResponseName = tuple[str, int, Respondent, int]
"""How a theme or an evidence link names its response: URN, question number, respondent and
occurrence (see :class:`ThemeRow`)."""


def response_names(responses: list[ResponseRow]) -> list[ResponseName]:
    """Each response as a theme or an evidence link names it, in the order given."""
    return [
        (r.urn, r.question_number, r.respondent, n)
        for r, n in zip(responses, occurrences(responses), strict=True)
    ]


def named_response(row: ThemeRow | EvidenceRow) -> ResponseName:
    """The response a theme or an evidence link names."""
    return (row.urn, row.question_number, row.respondent, row.occurrence)


def occurrences(responses: list[ResponseRow]) -> list[int]:
    """Each response's occurrence among those with its URN, question and respondent."""
    seen: dict[tuple[str, int, Respondent], int] = {}
    found = []
    for r in responses:
        key = (r.urn, r.question_number, r.respondent)
        seen[key] = seen.get(key, 0) + 1
        found.append(seen[key])
    return found


def _links(
    session: Session,
    inspection_id: uuid.UUID,
    responses: list[ResponseRow],
    findings: list[FindingRow],
) -> tuple[list[ThemeRow], list[EvidenceRow]]:
    """The themes and evidence links, naming responses and findings as the sheets do; in the
    order of their responses (and findings), themes alphabetically."""
    rank = {r.row_id: n for n, r in enumerate(responses)}
    where = dict(zip((r.row_id for r in responses), occurrences(responses), strict=True))
    finding_rank = {f.row_id: n for n, f in enumerate(findings)}
    themes = []
    for response_id, theme, row_id, version in session.execute(
        select(
            ResponseTheme.response_id, ResponseTheme.theme, ResponseTheme.id, ResponseTheme.version
        ).where(ResponseTheme.inspection_id == inspection_id)
    ):
        r = responses[rank[response_id]]
        themes.append(
            ThemeRow(
                r.urn,
                r.question_number,
                r.respondent,
                theme,
                where[response_id],
                response_id,
                row_id,
                version,
            )
        )
    themes.sort(key=lambda t: (rank[t.response_id], t.theme.casefold(), t.theme))
    evidence = []
    for finding_id, response_id, row_id, version in session.execute(
        select(
            FindingEvidence.finding_id,
            FindingEvidence.response_id,
            FindingEvidence.id,
            FindingEvidence.version,
        ).where(FindingEvidence.inspection_id == inspection_id)
    ):
        f, r = findings[finding_rank[finding_id]], responses[rank[response_id]]
        evidence.append(
            EvidenceRow(
                f.kind,
                f.number,
                r.urn,
                r.question_number,
                r.respondent,
                where[response_id],
                f.section,
                response_id,
                row_id,
                version,
            )
        )
    findings_of = {(f.kind, f.section, f.number): n for n, f in enumerate(findings)}
    evidence.sort(key=lambda e: (findings_of[e.kind, e.section, e.number], rank[e.response_id]))
    return themes, evidence


def replace_inspection(
    db: Database, snapshot: InspectionSnapshot, *, illustrative: bool = False
) -> uuid.UUID:
    """Create the inspection, or replace the one with the same reference, in one transaction.

    See :mod:`coventry_inspect.services.replacement`: the inspection and its history are kept."""
    from coventry_inspect.services.replacement import replace  # it builds on this module

    return replace(db, snapshot, illustrative=illustrative).inspection_id


def write_snapshot(
    session: Session, snapshot: InspectionSnapshot, *, illustrative: bool = False
) -> uuid.UUID:
    """:func:`replace_inspection` inside the caller's session."""
    from coventry_inspect.services.replacement import write

    return write(session, snapshot, illustrative=illustrative).inspection_id


def duplicate_inspection(db: Database, inspection_id: uuid.UUID, reference: str) -> uuid.UUID:
    """A copy of an inspection, with everything recorded for it, under a new reference."""
    snapshot = read_snapshot(db, inspection_id)
    with db.session() as session:
        check_reference_free(session, reference)
        snapshot.details.reference = reference
        return write_snapshot(session, snapshot)
