"""Handing schools out to one inspector: the part of an inspection they take away to fill in.

A hand-out holds the inspection's details, the chosen schools (inspected and surveyed), every
key question, those schools' responses with their themes, the findings with the evidence links
to those responses, and nothing of the other schools. It
is recorded (a :class:`Handout` row, and each row's merge base under the hand-out's id) in the
same transaction as the file is written: if the file cannot be written, nothing is recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coventry_inspect.domain.vocabulary import InspectionKind
from coventry_inspect.services import merge_base
from coventry_inspect.services.errors import NotFoundError, ServiceError
from coventry_inspect.services.snapshot import (
    InspectedRow,
    InspectionSnapshot,
    SurveyedRow,
    session_snapshot,
)
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Handout, Inspection


@dataclass(frozen=True)
class Choice:
    """Which schools to hand out: those assigned to ``inspector`` (case and spaces ignored),
    or those with the given URNs. Exactly one of the two is given."""

    inspector: str = ""
    urns: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandedOut:
    handout_id: uuid.UUID
    inspected: int
    surveyed: int
    responses: int
    recipient: str
    """Who it is for, as a sentence ends: "Ann Example" or "schools 990001, 990002"."""

    def summary(self) -> str:
        return (
            f"{_count(self.inspected, 'school')} inspected, {self.surveyed} surveyed, "
            f"{_count(self.responses, 'response')} for {self.recipient}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def name_key(name: str) -> str:
    """Names match ignoring case and spaces ("j smith" is "J  Smith")."""
    return "".join(name.split()).casefold()


def select_schools(snapshot: InspectionSnapshot, choice: Choice) -> tuple[InspectionSnapshot, str]:
    """The hand-out's part of ``snapshot`` and who it is for; an unknown name or URN is a
    :class:`NotFoundError` naming what exists."""
    reference = snapshot.details.reference
    if snapshot.details.kind is not InspectionKind.FOCUSED:
        raise ServiceError(f"{reference} is an LEA inspection: it has no schools to hand out")
    if bool(choice.inspector.strip()) == bool(choice.urns):
        raise ServiceError("name an inspector or some schools to hand out, not both")
    schools: list[InspectedRow | SurveyedRow] = [*snapshot.inspected, *snapshot.surveyed]
    if choice.inspector.strip():
        wanted = name_key(choice.inspector)
        chosen = {s.urn for s in schools if s.inspector and name_key(s.inspector) == wanted}
        if not chosen:
            names = sorted({s.inspector for s in schools if s.inspector}, key=str.casefold)
            raise NotFoundError(
                f'no school of {reference} is assigned to "{choice.inspector.strip()}"; '
                + (
                    f"the inspectors are {', '.join(names)}"
                    if names
                    else "no school is assigned to anyone yet (fill in the Inspector column)"
                )
            )
        recipient = next(s.inspector for s in schools if s.urn in chosen)
    else:
        known = {s.urn for s in schools}
        urns = [urn.strip() for urn in choice.urns]
        unknown = [urn for urn in urns if urn not in known]
        if unknown:
            raise NotFoundError(
                f"{_list('URN', unknown)} {'is' if len(unknown) == 1 else 'are'} not among the "
                f"schools of {reference}; they are {', '.join(sorted(known)) or 'none yet'}"
            )
        chosen = set(urns)
        recipient = _list("school", sorted(chosen))
    part = InspectionSnapshot(
        snapshot.details,
        inspected=[s for s in snapshot.inspected if s.urn in chosen],
        surveyed=[s for s in snapshot.surveyed if s.urn in chosen],
        questions=list(snapshot.questions),
        responses=[r for r in snapshot.responses if r.urn in chosen],
        findings=list(snapshot.findings),
        themes=[t for t in snapshot.themes if t.urn in chosen],
        evidence=[e for e in snapshot.evidence if e.urn in chosen],
    )
    return part, recipient


def _list(noun: str, items: Sequence[str]) -> str:
    return f"{noun}{'' if len(items) == 1 else 's'} {', '.join(items)}"


def hand_out(
    db: Database,
    inspection_id: uuid.UUID,
    choice: Choice,
    write: Callable[[InspectionSnapshot], None],
    *,
    file_name: str = "",
) -> HandedOut:
    """Record the hand-out and ``write`` its snapshot (carrying the hand-out's id) in one go:
    ``write`` runs inside the transaction, so if it fails nothing is recorded."""
    with db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"no inspection with id {inspection_id}")
        part, recipient = select_schools(session_snapshot(session, inspection), choice)
        handout = Handout(
            inspection_id=inspection_id,
            created_by=db.user,
            inspector=recipient if choice.inspector.strip() else "",
            schools=",".join([*(s.urn for s in part.inspected), *(s.urn for s in part.surveyed)]),
            file_name=file_name[:300],
        )
        session.add(handout)
        session.flush()
        rows = [
            *part.inspected,
            *part.surveyed,
            *part.questions,
            *part.responses,
            *part.findings,
            *part.themes,
            *part.evidence,
        ]
        merge_base.record(session, str(handout.id), inspection_id, rows)
        session.flush()
        part.handout_id = handout.id
        write(part)
        return HandedOut(
            handout.id, len(part.inspected), len(part.surveyed), len(part.responses), recipient
        )
