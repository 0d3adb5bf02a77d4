"""secrets: a user's secrets (encrypted values) and their per-notebook access

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_secrets",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("value_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_secrets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_secrets")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_user_secrets_user_id")),
    )
    with op.batch_alter_table("user_secrets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_secrets_user_id"), ["user_id"], unique=False)
    op.create_table(
        "user_secret_grants",
        sa.Column("secret_id", sa.String(length=32), nullable=False),
        sa.Column("notebook_id", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["secret_id"],
            ["user_secrets.id"],
            name=op.f("fk_user_secret_grants_secret_id_user_secrets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["notebook_id"],
            ["drive_items.id"],
            name=op.f("fk_user_secret_grants_notebook_id_drive_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("secret_id", "notebook_id", name=op.f("pk_user_secret_grants")),
    )


def downgrade() -> None:
    op.drop_table("user_secret_grants")
    with op.batch_alter_table("user_secrets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_secrets_user_id"))
    op.drop_table("user_secrets")
