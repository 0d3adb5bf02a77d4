"""Errors of runtime requests, each saying what to do."""

from __future__ import annotations

from collaboratory.errors import Conflict, Forbidden, ServiceError


class RuntimeLimitExceeded(ServiceError):
    status = 429
    code = "runtime_limit"


class RuntimeTypeUnavailable(Conflict):
    code = "runtime_type_unavailable"


class UnknownRuntimeType(ServiceError):
    status = 400
    code = "unknown_runtime_type"


class GuestsCannotRunCode(Forbidden):
    code = "guests_cannot_run_code"


class RuntimeNotReady(Conflict):
    code = "runtime_not_ready"
