"""A user's secrets for ``google.colab.userdata``: names in the clear, values encrypted with
Fernet (AES-128-CBC + HMAC-SHA256) under a key kept in the data directory
(``secrets.key``, created 0600 at first start), and per-notebook *Notebook access*.

A value leaves this module only decrypted for its owner (``reveal``) or for a cell of its
owner's, on a notebook granted access (``lookup``); it is never logged.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, select

from collaboratory.accounts.models import Secret, SecretGrant
from collaboratory.db import Database
from collaboratory.db.base import utcnow
from collaboratory.drive.models import Item
from collaboratory.errors import BadRequest, NotFound

KEY_FILE = "secrets.key"
MAX_VALUE_BYTES = 64 * 1024
_NAME = re.compile(r"^[^\s]{1,255}$")


def load_key(data_dir: Path) -> bytes:
    """The data directory's Fernet key, made (readable by the server's user only) if absent."""
    path = data_dir / KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as out:
        out.write(Fernet.generate_key())
    return path.read_bytes().strip()


@dataclass(frozen=True)
class SecretInfo:
    name: str
    updated_at: datetime
    notebook_access: bool | None  # for the notebook asked about; None when none was


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise BadRequest(
            "A secret's name is 1 to 255 characters with no spaces.", code="invalid_name"
        )
    return name


class SecretService:
    def __init__(self, db: Database, data_dir: Path) -> None:
        self.db, self.data_dir = db, data_dir
        self._asking: dict[tuple[str, str, str], set[asyncio.Event]] = {}

    @cached_property
    def _fernet(self) -> Fernet:
        return Fernet(load_key(self.data_dir))

    async def list(self, user_id: str, notebook_id: str | None = None) -> list[SecretInfo]:
        async with self.db.session() as s:
            query = select(Secret).where(Secret.user_id == user_id).order_by(Secret.name)
            secrets = (await s.scalars(query)).all()
            granted: set[str] = set()
            if notebook_id is not None:
                grants = select(SecretGrant.secret_id).where(
                    SecretGrant.notebook_id == notebook_id, SecretGrant.granted.is_(True)
                )
                granted = set((await s.scalars(grants)).all())
        return [
            SecretInfo(x.name, x.updated_at, None if notebook_id is None else x.id in granted)
            for x in secrets
        ]

    async def put(self, user_id: str, name: str, value: str) -> SecretInfo:
        check_name(name)
        if len(value.encode()) > MAX_VALUE_BYTES:
            raise BadRequest("A secret's value is at most 64 KiB.", code="too_large")
        sealed = self._fernet.encrypt(value.encode()).decode()
        async with self.db.session() as s:
            found = await self._find(s, user_id, name)
            if found is None:
                found = Secret(user_id=user_id, name=name, value_encrypted=sealed)
                s.add(found)
            else:
                found.value_encrypted, found.updated_at = sealed, utcnow()
            await s.flush()
            return SecretInfo(found.name, found.updated_at, None)

    async def reveal(self, user_id: str, name: str) -> str:
        async with self.db.session() as s:
            return self._open(await self._get(s, user_id, name))

    async def delete(self, user_id: str, name: str) -> None:
        async with self.db.session() as s:
            found = await self._get(s, user_id, name)
            await s.execute(delete(SecretGrant).where(SecretGrant.secret_id == found.id))
            await s.delete(found)

    async def set_access(self, user_id: str, name: str, notebook_id: str, granted: bool) -> None:
        async with self.db.session() as s:
            found = await self._get(s, user_id, name)
            item = await s.get(Item, notebook_id)
            if item is None or item.kind != "notebook":
                raise NotFound("No such notebook.")
            grant = await s.get(SecretGrant, (found.id, notebook_id))
            if grant is None:
                s.add(SecretGrant(secret_id=found.id, notebook_id=notebook_id, granted=granted))
            else:
                grant.granted = granted
        for answered in self._asking.get((user_id, notebook_id, name), set()):
            answered.set()

    async def ask_access(self, user_id: str, notebook_id: str, name: str, wait_s: float) -> bool:
        """Waits until the user answers *Notebook access* for the secret (granted or not), or
        ``wait_s`` seconds; True when they answered."""
        key = (user_id, notebook_id, name)
        answered = asyncio.Event()
        self._asking.setdefault(key, set()).add(answered)
        try:
            async with asyncio.timeout(wait_s):
                await answered.wait()
            return True
        except TimeoutError:
            return False
        finally:
            waiting = self._asking.get(key, set())
            waiting.discard(answered)
            if not waiting:
                self._asking.pop(key, None)

    async def lookup(self, user_id: str, notebook_id: str, name: str) -> dict[str, Any]:
        """Colab's ``GetSecret`` reply for a cell the user runs in the notebook."""
        async with self.db.session() as s:
            found = await self._find(s, user_id, name)
            if found is None:
                return {"exists": False}
            grant = await s.get(SecretGrant, (found.id, notebook_id))
            if grant is None:  # never asked: the editor may ask the user (``asked`` False)
                return {"exists": True, "access": False, "asked": False}
            if not grant.granted:
                return {"exists": True, "access": False}
            return {"exists": True, "access": True, "payload": self._open(found)}

    def _open(self, secret: Secret) -> str:
        try:
            return self._fernet.decrypt(secret.value_encrypted.encode()).decode()
        except InvalidToken:
            raise BadRequest(
                f"Secret {secret.name} was sealed with another key; set its value again.",
                code="undecryptable",
            ) from None

    async def _find(self, s: Any, user_id: str, name: str) -> Secret | None:
        query = select(Secret).where(Secret.user_id == user_id, Secret.name == name)
        found: Secret | None = await s.scalar(query)
        return found

    async def _get(self, s: Any, user_id: str, name: str) -> Secret:
        found = await self._find(s, user_id, name)
        if found is None:
            raise NotFound(f"Secret {name} does not exist.")
        return found
