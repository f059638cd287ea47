"""Opening a database: checks that refuse what is not ours, pragmas, explicit transactions,
and migrations to the current schema, all before anything is written.

SQLite (a file path) is the embedded default; PostgreSQL is selected by a ``postgresql+psycopg://``
URL and runs the same models and migrations.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from coventry_inspect.store import changes as _changes  # noqa: F401 - sends change notices
from coventry_inspect.store import history
from coventry_inspect.store.errors import DatabaseError, PasswordError
from coventry_inspect.store.migrate import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    known_revisions,
    upgrade,
)
from coventry_inspect.store.passwords import password_in, stored_password, without_password

SQLITE_HEADER = b"SQLite format 3\x00"

_OPEN_IN_THIS_PROCESS: Counter[Path] = Counter()
"""SQLite files this process has open. SQLite's locks are POSIX locks, which the operating system
drops for the whole process as soon as the process closes *any* descriptor of that file; so
while SQLite has a file open here, nothing else in this process may open it by other means
(another program's reader would then think it alone and delete the WAL being written to)."""
BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    """An open database: the engine plus a factory of short-lived, history-recording sessions."""

    engine: Engine
    target: str
    user: str
    read_only: bool = False
    read_only_reason: str = "another window is editing it"
    sender: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Names this connection in the change notices it sends (store/changes.py), so a window
    can tell its own changes from other people's."""
    _sessions: sessionmaker[history.RecordingSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.is_sqlite:
            _OPEN_IN_THIS_PROCESS[_resolved(self.target)] += 1
        self._sessions = sessionmaker(
            self.engine,
            class_=history.RecordingSession,
            expire_on_commit=False,
            info={"user": self.user, "sender": self.sender},
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """The file name, or the PostgreSQL database name with its host (never the password)."""
        if self.is_sqlite:
            return Path(self.target).name
        url = self.engine.url
        return f"{url.database} on {url.host or 'localhost'}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on any exception."""
        try:
            with self._sessions.begin() as session:
                yield session
        except (sa_exc.OperationalError, sa_exc.InternalError) as error:
            if self.read_only:
                raise DatabaseError(
                    f"{self.display_name} is open read-only ({self.read_only_reason}); "
                    "nothing was changed"
                ) from error
            message = explain(error, self.target)
            if message is None:
                raise
            raise DatabaseError(message) from error
        except sa_exc.DatabaseError as error:
            message = explain(error, self.target)
            if message is None:
                raise
            raise DatabaseError(message) from error

    def database_id(self) -> str:
        """The id made once when this database was created (its backups are named by it)."""
        with self.engine.connect() as connection:
            value = connection.execute(text("SELECT id FROM database_identity")).scalar_one()
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))

    def close(self) -> None:
        self.engine.dispose()
        if self.is_sqlite and _OPEN_IN_THIS_PROCESS[_resolved(self.target)] > 0:
            _OPEN_IN_THIS_PROCESS[_resolved(self.target)] -= 1


def _resolved(target: str) -> Path:
    return Path(target).expanduser().resolve()


def open_here(path: Path) -> bool:
    """Whether SQLite has this file open in this process (so it must not be opened otherwise)."""
    return _OPEN_IN_THIS_PROCESS[path.expanduser().resolve()] > 0


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(target: str) -> bool:
    """Only text that starts ``scheme://`` is a URL; anything else names a file, whatever
    characters it holds (``%41``, ``?``, ``#`` are just characters in a path)."""
    return bool(_URL.match(target))


READ_ONLY_MEDIA = "it is on a read-only disk or folder"


def on_read_only_media(path: Path) -> bool:
    """Whether the file (or, for a new file, its folder) cannot be written here: a read-only USB
    stick or share, or a file or folder without write permission."""
    path = path.expanduser()
    folder = path.parent if path.parent != Path("") else Path(".")
    if not folder.is_dir():
        return False
    if path.exists():
        return not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)
    return not os.access(folder, os.W_OK)


def open_database(
    target: str,
    *,
    create: bool = True,
    user: str | None = None,
    migrations_dir: Path = MIGRATIONS_DIR,
    read_only: bool = False,
    untouched: bool = False,
) -> Database:
    """Open (and if ``create``, create) the database at a path or URL, migrated to the current
    schema. Raises :class:`DatabaseError` with a one-line message, leaving the file untouched,
    when it is not a database of ours, is newer than this application, or cannot be read.

    ``read_only`` opens it for reading alone (another window is editing it): nothing is
    migrated, and the database itself refuses any write. ``untouched`` (with ``read_only``,
    for a file only read, such as an inspector's merged in) also leaves nothing beside it: a
    file nobody has open (no -wal or -shm beside it) is read as immutable."""
    reason = "another window is editing it"
    if is_url(target):
        engine = _team_engine(target, read_only=read_only)
        target = without_password(target)  # remembered and shown; the engine holds it
    else:
        path = Path(target).expanduser()
        if path.exists() and not path.is_dir() and on_read_only_media(path):
            read_only, reason = True, READ_ONLY_MEDIA
        idle = read_only and untouched
        _check_sqlite_file(
            path, create=create and not read_only, migrations_dir=migrations_dir, idle=idle
        )
        engine = _sqlite_engine(path, read_only=read_only, idle=idle)
    if read_only:
        _check_current(engine, target)
        return Database(
            engine=engine,
            target=target,
            user=user or _current_user(),
            read_only=True,
            read_only_reason=reason,
        )
    try:
        upgrade(engine, migrations_dir)
    except DatabaseError:
        engine.dispose()
        raise
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise DatabaseError(explain(error, target) or f"{target}: {_reason(error)}") from error
    return Database(engine=engine, target=target, user=user or _current_user())


