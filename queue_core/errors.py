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


NIK_WRONG = "Mohon maaf, NIK tidak sesuai. Periksa kembali 16 angka pada KTP-el Anda."
NIK_WRONG_EN = "Sorry, this NIK is not right. Please check the 16 digits on your KTP-el (e-KTP)."


class InvalidNik(DomainError):
    """A NIK that cannot be real. `reason` says which rule it broke.

    The message is the same plain apology and next step for every reason (an elderly
    visitor cannot act on "digits 5 and 6"); `detail` says which digits, for the kiosk's
    smaller line and for whoever helps them."""

    code = "invalid_nik"
    status = 422

    def __init__(self, reason: str, detail: str, detail_en: str) -> None:
        super().__init__(NIK_WRONG, NIK_WRONG_EN)
        self.reason = reason
        self.detail = detail
        self.detail_en = detail_en


class ValidationFailed(DomainError):
    """Input that is well-formed JSON but means nothing in this hall."""

    code = "validation_error"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class ConfigError(Exception):
    """A hall configuration that cannot run; the message names file, entry and fix."""
