"""The staff-facing setup screen: this kiosk's device token is refused.

Seen by whoever walks up, so its first line is for a citizen (ask staff); the rest is
for the technician: what is wrong, the server, the device, and the commands that fix it.
Nothing on it can be tapped: a kiosk without a working token cannot serve anyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk_app.views.parts import label, spacer

if TYPE_CHECKING:
    from kiosk_app.flow import KioskFlow

TOKEN_FILE = "/etc/antre/kiosk.token"
"""Where docs/install-pc.md puts a kiosk's token; the fix names it."""


ROLE_WORDS = {
    "operator": "petugas",
    "supervisor": "supervisor",
    "admin": "pengelola sistem",
    "display": "layar",
    "kiosk": "mesin antrean",
}
"""Role names in Indonesian text: "(peran petugas)", never "(peran operator)"."""


def fix_lines(m: KioskFlow) -> list[str]:
    """What is wrong and how to fix it, line by line (Indonesian, then English)."""
    problem = m.setup
    if problem is None:
        return []
    server = problem.server_url
    device = problem.device_name
    if problem.reason == "wrong_role":
        role = str(problem.role)
        lines = [
            f"Token ini milik {device!r} (peran {ROLE_WORDS.get(role, role)}), "
            "bukan perangkat mesin antrean.",
            f"This token is {device!r}'s (role {problem.role}), not a kiosk's.",
        ]
        new = "antre device add mesin-1 --role kiosk"
    else:
        named = f" ({device})" if device else ""
        lines = [
            f"Server {server} menolak token perangkat mesin antrean ini{named}: salah, dicabut, "
            "atau belum diberikan.",
            f"The server {server} refuses this kiosk's device token{named}: wrong, "
            "revoked, or never given.",
        ]
        new = f"antre device rotate {device}" if device else "antre device add mesin-1 --role kiosk"
    return [
        *lines,
        "Perbaikan / Fix — di server / on the server:",
        f"    {new}",
        f"tulis token (baris terakhir) ke / write the token (last line) to {TOKEN_FILE},",
        "lalu jalankan ulang mesin antrean / then restart the kiosk:",
        f"    antre kiosk --server {server} \\",  # two lines: a wrap would split the path
        f"        --token-file {TOKEN_FILE}",
        "    (systemctl restart antre-kiosk — docs/install-pc.md)",
    ]


def setup(m: KioskFlow, portrait: bool) -> QWidget:
    page = QWidget()
    box = QVBoxLayout(page)
    if portrait:
        box.setContentsMargins(48, 32, 48, 40)  # as every other screen (screens._page)
        box.setSpacing(24)
    else:
        # A 1366×768 kiosk has no height to spare: the fix's commands must all show.
        box.setContentsMargins(48, 12, 48, 12)
        box.setSpacing(6)
    headline = "troubleTitle" if portrait else "title"
    box.addWidget(label("⚠ Mesin antrean ini belum disiapkan", headline, center=True))
    # On a landscape screen the English line is a size down: every line of the fix must
    # show (seen clipped on a 1366×768 Xvfb with a long server address).
    box.addWidget(label("This kiosk is not set up", "title" if portrait else "lead", center=True))
    box.addWidget(label(m.say("not_ready"), "lead" if portrait else "body", center=True))
    box.addWidget(spacer())
    box.addWidget(label("\n".join(fix_lines(m)), "setupFix"))
    box.addWidget(spacer())
    return page
