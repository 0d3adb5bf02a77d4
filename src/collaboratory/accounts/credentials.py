"""Random tokens handed to clients and the hashes under which they are stored."""

from __future__ import annotations

import hashlib
import secrets

API_TOKEN_PREFIX = "clb_"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_xsrf_token() -> str:
    return secrets.token_urlsafe(24)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are long random strings, so one fast hash suffices (no salt or stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()
