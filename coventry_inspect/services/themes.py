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


def _response(session: Session, response_id: uuid.UUID) -> Response:
    return crud.load(session, Response, response_id)


def set_themes(db: Database, response_id: uuid.UUID, themes: Sequence[str]) -> list[str]:
    """Make a response's themes exactly ``themes``: the difference is added and removed in one
    transaction. Returns the themes stored, in alphabetical order."""
    with db.session() as session:
        response = _response(session, response_id)
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
    tagged: list[uuid.UUID] = []
    with db.session() as session:
        for response_id in dict.fromkeys(response_ids):
            response = _response(session, response_id)
            spelling = _spelling(session, response.inspection_id).get(theme_key(theme))
            has = {
                theme_key(t)
                for t in session.scalars(
                    select(ResponseTheme.theme).where(ResponseTheme.response_id == response_id)
                )
            }
            if theme_key(theme) not in has:
                _tag(session, response, spelling or normalise(theme))
                session.flush()
                tagged.append(response_id)
    return tagged


def remove_theme(db: Database, response_ids: Sequence[uuid.UUID], theme: str) -> list[uuid.UUID]:
    """Take ``theme`` off each response; returns those that had it."""
    untagged: list[uuid.UUID] = []
    with db.session() as session:
        for response_id in dict.fromkeys(response_ids):
            for row in session.scalars(
                select(ResponseTheme).where(ResponseTheme.response_id == response_id)
            ):
                if theme_key(row.theme) == theme_key(theme):
                    session.delete(row)
                    untagged.append(response_id)
    return untagged
