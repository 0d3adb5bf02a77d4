"""The gateway's REST API (``/api/kernels``), with its failures told as sentences.

Every failure becomes :class:`GatewayError`: the gateway down or unreachable, a 5xx, a request
that took too long, a kernel launch that timed out. Callers show its message in the editor.
"""

from __future__ import annotations

from typing import Any

import httpx

from collaboratory.config.settings import GatewaySettings
from collaboratory.runtimes.errors import RuntimeNotReady


class GatewayError(RuntimeNotReady):
    """The gateway could not do what was asked; the message says what happened."""

    code = "gateway_error"


class GatewayNotConfigured(ValueError):
    """``runtimes.backend = "gateway"`` without ``runtimes.gateway.url``."""


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300].strip()
    if isinstance(body, dict):
        return str(body.get("message") or body.get("reason") or "").strip()
    return ""


class GatewayClient:
    def __init__(self, settings: GatewaySettings) -> None:
        if not settings.url:
            raise GatewayNotConfigured(
                'runtimes.backend = "gateway" needs runtimes.gateway.url, the address of the '
                "Jupyter Enterprise Gateway."
            )
        self.settings = settings
        self.url = settings.url.rstrip("/")
        headers = {"Authorization": f"token {settings.auth_token}"} if settings.auth_token else {}
        self.headers = headers
        self._http = httpx.AsyncClient(
            base_url=self.url, headers=headers, timeout=settings.request_timeout_seconds
        )

    def websocket_url(self, kernel_id: str, session_id: str | None = None) -> str:
        """The kernel's channels. Under a ``session_id``, when the connection drops (our server
        died) the gateway keeps what the kernel sends and replays it to whoever reconnects
        with that id (the restarted server, or a replica taking over)."""
        scheme = "wss" if self.url.startswith("https") else "ws"
        base = f"{scheme}{self.url[self.url.index(':') :]}/api/kernels/{kernel_id}/channels"
        return base if session_id is None else f"{base}?session_id={session_id}"

    async def _call(
        self, method: str, path: str, *, seconds: float | None = None, **kwargs: Any
    ) -> httpx.Response:
        what = f"The runtime gateway at {self.url}"
        try:
            response = await self._http.request(
                method, path, timeout=seconds or self.settings.request_timeout_seconds, **kwargs
            )
        except httpx.TimeoutException as exc:
            raise GatewayError(f"{what} did not answer in time ({method} {path}).") from exc
        except httpx.HTTPError as exc:
            raise GatewayError(f"{what} cannot be reached: {exc or type(exc).__name__}.") from exc
        if response.status_code >= 500:
            detail = _detail(response) or response.reason_phrase
            raise GatewayError(f"{what} failed ({response.status_code}): {detail}")
        if response.status_code in (401, 403):
            raise GatewayError(
                f"{what} refused our credentials ({response.status_code}): check "
                "runtimes.gateway.auth_token."
            )
        return response

    async def start_kernel(self, kernelspec: str, env: dict[str, str]) -> dict[str, Any]:
        response = await self._call(
            "POST",
            "/api/kernels",
            json={"name": kernelspec, "env": env},
            seconds=self.settings.launch_timeout_seconds,
        )
        if response.status_code >= 400:
            detail = _detail(response) or response.reason_phrase
            raise GatewayError(
                f"The runtime gateway could not start a {kernelspec!r} kernel "
                f"({response.status_code}): {detail}"
            )
        body: dict[str, Any] = response.json()
        return body

    async def get_kernel(self, kernel_id: str) -> dict[str, Any] | None:
        """The kernel's model; None when the gateway has no such kernel."""
        response = await self._call("GET", f"/api/kernels/{kernel_id}")
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise GatewayError(
                f"The runtime gateway refused to describe a kernel: {_detail(response)}"
            )
        body: dict[str, Any] = response.json()
        return body

    async def action(self, kernel_id: str, action: str) -> None:
        """``interrupt`` or ``restart``."""
        timeout = self.settings.launch_timeout_seconds if action == "restart" else None
        response = await self._call("POST", f"/api/kernels/{kernel_id}/{action}", seconds=timeout)
        if response.status_code == 404:
            raise GatewayError("The runtime's kernel is gone from the gateway.")
        if response.status_code >= 400:
            raise GatewayError(
                f"The runtime gateway could not {action} the kernel: {_detail(response)}"
            )

    async def delete_kernel(self, kernel_id: str) -> None:
        response = await self._call("DELETE", f"/api/kernels/{kernel_id}")
        if response.status_code not in (204, 404) and response.status_code >= 400:
            raise GatewayError(
                f"The runtime gateway could not stop the kernel: {_detail(response)}"
            )

    async def close(self) -> None:
        await self._http.aclose()
