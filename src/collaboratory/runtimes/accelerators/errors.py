"""Errors of accelerator allocation, each a message a person can act on."""

from __future__ import annotations

from collaboratory.errors import ServiceError


class AcceleratorError(ServiceError):
    """Base of the accelerator allocation errors."""


class NoAcceleratorAvailable(AcceleratorError):
    status = 409
    code = "accelerator_unavailable"


class AcceleratorLimitExceeded(AcceleratorError):
    status = 429
    code = "accelerator_limit"


class AcceleratorRequestTooLarge(AcceleratorError):
    status = 400
    code = "accelerator_request_too_large"


class AllocationCancelled(AcceleratorError):
    status = 409
    code = "accelerator_wait_cancelled"
