"""Server settings: command-line flags over ANTRE_* environment variables over defaults."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def sample_hall() -> Path:
    return Path(str(resources.files("assets") / "halls" / "sample.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANTRE_", extra="ignore")

    db: Path = Path("antre.db")
    hall: Path = Field(default_factory=sample_hall)
    secret_file: Path | None = None
    """The NIK HMAC key file; `<db>.key` beside the database when unset. Created with
    mode 0600 when missing; the key is never stored in the database."""
    secret: SecretStr | None = None
    """Removed (the key in an environment variable): refused at start with the fix."""
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    public_url: str | None = None
    """Base of tracking URLs printed on tickets (e.g. http://antrean.mpp.example.go.id);
    by default the address the kiosk used to reach the server."""
    access_log: Path | None = None
    """Where the one-line-per-request log goes; stderr when unset."""
    durable: bool = True
    """fsync every commit (SQLite synchronous=FULL). Only simulations turn it off."""
    wal_limit_mb: float = Field(64.0, ge=1)
    """The WAL (the database's `-wal` file) stays under this size whatever the load: past
    half of it the writer runs a truncating checkpoint between two batches."""
    backup_dir: Path | None = None
    """Where the daily automatic backup goes; `backups/` beside the database when unset."""
    backup_keep_days: int = Field(14, ge=0)
    """Daily backups older than this many days are deleted; 0 turns daily backups off."""
    session_hours: float = Field(12.0, gt=0, le=24 * 7)
    floor_pause_alert_minutes: float = Field(15.0, gt=0, le=24 * 60)
    """The console's live floor flags a counter paused longer than this (docs/console.md)."""
    max_body_bytes: int = Field(16 * 1024, ge=1024)
    login_attempts: int = Field(5, ge=1)
    """Failed logins per user name or client address before it must wait."""
    login_window_seconds: float = Field(300.0, gt=0)
    public_rate_per_minute: int = Field(30, ge=1)
    """Bookings one client address may ask for per minute without a token (kiosk and
    staff tokens are not limited per address)."""
    tls_cert: Path | None = None
    """PEM certificate (chain) for HTTPS; with `tls_key`, the server speaks only HTTPS."""
    tls_key: Path | None = None
    """PEM private key of `tls_cert`."""
    forwarded_allow_ips: str | None = None
    """Proxies (comma-separated addresses or networks, e.g. 127.0.0.1) whose
    X-Forwarded-For and X-Forwarded-Proto are believed; unset: no proxy is, and the
    client address is the connection's."""

    notify_retry_seconds: float = Field(30.0, gt=0)
    """First pause before a failed notification is tried again; it doubles each time."""
    notify_max_attempts: int = Field(8, ge=1)
    """Attempts before a notification is marked `failed`."""
    notify_timeout_seconds: float = Field(10.0, gt=0)
    """How long one send may take (connect, each SMTP step, the webhook's answer)."""
    notify_poll_seconds: float = Field(5.0, gt=0)
    """How often the sender looks for due messages when nothing wakes it."""
    smtp_password_file: Path | None = None
    """A file holding the SMTP password of the hall file's smtp:// channel."""
    smtp_password: SecretStr | None = None
    """The SMTP password itself (prefer the file: the environment leaks to children)."""

    @field_validator("secret")
    @classmethod
    def _secret_removed(cls, value: SecretStr | None) -> SecretStr | None:
        # An environment variable shows in /proc/PID/environ, in every child process and
        # in `docker inspect`; the key now lives in a file only (docs/privacy.md).
        if value is not None:
            raise ValueError(
                "ANTRE_SECRET is no longer read: the NIK key lives in a file. Fix: unset"
                " ANTRE_SECRET (a key file is made beside the database at start) or set"
                " ANTRE_SECRET_FILE to a file of your own with mode 0600"
            )
        return value

    @model_validator(mode="after")
    def _tls_pair(self) -> Settings:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError(
                "ANTRE_TLS_CERT (--tls-cert) and ANTRE_TLS_KEY (--tls-key) go together: "
                "set both, or neither"
            )
        return self

    @property
    def key_file(self) -> Path:
        """`ANTRE_SECRET_FILE`, else beside the database: `/var/lib/antre/antre.db.key`."""
        return self.secret_file or self.db.with_name(self.db.name + ".key")

    @field_validator("public_url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("ANTRE_PUBLIC_URL must start with http:// or https://")
        return value.rstrip("/") if value else value
