"""Fixtures: databases on a real SQLite file and on a real PostgreSQL server, isolated paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coventry_inspect import paths
from coventry_inspect.store.database import Database, open_database
from tests.postgres_server import PostgresServer, running_server


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user data folder into the test's temp folder; never touch the real one."""
    data_home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    monkeypatch.delenv("COVENTRY_INSPECT_CONFIG", raising=False)  # the sender's own letterhead
    # Never the real keyring, in this process or the CLI's: none at all unless a test sets one.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no.pgpass"))
    return data_home


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A keyring the test controls (tests/file_keyring.py), here and in CLI subprocesses; yields
    the file it keeps the passwords in."""
    import keyring
    from keyring.backends import fail

    from tests.file_keyring import FileKeyring

    path = tmp_path / "keyring.json"
    monkeypatch.setenv("COVENTRY_TEST_KEYRING", str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_server() as server:
        yield server


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(tmp_path / "inspect.sqlite"), user="tester")
    yield db
    db.close()


@pytest.fixture
def postgres_db(postgres_server: PostgresServer) -> Iterator[Database]:
    with postgres_server.fresh_database() as url:
        db = open_database(url, user="tester")
        yield db
        db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on an SQLite file and on a PostgreSQL database."""
    name = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
