"""What a reader reports when it cannot work at all."""

from __future__ import annotations


class ReaderUnavailable(RuntimeError):
    """The reader cannot start: a missing package, a missing device, a bad plug-in name.

    The message says what to install or fix, in words a hall technician can act on.
    """
