"""Typed domain errors.

Each error carries the contract's snake_case code and a message in Indonesian and in
English, so every edge (REST, CLI, kiosk) can show the same words without re-deciding.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the hall cannot honour; nothing was changed."""

    code = "domain_error"
    status = 409

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


class InvalidTransition(DomainError):
    code = "invalid_transition"


class CounterBusy(DomainError):
    code = "counter_busy"


class CounterClosed(DomainError):
    code = "counter_closed"


class ServiceClosed(DomainError):
    code = "service_closed"


class QuotaExhausted(DomainError):
    code = "quota_exhausted"


class NikLimitReached(DomainError):
    code = "nik_limit_reached"


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"


class InvalidNik(DomainError):
    """A NIK that cannot be real. `reason` says which rule it broke."""

    code = "invalid_nik"
    status = 422

    def __init__(self, reason: str, message: str, message_en: str) -> None:
        super().__init__(message, message_en)
        self.reason = reason


class ValidationFailed(DomainError):
    """Input that is well-formed JSON but means nothing in this hall."""

    code = "validation_error"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class ConfigError(Exception):
    """A hall configuration that cannot run; the message names file, entry and fix."""
