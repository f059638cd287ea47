"""History rows name the school they are about, so they still name it after it is deleted.

Rows recorded before this revision are named from the school their row (or the school itself)
still points at; those about a row since deleted stay unnamed, as nothing recorded the school.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BELONGING_TO_A_SCHOOL = ("inspected_school", "surveyed_school", "response")


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("school_urn", sa.String(length=6), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("school_name", sa.String(length=300), nullable=False, server_default="")
        )
    for column in ("urn", "name"):
        op.execute(
            f"UPDATE history SET school_{column} = (SELECT school.{column} FROM school"
            " WHERE school.id = history.entity_id) WHERE history.entity = 'school'"
            " AND EXISTS (SELECT 1 FROM school WHERE school.id = history.entity_id)"
        )
        for table in BELONGING_TO_A_SCHOOL:
            op.execute(
                f"UPDATE history SET school_{column} = (SELECT school.{column} FROM school"
                f" JOIN {table} ON {table}.school_id = school.id"
                f" WHERE {table}.id = history.entity_id) WHERE history.entity = '{table}'"
                f" AND EXISTS (SELECT 1 FROM {table} WHERE {table}.id = history.entity_id)"
            )


def downgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_column("school_name")
        batch_op.drop_column("school_urn")
