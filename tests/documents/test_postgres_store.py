"""The document store's tests again, on a throwaway PostgreSQL cluster."""

from __future__ import annotations

from tests.db.test_postgres import database_url, postgres  # noqa: F401
from tests.documents.test_store import test_append_load_compact  # noqa: F401
