"""Alembic environment: migrations always run on a connection the application hands over."""

from __future__ import annotations

from alembic import context

from collaboratory.db.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through collaboratory.db.migrate (collaboratory migrate).")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
