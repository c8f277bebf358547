"""Is this kiosk set up? Its device token, checked with `GET /api/v1/auth/me`.

A wrong, revoked or missing token used to look healthy until a citizen had tapped three
screens and was then told to "sign in again". The kiosk now asks the server who its
token belongs to at start and again whenever a request is refused (401), and when the
answer is no — or the token is not a kiosk's — it shows a staff-facing setup screen
with the fix, instead of anything a citizen can tap.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from queue_client import HallClient
from queue_client.errors import Forbidden, Unauthorized
from queue_client.models import Me
from queue_client.qt_jobs import Runner

log = logging.getLogger(__name__)

ROLE = "kiosk"


@dataclass(frozen=True)
class SetupProblem:
    """Why the kiosk cannot serve, for the staff who will fix it."""

    reason: str
    """ "refused": the server does not know the token (wrong, revoked, none given);
    "wrong_role": the token is someone else's (a display's, an operator's)."""
    server_url: str
    device_name: str | None
    """The device the token was for, when the kiosk ever learnt it (wrong role, or a
    token revoked while it ran)."""
    role: str | None = None
    """The token's role when it is the wrong one."""


class DeviceCheck(QObject):
    refused = Signal(object)
    """A SetupProblem."""

    def __init__(self, client: HallClient, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self.device_name: str | None = None

    def check(self) -> None:
        """Ask the server about the token, in the background. Unreachable is not an
        answer: the kiosk's own retrying covers a server that is away."""
        self._runner.run(self._client.me, self._answered, self._failed)

    def _answered(self, me: Me) -> None:
        self.device_name = me.name
        if me.role != ROLE:
            log.error(
                "this kiosk's token is %s %r's, role %s, not a kiosk's", me.kind, me.name, me.role
            )
            self.refused.emit(self._problem("wrong_role", me.role))
        else:
            log.info("kiosk device %r, token accepted by %s", me.name, self._client.server_url)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Unauthorized | Forbidden):
            log.error("the server refused this kiosk's token: %s", error)
            self.refused.emit(self._problem("refused", None))
        else:
            log.warning("could not check the kiosk's token: %s", error)

    def _problem(self, reason: str, role: str | None) -> SetupProblem:
        return SetupProblem(reason, self._client.server_url, self.device_name, role)
