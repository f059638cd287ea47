"""Alembic, driven programmatically: upgrade to head in one transaction, refuse newer files.

Alembic is imported only when a schema actually has to change: opening an up-to-date database
reads its revision with one query, which keeps start-up fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from coventry_inspect.store.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0008"
"""The newest migration's revision (a test checks it against Alembic's own head)."""
_PG_MIGRATION_LOCK = 0x436F76  # any constant: serialises team members opening a new schema


def _config(migrations_dir: Path, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions(migrations_dir: Path = MIGRATIONS_DIR) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config(migrations_dir))
    return {revision.revision for revision in script.walk_revisions()}


def head_revision(migrations_dir: Path = MIGRATIONS_DIR) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(migrations_dir)).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    if not connection.dialect.has_table(connection, "alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, migrations_dir: Path = MIGRATIONS_DIR, to: str = "head") -> None:
    """Bring the schema to ``to`` inside one transaction: all migrations or none."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        current = current_revision(connection)
        if to == "head" and migrations_dir == MIGRATIONS_DIR and current == SCHEMA_HEAD:
            return
        if current is not None and current not in known_revisions(migrations_dir):
            raise DatabaseError(
                f"{engine.url.render_as_string()} was written by a newer version of Coventry "
                f"Inspect (schema {current}); update the application to open it"
            )
        if current == head_revision(migrations_dir) and to == "head":
            return
        from alembic import command

        command.upgrade(_config(migrations_dir, connection), to)
