"""runtimes

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "runtimes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kernel_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("notebook_id", sa.String(length=32), nullable=True),
        sa.Column("runtime_type", sa.String(length=64), nullable=False),
        sa.Column("backend", sa.String(length=64), nullable=False),
        sa.Column("backend_state", sa.JSON(), nullable=False),
        sa.Column("accelerators", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["drive_items.id"],
            name=op.f("fk_runtimes_notebook_id_drive_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_runtimes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runtimes")),
        sa.UniqueConstraint("kernel_id", name=op.f("uq_runtimes_kernel_id")),
    )
    with op.batch_alter_table("runtimes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_runtimes_notebook_id"), ["notebook_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_runtimes_user_id"), ["user_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("runtimes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_runtimes_user_id"))
        batch_op.drop_index(batch_op.f("ix_runtimes_notebook_id"))

    op.drop_table("runtimes")
