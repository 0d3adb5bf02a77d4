"""Colab's ``google.colab.ai`` (Gemini through Colab's model proxy). A Collaboratory runtime has
no model proxy: calls check their arguments as Colab does, then raise Colab's
``RuntimeManagementError`` naming what to use instead."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import RuntimeManagementError

__all__ = ["ModelProxyServiceError", "generate_text", "list_models"]

_NO_PROXY = (
    "google.colab.ai needs Colab's model proxy, which Collaboratory runtimes do not have. "
    "Call a model provider's own API (its Python client) with an API key kept in the Secrets "
    "panel: userdata.get('NAME')."
)


class ModelProxyServiceError(Exception):
    """Errors related to the model proxy service."""


def generate_text(
    prompt: str, model_name: str = "google/gemini-2.5-flash", stream: bool = False
) -> str | Iterator[str]:
    """Generates text from ``prompt``: not available here (RuntimeManagementError)."""
    if not prompt:
        raise ValueError("Prompt cannot be empty.")
    if not isinstance(prompt, str):
        raise ValueError("Prompt must be a string.")
    raise RuntimeManagementError(_NO_PROXY)


def list_models() -> list[str]:
    """The models of Colab's proxy: not available here (RuntimeManagementError)."""
    raise RuntimeManagementError(_NO_PROXY)
