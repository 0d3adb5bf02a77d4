"""Rules for user names and passwords, with messages a person can act on."""

from __future__ import annotations

import re

from collaboratory.errors import BadRequest

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_PASSWORD = 1024


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.fullmatch(name):
        raise BadRequest(
            "A user name has 2 to 32 characters: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
            code="invalid_username",
        )
    return name


def check_password(password: str, min_length: int) -> None:
    if len(password) < min_length:
        raise BadRequest(
            f"Choose a password of at least {min_length} characters.", code="weak_password"
        )
    if len(password) > MAX_PASSWORD:
        raise BadRequest(
            f"A password may have at most {MAX_PASSWORD} characters.", code="invalid_password"
        )
