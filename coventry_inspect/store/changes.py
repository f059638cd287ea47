"""Telling the other windows on a team (PostgreSQL) database what changed.

Every committed transaction that changed evidence sends ``NOTIFY coventry_inspect`` with the
inspection it changed (PostgreSQL delivers it only if the transaction commits); a window listens
on a connection of its own (:class:`ChangeListener`) and re-reads what it shows. The payload is
``<sender> <inspection id>``: the sender is the :class:`~coventry_inspect.store.database.Database`
that committed, so a window can tell its own changes from other people's. ``*`` stands for a
change outside any inspection (the school register).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, event, text
from sqlalchemy.orm import Session

from coventry_inspect.store import history
from coventry_inspect.store.models import Audited

if TYPE_CHECKING:  # imported when a window first listens: not at every start on SQLite
    import psycopg

CHANNEL = "coventry_inspect"
ANY = "*"
_TOUCHED = "changes.touched"


@dataclass(frozen=True)
class Change:
    sender: str
    inspection: uuid.UUID | None
    """None: outside any inspection (the register), or not known."""


def parse(payload: str) -> Change:
    sender, _, inspection = payload.partition(" ")
    try:
        return Change(sender, uuid.UUID(inspection))
    except ValueError:
        return Change(sender, None)


def _after_flush(session: Session, _context: Any) -> None:
    touched: set[str] = session.info.setdefault(_TOUCHED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Audited):
            inspection = history._inspection_id(obj)
            touched.add(str(inspection) if inspection else ANY)


def _before_commit(session: Session) -> None:
    sender = session.info.get("sender")
    if sender is None or session.get_bind().dialect.name != "postgresql":
        return
    session.flush()  # the commit would flush only after this hook: what it writes is news too
    touched: set[str] = session.info.pop(_TOUCHED, set())
    if not touched:
        return
    for inspection in sorted(touched):
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": f"{sender} {inspection}"},
        )


def _after_rollback(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


event.listen(history.RecordingSession, "after_flush", _after_flush)
event.listen(history.RecordingSession, "before_commit", _before_commit)
event.listen(history.RecordingSession, "after_soft_rollback", lambda s, _t: _after_rollback(s))


class ServerAwayError(Exception):
    """The listener lost (or could not make) its connection; the next wait tries again."""


class ChangeListener:
    """A connection of its own that waits for other windows' changes (call from one thread)."""

    def __init__(self, url: URL, timeout: float = 10) -> None:
        arguments = url.translate_connect_args(database="dbname", username="user")
        arguments.update({k: v for k, v in url.query.items() if isinstance(v, str)})
        self._arguments = {**arguments, "connect_timeout": int(timeout)}
        self._connection: psycopg.Connection[Any] | None = None

    def wait(self, seconds: float) -> list[Change]:
        """The changes announced within ``seconds`` (connecting first if need be). Raises
        :class:`ServerAwayError` when the server cannot be reached; the next call tries again."""
        import psycopg

        try:
            if self._connection is None or self._connection.closed:
                self._connection = psycopg.connect(autocommit=True, **self._arguments)
                self._connection.execute(f"LISTEN {CHANNEL}")
            # Back at the first notice (the window coalesces a burst itself), not at the timeout.
            return [
                parse(notice.payload)
                for notice in self._connection.notifies(timeout=seconds, stop_after=1)
            ]
        except psycopg.Error as error:
            self.close()
            raise ServerAwayError(str(error)) from error

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
