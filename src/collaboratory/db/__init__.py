"""Database engine, sessions and Alembic migrations."""

from collaboratory.db.base import Base, new_id, utcnow
from collaboratory.db.engine import Database

__all__ = ["Base", "Database", "new_id", "utcnow"]
