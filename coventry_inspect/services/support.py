"""The responses that support each finding: links made and taken away, and how each finding
stands (see :mod:`coventry_inspect.domain.support`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from coventry_inspect.domain.support import Support
from coventry_inspect.domain.vocabulary import Respondent
from coventry_inspect.services import crud
from coventry_inspect.services.analysis import in_inspection
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import (
    Audited,
    Finding,
    FindingEvidence,
    Response,
    ResponseTheme,
)


def link(db: Database, finding_id: uuid.UUID, response_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """Link responses to a finding as its evidence; returns those not linked before. A response
    of another inspection is refused and nothing is linked."""
    linked: list[uuid.UUID] = []
    with db.session() as session:
        finding = crud.load(session, Finding, finding_id)
        already = set(
            session.scalars(
                select(FindingEvidence.response_id).where(FindingEvidence.finding_id == finding_id)
            )
        )
        for response in crud.load_many(session, Response, response_ids):
            if response.inspection_id != finding.inspection_id:
                raise ServiceError(
                    "a finding can only be supported by its own inspection's responses"
                )
            if response.id in already:
                continue
            session.add(
                FindingEvidence(
                    inspection_id=finding.inspection_id,
                    finding_id=finding_id,
                    response_id=response.id,
                )
            )
            linked.append(response.id)
        session.flush()
    return linked


def unlink(
    db: Database, finding_id: uuid.UUID, response_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """Take responses off a finding's evidence; returns those that were linked."""
    wanted = set(response_ids)
    unlinked: list[uuid.UUID] = []
    with db.session() as session:
        for row in session.scalars(
            select(FindingEvidence).where(FindingEvidence.finding_id == finding_id)
        ):
            if row.response_id in wanted:
                unlinked.append(row.response_id)
                session.delete(row)
    return unlinked


def supporting(db: Database, finding_id: uuid.UUID) -> list[Response]:
    """A finding's supporting responses (of schools still in the inspection), by school name,
    question number and respondent (in the vocabulary's order: headteacher first)."""
    with db.session() as session:
        finding = crud.load(session, Finding, finding_id)
        query = (
            select(Response)
            .join(FindingEvidence, FindingEvidence.response_id == Response.id)
            .join(Response.key_question)
            .join(Response.school)
            .where(FindingEvidence.finding_id == finding_id)
            .where(in_inspection(finding.inspection_id))
        )
        found = list(session.scalars(query).unique())
    order = list(Respondent)
    return sorted(
        found,
        key=lambda r: (r.school.name, r.key_question.number, order.index(r.respondent)),
    )


def links_of(db: Database, inspection_id: uuid.UUID) -> dict[uuid.UUID, list[Finding]]:
    """Each linked response's findings, in the order the inspection lists them (one query for
    the whole inspection: the responses panel reads it once per refresh)."""
    found: dict[uuid.UUID, list[Finding]] = {}
    with db.session() as session:
        query = (
            select(FindingEvidence.response_id, Finding)
            .join(Finding, Finding.id == FindingEvidence.finding_id)
            .where(FindingEvidence.inspection_id == inspection_id)
            .order_by(Finding.position, Finding.number)
        )
        for response_id, finding in session.execute(query):
            found.setdefault(response_id, []).append(finding)
    return found


def support_by_finding(db: Database, inspection_id: uuid.UUID) -> dict[uuid.UUID, Support]:
    """How every finding of the inspection is supported (a finding with no link: all zeros).
    A response of a school taken off the inspection supports nothing, as the analysis does not
    count it; its link is kept, for the school put back."""
    with db.session() as session:
        findings = session.scalars(select(Finding.id).where(Finding.inspection_id == inspection_id))
        pairs: dict[uuid.UUID, list[tuple[object, Any]]] = {f: [] for f in findings}
        for finding_id, school_id, judgement in session.execute(
            select(FindingEvidence.finding_id, Response.school_id, Response.judgement)
            .join(Response, Response.id == FindingEvidence.response_id)
            .where(FindingEvidence.inspection_id == inspection_id, in_inspection(inspection_id))
        ):
            pairs.setdefault(finding_id, []).append((school_id, judgement))
    return {finding_id: Support.of(linked) for finding_id, linked in pairs.items()}


def attached(
    db: Database,
    response_ids: Sequence[uuid.UUID] = (),
    finding_ids: Sequence[uuid.UUID] = (),
) -> list[tuple[type[Audited], dict[str, Any]]]:
    """The theme and evidence rows that deleting these responses or findings takes with them
    (ON DELETE CASCADE), as :func:`crud.row_values`, for an undo to :func:`crud.restore`."""
    responses, findings = list(response_ids), list(finding_ids)
    rows: list[tuple[type[Audited], dict[str, Any]]] = []
    with db.session() as session:
        if responses:
            rows += [
                (ResponseTheme, crud.row_values(row))
                for row in session.scalars(
                    select(ResponseTheme).where(ResponseTheme.response_id.in_(responses))
                )
            ]
        evidence = session.scalars(
            select(FindingEvidence).where(
                FindingEvidence.response_id.in_(responses)
                | FindingEvidence.finding_id.in_(findings)
            )
        )
        rows += [(FindingEvidence, crud.row_values(row)) for row in evidence]
    return rows
