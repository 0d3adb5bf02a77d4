"""Colab's ``google.colab.sheets``: Google Sheets as DataFrames. It signs in with the user's
Google account (``auth.authenticate_user()``), which Collaboratory runtimes do not have, so
``InteractiveSheet`` raises Colab's ``AuthorizationError`` naming what to use instead."""

from __future__ import annotations

from typing import Any

from .auth import _ALTERNATIVE
from .errors import AuthorizationError

__all__ = ["InteractiveSheet"]

_GSPREAD = (
    "With a service account's credentials, use gspread directly: "
    "gspread.authorize(credentials).open_by_url(url).sheet1.get_all_records(). Share the sheet "
    "with the service account's e-mail address first."
)


class InteractiveSheet:
    """A Google Sheet shown and edited as a DataFrame (on Colab)."""

    def __init__(self, *, credentials: Any = None, **options: Any) -> None:
        if credentials is None:
            raise AuthorizationError(
                f"InteractiveSheet needs Google credentials. {_ALTERNATIVE} {_GSPREAD}"
            )
        raise NotImplementedError(f"InteractiveSheet is not available here. {_GSPREAD}")
