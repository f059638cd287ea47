from __future__ import annotations

from pathlib import Path

import pytest

from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot
from coventry_inspect.store.database import Database


@pytest.fixture
def examples_db(sqlite_db: Database) -> Database:
    install_examples(sqlite_db)
    return sqlite_db


def snapshot_of(db: Database, reference: str) -> InspectionSnapshot:
    return read_snapshot(db, choose_inspection(db, reference).id)


@pytest.fixture
def focused(examples_db: Database) -> InspectionSnapshot:
    return snapshot_of(examples_db, "COV-2013-03")


@pytest.fixture
def lea(examples_db: Database) -> InspectionSnapshot:
    return snapshot_of(examples_db, "COV-2004-05")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder / "inspection.xlsx"
