"""Themes on responses, and the responses that support each finding.

- ``response_theme``: a response tagged with a short theme.
- ``finding_evidence``: a finding linked to a response that supports it.

Both go with their response or finding (ON DELETE CASCADE) and with their inspection.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _audit_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
    ]


def _foreign_key(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "response_theme",
        *_audit_columns(),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("theme", sa.String(length=60), nullable=False),
        _foreign_key("response_theme", "inspection_id", "inspection"),
        _foreign_key("response_theme", "response_id", "response"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_theme")),
        sa.UniqueConstraint("response_id", "theme", name=op.f("uq_response_theme_response_id")),
    )
    op.create_table(
        "finding_evidence",
        *_audit_columns(),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        _foreign_key("finding_evidence", "inspection_id", "inspection"),
        _foreign_key("finding_evidence", "finding_id", "finding"),
        _foreign_key("finding_evidence", "response_id", "response"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_evidence")),
        sa.UniqueConstraint(
            "finding_id", "response_id", name=op.f("uq_finding_evidence_finding_id")
        ),
    )
    for table, columns in (
        ("response_theme", ("inspection_id", "response_id")),
        ("finding_evidence", ("inspection_id", "finding_id", "response_id")),
    ):
        for column in columns:
            op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    op.drop_table("finding_evidence")
    op.drop_table("response_theme")
