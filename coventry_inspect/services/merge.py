"""Merging an inspector's evidence back: a workbook handed out (or any workbook of the
inspection), or another database file, into the inspection here.

Plan first (nothing written; conflicts listed), then :func:`apply_merge` with a choice for
each conflict, which plans again inside one transaction and refuses if anything changed since.
The rules are in :mod:`.merge_engine`; the tables and keys in :mod:`.merge_tables`.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url, select
from sqlalchemy.orm import Session

from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.merge_engine import (
    BASE_COLUMNS,
    Actions,
    BaseRow,
    There,
    decide,
    history_lookup,
)
from coventry_inspect.services.merge_plan import DELETED, Conflict, MergePlan, Side
from coventry_inspect.services.merge_write import Choice, applied, write
from coventry_inspect.services.snapshot import (
    InspectionSnapshot,
    session_snapshot,
)
from coventry_inspect.store.database import Database, is_url, open_database
from coventry_inspect.store.errors import DatabaseError
from coventry_inspect.store.models import Handout, Inspection, LetterEdit, MergeBase

__all__ = [
    "DELETED",
    "Choice",
    "Conflict",
    "MergeChangedError",
    "MergePlan",
    "Side",
    "apply_merge",
    "inspections_in",
    "plan_database_merge",
    "plan_merge",
    "workbook_side",
]

SOURCE_LENGTH = 64


class MergeChangedError(ServiceError):
    """The inspection or the source changed between the plan shown and the merge."""


def workbook_side(
    snapshot: InspectionSnapshot, name: str, *, saved_by: str = "", saved_at: datetime | None = None
) -> There:
    """A workbook's inspection as the other side of a merge (read by
    :func:`coventry_inspect.exchange.merge_source.plan_workbook_merge`): its merge bases are the
    hand-out's, or for any other workbook kept under its file name."""
    handout = snapshot.handout_id
    source = str(handout) if handout is not None else f"workbook {name}"[:SOURCE_LENGTH]
    return There(snapshot, source, name, by=saved_by, at=saved_at)


def plan_merge(db: Database, there: There) -> MergePlan:
    """What merging a workbook's inspection (:func:`workbook_side`) would do; nothing written.
    The plan keeps the workbook as read: :func:`apply_merge` merges what the user was shown."""
    with db.session() as session:
        plan = _plan(session, there)[0]
    plan.read = there
    return plan


def plan_database_merge(db: Database, other: str, *, inspection: str | None = None) -> MergePlan:
    """What merging the inspection in ``other`` (an SQLite path or a ``postgresql+psycopg://``
    URL) would do. ``inspection`` names it when ``other`` holds several."""
    with _database(db, other, inspection) as there, db.session() as session:
        plan = _plan(session, there)[0]
    plan.location, plan.database, plan.inspection = other, True, inspection
    return plan


def apply_merge(db: Database, plan: MergePlan, choices: Mapping[Conflict, Choice]) -> MergePlan:
    """Merge as planned, each conflict settled as chosen, in one transaction; refused (nothing
    written) if a conflict has no choice or the plan would now differ. Returns the plan as
    applied."""
    missing = [c for c in plan.conflicts if choices.get(c) not in ("here", "there")]
    if missing:
        raise ServiceError(
            f"{len(missing)} conflict{'s' if len(missing) != 1 else ''} without a choice of here "
            f"or there (first: {missing[0].line()}); nothing was merged"
        )
    if plan.database:
        with _database(db, plan.location, plan.inspection) as there:
            return _apply(db, plan, there, choices)
    if not isinstance(plan.read, There):
        raise ValueError("a workbook's plan keeps the workbook it was made from")
    return _apply(db, plan, dataclasses.replace(plan.read), choices)


def _apply(
    db: Database, shown: MergePlan, there: There, choices: Mapping[Conflict, Choice]
) -> MergePlan:
    with db.session() as session:
        plan, actions, inspection_id = _plan(session, there)
        if plan != shown:  # what the user agreed to (where it is from is not compared)
            raise MergeChangedError(
                f"{shown.reference} or {shown.source} has changed since the merge was planned; "
                "nothing was merged: merge again to see what it would do now"
            )
        write(session, inspection_id, there.source_id, there.name, actions, choices)
        done = applied(plan, choices, actions)
    done.location, done.database, done.inspection = shown.location, shown.database, shown.inspection
    done.read = shown.read
    return done


def _plan(session: Session, there: There) -> tuple[MergePlan, Actions, uuid.UUID]:
    details = there.snapshot.details
    inspection = session.scalar(select(Inspection).where(Inspection.reference == details.reference))
    if inspection is None:
        raise ServiceError(
            f"{there.name}: there is no inspection {details.reference} here to merge it into; "
            "import it instead"
        )
    if inspection.kind is not details.kind:
        raise ServiceError(
            f"{there.name}: {details.reference} is a {details.kind.label.lower()} there but a "
            f"{inspection.kind.label.lower()} here; nothing was merged"
        )
    if not there.by and there.source_id:
        handout = _handout(session, there.source_id)
        there.by = handout.inspector if handout is not None else ""
    here = session_snapshot(session, inspection)
    _fill_unsaid(here, there.snapshot)
    plan, actions = decide(session, here, inspection.id, there)
    return plan, actions, inspection.id


