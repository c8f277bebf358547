"""What can go wrong talking to the hall server, as a few typed exceptions.

Two kinds, because the caller's next step differs: an `ApiError` is the server's answer
(it heard the request and refused it, or failed); `Unreachable` means no answer arrived, so
the request may or may not have taken effect. Only requests that are safe to repeat (reads,
and issuing with an Idempotency-Key) are ever retried on `Unreachable`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

# The contract's error codes (shared/design/api.md, docs/api.md "Errors added").
VALIDATION_ERROR = "validation_error"
NOT_FOUND = "not_found"
INVALID_TRANSITION = "invalid_transition"
COUNTER_BUSY = "counter_busy"
COUNTER_CLOSED = "counter_closed"
SERVICE_CLOSED = "service_closed"
QUOTA_EXHAUSTED = "quota_exhausted"
NIK_LIMIT_REACHED = "nik_limit_reached"
INVALID_NIK = "invalid_nik"
IDEMPOTENCY_CONFLICT = "idempotency_conflict"
RATE_LIMITED = "rate_limited"
UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"
PAYLOAD_TOO_LARGE = "payload_too_large"
INTERNAL_ERROR = "internal_error"


class ClientError(Exception):
    """Anything queue_client raises about the server; catch this to catch both kinds."""


class Unreachable(ClientError):
    """No answer: connection refused or cut, or a timeout. The request may have run,
    unless `never_sent`."""

    def __init__(self, message: str, *, never_sent: bool = False) -> None:
        super().__init__(message)
        self.never_sent = never_sent
        """True when no connection was made (refused, or no connection in time): not a
        byte reached the server, so it cannot have acted on the request."""


class ApiError(ClientError):
    """The server answered 4xx/5xx with the contract's error body."""

    code_for: ClassVar[str] = ""
    """The contract code this subclass stands for (empty on the base class)."""

    def __init__(self, status: int, code: str, message: str, message_en: str) -> None:
        super().__init__(f"{status} {code}: {message_en}")
        self.status = status
        self.code = code
        self.message = message
        """In Indonesian: what the apps show to staff and citizens."""
        self.message_en = message_en


class ValidationFailed(ApiError):
    code_for = VALIDATION_ERROR


class NotFound(ApiError):
    code_for = NOT_FOUND


class InvalidTransition(ApiError):
    code_for = INVALID_TRANSITION


class CounterBusy(ApiError):
    code_for = COUNTER_BUSY


class CounterClosed(ApiError):
    code_for = COUNTER_CLOSED


class ServiceClosed(ApiError):
    code_for = SERVICE_CLOSED


class QuotaExhausted(ApiError):
    code_for = QUOTA_EXHAUSTED


class NikLimitReached(ApiError):
    code_for = NIK_LIMIT_REACHED


class InvalidNik(ApiError):
    code_for = INVALID_NIK


class IdempotencyConflict(ApiError):
    code_for = IDEMPOTENCY_CONFLICT


class RateLimited(ApiError):
    code_for = RATE_LIMITED


class Unauthorized(ApiError):
    """No, unknown or expired token: sign in again."""

    code_for = UNAUTHORIZED


class Forbidden(ApiError):
    """Wrong role, or another operator's counter."""

    code_for = FORBIDDEN


class ServerError(ApiError):
    """5xx: the server (or a proxy before it) failed. Transient as far as a client knows."""


_BY_CODE: dict[str, type[ApiError]] = {
    cls.code_for: cls
    for cls in (
        ValidationFailed,
        NotFound,
        InvalidTransition,
        CounterBusy,
        CounterClosed,
        ServiceClosed,
        QuotaExhausted,
        NikLimitReached,
        InvalidNik,
        IdempotencyConflict,
        RateLimited,
        Unauthorized,
        Forbidden,
    )
}


def api_error(status: int, body: Any) -> ApiError:
    """The typed exception for an error answer; tolerant of bodies that are not ours
    (a reverse proxy's HTML 502, an empty 503)."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        code = error["code"]
        message = str(error.get("message") or "")
        message_en = str(error.get("message_en") or message)
    else:
        code = INTERNAL_ERROR if status >= 500 else f"http_{status}"
        message = f"Server menjawab dengan kesalahan {status}."
        message_en = f"The server answered with error {status}."
    cls = ServerError if status >= 500 else _BY_CODE.get(code, ApiError)
    return cls(status, code, message, message_en)


def raise_for_error(response: httpx.Response) -> None:
    if response.is_success:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    raise api_error(response.status_code, body)


def is_transient(exc: BaseException) -> bool:
    """Worth repeating unchanged: no answer, or a 5xx. A 4xx will answer the same again."""
    return isinstance(exc, Unreachable | ServerError)


def refused(error: BaseException) -> bool:
    """The server refused the caller's credentials (401) or its role (403)."""
    return isinstance(error, Unauthorized | Forbidden)
