"""sharing: people's roles on Drive items, and the link role

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drive_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_role", sa.String(length=16), nullable=True))
    op.create_table(
        "drive_shares",
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["drive_items.id"],
            name=op.f("fk_drive_shares_item_id_drive_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_drive_shares_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "user_id", name=op.f("pk_drive_shares")),
    )
    with op.batch_alter_table("drive_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drive_shares_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drive_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drive_shares_user_id"))
    op.drop_table("drive_shares")
    with op.batch_alter_table("drive_items", schema=None) as batch_op:
        batch_op.drop_column("link_role")