def _fill_unsaid(here: InspectionSnapshot, there: InspectionSnapshot) -> None:
    """A column the workbook left out says nothing: its rows take this database's values, so
    they are neither changes nor conflicts (an Inspector column deleted in Excel unassigns
    nobody). New rows keep the blank they were read with."""
    for sheet, rows, ours in (
        ("Schools inspected", there.inspected, here.inspected),
        ("Telephone survey", there.surveyed, here.surveyed),
    ):
        if (sheet, "Inspector") not in there.absent:
            continue
        by_id = {row.row_id: row for row in ours}
        by_urn = {row.urn: row for row in ours}
        for row in rows:
            match = by_id.get(row.row_id) if row.row_id is not None else None
            match = match or by_urn.get(row.urn)
            if match is not None:
                row.inspector = match.inspector


def _handout(session: Session, source: str) -> Handout | None:
    try:
        return session.get(Handout, uuid.UUID(source))
    except ValueError:
        return None


def source_name(other: str) -> str:
    """A database as named to the user: its file name, or its URL without the password."""
    if is_url(other):
        try:
            return make_url(other).render_as_string(hide_password=True)
        except Exception:  # not a URL after all: never echo what may hold a password
            return "the database URL given"
    return Path(other).name


@contextmanager
def _database(db: Database, other: str, reference: str | None) -> Iterator[There]:
    """The other database's inspection, with its history at hand, while it is open."""
    if (
        not is_url(other)
        and not is_url(db.target)
        and Path(other).expanduser().resolve() == Path(db.target).expanduser().resolve()
    ):
        raise ServiceError(f"{source_name(other)} is the database being merged into")
    theirs = _open_other(other)
    try:
        if theirs.database_id() == db.database_id() and theirs.target == db.target:
            raise ServiceError(f"{source_name(other)} is the database being merged into")
        with theirs.session() as session:
            inspection = _choose(session, other, reference)
            snapshot = session_snapshot(session, inspection)
            letters: dict[Hashable, tuple[uuid.UUID, int]] = {
                key: (row_id, version)
                for key, row_id, version in session.execute(
                    select(LetterEdit.key, LetterEdit.id, LetterEdit.version).where(
                        LetterEdit.inspection_id == inspection.id
                    )
                )
            }
            known = set(session.scalars(select(MergeBase.source).distinct()))
            known.update(str(h) for h in session.scalars(select(Handout.id)))
            sources = _shared(db, snapshot.details.reference, known)
            shared: list[BaseRow] = [
                (row.row_id, row.entity, row.version, row.values, row.source, row.at)
                for row in session.execute(
                    select(*BASE_COLUMNS).where(MergeBase.source.in_(sources))
                )
            ]
            yield There(
                snapshot,
                theirs.database_id(),
                source_name(other),
                letter_ids=letters,
                version_rule=False,
                who=history_lookup(session),
                shared=shared,
                own_bases=theirs.database_id() != db.database_id(),
            )
    finally:
        theirs.close()


def inspections_in(db: Database, other: str) -> list[str]:
    """The references of the inspections in ``other`` that are here too (a merge goes into the
    inspection of the same reference); [] when ``other`` cannot be read, which planning the
    merge then says. Opened as a merge opens it: nothing is left beside the file."""
    try:
        theirs = _open_other(other)
    except (DatabaseError, ServiceError):
        return []
    try:
        with theirs.session() as session:
            references = list(session.scalars(select(Inspection.reference)))
    finally:
        theirs.close()
    with db.session() as session:
        here = set(
            session.scalars(
                select(Inspection.reference).where(Inspection.reference.in_(references))
            )
        )
    return sorted(r for r in references if r in here)


def _shared(db: Database, reference: str, known: set[str]) -> list[str]:
    """Hand-outs of the inspection here that the other database knows too, newest first."""
    with db.session() as session:
        ours = session.scalars(
            select(Handout.id)
            .join(Inspection, Handout.inspection_id == Inspection.id)
            .where(Inspection.reference == reference)
            .order_by(Handout.created_at.desc())
        )
        return [str(h) for h in ours if str(h) in known]


def _open_other(other: str) -> Database:
    if not is_url(other) and not Path(other).expanduser().is_file():
        raise ServiceError(f"{other}: no such database file")
    try:
        return open_database(other, create=False, read_only=True, untouched=True)
    except DatabaseError as error:
        if "brought up to this version's schema" not in str(error):
            raise
    return open_database(other, create=False)  # an older file: brought up to date first


def _choose(session: Session, other: str, reference: str | None) -> Inspection:
    found = list(session.scalars(select(Inspection).order_by(Inspection.reference)))
    if reference is not None:
        chosen = [i for i in found if i.reference == reference]
        if not chosen:
            raise ServiceError(f"{source_name(other)} has no inspection {reference}")
        return chosen[0]
    if not found:
        raise ServiceError(f"{source_name(other)} holds no inspection to merge")
    if len(found) > 1:
        names = ", ".join(i.reference for i in found)
        raise ServiceError(
            f"{source_name(other)} holds several inspections ({names}): name one with --inspection"
        )
    return found[0]
