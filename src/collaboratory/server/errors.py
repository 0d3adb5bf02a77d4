"""Every error leaves the server as ``{"error": {"code", "message"}}``; never a traceback."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from collaboratory.errors import MethodNotAllowed, NotFound, RateLimited, ServiceError

log = logging.getLogger(__name__)

CATCH_ALL = "/{path:path}"  # the front end's route for page paths
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
HTTP_CODES = {
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    response = error_response(exc.status, exc.code, exc.message)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    elif isinstance(exc, MethodNotAllowed):
        response.headers["Allow"] = ", ".join(exc.allow)
    return response


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (the front end's catch-all aside)."""
    routes = [r for r in request.app.router.routes if getattr(r, "path", "") != CATCH_ALL]
    return [
        method
        for method in METHODS
        if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in routes)
    ]


def no_route(request: Request) -> ServiceError:
    """A 405 naming the methods the path takes, or a 404 when it takes none."""
    allow = allowed_methods(request)
    if allow and request.method not in allow:
        return MethodNotAllowed(request.method, request.url.path, allow)
    return NotFound(f"There is no API route at {request.url.path}.")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, HTTPStatus(exc.status_code).phrase.lower())
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and message == "Not Found":
        message = f"There is nothing at {request.url.path}."
    elif exc.status_code == 405:
        return await _service_error(request, no_route(request))
    response = error_response(exc.status_code, code.replace(" ", "_"), message)
    response.headers.update(exc.headers or {})  # WWW-Authenticate on a 401, say
    return response


def _describe(error: dict[str, object]) -> str:
    loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]  # type: ignore[attr-defined]
    where = ".".join(loc)
    return f"{where}: {error.get('msg')}" if where else str(error.get("msg"))


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(_describe(e) for e in exc.errors()[:5])
    return error_response(422, "invalid_request", f"The request is not valid: {problems}")


def _internal_error(exc: Exception) -> JSONResponse:
    if _database_busy(exc):
        answer = error_response(
            503,
            "database_busy",
            "The server's database is busy with other work. Try again in a moment.",
        )
        answer.headers["Retry-After"] = "1"
        return answer
    return error_response(
        500, "internal_error", "Something went wrong on the server. It has been logged."
    )


def _database_busy(exc: Exception) -> bool:
    """SQLite gave up waiting for another writer (``busy_timeout``): a load, not a bug."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _internal_error(exc)


class CatchAll:
    """Answers an unexpected error with the JSON 500 and keeps the connection open.

    Starlette's own last-resort handler re-raises after answering, and uvicorn then closes a
    keep-alive connection; this one, inside it, ends the request there. An error after the
    answer has begun still goes on up: the answer cannot be changed any more.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:
                raise
            method, path = scope.get("method"), scope.get("path")
            log.exception("Unhandled error on %s %s", method, path, exc_info=exc)
            await _internal_error(exc)(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)  # what escapes even CatchAll
    app.add_middleware(CatchAll)
