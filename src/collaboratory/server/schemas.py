"""The JSON shapes of the public API; the front end's TypeScript types are generated from these."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from collaboratory.drive.models import Upload
from collaboratory.drive.roles import Role, SharedRole
from collaboratory.drive.service import Entry
from collaboratory.drive.sharing import Summary
from collaboratory.errors import ErrorBody, ErrorDetail

__all__ = ["ErrorBody", "ErrorDetail"]  # they live beside the error ladder; used from here too


class FromRecord(BaseModel):
    """An API model read from a record (a row, a dataclass) whose attributes carry its fields."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, record: object) -> Self:
        return cls.model_validate(record)


class Status(BaseModel):
    version: str
    guests_allowed: bool
    signup_allowed: bool
    max_upload_bytes: int
    upload_chunk_bytes: int
    runtimes: dict[str, str] = Field(
        description="The runtime backend and what its sandbox and limits enforce on this machine."
    )


class Credentials(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=4096)


class User(FromRecord):
    id: str
    username: str | None
    is_guest: bool
    is_admin: bool
    created_at: datetime


class TokenRequest(BaseModel):
    name: str = Field(max_length=1000)


class TokenInfo(FromRecord):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(BaseModel):
    id: str
    name: str
    token: str = Field(description="Shown once; only a hash is stored.")
    created_at: datetime


ItemKind = Literal["folder", "notebook", "file"]


class Person(BaseModel):
    username: str = Field(max_length=200)
    role: SharedRole


class SharedSummary(BaseModel):
    people: list[Person] = Field(description="Who the item itself is shared with by name.")
    link_role: SharedRole | None = Field(
        description='"Anyone with the link" has this role on the item; null: restricted.'
    )


class DriveItem(BaseModel):
    id: str
    kind: ItemKind
    name: str
    parent: str | None
    origin: Literal["created", "uploaded"] | None = Field(
        description="For notebooks: made here or uploaded."
    )
    size: int
    content_type: str | None
    created_at: datetime
    updated_at: datetime
    trashed: bool
    notes: list[str] = Field(
        default_factory=list, description="What an upload had to repair or upgrade."
    )
    role: Role = Field(
        description="My role on it: owner, or what it (or a folder above it) is shared with "
        "me as, or the link role."
    )
    shared: SharedSummary | None = Field(
        None,
        description="For the owner only: who the item itself is shared with and its link "
        "role (empty when it is not shared). Null for everyone else.",
    )

    @classmethod
    def of(cls, entry: Entry, summary: Summary | None = None) -> DriveItem:
        item = entry.item
        shared = None
        if summary is not None:
            people = [Person(username=p.username, role=p.role) for p in summary.people]
            shared = SharedSummary(people=people, link_role=summary.link_role)
        return cls(
            id=item.id,
            kind=item.kind,
            name=item.name,
            parent=item.parent_id,
            origin=item.origin,
            size=item.size,
            content_type=item.content_type,
            created_at=item.created_at,
            updated_at=item.updated_at,
            trashed=entry.trashed,
            notes=list(entry.notes),
            role=entry.role,
            shared=shared,
        )


class Sharing(BaseModel):
    owner: str = Field(
        max_length=200, description="The owner's user name; PUT another to hand ownership over."
    )
    people: list[Person] = Field(
        max_length=1000, description="Who else has access by name, and as what."
    )
    link_role: SharedRole | None = Field(
        description='"Anyone with the link" (guests included) has this role; null: restricted.'
    )


class CreateItem(BaseModel):
    kind: Literal["folder", "notebook"]
    name: str | None = Field(None, max_length=4096)
    parent: str | None = None


class CopyNotebook(BaseModel):
    name: str | None = Field(
        None, max_length=4096, description='The copy\'s name; "Copy of <name>" when omitted.'
    )
    parent: str | None = Field(None, description="A folder id; the original's folder when omitted.")


class UpdateItem(BaseModel):
    name: str | None = Field(None, max_length=4096)
    parent: str | None = Field(None, description="A folder id; null moves to the top of Drive.")


class StartUpload(BaseModel):
    name: str = Field(max_length=4096)
    size: int = Field(ge=0)
    parent: str | None = None


class UploadSession(BaseModel):
    id: str
    name: str
    size: int
    received: int
    chunk_bytes: int
    item: DriveItem | None = None

    @classmethod
    def of(cls, upload: Upload, chunk_bytes: int, entry: Entry | None = None) -> UploadSession:
        return cls(
            id=upload.id,
            name=upload.name,
            size=upload.size,
            received=upload.received,
            chunk_bytes=chunk_bytes,
            item=DriveItem.of(entry) if entry else None,
        )


def multipart_upload(*extra_fields: str) -> dict[str, Any]:
    """OpenAPI for a multipart form with a ``file`` (and optional string fields): FastAPI
    does not describe bodies that a route reads as a stream itself."""
    properties: dict[str, Any] = {"file": {"type": "string", "format": "binary"}}
    properties.update({name: {"type": "string"} for name in extra_fields})
    schema = {"type": "object", "required": ["file"], "properties": properties}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }
