"""A guard against a PySide6 6.12 reference-count bug, until the dependency excludes it.

With PySide6 6.12.0 on Python 3.11, every `Signal.emit()` called from Python releases one
reference to `True` that it never took (measured: `sys.getrefcount(True)` falls by one per
emit; PySide6 6.11.3 does not). After a few hundred emits the interpreter frees `True` and
aborts with "Fatal Python error: bool_dealloc" — minutes into a shift at a busy hall.
Python 3.12 and later are immune: there `True` and `False` are immortal.

`keep_booleans_alive()` gives both a reference count no process can use up, which is what
Python 3.12 does by design; on an unaffected PySide it changes nothing that matters.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def keep_booleans_alive() -> None:
    if sys.version_info >= (3, 12):
        return
    for value in (True, False):
        # CPython: the reference count is the first field of every object.
        ctypes.c_ssize_t.from_address(id(value)).value += _HEADROOM