def _check_current(engine: Engine, target: str) -> None:
    from coventry_inspect.store.migrate import current_revision

    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise DatabaseError(explain(error, target) or f"{target}: {_reason(error)}") from error
    if revision != SCHEMA_HEAD:
        engine.dispose()
        raise DatabaseError(
            f"{target} has not been brought up to this version's schema yet; it cannot be opened "
            "read-only until it has been opened normally"
        )


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _reason(error: sa_exc.DBAPIError) -> str:
    return str(error.orig).splitlines()[0] if error.orig else str(error).splitlines()[0]


# SQLite's primary result codes (https://sqlite.org/rescode.html) a user can act on.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


def explain(error: sa_exc.DBAPIError, target: str) -> str | None:
    """One sentence a user can act on for a database failure, or None when it is a bug."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is None:
        if isinstance(error, sa_exc.OperationalError) and is_url(target):
            return (
                f"the team database {make_url(target).render_as_string()} cannot be reached "
                f"({_reason(error)}): check the network connection and try again; "
                "nothing was changed"
            )
        return None
    path = Path(target)
    primary = code & 0xFF
    if isinstance(error.orig, sqlite3.DatabaseError) and _disk_full(path, error.orig):
        return (
            f"The disk holding {path.parent} is full: free some space and try again; "
            "nothing was changed"
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        from coventry_inspect.store.lock import holder_of

        holder = holder_of(path)
        who = holder.describe() if holder else "in use by another program"
        return f"{path} is busy ({who}): nothing was changed; try again when it has finished"
    if primary == _SQLITE_READONLY:
        return (
            f"{path} cannot be written (a read-only disk, folder or file): nothing was "
            "changed; copy it to a folder you can write to"
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return (
            f"{path} is damaged ({_reason(error)}): restore it from a backup "
            "(File › Restore from backup…)"
        )
    if primary == _SQLITE_CANTOPEN and on_read_only_media(path):
        return (
            f"{path} cannot be created or written: the disk or folder is read-only; choose a "
            "folder you can write to; nothing was changed"
        )
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return (
            f"{path} could not be read or written ({_reason(error)}): check that the disk "
            "is still connected and try again"
        )
    return None


def _check_sqlite_file(
    path: Path, *, create: bool, migrations_dir: Path, idle: bool = False
) -> None:
    """Refuse, without writing a byte, anything that is not a Coventry Inspect file we can open."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path}: no such database")
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: the folder {path.parent} does not exist")
        return
    if not open_here(path):  # else it is an SQLite file, and reading it here would drop its locks
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise DatabaseError(f"{path}: cannot be read ({error.strerror})") from error
        if not header:
            return  # an empty file is a new database
        if header != SQLITE_HEADER:
            raise DatabaseError(f"{path} is not a Coventry Inspect database (not an SQLite file)")
    revision = _stored_revision(path, idle=idle)
    if revision is None:
        raise DatabaseError(f"{path} is an SQLite database, but not a Coventry Inspect one")
    if revision and revision != SCHEMA_HEAD and revision not in known_revisions(migrations_dir):
        raise DatabaseError(
            f"{path} was written by a newer version of Coventry Inspect "
            f"(schema {revision}); update the application to open it"
        )


def _stored_revision(path: Path, *, idle: bool = False) -> str | None:
    """The schema revision in the file: '' for an empty database, None if it is not ours."""
    uri = _read_only_uri(path.resolve(), idle=idle)
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return ""
            if "alembic_version" not in tables:
                return None
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else ""
    except sqlite3.DatabaseError as error:
        if _disk_full(path, error):
            raise DatabaseError(
                f"The disk holding {path.parent} is full: free some space and try again; "
                "nothing was changed"
            ) from error
        raise DatabaseError(f"{path} cannot be opened as a database: {error}") from error


FULL_BELOW_BYTES = 1024 * 1024
"""Opening a database in WAL mode makes its -shm and -wal files: on a disk with less free than
this, SQLite's "disk I/O error" means the disk is full, not that the file is damaged."""


