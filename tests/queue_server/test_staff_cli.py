"""`antre user …` and `antre device …`: the staff lifecycle from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from support import antre

from queue_server import auth
from queue_server.store import connect, staff


def run(db: Path, *args: str, stdin: str | None = None) -> str:
    result = antre(*args, "--db", str(db), stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout


def can_sign_in(db: Path, name: str, password: str) -> bool:
    conn = connect(db).conn
    try:
        found = staff.user_for_login(conn, name)
    finally:
        conn.close()
    return found is not None and found[2] and auth.check_password(found[1], password)


def test_users_are_listed_disabled_enabled_given_a_password_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "hall.db"
    for name in ("andi", "budi"):
        run(
            db, "user", "add", name, "--role", "operator", "--password-stdin", stdin="lama-sekali\n"
        )
    run(db, "user", "disable", "budi")
    assert run(db, "user", "list").splitlines() == [
        "andi\toperator\t-\tactive",
        "budi\toperator\t-\tdisabled",
    ]
    assert not can_sign_in(db, "budi", "lama-sekali")
    run(db, "user", "enable", "budi")
    run(db, "user", "passwd", "budi", "--password-stdin", stdin="baru-sekali\n")
    assert can_sign_in(db, "budi", "baru-sekali") and not can_sign_in(db, "budi", "lama-sekali")
    run(db, "user", "remove", "andi")
    assert run(db, "user", "list").splitlines() == ["budi\toperator\t-\tactive"]
    missing = antre("user", "disable", "andi", "--db", str(db))
    assert missing.returncode == 1 and missing.stderr.strip() == "antre: There is no user 'andi'."


def test_removing_a_user_who_holds_a_counter_says_which_and_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "hall.db"
    run(db, "user", "add", "budi", "--role", "operator", "--password-stdin", stdin="lama-sekali\n")
    conn = connect(db).conn
    user_id = staff.user(conn, "budi").id  # type: ignore[union-attr]
    conn.execute(
        "INSERT INTO counters (id, name, status, operator_id) VALUES (3, 'Loket 3', 'open', ?)",
        (user_id,),
    )
    conn.close()
    refused = antre("user", "remove", "budi", "--db", str(db))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "antre: budi still holds counter 3; close it first (or disable the user)."
    )


def test_device_tokens_are_revoked_and_rotated(tmp_path: Path) -> None:
    db = tmp_path / "hall.db"
    old = run(db, "device", "add", "tv-1", "--role", "display").splitlines()[-1]
    run(db, "device", "revoke", "tv-1")
    listed = run(db, "device", "list")
    assert listed.startswith("tv-1\tdisplay\trevoked ")
    new = run(db, "device", "rotate", "tv-1").splitlines()[-1]
    assert new != old and len(new) >= 43
    assert run(db, "device", "list") == "tv-1\tdisplay\tactive\n"
    conn = connect(db).conn
    now = datetime.now(UTC)
    try:
        assert staff.principal_for(conn, auth.hash_token(old), now) is None
        assert staff.principal_for(conn, auth.hash_token(new), now) is not None
    finally:
        conn.close()


def test_a_device_token_can_go_to_a_file_only_its_owner_reads(tmp_path: Path) -> None:
    db, token_file = tmp_path / "hall.db", tmp_path / "kiosk.token"
    out = run(db, "device", "add", "kiosk-1", "--role", "kiosk", "--token-file", str(token_file))
    token = token_file.read_text().strip()
    assert token not in out and str(token_file) in out
    assert token_file.stat().st_mode & 0o777 == 0o600
    run(db, "device", "rotate", "kiosk-1", "--token-file", str(token_file))
    rotated = token_file.read_text().strip()
    conn = connect(db).conn
    try:
        assert staff.principal_for(conn, auth.hash_token(rotated), datetime.now(UTC)) is not None
        assert staff.principal_for(conn, auth.hash_token(token), datetime.now(UTC)) is None
    finally:
        conn.close()
