"""Contact details (name, phone, email) encrypted at rest.

AES-256-GCM from `cryptography` (the PyCA library the NIK keys already use): authenticated
encryption, so a tampered or swapped ciphertext fails to open instead of reading as
someone else's number. Each field is sealed with a fresh 96-bit nonce and the field's
name as associated data (a phone ciphertext copied into the email column does not open).
The key is derived from the NIK key file's master (`purpose = "contact"`), held in memory
only: a copy of the database without the key file holds no readable contact.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from queue_server.nik_keys import NikKeys

PURPOSE = "contact"
PERIOD = "v1"
"""One key for all contacts: they are deleted on schedule, so no period need expire."""
FIELDS = ("name", "phone", "email")
_NONCE = 12


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None

    def __repr__(self) -> str:  # never in a log line
        return "Contact(<hidden>)"

    def address(self, field: str) -> str | None:
        return self.phone if field == "phone" else self.email if field == "email" else None


class ContactBox:
    def __init__(self, keys: NikKeys) -> None:
        self._aead = AESGCM(keys.derive(PURPOSE, PERIOD))

    def __repr__(self) -> str:
        return "ContactBox(<hidden>)"

    def seal(self, field: str, value: str | None) -> bytes | None:
        if value is None or value == "":
            return None
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, value.encode(), f"antre/{field}".encode())

    def open(self, field: str, blob: bytes | None) -> str | None:
        """The clear text, or None when absent or unreadable (another key file)."""
        if not blob:
            return None
        try:
            clear = self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], f"antre/{field}".encode())
        except (InvalidTag, ValueError):
            return None
        return clear.decode()


def mask(field: str, value: str | None) -> str | None:
    """What staff see of an address: enough to tell two apart, not to reach anyone."""
    if not value:
        return None
    if field == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = value.strip()
    return "*" * max(0, len(digits) - 4) + digits[-4:]
