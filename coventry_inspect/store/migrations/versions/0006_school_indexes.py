"""Index the school of every row that belongs to one (inspected, surveyed, response).

With foreign keys enforced, deleting or merging a school scans each of these tables for rows that
still point at it; on a national file (250,000 responses) that was a full scan per school. The
unique (inspection_id, school_id) constraints do not help: their index leads with the inspection.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("inspected_school", "surveyed_school", "response")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_school_id", table, ["school_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_school_id", table_name=table)
