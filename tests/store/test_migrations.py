"""Migrations: an old file upgrades without loss; a failure leaves it at its old revision."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from coventry_inspect.services.findings import list_findings, update_finding
from coventry_inspect.services.inspections import list_inspections
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.migrate import MIGRATIONS_DIR, SCHEMA_HEAD, head_revision, upgrade

FIRST_REVISION = "0001"


def file_at_first_revision(path: Path) -> None:
    """A database as the first released schema wrote it, with an inspection in it."""
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, to=FIRST_REVISION)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO local_authority (id, name, la_number, created_at, updated_at, updated_by)"
            " VALUES ('00000000000000000000000000000001', 'Coventry', '331',"
            " '2013-03-11 09:00:00', '2013-03-11 09:00:00', 'hmi')"
        )
        connection.execute(
            "INSERT INTO inspection (id, reference, kind, local_authority_id, start_date, end_date,"
            " sender_name, sender_title, addressee_name, addressee_title, addressee_address,"
            " copy_to, summary, created_at, updated_at, updated_by) VALUES"
            " ('00000000000000000000000000000002', 'COV-2013-03', 'focused',"
            " '00000000000000000000000000000001', '2013-03-11', '2013-03-15', 'Louise Soden', '',"
            " '', '', '', '', 'In summary', '2013-03-11 09:00:00', '2013-03-11 09:00:00', 'hmi')"
        )
        connection.execute(
            "INSERT INTO finding (id, inspection_id, kind, section, number, statement, created_at,"
            " updated_at, updated_by) VALUES ('00000000000000000000000000000003',"
            " '00000000000000000000000000000002', 'strength', '', 1, 'Rigour of challenge',"
            " '2013-03-11 09:00:00', '2013-03-11 09:00:00', 'hmi')"
        )


def test_first_revision_file_upgrades_to_head_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    db = open_database(str(path))
    inspections = list_inspections(db)
    findings = list_findings(db, inspections[0].id)
    db.close()
    assert [(f.statement, f.position) for f in findings] == [("Rigour of challenge", 0)]
    assert [(i.reference, i.local_authority.name, i.summary) for i in inspections] == [
        ("COV-2013-03", "Coventry", "In summary")
    ]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )


FAILING_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "9000_fails"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inspection", sa.Column("half_done", sa.Text(), nullable=True))
    op.execute("UPDATE inspection SET summary = 'overwritten'")
    raise RuntimeError("injected failure mid-migration")


def downgrade() -> None:
    pass
"""


