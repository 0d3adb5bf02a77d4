"""documents

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notebook_documents",
        sa.Column("notebook_id", sa.String(length=32), nullable=False),
        sa.Column("snapshot", sa.LargeBinary(), nullable=False),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["drive_items.id"],
            name=op.f("fk_notebook_documents_notebook_id_drive_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("notebook_id", name=op.f("pk_notebook_documents")),
    )
    op.create_table(
        "notebook_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notebook_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("update", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["drive_items.id"],
            name=op.f("fk_notebook_updates_notebook_id_drive_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notebook_updates")),
        sa.UniqueConstraint("notebook_id", "seq", name=op.f("uq_notebook_updates_notebook_id")),
    )
    with op.batch_alter_table("notebook_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notebook_updates_notebook_id"), ["notebook_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notebook_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notebook_updates_notebook_id"))

    op.drop_table("notebook_updates")
    op.drop_table("notebook_documents")
