"""What the board says when its device token is refused: for the staff who will fix it.

A board hangs high over a hall; a technician reads it from the floor, so the fix is
short, names the hall (which board is this?) and the server, and gives the commands.
"""

from __future__ import annotations

TOKEN_FILE = "/etc/antre/display.token"
"""Where docs/install-pc.md puts a board's token."""


def setup_text(hall_name: str | None, server_url: str) -> str:
    lines = [hall_name] if hall_name else []
    lines += [
        "Layar ini belum disiapkan — This board is not set up",
        f"Server {server_url} menolak token layar ini (salah, dicabut, atau belum diberikan).",
        "Perbaikan / Fix, di server / on the server:",
        "antre device add layar-1 --role display",
        "(atau / or: antre device rotate NAMA)",
        f"simpan token di / save the token in {TOKEN_FILE}, lalu / then:",
        f"antre display --server {server_url}",  # two lines: a wrap would split the path
        f"--token-file {TOKEN_FILE}",
    ]
    return "\n".join(lines)
