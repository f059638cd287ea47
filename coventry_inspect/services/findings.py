"""Strengths, areas for improvement and recommendations."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from coventry_inspect.domain.validation import check_required_text
from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.services import crud
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Finding, Recommendation

crud.register_validator(Finding, lambda f: check_required_text(f.statement, "Statement"))
crud.register_validator(Recommendation, lambda r: check_required_text(r.text, "Recommendation"))


def add_finding(
    db: Database,
    inspection_id: uuid.UUID,
    kind: FindingKind,
    statement: str,
    section: str = "",
    number: int | None = None,
) -> Finding:
    """Add a finding, numbered after the last of its kind and section unless ``number`` is given."""
    with db.session() as session:
        if number is None:
            last = session.scalar(
                select(func.max(Finding.number)).where(
                    Finding.inspection_id == inspection_id,
                    Finding.kind == kind,
                    Finding.section == section,
                )
            )
            number = (last or 0) + 1
        position = session.scalar(
            select(func.max(Finding.position)).where(Finding.inspection_id == inspection_id)
        )
        finding = Finding(
            position=(position or 0) + 1,
            inspection_id=inspection_id,
            kind=kind,
            statement=statement,
            section=section,
            number=number,
        )
        crud.validate(finding)
        session.add(finding)
        session.flush()
        session.refresh(finding)
        return finding


def list_findings(
    db: Database, inspection_id: uuid.UUID, kind: FindingKind | None = None
) -> list[Finding]:
    findings = crud.list_for_inspection(
        db, Finding, inspection_id, Finding.position, Finding.kind, Finding.section, Finding.number
    )
    return [f for f in findings if kind is None or f.kind is kind]


def update_finding(db: Database, finding_id: uuid.UUID, **changes: Any) -> Finding:
    return crud.update(db, Finding, finding_id, changes)


def delete_finding(db: Database, finding_id: uuid.UUID) -> None:
    crud.delete(db, Finding, finding_id)


def add_recommendation(
    db: Database,
    inspection_id: uuid.UUID,
    text: str,
    section: str = "",
    function: str = "",
    key: bool = False,
) -> Recommendation:
    with db.session() as session:
        last = session.scalar(
            select(func.max(Recommendation.position)).where(
                Recommendation.inspection_id == inspection_id
            )
        )
        recommendation = Recommendation(
            inspection_id=inspection_id,
            text=text,
            section=section,
            function=function,
            key=key,
            position=(last or 0) + 1,
        )
        crud.validate(recommendation)
        session.add(recommendation)
        session.flush()
        session.refresh(recommendation)
        return recommendation


def list_recommendations(db: Database, inspection_id: uuid.UUID) -> list[Recommendation]:
    return crud.list_for_inspection(
        db, Recommendation, inspection_id, Recommendation.key.desc(), Recommendation.position
    )


def update_recommendation(
    db: Database, recommendation_id: uuid.UUID, **changes: Any
) -> Recommendation:
    return crud.update(db, Recommendation, recommendation_id, changes)


def delete_recommendation(db: Database, recommendation_id: uuid.UUID) -> None:
    crud.delete(db, Recommendation, recommendation_id)
