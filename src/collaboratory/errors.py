"""Errors a service raises for a person to act on; the server turns them into JSON 4xx answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ServiceError(Exception):
    """Base of every error that becomes ``{"error": {"code", "message"}}``."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadRequest(ServiceError):
    status = 400
    code = "bad_request"


class Unauthorized(ServiceError):
    status = 401
    code = "not_authenticated"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class TooLarge(ServiceError):
    status = 413
    code = "too_large"


class MethodNotAllowed(ServiceError):
    status = 405
    code = "method_not_allowed"

    def __init__(self, method: str, path: str, allow: list[str]) -> None:
        super().__init__(f"{method} is not supported on {path}; it takes {', '.join(allow)}.")
        self.allow = allow


class Unavailable(ServiceError):
    """The request is fine but cannot be served now (no free GPU, say); retry later."""

    status = 503
    code = "unavailable"


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable, machine-readable error code.")
    message: str = Field(description="What went wrong and what to do, for a person.")


class ErrorBody(BaseModel):
    """What every error answer carries, whatever its status."""

    error: ErrorDetail


# The error answers every API route may give, for the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}
