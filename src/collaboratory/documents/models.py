"""A notebook document as a snapshot plus an append-only log of later updates; its revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collaboratory.db.base import Base, new_id, utcnow


class NotebookDocument(Base):
    __tablename__ = "notebook_documents"

    notebook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("drive_items.id", ondelete="CASCADE"), primary_key=True
    )
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    # The last update folded into the snapshot; the log holds only later ones.
    snapshot_seq: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotebookUpdate(Base):
    __tablename__ = "notebook_updates"
    __table_args__ = (UniqueConstraint("notebook_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    notebook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("drive_items.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    update: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotebookRevision(Base):
    """A saved version of a notebook: the .ipynb bytes of its live document at that moment."""

    __tablename__ = "notebook_revisions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    notebook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("drive_items.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # NULL for automatic revisions, and once the user is deleted.
    created_by: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("users.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))  # "auto" | "manual" | "restore"
    label: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CommentThread(Base):
    """Comments on one cell of a notebook: the first one and its replies; resolved or open."""

    __tablename__ = "comment_threads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    notebook_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("drive_items.id", ondelete="CASCADE"), index=True
    )
    cell_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # NULL while open, and once the user who resolved it is deleted.
    resolved_by: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("users.id", ondelete="SET NULL")
    )


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    thread_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("comment_threads.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
