"""Render every PNG screenshot of the hall manager's console into docs/screens/: the live
floor, announcements, users, devices and audit (render_console_floor_screens.py), the
hall's configuration (render_console_hall_screens.py), then
reports, SKM, complaints, dossiers and bookings (render_console_report_screens.py). Each
part builds its own hall and can be run alone.

    .venv/bin/python scripts/render_console_screens.py [--out DIR]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = (
    "render_console_floor_screens.py",
    "render_console_hall_screens.py",
    "render_console_report_screens.py",
)


def main() -> int:
    for part in PARTS:
        done = subprocess.run([sys.executable, str(HERE / part), *sys.argv[1:]], check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