def _disk_full(path: Path, error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == _SQLITE_FULL:
        return True
    if code is None or code & 0xFF != _SQLITE_IOERR:
        return False
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _sqlite_engine(path: Path, *, read_only: bool = False, idle: bool = False) -> Engine:
    """An engine on exactly this file. The path goes to sqlite3 as it is, never through a URL,
    so no character in it is decoded or taken as a query."""
    path = path.resolve()
    if read_only:
        uri, as_uri = _read_only_uri(path, idle=idle), True
    else:
        uri, as_uri = str(path), False

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=as_uri, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so BEGIN is ours and DDL is atomic.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so a busy file waits instead of failing later;
        # a reader takes no write lock at all.
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _read_only_uri(path: Path, *, idle: bool = False) -> str:
    """A read-only URI for the file. Where the folder cannot be written (a read-only USB stick)
    SQLite cannot make the WAL index beside it, so the file is opened as immutable, unless a WAL
    file with unmerged changes lies beside it (they would be ignored). ``idle``: immutable too
    when nobody has it open (no -wal or -shm beside it), so that none is left beside it."""
    uri = f"{path.as_uri()}?mode=ro"
    shm = Path(f"{path}-shm").exists()
    if idle and not shm and not Path(f"{path}-wal").exists():
        return f"{uri}&immutable=1"
    if os.access(path.parent, os.W_OK) or shm:
        return uri
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseError(
            f"{path} has changes not yet merged into it (in {wal.name}) and is on a read-only "
            "disk or folder: copy the folder to a writable place and open it there"
        )
    return f"{uri}&immutable=1"


def _team_engine(target: str, *, read_only: bool = False) -> Engine:
    """The team database's engine, with the password the keyring keeps for it when the address
    carries none."""
    if password_in(target) is None and (kept := stored_password(target)) is not None:
        return _postgresql_engine(target, read_only=read_only, password=kept)
    return _postgresql_engine(target, read_only=read_only)


def _postgresql_engine(
    target: str, *, read_only: bool = False, password: str | None = None
) -> Engine:
    """An engine on the team database, connected once to prove it can be (a refused or missing
    password raises :class:`PasswordError`, so the caller can ask for it)."""
    try:
        url = make_url(target)
    except sa_exc.ArgumentError as error:
        raise DatabaseError(f"{target!r} is not a database URL") from error
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"{url.render_as_string()}: only postgresql+psycopg:// URLs are supported"
        )
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if password is not None:
        url = url.set(password=password)
    options: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if read_only:
        options["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(url, pool_pre_ping=True, connect_args=options)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except sa_exc.OperationalError as error:
        engine.dispose()
        raise connect_failure(url, error) from error
    return engine


CONNECT_TIMEOUT_S = 10


def connect_failure(url: URL, error: sa_exc.DBAPIError) -> DatabaseError:
    """Why the team database could not be reached, in one line a user can act on."""
    reason = str(error.orig) if error.orig is not None else str(error)
    user, database = url.username or "", url.database or ""
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    where = f"{user}@{server}/{database}"
    if "no password supplied" in reason:
        return PasswordError(f"the team database {where} needs a password", wrong=False)
    if "password authentication failed" in reason:
        return PasswordError(
            f"wrong password for {where} (or no user {user} on the server)", wrong=True
        )
    if f'database "{database}" does not exist' in reason:
        return DatabaseError(f"{server} has no database called {database}")
    if f'role "{user}" does not exist' in reason:
        return DatabaseError(f"{server} has no user called {user}")
    if "Connection refused" in reason:
        return DatabaseError(
            f"cannot reach {server}: nothing answers there (connection refused); "
            "check the host, the port and that the server is running"
        )
    if "resolve host" in reason or "translate host name" in reason:
        return DatabaseError(f"cannot find the server {url.host}: check the host name")
    if "timeout expired" in reason:
        return DatabaseError(
            f"{server} did not answer within {CONNECT_TIMEOUT_S} seconds: "
            "check the network connection and try again"
        )
    first = reason.splitlines()[0].removeprefix("connection failed: ")
    return DatabaseError(f"cannot connect to {where}: {first.split('failed: ')[-1].strip()}")


def check_connection(target: str) -> str:
    """Connect and disconnect, changing nothing; what was found, in one line. Raises
    :class:`DatabaseError` (or :class:`PasswordError`) like :func:`open_database`."""
    from coventry_inspect.store.migrate import current_revision

    engine = _team_engine(target)  # what Connect will use: the keyring's password too
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
            inspections = (
                connection.execute(text("SELECT count(*) FROM inspection")).scalar_one()
                if revision
                else 0
            )
    except sa_exc.DBAPIError as error:
        raise DatabaseError(explain(error, target) or _reason(error)) from error
    finally:
        engine.dispose()
    url = engine.url
    where = f"{url.database} on {url.host or 'localhost'}"
    if not revision:
        return f"Connected to {where}: no Coventry Inspect tables yet; Connect sets them up"
    if revision != SCHEMA_HEAD and revision not in known_revisions(MIGRATIONS_DIR):
        raise DatabaseError(
            f"{where} was set up by a newer version of Coventry Inspect; update the application"
        )
    count = f"{inspections} inspection{'s' if inspections != 1 else ''}"
    return f"Connected to {where}: a team database holding {count}"
