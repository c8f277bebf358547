"""What the counter PC remembers between shifts: the server, the last user name, the last
counter and the language, so the morning starts with a password and one key. Never the
password."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "Antre"
APPLICATION = "Loket"


class Remembered:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)

    def _text(self, key: str) -> str:
        value = self._settings.value(key, "")
        return str(value) if value is not None else ""

    @property
    def server_url(self) -> str:
        return self._text("server_url")

    @server_url.setter
    def server_url(self, url: str) -> None:
        self._settings.setValue("server_url", url)

    @property
    def username(self) -> str:
        return self._text("username")

    @username.setter
    def username(self, name: str) -> None:
        self._settings.setValue("username", name)

    @property
    def last_counter(self) -> int | None:
        value = self._text("last_counter")
        return int(value) if value.isdigit() else None

    @last_counter.setter
    def last_counter(self, counter_id: int) -> None:
        self._settings.setValue("last_counter", str(counter_id))

    @property
    def language(self) -> str:
        """'id' (the default) or 'en'."""
        return "en" if self._text("language") == "en" else "id"

    @language.setter
    def language(self, code: str) -> None:
        self._settings.setValue("language", code)

    def sync(self) -> None:
        """Write now (QSettings writes lazily; a power cut must not forget the counter)."""
        self._settings.sync()
