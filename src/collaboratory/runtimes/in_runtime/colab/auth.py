"""Colab's Google sign-in. A Collaboratory runtime has no Google account behind it: each call
raises Colab's ``AuthorizationError`` naming what to use instead."""

from __future__ import annotations

from .errors import AuthorizationError

__all__ = ["authenticate_service_account", "authenticate_user"]

_ALTERNATIVE = (
    "Collaboratory runtimes are not signed in to a Google account. Keep a service-account "
    "key (JSON) as a secret in the Secrets panel and use it: "
    "google.oauth2.service_account.Credentials.from_service_account_info("
    "json.loads(userdata.get('NAME'))); or upload the key file to /content and set "
    "GOOGLE_APPLICATION_CREDENTIALS to its path."
)


def authenticate_user(clear_output: bool = True, project_id: str | None = None) -> None:
    """Colab signs the runtime in as its user; here it raises AuthorizationError."""
    raise AuthorizationError(f"authenticate_user() is not available. {_ALTERNATIVE}")


def authenticate_service_account(clear_output: bool = True) -> None:
    """Colab uses the notebook's service account; here it raises AuthorizationError."""
    raise AuthorizationError(f"authenticate_service_account() is not available. {_ALTERNATIVE}")
