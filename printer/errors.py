"""Why a backend could not deliver a job; `printer.job` turns each into an Outcome.

Timeouts are the standard TimeoutError (sockets raise it too), so every backend and the
deadline share one.
"""

from __future__ import annotations


class PrinterUrlError(ValueError):
    """A printer URL that names no printer Antre can use; the message says how to fix it."""


class PrinterUnreachable(OSError):
    """Refused, absent, not permitted, or the connection broke."""


class MissingDependency(ImportError):
    """An optional package a backend needs is not installed."""

    def __init__(self, package: str, fix: str) -> None:
        super().__init__(f"{package} is not installed; {fix}")
        self.package = package
