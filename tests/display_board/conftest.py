"""The Qt board's tests run without a screen."""

from __future__ import annotations

import os

# Before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
