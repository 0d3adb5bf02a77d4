"""Drive items (folders, notebooks, files) and resumable uploads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from collaboratory.db.base import Base, new_id, utcnow

FOLDER, NOTEBOOK, FILE = "folder", "notebook", "file"
CREATED, UPLOADED = "created", "uploaded"


class Item(Base):
    __tablename__ = "drive_items"
    __table_args__ = (Index("ix_drive_items_owner_parent", "owner_id", "parent_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("drive_items.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    origin: Mapped[str | None] = mapped_column(String(16))
    # Storage key of the content blob; never derived from the user's name for it.
    blob: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    content_type: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set on the item the user trashed; its descendants are hidden with it.
    trashed_at: Mapped[datetime | None]
    # "Anyone with the link": the role everyone signed in (guests too) has here and below.
    link_role: Mapped[str | None] = mapped_column(String(16))


class Share(Base):
    """One person's role on an item (and, for a folder, on everything in it)."""

    __tablename__ = "drive_shares"

    item_id: Mapped[str] = mapped_column(
        ForeignKey("drive_items.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Upload(Base):
    """A chunked upload in progress; its bytes accumulate in a blob until complete."""

    __tablename__ = "drive_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("drive_items.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    blob: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
