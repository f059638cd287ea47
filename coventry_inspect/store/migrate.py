"""Alembic, driven programmatically: upgrade to head in one transaction, refuse newer files."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from coventry_inspect.store.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x436F76  # any constant: serialises team members opening a new schema


def _config(migrations_dir: Path, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions(migrations_dir: Path = MIGRATIONS_DIR) -> set[str]:
    script = ScriptDirectory.from_config(_config(migrations_dir))
    return {revision.revision for revision in script.walk_revisions()}


def head_revision(migrations_dir: Path = MIGRATIONS_DIR) -> str:
    head = ScriptDirectory.from_config(_config(migrations_dir)).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, migrations_dir: Path = MIGRATIONS_DIR, to: str = "head") -> None:
    """Bring the schema to ``to`` inside one transaction: all migrations or none."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        current = current_revision(connection)
        if current is not None and current not in known_revisions(migrations_dir):
            raise DatabaseError(
                f"{engine.url.render_as_string()} was written by a newer version of Coventry "
                f"Inspect (schema {current}); update the application to open it"
            )
        if current == head_revision(migrations_dir) and to == "head":
            return
        command.upgrade(_config(migrations_dir, connection), to)
