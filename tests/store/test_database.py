"""Opening databases: pragmas, refusal of what is not ours, and files left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coventry_inspect.store.database import open_database
from coventry_inspect.store.errors import DatabaseError
from coventry_inspect.store.migrate import head_revision


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = open_database(str(path))
    with db.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    db.close()
    assert version == head_revision()
    assert db.display_name == "new.sqlite"


def test_sqlite_pragmas_on_every_connection(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("secure_delete") == 1
        assert pragma("busy_timeout") == 5000


def test_integrity_check_passes_after_writes(tmp_path: Path) -> None:
    from coventry_inspect.services.examples import install_examples

    path = tmp_path / "f.sqlite"
    db = open_database(str(path))
    install_examples(db)
    db.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder, not a database file"):
        open_database(str(tmp_path))


def test_non_database_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Inspection notes, not a database\n" * 20)
    before = digest(path)
    with pytest.raises(DatabaseError, match="not a Coventry Inspect database"):
        open_database(str(path))
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_someone_elses_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE music (title TEXT)")
    before = digest(path)
    with pytest.raises(DatabaseError, match="an SQLite database, but not a Coventry Inspect one"):
        open_database(str(path))
    assert digest(path) == before


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_database(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = digest(path)
    with pytest.raises(
        DatabaseError, match=r"newer version of Coventry Inspect \(schema 9999_future\)"
    ):
        open_database(str(path))
    assert digest(path) == before


def test_damaged_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(DatabaseError, match="cannot be opened as a database"):
        open_database(str(path))


def test_missing_file_is_refused_when_not_creating(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(DatabaseError, match="no such database"):
        open_database(str(path), create=False)
    assert not path.exists()


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(str(tmp_path / "nowhere" / "f.sqlite"))


def test_unreachable_postgresql_server_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(
        DatabaseError, match=r"cannot reach 127\.0\.0\.1:1: nothing answers"
    ) as caught:
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "\n" not in str(caught.value)


def test_other_url_schemes_are_refused() -> None:
    with pytest.raises(DatabaseError, match="only postgresql"):
        open_database("mysql://x@localhost/db")


@pytest.mark.postgresql
def test_postgresql_newer_schema_is_refused(postgres_db) -> None:  # type: ignore[no-untyped-def]
    with postgres_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    postgres_db.close()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(postgres_db.target)


def test_read_only_opening_reads_and_refuses_writes(tmp_path: Path) -> None:
    from coventry_inspect.services.examples import install_examples
    from coventry_inspect.services.inspections import list_inspections, update_inspection

    path = tmp_path / "shared copy.sqlite"
    writer = open_database(str(path))
    install_examples(writer)
    reader = open_database(str(path), read_only=True)
    try:
        assert reader.read_only
        inspections = list_inspections(reader)
        assert len(inspections) == 2
        before = digest(path)
        with pytest.raises(DatabaseError, match=r"is open read-only .*; nothing was changed"):
            update_inspection(reader, inspections[0].id, summary="changed")
        assert digest(path) == before
        # The other window goes on writing; the reader sees it.
        update_inspection(writer, inspections[0].id, summary="changed by the other window")
        assert {i.summary for i in list_inspections(reader)} >= {"changed by the other window"}
    finally:
        reader.close()
        writer.close()


def test_read_only_needs_an_existing_current_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no such database"):
        open_database(str(tmp_path / "missing.sqlite"), read_only=True)


@pytest.mark.postgresql
def test_postgresql_read_only(postgres_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import exc

    from coventry_inspect.services.examples import install_examples
    from coventry_inspect.services.inspections import list_inspections, update_inspection

    install_examples(postgres_db)
    reader = open_database(postgres_db.target, read_only=True)
    try:
        inspections = list_inspections(reader)
        assert len(inspections) == 2
        # (Installing the examples again would write nothing: they are there, unchanged.)
        with pytest.raises(DatabaseError, match="is open read-only") as caught:
            update_inspection(reader, inspections[0].id, summary="changed")
        assert isinstance(caught.value.__cause__, exc.InternalError)
    finally:
        reader.close()
