"""A whole inspection as plain data, read in one go or written in one transaction.

Workbook import and export, and the example inspections, go through this: export reads a
snapshot, import builds one from a workbook and replaces the inspection with it, all or nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

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
from coventry_inspect.services import crud
from coventry_inspect.services.errors import NotFoundError
from coventry_inspect.services.inspections import authority, check_reference_free
from coventry_inspect.services.schools import upsert
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    Audited,
    Finding,
    InspectedSchool,
    Inspection,
    Judgement,
    KeyQuestion,
    Recommendation,
    Response,
    School,
    SurveyedSchool,
)


@dataclass
class InspectedRow:
    urn: str
    name: str
    phase: Phase
    previous_grade: PreviousGrade
    outcome_grade: SchoolGrade | None = None
    inadequate_category: InadequateCategory | None = None
    notes: str = ""


@dataclass
class SurveyedRow:
    urn: str
    name: str
    phase: Phase
    last_grade: PreviousGrade
    call_date: date | None = None
    notes: str = ""


@dataclass
class QuestionRow:
    number: int
    text: str
    asked_of: AskedOf = AskedOf.ALL_SCHOOLS


@dataclass
class ResponseRow:
    urn: str
    question_number: int
    respondent: Respondent
    text: str
    judgement: ResponseJudgement | None = None


@dataclass
class FindingRow:
    kind: FindingKind
    section: str
    number: int
    statement: str


@dataclass
class JudgementRow:
    number: str
    grade: LeaGrade | None = None
    no_fieldwork: bool = False
    self_evaluation_grade: LeaGrade | None = None
    previous_grade: LeaGrade | None = None
    average_grade: float | None = None


@dataclass
class RecommendationRow:
    section: str
    function: str
    text: str
    key: bool = False


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


_DETAIL_FIELDS = [
    name
    for name in Details.__dataclass_fields__
    if name not in ("authority", "la_number", "kind", "reference")
]


def read_snapshot(db: Database, inspection_id: uuid.UUID) -> InspectionSnapshot:
    """Everything recorded for one inspection, in a stable order."""
    with db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"no inspection with id {inspection_id}")
        details = Details(
            reference=inspection.reference,
            kind=inspection.kind,
            authority=inspection.local_authority.name,
            la_number=inspection.local_authority.la_number,
            **{name: getattr(inspection, name) for name in _DETAIL_FIELDS},
        )
        snapshot = InspectionSnapshot(details)

        def rows(model: type[Audited], *order: object) -> list[Audited]:
            query = select(model).where(model.inspection_id == inspection_id)  # type: ignore[attr-defined]
            return list(session.scalars(query.order_by(*order)).unique())  # type: ignore[arg-type]

        for s in rows(InspectedSchool):
            assert isinstance(s, InspectedSchool)
            snapshot.inspected.append(
                InspectedRow(
                    s.school.urn,
                    s.school.name,
                    s.phase,
                    s.previous_grade,
                    s.outcome_grade,
                    s.inadequate_category,
                    s.notes,
                )
            )
        for v in rows(SurveyedSchool):
            assert isinstance(v, SurveyedSchool)
            snapshot.surveyed.append(
                SurveyedRow(
                    v.school.urn, v.school.name, v.phase, v.last_grade, v.call_date, v.notes
                )
            )
        snapshot.inspected.sort(key=lambda r: (r.name, r.urn))
        snapshot.surveyed.sort(key=lambda r: (r.name, r.urn))
        for q in rows(KeyQuestion, KeyQuestion.number):
            assert isinstance(q, KeyQuestion)
            snapshot.questions.append(QuestionRow(q.number, q.text, q.asked_of))
        for r in rows(Response):
            assert isinstance(r, Response)
            snapshot.responses.append(
                ResponseRow(r.school.urn, r.key_question.number, r.respondent, r.text, r.judgement)
            )
        snapshot.responses.sort(
            key=lambda r: (r.urn, r.question_number, list(Respondent).index(r.respondent), r.text)
        )
        for f in rows(Finding, Finding.position, Finding.kind, Finding.section, Finding.number):
            assert isinstance(f, Finding)
            snapshot.findings.append(FindingRow(f.kind, f.section, f.number, f.statement))
        for j in rows(Judgement):
            assert isinstance(j, Judgement)
            snapshot.judgements.append(
                JudgementRow(
                    j.number,
                    j.grade,
                    j.no_fieldwork,
                    j.self_evaluation_grade,
                    j.previous_grade,
                    j.average_grade,
                )
            )
        snapshot.judgements.sort(key=lambda j: jrs.order_key(j.number))
        for c in rows(Recommendation, Recommendation.position):
            assert isinstance(c, Recommendation)
            snapshot.recommendations.append(RecommendationRow(c.section, c.function, c.text, c.key))
        return snapshot


def replace_inspection(
    db: Database, snapshot: InspectionSnapshot, *, illustrative: bool = False
) -> uuid.UUID:
    """Create the inspection, or replace the one with the same reference, in one transaction."""
    with db.session() as session:
        return write_snapshot(session, snapshot, illustrative=illustrative)


def write_snapshot(
    session: Session, snapshot: InspectionSnapshot, *, illustrative: bool = False
) -> uuid.UUID:
    details = snapshot.details
    old = session.scalar(select(Inspection).where(Inspection.reference == details.reference))
    if old is not None:
        session.delete(old)
        session.flush()
    inspection = Inspection(
        reference=details.reference,
        kind=details.kind,
        **{name: getattr(details, name) for name in _DETAIL_FIELDS},
    )
    inspection.local_authority = authority(session, details.authority, details.la_number)
    crud.validate(inspection)
    session.add(inspection)
    session.flush()
    schools: dict[str, School] = {}

    def school(urn: str, name: str, phase: Phase) -> School:
        if urn not in schools:
            found = session.scalar(select(School).where(School.urn == urn))
            schools[urn] = found or upsert(
                session, urn, name, phase=phase, illustrative=illustrative
            )
        return schools[urn]

    rows: list[Audited] = []
    for i in snapshot.inspected:
        rows.append(
            InspectedSchool(
                inspection_id=inspection.id,
                school=school(i.urn, i.name, i.phase),
                phase=i.phase,
                previous_grade=i.previous_grade,
                outcome_grade=i.outcome_grade,
                inadequate_category=i.inadequate_category,
                notes=i.notes,
            )
        )
    for s in snapshot.surveyed:
        rows.append(
            SurveyedSchool(
                inspection_id=inspection.id,
                school=school(s.urn, s.name, s.phase),
                phase=s.phase,
                last_grade=s.last_grade,
                call_date=s.call_date,
                notes=s.notes,
            )
        )
    questions = {
        q.number: KeyQuestion(
            inspection_id=inspection.id, number=q.number, text=q.text, asked_of=q.asked_of
        )
        for q in snapshot.questions
    }
    rows.extend(questions.values())
    for r in snapshot.responses:
        rows.append(
            Response(
                inspection_id=inspection.id,
                key_question=questions[r.question_number],
                school=schools[r.urn],
                respondent=r.respondent,
                text=r.text,
                judgement=r.judgement,
            )
        )
    rows.extend(
        Finding(
            inspection_id=inspection.id,
            kind=f.kind,
            section=f.section,
            number=f.number,
            statement=f.statement,
            position=position,
        )
        for position, f in enumerate(snapshot.findings, start=1)
    )
    rows.extend(
        Judgement(
            inspection_id=inspection.id,
            number=j.number,
            grade=j.grade,
            no_fieldwork=j.no_fieldwork,
            self_evaluation_grade=j.self_evaluation_grade,
            previous_grade=j.previous_grade,
            average_grade=j.average_grade,
        )
        for j in snapshot.judgements
    )
    rows.extend(
        Recommendation(
            inspection_id=inspection.id,
            section=c.section,
            function=c.function,
            text=c.text,
            key=c.key,
            position=position,
        )
        for position, c in enumerate(snapshot.recommendations, start=1)
    )
    for row in rows:
        crud.validate(row)
        session.add(row)
    session.flush()
    return inspection.id


def duplicate_inspection(db: Database, inspection_id: uuid.UUID, reference: str) -> uuid.UUID:
    """A copy of an inspection, with everything recorded for it, under a new reference."""
    snapshot = read_snapshot(db, inspection_id)
    with db.session() as session:
        check_reference_free(session, reference)
        snapshot.details.reference = reference
        return write_snapshot(session, snapshot)