def test_failure_mid_migration_leaves_the_file_at_its_old_revision(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    open_database(str(path)).close()  # at head of the real migrations
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9000_fails.py").write_text(
        FAILING_MIGRATION.format(head=head_revision())
    )
    with pytest.raises(RuntimeError, match="injected failure"):
        open_database(str(path), migrations_dir=migrations)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        columns = [row[1] for row in connection.execute("PRAGMA table_info(inspection)")]
        assert "half_done" not in columns
        assert connection.execute("SELECT summary FROM inspection").fetchone() == ("In summary",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_recorded_head_is_alembics_head() -> None:
    """Opening an up-to-date file skips Alembic by comparing with SCHEMA_HEAD: keep it true."""
    assert head_revision() == SCHEMA_HEAD


def test_the_models_match_the_migrations() -> None:
    """A model change without its migration would be found here (Alembic's autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from coventry_inspect.store.models import Base
    from coventry_inspect.store.search_index import SEARCH_TABLE, include_object

    engine = create_engine("sqlite://")
    upgrade(engine)
    with engine.connect() as connection:
        filtered = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(filtered, Base.metadata) == []
        # What the filter leaves out is the search index alone (FTS5 and its shadow tables).
        unfiltered = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        left_out = {diff[1].name for diff in unfiltered}
        assert SEARCH_TABLE in left_out
        assert all(diff[0] == "remove_table" for diff in unfiltered), unfiltered
        assert all(name.startswith(SEARCH_TABLE) for name in left_out), left_out


@pytest.mark.postgresql
def test_the_models_match_the_migrations_on_postgresql(postgres_db: Database) -> None:
    """There the search index is a generated column of ``response`` and a GIN index on it:
    left out of the comparison, and nothing else is."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from coventry_inspect.store.models import Base
    from coventry_inspect.store.search_index import SEARCH_COLUMN, SEARCH_INDEX, include_object

    with postgres_db.engine.connect() as connection:
        filtered = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(filtered, Base.metadata) == []
        unfiltered = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    flat = [d for diff in unfiltered for d in (diff if isinstance(diff, list) else [diff])]
    assert sorted(str(d[0]) for d in flat) == ["remove_column", "remove_index"], flat
    assert {d[3].name if d[0] == "remove_column" else d[1].name for d in flat} == {
        SEARCH_COLUMN,
        SEARCH_INDEX,
    }


def test_a_file_at_0005_gains_the_school_indexes_and_keeps_its_rows(tmp_path: Path) -> None:
    """Deleting a school checks every row pointing at it: with the index SQLite searches for
    them instead of scanning 250,000 responses of a national file."""
    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, to="0005")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO school (id, urn, name, establishment_type, la_code, la_name, status,"
            " ofsted_rating, illustrative, created_at, updated_at, updated_by)"
            " VALUES ('00000000000000000000000000000004', '103700', 'Earlsdon Primary', '', '', '',"
            " '', '', 0,"
            " '2013-03-11 09:00:00', '2013-03-11 09:00:00', 'hmi')"
        )
        connection.execute(
            "INSERT INTO inspected_school (id, inspection_id, school_id, phase, previous_grade,"
            " notes, created_at, updated_at, updated_by) VALUES"
            " ('00000000000000000000000000000005', '00000000000000000000000000000002',"
            " '00000000000000000000000000000004', 'primary', 'good', 'Seen on Monday',"
            " '2013-03-11 09:00:00', '2013-03-11 09:00:00', 'hmi')"
        )
    db = open_database(str(path))
    db.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        assert connection.execute("SELECT notes FROM inspected_school").fetchall() == [
            ("Seen on Monday",)
        ]
        for table in ("inspected_school", "surveyed_school", "response"):
            plan = " ".join(
                str(row[-1])
                for row in connection.execute(
                    f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE school_id = ?", ("x",)
                )
            )
            assert f"USING INDEX ix_{table}_school_id" in plan, plan
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_file_at_0006_gains_versions_and_inspectors_and_its_next_edit_is_version_2(
    tmp_path: Path,
) -> None:
    """Team work: every existing row starts at version 1 and is unassigned; history recorded
    before versions existed keeps no version, and the first edit afterwards records version 2."""
    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, to="0006")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        history_before = connection.execute("SELECT count(*) FROM history").fetchone()[0]
    db = open_database(str(path), user="lead")
    try:
        inspection = list_inspections(db)[0]
        finding = list_findings(db, inspection.id)[0]
        assert finding.version == 1
        update_finding(db, finding.id, statement="Reworded after the upgrade")
        assert list_findings(db, inspection.id)[0].version == 2
    finally:
        db.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT DISTINCT version FROM inspection").fetchall() == [(1,)]
        assert connection.execute(
            "SELECT version FROM history WHERE field = 'statement'"
        ).fetchall() == [(2,)]
        assert connection.execute(
            "SELECT count(*) FROM history WHERE version IS NULL"
        ).fetchone() == (history_before,)
        assert connection.execute("SELECT count(*) FROM merge_base").fetchone() == (0,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_file_at_0008_gains_the_search_index_with_its_responses_in_it(tmp_path: Path) -> None:
    """Find in responses finds what was written before the index existed (migration 0009)."""
    from alembic import command

    from coventry_inspect.domain.vocabulary import Phase, PreviousGrade, Respondent
    from coventry_inspect.services import evidence
    from coventry_inspect.services.search import find
    from coventry_inspect.store.migrate import _config

    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    db = open_database(str(path), user="lead")
    try:
        inspection = list_inspections(db)[0]
        question = evidence.add_key_question(db, inspection.id, "How are governors trained?")
        school = evidence.add_inspected_school(
            db, inspection.id, "103700", "Earlsdon Primary", Phase.PRIMARY, PreviousGrade.GOOD
        )
        evidence.add_response(
            db, question.id, school.school_id, Respondent.HEADTEACHER, "Governor training is good."
        )
    finally:
        db.close()
    # Back to 0008, as a file written before the index existed would be: responses, no index.
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(_config(MIGRATIONS_DIR, connection), "0008")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert not {n for n in names if n.startswith("response_search")}
        assert connection.execute("SELECT count(*) FROM response").fetchone() == (1,)
    db = open_database(str(path), user="lead")
    try:
        [hit] = find(db, inspection.id, "governor train").hits
        assert hit.text == "Governor training is good."
    finally:
        db.close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO response_search(response_search, rank) VALUES ('integrity-check', 1)"
        )
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_file_at_0008_opened_read_only_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    """Read-only (another window, or a read-only disk) cannot add the search index: the file is
    refused with what to do, and not a byte of it (nor a -wal beside it) changes."""
    import hashlib

    from coventry_inspect.store.errors import DatabaseError

    path = tmp_path / "old.sqlite"
    file_at_first_revision(path)
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, to="0008")
    engine.dispose()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="opened normally"):
        open_database(str(path), read_only=True, untouched=True)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)
