"""Themes an inspector tags responses with ("governor training", "clusters", "HR support").

A theme is short free text. Within an inspection one theme has one spelling: typed again in
another case or spacing, it is stored as it is spelt already, so counts per theme never split.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import check_theme, normalise_theme, theme_key
from coventry_inspect.services import crud
from coventry_inspect.services.errors import ValidationError
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Response, ResponseTheme

crud.register_validator(ResponseTheme, lambda row: check_theme(row.theme))

normalise = normalise_theme


def themes_used(db: Database, inspection_id: uuid.UUID) -> list[str]:
    """Every theme of the inspection once, in alphabetical order (to offer as one types)."""
    with db.session() as session:
        return _used(session, inspection_id)


def _used(session: Session, inspection_id: uuid.UUID) -> list[str]:
    themes = session.scalars(
        select(ResponseTheme.theme).where(ResponseTheme.inspection_id == inspection_id).distinct()
    )
    return sorted(set(themes), key=str.casefold)


def themes_of(db: Database, inspection_id: uuid.UUID) -> dict[uuid.UUID, list[str]]:
    """Each tagged response's themes, in alphabetical order."""
    found: dict[uuid.UUID, list[str]] = {}
    with db.session() as session:
        for response_id, theme in session.execute(
            select(ResponseTheme.response_id, ResponseTheme.theme).where(
                ResponseTheme.inspection_id == inspection_id
            )
        ):
            found.setdefault(response_id, []).append(theme)
    return {k: sorted(v, key=str.casefold) for k, v in found.items()}


def _spelling(session: Session, inspection_id: uuid.UUID) -> dict[str, str]:
    return {theme_key(t): t for t in _used(session, inspection_id)}


def set_themes(db: Database, response_id: uuid.UUID, themes: Sequence[str]) -> list[str]:
    """Make a response's themes exactly ``themes``: the difference is added and removed in one
    transaction. Returns the themes stored, in alphabetical order."""
    with db.session() as session:
        response = crud.load(session, Response, response_id)
        spelling = _spelling(session, response.inspection_id)
        wanted: dict[str, str] = {}
        for theme in themes:
            key = theme_key(theme)
            if key:
                wanted.setdefault(key, spelling.get(key, normalise(theme)))
        current = {
            theme_key(row.theme): row
            for row in session.scalars(
                select(ResponseTheme).where(ResponseTheme.response_id == response_id)
            )
        }
        for key, row in current.items():
            if key not in wanted:
                session.delete(row)
        for key, theme in wanted.items():
            if key not in current:
                _tag(session, response, theme)
        session.flush()
        return sorted(wanted.values(), key=str.casefold)


def _tag(session: Session, response: Response, theme: str) -> None:
    row = ResponseTheme(inspection_id=response.inspection_id, response_id=response.id, theme=theme)
    crud.validate(row)
    session.add(row)


def add_theme(db: Database, response_ids: Sequence[uuid.UUID], theme: str) -> list[uuid.UUID]:
    """Tag each response with ``theme``; returns those not tagged with it before."""
    if problems := check_theme(normalise(theme)):
        raise ValidationError(problems)
    key = theme_key(theme)
    ids = list(dict.fromkeys(response_ids))
    tagged: list[uuid.UUID] = []
    with db.session() as session:
        had = {row.response_id for row in _rows(session, ids) if theme_key(row.theme) == key}
        spelt: dict[uuid.UUID, str] = {}  # by inspection: one query, not one per response
        for response in crud.load_many(session, Response, ids):
            if response.id in had:
                continue
            if response.inspection_id not in spelt:
                spelling = _spelling(session, response.inspection_id)
                spelt[response.inspection_id] = spelling.get(key, normalise(theme))
            _tag(session, response, spelt[response.inspection_id])
            tagged.append(response.id)
        session.flush()
    return tagged


def remove_theme(db: Database, response_ids: Sequence[uuid.UUID], theme: str) -> list[uuid.UUID]:
    """Take ``theme`` off each response; returns those that had it."""
    key = theme_key(theme)
    order = {response_id: n for n, response_id in enumerate(dict.fromkeys(response_ids))}
    untagged: list[uuid.UUID] = []
    with db.session() as session:
        for row in _rows(session, list(order)):
            if theme_key(row.theme) == key:
                session.delete(row)
                untagged.append(row.response_id)
    return sorted(untagged, key=order.__getitem__)


def _rows(session: Session, response_ids: list[uuid.UUID]) -> list[ResponseTheme]:
    """The theme rows of these responses, in one query."""
    query = select(ResponseTheme).where(ResponseTheme.response_id.in_(response_ids))
    return list(session.scalars(query))
