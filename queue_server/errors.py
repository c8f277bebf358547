"""Errors that belong to the server's edge (auth, limits), in the contract's shape."""

from __future__ import annotations

from typing import Any

from queue_core.errors import DomainError


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, message_en: str, retry_after: int = 1) -> None:
        super().__init__(message, message_en)
        self.retry_after = max(1, int(retry_after))
        """Whole seconds, sent as `Retry-After`."""


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    status = 413


def error_body(code: str, message: str, message_en: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "message_en": message_en}}


def forbidden_role() -> Forbidden:
    return Forbidden("Peran Anda tidak diizinkan untuk tindakan ini.", "Your role may not do this.")


def not_your_counter() -> Forbidden:
    return Forbidden(
        "Loket ini dibuka oleh petugas lain.", "This counter was opened by another operator."
    )
