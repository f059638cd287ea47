"""A focused inspection's evidence: inspected and surveyed schools, key questions, responses."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import (
    Problem,
    check_inadequate_category,
    check_inspected_school,
    check_required_text,
    check_school_grade,
    check_surveyed_grade,
    check_surveyed_school,
)
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.services import crud
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.services.schools import upsert
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    InspectedSchool,
    KeyQuestion,
    Response,
    School,
    SurveyedSchool,
)

crud.register_validator(
    InspectedSchool,
    lambda s: [
        *check_school_grade(s.outcome_grade),
        *check_inadequate_category(s.outcome_grade, s.inadequate_category),
    ],
)
crud.register_validator(SurveyedSchool, lambda s: check_surveyed_grade(s.last_grade))


def _check_key_question(question: KeyQuestion) -> list[Problem]:
    problems = check_required_text(question.text, "Question")
    if question.number < 1:
        problems.append(Problem("No", f"question numbers start at 1, not {question.number}"))
    return problems


crud.register_validator(KeyQuestion, _check_key_question)


def _trim_inspector(fields: dict[str, Any]) -> dict[str, Any]:
    """An inspector's name is stored without surrounding spaces, so one name is one person."""
    if isinstance(fields.get("inspector"), str):
        fields = {**fields, "inspector": fields["inspector"].strip()}
    return fields


def inspector_names(db: Database, inspection_id: uuid.UUID | None = None) -> list[str]:
    """The names schools are assigned to (in one inspection, or anywhere in the database),
    most used first, then alphabetically: what an Inspector cell offers as you type."""
    assigned = union_all(
        select(InspectedSchool.inspector.label("name"), InspectedSchool.inspection_id),
        select(SurveyedSchool.inspector.label("name"), SurveyedSchool.inspection_id),
    ).subquery()
    count = func.count().label("uses")
    query = select(assigned.c.name, count).where(assigned.c.name != "")
    if inspection_id is not None:
        query = query.where(assigned.c.inspection_id == inspection_id)
    query = query.group_by(assigned.c.name).order_by(count.desc(), assigned.c.name)
    with db.session() as session:
        return [name for name, _ in session.execute(query)]


def add_inspected_school(
    db: Database,
    inspection_id: uuid.UUID,
    urn: str,
    name: str,
    phase: Phase,
    previous_grade: PreviousGrade,
    **fields: Any,
) -> InspectedSchool:
    """Add a school to the inspection (entering it in the register if it is new); ``fields``
    may give its outcome, category, notes and ``inspector`` (who it is assigned to)."""
    fields = _trim_inspector(fields)
    problems = check_inspected_school(
        urn, fields.get("outcome_grade"), fields.get("inadequate_category")
    )
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        school = upsert_in_register(session, urn, name, phase)
        row = InspectedSchool(
            inspection_id=inspection_id,
            school=school,
            phase=phase,
            previous_grade=previous_grade,
            **fields,
        )
        crud.validate(row)
        session.add(row)
        session.flush()
        session.refresh(row)
        return row


def add_surveyed_school(
    db: Database,
    inspection_id: uuid.UUID,
    urn: str,
    name: str,
    phase: Phase,
    last_grade: PreviousGrade,
    **fields: Any,
) -> SurveyedSchool:
    fields = _trim_inspector(fields)
    problems = check_surveyed_school(urn, last_grade)
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        school = upsert_in_register(session, urn, name, phase)
        row = SurveyedSchool(
            inspection_id=inspection_id, school=school, phase=phase, last_grade=last_grade, **fields
        )
        session.add(row)
        session.flush()
        session.refresh(row)
        return row


def upsert_in_register(session: Session, urn: str, name: str, phase: Phase) -> School:
    """Register the school if new; an existing entry keeps its register details."""
    existing = session.scalar(select(School).where(School.urn == urn.strip()))
    if existing is not None:
        return existing
    return upsert(session, urn, name, phase=phase)


