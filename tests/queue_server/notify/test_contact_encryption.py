"""Contact fields are sealed with AES-GCM under a key derived from the key file: they open
only with that key and in their own column."""

from __future__ import annotations

from queue_server.nik_keys import NikKeys
from queue_server.notify.contacts import ContactBox, mask

KEYS = NikKeys(b"k" * 64)


def test_a_sealed_field_opens_with_its_key_and_never_shows_the_clear_text() -> None:
    box = ContactBox(KEYS)
    sealed = box.seal("phone", "081234567890")
    assert sealed is not None and b"081234567890" not in sealed
    assert box.open("phone", sealed) == "081234567890"
    assert box.seal("phone", "081234567890") != sealed  # a fresh nonce each time


def test_a_field_does_not_open_under_another_key_column_or_after_tampering() -> None:
    box = ContactBox(KEYS)
    sealed = box.seal("phone", "081234567890")
    assert sealed is not None
    assert ContactBox(NikKeys(b"x" * 64)).open("phone", sealed) is None
    assert box.open("email", sealed) is None
    assert box.open("phone", sealed[:-1] + bytes([sealed[-1] ^ 1])) is None


def test_staff_see_addresses_masked() -> None:
    assert mask("email", "budi.santoso@contoh.example") == "b***@contoh.example"
    assert mask("phone", "081234567890") == "********7890"
    assert mask("phone", None) is None
