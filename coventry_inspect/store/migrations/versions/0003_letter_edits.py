"""The inspector's wording of letter blocks, kept when the letter is generated again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_edit",
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("based_on", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_letter_edit_inspection_id_inspection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_edit")),
        sa.UniqueConstraint("inspection_id", "key", name=op.f("uq_letter_edit_inspection_id")),
    )
    with op.batch_alter_table("letter_edit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_edit_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("letter_edit")