def list_inspected_schools(db: Database, inspection_id: uuid.UUID) -> list[InspectedSchool]:
    with db.session() as session:
        query = (
            select(InspectedSchool)
            .join(InspectedSchool.school)
            .where(InspectedSchool.inspection_id == inspection_id)
            .order_by(School.name)
        )
        return list(session.scalars(query).unique())


def list_surveyed_schools(db: Database, inspection_id: uuid.UUID) -> list[SurveyedSchool]:
    with db.session() as session:
        query = (
            select(SurveyedSchool)
            .join(SurveyedSchool.school)
            .where(SurveyedSchool.inspection_id == inspection_id)
            .order_by(School.name)
        )
        return list(session.scalars(query).unique())


def update_inspected_school(db: Database, row_id: uuid.UUID, **changes: Any) -> InspectedSchool:
    return crud.update(db, InspectedSchool, row_id, _trim_inspector(changes))


def update_surveyed_school(db: Database, row_id: uuid.UUID, **changes: Any) -> SurveyedSchool:
    return crud.update(db, SurveyedSchool, row_id, _trim_inspector(changes))


def delete_inspected_school(db: Database, row_id: uuid.UUID) -> None:
    crud.delete(db, InspectedSchool, row_id)


def delete_surveyed_school(db: Database, row_id: uuid.UUID) -> None:
    crud.delete(db, SurveyedSchool, row_id)


def add_key_question(
    db: Database,
    inspection_id: uuid.UUID,
    text: str,
    asked_of: AskedOf = AskedOf.ALL_SCHOOLS,
    number: int | None = None,
) -> KeyQuestion:
    """Add a key question, numbered after the last one unless ``number`` is given."""
    with db.session() as session:
        if number is None:
            last = session.scalar(
                select(func.max(KeyQuestion.number)).where(
                    KeyQuestion.inspection_id == inspection_id
                )
            )
            number = (last or 0) + 1
        question = KeyQuestion(
            inspection_id=inspection_id, number=number, text=text, asked_of=asked_of
        )
        crud.validate(question)
        session.add(question)
        session.flush()
        session.refresh(question)
        return question


def list_key_questions(db: Database, inspection_id: uuid.UUID) -> list[KeyQuestion]:
    return crud.list_for_inspection(db, KeyQuestion, inspection_id, KeyQuestion.number)


def update_key_question(db: Database, question_id: uuid.UUID, **changes: Any) -> KeyQuestion:
    return crud.update(db, KeyQuestion, question_id, changes)


def delete_key_question(db: Database, question_id: uuid.UUID) -> None:
    """Delete a key question and the responses to it."""
    crud.delete(db, KeyQuestion, question_id)


def add_response(
    db: Database,
    key_question_id: uuid.UUID,
    school_id: uuid.UUID,
    respondent: Respondent,
    text: str,
    judgement: ResponseJudgement | None = None,
) -> Response:
    with db.session() as session:
        question = crud.load(session, KeyQuestion, key_question_id)
        crud.load(session, School, school_id)
        response = Response(
            inspection_id=question.inspection_id,
            key_question_id=key_question_id,
            school_id=school_id,
            respondent=respondent,
            text=text,
            judgement=judgement,
        )
        session.add(response)
        session.flush()
        session.refresh(response)
        return response


def list_responses(db: Database, inspection_id: uuid.UUID) -> list[Response]:
    with db.session() as session:
        query = (
            select(Response)
            .join(Response.key_question)
            .join(Response.school)
            .where(Response.inspection_id == inspection_id)
            .order_by(School.name, KeyQuestion.number, Response.respondent)
        )
        return list(session.scalars(query).unique())


def update_response(db: Database, response_id: uuid.UUID, **changes: Any) -> Response:
    return crud.update(db, Response, response_id, changes)


def delete_response(db: Database, response_id: uuid.UUID) -> None:
    crud.delete(db, Response, response_id)
