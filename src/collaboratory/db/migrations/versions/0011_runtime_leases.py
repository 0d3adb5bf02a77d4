"""runtime leases: which server replica drives which runtime

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runtime_leases",
        sa.Column("runtime_id", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["runtime_id"],
            ["runtimes.id"],
            name=op.f("fk_runtime_leases_runtime_id_runtimes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("runtime_id", name=op.f("pk_runtime_leases")),
    )


def downgrade() -> None:
    op.drop_table("runtime_leases")
