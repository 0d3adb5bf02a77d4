"""What an administrator does to accounts: list them, make or unmake admins, disable and enable,
set a new password. Who is an administrator is checked by the caller (the server's admin routes).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.accounts.models import ApiToken, AuthSession, User
from collaboratory.accounts.passwords import hash_password
from collaboratory.accounts.validation import check_password
from collaboratory.db import Database, utcnow
from collaboratory.errors import BadRequest, NotFound


class AdminService:
    def __init__(self, db: Database, min_password_length: int) -> None:
        self.db = db
        self.min_password_length = min_password_length

    async def users(self) -> Sequence[User]:
        """Every account, signed-up ones first by name, then guests by age."""
        async with self.db.session() as s:
            query = select(User).order_by(User.is_guest, User.username, User.created_at)
            return (await s.scalars(query)).all()

    async def user(self, user_id: str) -> User:
        async with self.db.session() as s:
            return await self._get(s, user_id)

    async def _get(self, s: AsyncSession, user_id: str) -> User:
        user = await s.get(User, user_id)
        if user is None:
            raise NotFound("No such user.")
        return user

    async def change(
        self, admin_id: str, user_id: str, *, is_admin: bool | None, disabled: bool | None
    ) -> User:
        """Make or unmake an admin, disable or enable; never oneself (no locking oneself out)."""
        async with self.db.session() as s:
            user = await self._get(s, user_id)
            if user.id == admin_id and (is_admin is False or disabled is True):
                raise BadRequest(
                    "You cannot disable yourself or take away your own admin rights; ask "
                    "another admin.",
                    code="cannot_change_self",
                )
            if is_admin is not None:
                if is_admin and user.is_guest:
                    raise BadRequest("A guest cannot be an admin.", code="guest_not_allowed")
                user.is_admin = is_admin
            if disabled is not None and disabled != (user.disabled_at is not None):
                user.disabled_at = utcnow() if disabled else None
                if disabled:  # signed out everywhere; tokens stop working while disabled
                    await s.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
            await s.flush()
            return user

    async def set_password(self, user_id: str, password: str) -> None:
        """A new password; the user is signed out everywhere and their API tokens revoked."""
        check_password(password, self.min_password_length)
        hashed = await hash_password(password)
        async with self.db.session() as s:
            user = await self._get(s, user_id)
            if user.is_guest:
                raise BadRequest("A guest has no password to reset.", code="guest_not_allowed")
            user.password_hash = hashed
            await s.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
            await s.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
