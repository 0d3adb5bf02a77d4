"""Sign-up, sign-in, guests, sign-in sessions and API tokens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from collaboratory.accounts.credentials import (
    new_api_token,
    new_session_token,
    new_xsrf_token,
    token_hash,
)
from collaboratory.accounts.login_failures import DatabaseLoginLimiter
from collaboratory.accounts.models import ApiToken, AuthSession, User
from collaboratory.accounts.passwords import hash_password, needs_rehash, verify_password
from collaboratory.accounts.principal import Principal
from collaboratory.accounts.ratelimit import LoginRateLimiter, MemoryLoginLimiter
from collaboratory.accounts.validation import check_password, normalize_username
from collaboratory.config import AccountSettings
from collaboratory.db import Database, utcnow
from collaboratory.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized

# Hooks let packages above accounts (Drive) react without accounts depending on them.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)

UserHook = Callable[[AsyncSession, User], Awaitable[None]]
MergeHook = Callable[[AsyncSession, User, User], Awaitable[None]]


@dataclass
class AccountHooks:
    user_created: list[UserHook] = field(default_factory=list)
    guest_merged: list[MergeHook] = field(default_factory=list)  # (guest, into)


@dataclass(frozen=True)
class SignedIn:
    """A new sign-in session: the cookie value is only ever known here."""

    user: User
    session_token: str
    xsrf_token: str
    max_age: int


class AccountService:
    def __init__(self, db: Database, settings: AccountSettings, hooks: AccountHooks) -> None:
        self.db = db
        self.settings = settings
        self.hooks = hooks
        attempts, window = settings.login_attempts_per_window, settings.login_window_seconds
        # Replicas share PostgreSQL: they count failures there, so that they throttle together.
        self.limiter: LoginRateLimiter = (
            MemoryLoginLimiter(attempts, window)
            if db.is_sqlite
            else DatabaseLoginLimiter(db, attempts, window)
        )

    # -- creating users -------------------------------------------------------------------

    async def create_user(self, username: str, password: str, *, is_admin: bool = False) -> User:
        name = normalize_username(username)
        check_password(password, self.settings.min_password_length)
        user = User(username=name, password_hash=await hash_password(password), is_admin=is_admin)
        async with self.db.session() as s:
            await self._insert_user(s, user)
        return user

    async def _insert_user(self, s: AsyncSession, user: User) -> None:
        if user.username is not None:
            taken = await s.scalar(select(User.id).where(User.username == user.username))
            if taken is not None:
                raise Conflict(
                    f"The user name '{user.username}' is taken. Choose another.",
                    code="username_taken",
                )
        s.add(user)
        try:
            await s.flush()
        except IntegrityError as exc:  # a concurrent signup won the race
            raise Conflict(
                "That user name is taken. Choose another.", code="username_taken"
            ) from exc
        for hook in self.hooks.user_created:
            await hook(s, user)

    # -- browser sign-in ------------------------------------------------------------------

    async def start_guest(self) -> SignedIn:
        if not self.settings.allow_guests:
            raise Forbidden(
                "Guest use is turned off on this server. Sign in or create an account.",
                code="guests_disabled",
            )
        guest = User(is_guest=True)
        async with self.db.session() as s:
            await self._insert_user(s, guest)
            return await self._open_session(s, guest, self.settings.guest_session_days)

    async def signup(self, username: str, password: str, current: Principal | None) -> SignedIn:
        """Create an account; a guest signing up keeps everything under the new account."""
        if not self.settings.allow_signup:
            raise Forbidden(
                "Sign-up is turned off on this server. Ask an administrator for an account.",
                code="signup_disabled",
            )
        name = normalize_username(username)
        check_password(password, self.settings.min_password_length)
        password_hash = await hash_password(password)
        async with self.db.session() as s:
            if current is not None and current.user.is_guest:
                user = await self._claim_guest(s, current.user.id, name, password_hash)
                await self._close_sessions(s, user.id)
            else:
                user = User(username=name, password_hash=password_hash)
                await self._insert_user(s, user)
            return await self._open_session(s, user, self.settings.session_days)

    async def _claim_guest(
        self, s: AsyncSession, guest_id: str, name: str, password_hash: str
    ) -> User:
        if await s.scalar(select(User.id).where(User.username == name)) is not None:
            raise Conflict(
                f"The user name '{name}' is taken. Choose another.", code="username_taken"
            )
        user = await s.get_one(User, guest_id)
        user.username, user.password_hash, user.is_guest = name, password_hash, False
        await s.flush()
        return user

    async def login(
        self, username: str, password: str, address: str, current: Principal | None
    ) -> SignedIn:
        """Check the password (rate-limited); a guest's notebooks move into the account."""
        name = username.strip().lower()
        await self.limiter.check(name, address)
        async with self.db.session() as s:
            user = await s.scalar(select(User).where(User.username == name))
            stored = user.password_hash if user is not None else None
            if user is None or not await verify_password(stored, password):
                await self.limiter.record_failure(name, address)
                raise Unauthorized("Wrong user name or password.", code="invalid_credentials")
            await self.limiter.record_success(name, address)
            if user.disabled_at is not None:
                raise Forbidden(
                    "This account is disabled. Ask an administrator to enable it.",
                    code="account_disabled",
                )
            if stored is not None and needs_rehash(stored):
                user.password_hash = await hash_password(password)
            if current is not None and current.user.is_guest and current.user.id != user.id:
                await self._merge_guest(s, current.user, user)
            return await self._open_session(s, user, self.settings.session_days)

    async def _merge_guest(self, s: AsyncSession, guest: User, into: User) -> None:
        for hook in self.hooks.guest_merged:
            await hook(s, guest, into)
        await s.delete(await s.get_one(User, guest.id))

    async def _open_session(self, s: AsyncSession, user: User, days: int) -> SignedIn:
        token, xsrf = new_session_token(), new_xsrf_token()
        lifetime = timedelta(days=days)
        s.add(
            AuthSession(
                id=token_hash(token),
                user_id=user.id,
                xsrf_token=xsrf,
                expires_at=utcnow() + lifetime,
            )
        )
        await s.flush()
        return SignedIn(user, token, xsrf, int(lifetime.total_seconds()))

    async def _close_sessions(self, s: AsyncSession, user_id: str) -> None:
        await s.execute(delete(AuthSession).where(AuthSession.user_id == user_id))

    async def logout(self, principal: Principal) -> None:
        if principal.session is not None:
            async with self.db.session() as s:
                await s.execute(delete(AuthSession).where(AuthSession.id == principal.session.id))

    async def resolve_session(self, session_token: str) -> Principal | None:
        async with self.db.session() as s:
            session = await s.get(AuthSession, token_hash(session_token))
            if session is None:
                return None
            if session.expires_at <= utcnow():
                await s.delete(session)
                return None
            user = await s.get_one(User, session.user_id)
            if user.disabled_at is not None:
                return None
            return Principal(user=user, via="session", session=session)

    # -- API tokens -----------------------------------------------------------------------

    async def create_token(self, principal: Principal, name: str) -> tuple[ApiToken, str]:
        if principal.user.is_guest:
            raise Forbidden("Create an account to use API tokens.", code="guest_not_allowed")
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise BadRequest("Give the token a name of 1 to 100 characters.", code="invalid_name")
        token = new_api_token()
        record = ApiToken(user_id=principal.user_id, name=label, token_hash=token_hash(token))
        async with self.db.session() as s:
            s.add(record)
        return record, token

    async def list_tokens(self, principal: Principal) -> Sequence[ApiToken]:
        async with self.db.session() as s:
            query = select(ApiToken).where(ApiToken.user_id == principal.user_id)
            return (await s.scalars(query.order_by(ApiToken.created_at))).all()

    async def delete_token(self, principal: Principal, token_id: str) -> None:
        async with self.db.session() as s:
            result = await s.execute(
                delete(ApiToken).where(
                    ApiToken.id == token_id, ApiToken.user_id == principal.user_id
                )
            )
            if getattr(result, "rowcount", 0) == 0:
                raise NotFound("No such token.")

    async def resolve_token(self, token: str) -> Principal | None:
        async with self.db.session() as s:
            record = await s.scalar(
                select(ApiToken).where(ApiToken.token_hash == token_hash(token))
            )
            if record is None:
                return None
            user = await s.get_one(User, record.user_id)
            if user.disabled_at is not None:
                return None
            now = utcnow()
            # Clients send the token with every request; record use at most once a minute.
            if record.last_used_at is None or now - record.last_used_at > TOKEN_USE_RESOLUTION:
                await s.execute(
                    update(ApiToken).where(ApiToken.id == record.id).values(last_used_at=now)
                )
            return Principal(user=user, via="token")
