"""Where a desktop app's log goes: a file at info, stderr for warnings only.

A kiosk or board runs for months under systemd or an `xinit` session nobody watches; a
line per HTTP request on stderr (httpx logs each at info) buried the few that matter and
filled the journal. So: the app's own file, `$XDG_STATE_HOME/antre/<app>.log` (default
`~/.local/state/antre/`), rotated at 1 MB × 5, at info; every request only at debug
(`ANTRE_APP_LOG_LEVEL=debug`); warnings and errors also on stderr, for the journal.
`ANTRE_APP_LOG` names another file.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_CHATTY = ("httpx", "httpcore", "websockets")
"""Libraries that log every request or frame at info/debug: shown only at debug."""


def log_file(app: str) -> Path:
    named = os.environ.get("ANTRE_APP_LOG")
    if named:
        return Path(named)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "antre" / f"{app}.log"


def setup_app_logging(app: str) -> Path | None:
    """Send the app's log to its file (info, or debug) and warnings to stderr. Returns
    the file, or None when it cannot be written (then everything goes to stderr)."""
    level_name = os.environ.get("ANTRE_APP_LOG_LEVEL", "info").upper()
    level = getattr(logging, level_name, logging.INFO)
    root = logging.getLogger()
    root.setLevel(level)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(logging.Formatter(f"antre {app}: %(levelname)s %(message)s"))
    path: Path | None = log_file(app)
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        stderr.setLevel(logging.WARNING)
        root.addHandler(handler)
    except OSError as exc:
        print(f"antre {app}: cannot write the log file {path}: {exc}", file=sys.stderr)
        path = None
    root.addHandler(stderr)
    if level > logging.DEBUG:
        for name in _CHATTY:
            logging.getLogger(name).setLevel(logging.WARNING)
    return path
