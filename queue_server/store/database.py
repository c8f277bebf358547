"""Opening the hall database and migrating it.

WAL lets readers (tracking pages, boards) run while the writer commits. synchronous=FULL
because halls lose power: a ticket that was printed must still exist after the outage.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from queue_server.store import retention

migrations = Migrations("antre")
BUSY_TIMEOUT_MS = 10_000
"""How long a statement waits for a lock another connection holds before failing."""


def connect(
    path: str | Path, *, durable: bool = True, readonly: bool = False
) -> sqlite_utils.Database:
    """A connection in autocommit mode: transactions are begun explicitly by the writer."""
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        cached_statements=256,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError(f"{path}: SQLite refused WAL mode (got {mode})")
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'OFF'}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    else:
        # Deleted or overwritten rows (a purged NIK HMAC, a dropped session) are zeroed in
        # the file, not left in free space for whoever copies it (docs/privacy.md).
        conn.execute("PRAGMA secure_delete = ON")
    return sqlite_utils.Database(conn)


def checkpoint(conn: sqlite3.Connection, mode: str = "PASSIVE") -> tuple[int, int, int]:
    """Copy WAL frames into the database file: (busy, frames in the WAL, frames copied).
    busy=1 means a TRUNCATE or RESTART could not finish (a reader on an old snapshot)."""
    assert mode in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"), mode
    busy, frames, copied = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    return int(busy), int(frames), int(copied)


def wait_for_locks(conn: sqlite3.Connection, milliseconds: int = BUSY_TIMEOUT_MS) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def take_over_checkpoints(conn: sqlite3.Connection, wal_limit_bytes: int) -> None:
    """The writer's connection stops checkpointing inside its commits (the Checkpointer
    thread and WalBound do it), and a rewound WAL is cut back to the limit."""
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA journal_size_limit = {int(wal_limit_bytes)}")


def migrate(db: sqlite_utils.Database) -> None:
    migrations.apply(db)
    retention.scrub_if_pending(db.conn)


@migrations()
def m001_hall(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE hall_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator')),
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('kiosk', 'display')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            expires_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE counters (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'closed',
            operator_id INTEGER REFERENCES users(id),
            priority_streak INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT
        )"""
    )
    # The full NIK has no column anywhere: only its HMAC (for per-day limits and linking)
    # and its masked form (for the counter's screen).
    db.execute(
        """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            service_id TEXT NOT NULL,
            prefix TEXT NOT NULL,
            running INTEGER NOT NULL,
            status TEXT NOT NULL,
            priority TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            called_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            counter_id INTEGER,
            target_counter_id INTEGER,
            recalls INTEGER NOT NULL DEFAULT 0,
            appointment_at TEXT,
            tracking_token TEXT NOT NULL UNIQUE,
            nik_hmac TEXT,
            nik_masked TEXT,
            lang TEXT NOT NULL DEFAULT 'id',
            note TEXT,
            eta_at_issue INTEGER,
            updated_at TEXT NOT NULL,
            UNIQUE (day, prefix, running)
        )"""
    )
    db.execute("CREATE INDEX tickets_queue ON tickets (day, service_id, status)")
    db.execute("CREATE INDEX tickets_status ON tickets (status, day)")
    db.execute("CREATE INDEX tickets_counter ON tickets (counter_id, status)")
    db.execute("CREATE INDEX tickets_nik ON tickets (nik_hmac, day) WHERE nik_hmac IS NOT NULL")
    db.execute(
        """CREATE TABLE numbering (
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, prefix)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE idempotency (
            day TEXT NOT NULL,
            key TEXT NOT NULL,
            body_hash TEXT NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            PRIMARY KEY (day, key)
        ) WITHOUT ROWID"""
    )
    # seq is the rowid: SQLite gives max+1, so a rolled-back event leaves no gap, and the
    # log is append-only, so a committed seq is never reused.
    db.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            data TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"""
    )


_LANE = """CASE WHEN {r}.target_counter_id IS NOT NULL THEN 'targeted'
     WHEN {r}.priority = 'appointment' THEN 'appointment'
     WHEN {r}.priority IN ('elderly', 'disability', 'pregnant', 'child') THEN 'priority'
     ELSE 'regular' END"""


@migrations()
def m002_waiting_lanes(db: sqlite_utils.Database) -> None:
    """Waiting tickets per (day, service, dispatch lane), kept by triggers.

    Issuing needs these counts for the new ticket's position; counting the waiting rows
    each time made the morning rush slower the longer the queue grew. Triggers keep the
    counts in the same transaction (and savepoint) as the change itself."""
    db.execute(
        """CREATE TABLE waiting_lanes (
            day TEXT NOT NULL,
            service_id TEXT NOT NULL,
            lane TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (day, service_id, lane)
        ) WITHOUT ROWID"""
    )
    add = """INSERT INTO waiting_lanes (day, service_id, lane, n)
             VALUES ({r}.day, {r}.service_id, {lane}, 1)
             ON CONFLICT (day, service_id, lane) DO UPDATE SET n = n + 1;"""
    remove = """UPDATE waiting_lanes SET n = n - 1
                WHERE day = {r}.day AND service_id = {r}.service_id AND lane = {lane};"""
    db.execute(
        f"""CREATE TRIGGER tickets_lane_insert AFTER INSERT ON tickets
            WHEN NEW.status = 'waiting'
            BEGIN {add.format(r="NEW", lane=_LANE.format(r="NEW"))} END"""
    )
    db.execute(
        f"""CREATE TRIGGER tickets_lane_leave AFTER UPDATE ON tickets
            WHEN OLD.status = 'waiting'
            BEGIN {remove.format(r="OLD", lane=_LANE.format(r="OLD"))} END"""
    )
    db.execute(
        f"""CREATE TRIGGER tickets_lane_join AFTER UPDATE ON tickets
            WHEN NEW.status = 'waiting'
            BEGIN {add.format(r="NEW", lane=_LANE.format(r="NEW"))} END"""
    )
    # The ETA learns from the day's last finished tickets of a service: read them off an
    # index instead of sorting the whole day's finished tickets on every issue.
    db.execute("CREATE INDEX tickets_finished ON tickets (day, service_id, status, finished_at)")
    # Dispatch reads only the head of each lane: the oldest waiting ticket per service.
    db.execute("CREATE INDEX tickets_fifo ON tickets (day, service_id, status, queued_at)")
    # Every index costs each issued ticket; these two are covered by the ones above or
    # serve only the once-a-day expiry, which can afford a scan.
    db.execute("DROP INDEX tickets_queue")
    db.execute("DROP INDEX tickets_status")
    db.execute(
        f"""INSERT INTO waiting_lanes (day, service_id, lane, n)
            SELECT day, service_id, {_LANE.format(r="tickets")}, count(*)
            FROM tickets WHERE status = 'waiting' GROUP BY 1, 2, 3"""
    )


@migrations()
def m003_user_agency(db: sqlite_utils.Database) -> None:
    """An operator may belong to one agency; they then work only its counters."""
    db.execute("ALTER TABLE users ADD COLUMN agency_id TEXT")


@migrations()
def m004_targeted_index(db: sqlite_utils.Database) -> None:
    """Every call-next and every counter's queue read asks for the waiting tickets sent to
    that counter; without an index that is a scan of the whole day. Partial: it holds
    only the few tickets waiting for a given counter, so issuing a ticket pays nothing."""
    db.execute(
        "CREATE INDEX tickets_targeted ON tickets (target_counter_id, day)"
        " WHERE status = 'waiting' AND target_counter_id IS NOT NULL"
    )


@migrations()
def m005_privacy_retire_stored_key(db: sqlite_utils.Database) -> None:
    """The NIK key moves to its own file (queue_server/nik_keys.py). A key that was kept in
    hall_meta is retired, not moved: it sits in every copy and backup of the database made
    so far, so it must not key anything again. The HMACs made with it (raw HMAC under the
    old key, before per-day keys) can never match again and are dropped with their
    idempotency rows; masked NIKs of past days were kept past their purpose and go too.
    The file is rewritten afterwards (VACUUM) so none of it lingers in free pages."""
    db.execute("DELETE FROM hall_meta WHERE key = 'secret'")
    db.execute("UPDATE tickets SET nik_hmac = NULL WHERE nik_hmac IS NOT NULL")
    db.execute("DELETE FROM idempotency")
    db.execute(
        "UPDATE tickets SET nik_masked = NULL WHERE nik_masked IS NOT NULL"
        " AND day < coalesce((SELECT value FROM hall_meta WHERE key = 'day'), '')"
    )
    db.execute(
        f"INSERT INTO hall_meta (key, value) VALUES ('{retention.SCRUB_PENDING}', 'm005')"
        " ON CONFLICT (key) DO NOTHING"
    )


@migrations()
def m006_staff_lifecycle(db: sqlite_utils.Database) -> None:
    """Staff leave and devices get stolen: users can be disabled or removed, device
    tokens revoked. `credentials_version` is bumped, in the same transaction, by every
    change that can take a credential away, so each server process (also one that did not
    make the change: `antre device revoke` runs beside it) drops its cached principals on
    its next request."""
    db.execute("ALTER TABLE users ADD COLUMN disabled_at TEXT")
    # Removed users keep their row (and their name): the hall's history may name them.
    db.execute("ALTER TABLE users ADD COLUMN removed_at TEXT")
    db.execute("ALTER TABLE devices ADD COLUMN revoked_at TEXT")
    db.execute("CREATE INDEX sessions_user ON sessions (user_id)")
    db.execute(
        "CREATE TABLE credentials_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO credentials_version (id, n) VALUES (1, 0)")
    bump = "UPDATE credentials_version SET n = n + 1 WHERE id = 1;"
    for table in ("users", "devices", "sessions"):
        for change in ("UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER {table}_{change.lower()}_credentials AFTER {change} ON {table}
                    BEGIN {bump} END"""
            )


