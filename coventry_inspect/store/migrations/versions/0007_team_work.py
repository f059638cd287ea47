"""Team work: who each school is assigned to, a version on every evidence row, and hand-outs.

- ``inspected_school.inspector`` and ``surveyed_school.inspector``: blank = unassigned.
- ``version`` on every audited table (1 for existing rows): optimistic concurrency on a team
  server, and what a row was when it was handed out; ``history.version`` the version a change made.
- ``handout`` and ``merge_base``: schools handed out to an inspector, and each row's values when
  it left or last came back, for three-way merges.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDITED = (
    "local_authority",
    "school",
    "inspection",
    "inspected_school",
    "surveyed_school",
    "key_question",
    "response",
    "finding",
    "judgement",
    "recommendation",
    "letter_edit",
)
ASSIGNED = ("inspected_school", "surveyed_school")


def upgrade() -> None:
    for table in AUDITED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    for table in ASSIGNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("inspector", sa.String(length=100), nullable=False, server_default="")
            )
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
    op.create_table(
        "handout",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("inspector", sa.String(length=100), nullable=False),
        sa.Column("schools", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_handout_inspection_id_inspection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout")),
    )
    op.create_index(op.f("ix_handout_inspection_id"), "handout", ["inspection_id"], unique=False)
    op.create_table(
        "merge_base",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_merge_base_inspection_id_inspection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_base")),
        sa.UniqueConstraint("source", "row_id", name=op.f("uq_merge_base_source")),
    )
    op.create_index(op.f("ix_merge_base_source"), "merge_base", ["source"], unique=False)
    op.create_index(
        op.f("ix_merge_base_inspection_id"), "merge_base", ["inspection_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("merge_base")
    op.drop_table("handout")
    with op.batch_alter_table("history") as batch:
        batch.drop_column("version")
    for table in ASSIGNED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("inspector")
    for table in AUDITED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
