"""revisions

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notebook_revisions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("notebook_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_notebook_revisions_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["drive_items.id"],
            name=op.f("fk_notebook_revisions_notebook_id_drive_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notebook_revisions")),
    )
    with op.batch_alter_table("notebook_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notebook_revisions_notebook_id"), ["notebook_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notebook_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notebook_revisions_notebook_id"))

    op.drop_table("notebook_revisions")