@migrations()
def m010_skm_survey(db: sqlite_utils.Database) -> None:
    """SKM answers, kept apart from the visit they rate (PermenPANRB 14/2017: anonymous).

    A response row holds what the report groups by (day, agency, service, counter) and
    the answers, nothing that leads back to a ticket: no ticket id, no tracking token,
    no time of day, and a random id, so neither the row's key nor its place in the file
    tells which visit it came from. "One response per ticket" is kept by
    `surveyed_tickets` instead: the ticket ids that have answered, as the table's only
    column (its key, so not even the order they answered in is kept).

    Rows are clustered by day (WITHOUT ROWID, day first in the key): a period's rows lie
    together, so reading a year of them is one sequential range, not 100,000 seeks."""
    answers = ",\n".join(
        f"            u{i} INTEGER NOT NULL CHECK (u{i} BETWEEN 1 AND 4)" for i in range(1, 10)
    )
    db.execute(
        f"""CREATE TABLE survey_responses (
            id INTEGER NOT NULL,
            day TEXT NOT NULL,
            agency_id TEXT NOT NULL,
            service_id TEXT NOT NULL,
            counter_id INTEGER,
            channel TEXT NOT NULL CHECK (channel IN ('phone', 'tablet')),
{answers},
            gender TEXT,
            age_band TEXT,
            education TEXT,
            occupation TEXT,
            suggestion TEXT CHECK (suggestion IS NULL OR length(suggestion) <= 1000),
            PRIMARY KEY (day, agency_id, service_id, id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE TABLE surveyed_tickets (ticket_id INTEGER PRIMARY KEY)")
    # The report's running totals, kept by a trigger in the same transaction as each
    # answer: per day, agency and service, one row of sums (field '') and one count per
    # respondent group. A year's report reads a few thousand of these instead of every
    # answer, and grouping respondents needs no sort of the answers.
    sums = ", ".join(f"s{i}" for i in range(1, 10))
    db.execute(
        f"""CREATE TABLE survey_tally (
            day TEXT NOT NULL,
            agency_id TEXT NOT NULL,
            service_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            n INTEGER NOT NULL,
            {", ".join(f"s{i} INTEGER NOT NULL" for i in range(1, 10))},
            PRIMARY KEY (day, agency_id, service_id, field, value)
        ) WITHOUT ROWID"""
    )
    new = ", ".join(f"NEW.u{i}" for i in range(1, 10))
    add = ", ".join(f"s{i} = s{i} + excluded.s{i}" for i in range(1, 10))
    zeros = ", ".join("0" for _ in range(9))
    groups = "".join(
        f"""INSERT INTO survey_tally (day, agency_id, service_id, field, value, n, {sums})
            VALUES (NEW.day, NEW.agency_id, NEW.service_id, '{field}',
                    coalesce(NEW.{field}, 'unknown'), 1, {zeros})
            ON CONFLICT DO UPDATE SET n = n + 1;
"""
        for field in ("gender", "age_band", "education", "occupation")
    )
    db.execute(
        f"""CREATE TRIGGER survey_tally_add AFTER INSERT ON survey_responses BEGIN
            INSERT INTO survey_tally (day, agency_id, service_id, field, value, n, {sums})
            VALUES (NEW.day, NEW.agency_id, NEW.service_id, '', '', 1, {new})
            ON CONFLICT DO UPDATE SET n = n + 1, {add};
            {groups}
        END"""
    )
    # Answers are never changed or removed by the server; a person editing the file by
    # hand must not leave the totals wrong without noticing.
    db.execute(
        """CREATE TRIGGER survey_responses_fixed BEFORE UPDATE ON survey_responses
           BEGIN SELECT RAISE(ABORT, 'SKM answers are not edited'); END"""
    )
    db.execute(
        """CREATE TRIGGER survey_responses_kept BEFORE DELETE ON survey_responses
           BEGIN SELECT RAISE(ABORT, 'SKM answers are not deleted'); END"""
    )


@migrations()
def m020_booking_tables(db: sqlite_utils.Database) -> None:
    """Bookings (antrean online, docs/booking.md). The NIK is never stored: `nik_hmac` is
    an HMAC under the key of ("booking", `nik_period`) — the day the booking was made —
    and is deleted when the booking ends; a no-show keeps it in `booking_strikes` until
    the strike lapses (docs/privacy.md). Places are counted from this table inside the
    writer's transaction, so a slot can never be overbooked."""
    db.execute(
        """CREATE TABLE bookings (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            manage_token TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            agency_id TEXT NOT NULL,
            day TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            status TEXT NOT NULL,
            nik_hmac TEXT,
            nik_period TEXT NOT NULL,
            nik_masked TEXT,
            ticket_id INTEGER REFERENCES tickets(id),
            affected INTEGER NOT NULL DEFAULT 0,
            lang TEXT NOT NULL DEFAULT 'id',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bookings_slot ON bookings (service_id, day, start, status)")
    db.execute("CREATE INDEX bookings_due ON bookings (status, expires_at)")
    db.execute("CREATE INDEX bookings_nik ON bookings (nik_hmac) WHERE nik_hmac IS NOT NULL")
    db.execute("CREATE INDEX bookings_day ON bookings (day, service_id)")
    db.execute(
        """CREATE TABLE booking_strikes (
            id INTEGER PRIMARY KEY,
            nik_hmac TEXT NOT NULL,
            nik_period TEXT NOT NULL,
            day TEXT NOT NULL,
            forget_after TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX booking_strikes_nik ON booking_strikes (nik_hmac)")
    db.execute(
        """CREATE TABLE booking_idempotency (
            key TEXT PRIMARY KEY,
            body_hash TEXT NOT NULL,
            booking_id INTEGER NOT NULL REFERENCES bookings(id),
            day TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


@migrations()
def m021_notify_outbox(db: sqlite_utils.Database) -> None:
    """Contacts (encrypted) and the notification outbox (docs/notify.md, docs/privacy.md).

    A contact's name, phone and email are AES-GCM ciphertexts (nonce + ciphertext + tag):
    the key is derived from the NIK key file and never enters the database. `keep_until`
    is the hall day after which the contact, and the messages sent to it, are deleted.
    An outbox row is one message to one channel; it is written in the same transaction as
    the change that causes it, and sent after commit by the runtime's sender."""
    db.execute(
        """CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            ref TEXT,
            name BLOB,
            phone BLOB,
            email BLOB,
            keep_until TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX contacts_keep ON contacts (keep_until)")
    db.execute("CREATE INDEX contacts_ref ON contacts (ref) WHERE ref IS NOT NULL")
    db.execute(
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            ref TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            text TEXT NOT NULL,
            text_en TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'id',
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
            send_after TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX outbox_due ON outbox (status, next_attempt_at)")
    db.execute("CREATE INDEX outbox_ref ON outbox (kind, ref, status)")
    db.execute("CREATE INDEX outbox_contact ON outbox (contact_id)")


@migrations()
def m030_complaints_tables(db: sqlite_utils.Database) -> None:
    """Complaints and consultation (docs/complaints.md). The citizen's contact is never
    here: it sits encrypted in `contacts` (notify), found by `contact_id`; an anonymous
    case has none. `text` is kept as written and escaped wherever it is shown."""
    db.execute(
        """CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            manage_token TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            agency_id TEXT,
            service_id TEXT,
            ticket_id INTEGER REFERENCES tickets(id),
            anonymous INTEGER NOT NULL DEFAULT 0,
            confidential INTEGER NOT NULL DEFAULT 0,
            contact_id INTEGER,
            lang TEXT NOT NULL DEFAULT 'id',
            due_at TEXT,
            paused_days INTEGER,
            paused_from TEXT,
            answered_at TEXT,
            answer TEXT,
            reason TEXT,
            forwarded_to TEXT,
            lapor_tracking_id TEXT,
            filed_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    # The inbox: newest first within a status and/or an agency; the clock's queries.
    db.execute("CREATE INDEX complaints_status ON complaints (status, id)")
    db.execute("CREATE INDEX complaints_agency ON complaints (agency_id, status, id)")
    db.execute("CREATE INDEX complaints_due ON complaints (status, due_at)")
    db.execute(
        """CREATE TABLE complaint_timeline (
            id INTEGER PRIMARY KEY,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id),
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            by_role TEXT NOT NULL,
            text TEXT,
            public INTEGER NOT NULL DEFAULT 1
        )"""
    )
    db.execute("CREATE INDEX complaint_timeline_case ON complaint_timeline (complaint_id, id)")
    db.execute(
        """CREATE TABLE complaint_idempotency (
            key TEXT PRIMARY KEY,
            body_hash TEXT NOT NULL,
            complaint_id INTEGER NOT NULL REFERENCES complaints(id)
        ) WITHOUT ROWID"""
    )


@migrations()
def m040_dossier_tables(db: sqlite_utils.Database) -> None:
    """Dossiers (docs/dossiers.md): what the citizen left behind, one per done ticket at
    most, and its trail. Notes are the citizen's to read (the phone page), never an NIK."""
    db.execute(
        """CREATE TABLE dossiers (
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            service_id TEXT NOT NULL,
            agency_id TEXT NOT NULL,
            title TEXT,
            status TEXT NOT NULL,
            due_date TEXT,
            paused_days INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    # The Berkas list: an agency's dossiers by status; the overdue filter by due date.
    db.execute("CREATE INDEX dossiers_agency ON dossiers (agency_id, status, id)")
    db.execute("CREATE INDEX dossiers_status ON dossiers (status, due_date)")
    db.execute(
        """CREATE TABLE dossier_timeline (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT,
            system TEXT,
            code TEXT
        )"""
    )
    db.execute("CREATE INDEX dossier_timeline_dossier ON dossier_timeline (dossier_id, id)")


@migrations()
def m040_dossier_integration_role(db: sqlite_utils.Database) -> None:
    """The `integration` device role (another system pushing dossier status). SQLite
    cannot change a CHECK, so the devices table is copied into a new one (nothing refers
    to it by foreign key)."""
    db.execute(
        """CREATE TABLE devices_new (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('kiosk', 'display', 'integration')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )"""
    )
    db.execute(
        "INSERT INTO devices_new (id, name, role, token_hash, created_at, revoked_at)"
        " SELECT id, name, role, token_hash, created_at, revoked_at FROM devices"
    )
    db.execute("DROP TABLE devices")  # drops its m006 triggers too
    db.execute("ALTER TABLE devices_new RENAME TO devices")
    bump = "UPDATE credentials_version SET n = n + 1 WHERE id = 1;"
    for change in ("UPDATE", "DELETE"):
        db.execute(
            f"""CREATE TRIGGER devices_{change.lower()}_credentials AFTER {change} ON devices
                BEGIN {bump} END"""
        )


@migrations()
def m060_eta_called_index(db: sqlite_utils.Database) -> None:
    """The ETA reads the day's calls (how many, how many priority, how many no-shows) once
    per writer batch. Without an index that read walked every ticket of the day, so under
    a long rush of issues each ticket cost more than the one before (a saturating run went
    from 0.6 to 1.8 ms of server CPU per ticket in three minutes). Partial and covering:
    it holds only called tickets, and issuing a ticket (never called yet) pays nothing."""
    db.execute(
        "CREATE INDEX tickets_called ON tickets (day, priority, status) WHERE called_at IS NOT NULL"
    )


@migrations()
def m050_reports_audit_log(db: sqlite_utils.Database) -> None:
    """The audit log: every change a person makes (docs/reports.md, "The audit log").

    Append-only like the events (triggers refuse UPDATE and DELETE), and tamper-evident:
    each row carries the SHA-256 of the previous row's hash and its own content, so
    someone with the file who drops the triggers and edits or deletes a row breaks the
    chain at that row (`antre audit verify`)."""
    db.execute(
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,
            after TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX audit_log_at ON audit_log (at)")
    for change in ("UPDATE", "DELETE"):
        db.execute(
            f"""CREATE TRIGGER audit_log_append_only_{change.lower()} BEFORE {change} ON audit_log
               BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
        )


@migrations()
def m050_reports_ticket_called_by(db: sqlite_utils.Database) -> None:
    """Who called each ticket, for the summary by operator (docs/reports.md).

    Kept by a trigger from the counter's operator at the moment `called_at` changes, so
    the writer's actions stay as they are and a ticket keeps the operator of its last
    call even after the counter changes hands."""
    db.execute("ALTER TABLE tickets ADD COLUMN called_by INTEGER REFERENCES users(id)")
    db.execute(
        """CREATE TRIGGER tickets_called_by AFTER UPDATE OF called_at ON tickets
           WHEN NEW.called_at IS NOT NULL AND NEW.called_at IS NOT OLD.called_at
           BEGIN
             UPDATE tickets SET called_by =
               (SELECT operator_id FROM counters WHERE id = NEW.counter_id)
             WHERE id = NEW.id;
           END"""
    )


@migrations()
def m070_pickup_tickets(db: sqlite_utils.Database) -> None:
    """Which ticket collects which dossier (docs/dossiers.md, "Pickup"): a pickup ticket
    is an ordinary ticket of the agency's pickup line, and this row ties it to the
    dossier it collects, so a second scan of the same QR finds the ticket already
    given, and the ticket's page and print can name the dossier's reference."""
    db.execute(
        """CREATE TABLE dossier_pickups (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX dossier_pickups_dossier ON dossier_pickups (dossier_id)")


@migrations()
def m070_hall_config(db: sqlite_utils.Database) -> None:
    """The hall's configuration, once the server has started (docs/hall-admin.md).

    One row: the hall document as TOML text (what `antre hall export` prints, byte for
    byte), its version (bumped by every change) and the version the server last announced
    with a `hall.changed` event. A change made beside the server (`antre hall import`)
    stores a version the server has not announced yet: it sees the gap, swaps the hall
    live and announces it."""
    db.execute(
        """CREATE TABLE hall_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL CHECK (version >= 1),
            document TEXT NOT NULL,
            announced INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
