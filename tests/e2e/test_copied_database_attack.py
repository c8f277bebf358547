"""A copy of the hall database — the file, its WAL and its shared memory, taken while the
server runs — gives up no NIK without the key file, and once the day has rolled none even
with it (docs/privacy.md, "The copied-database attack"). The roll of a running server is
held to the same bytes in tests/queue_server/test_nik_retention.py."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from nik_attack import candidate_keys, copy_database, keyings, opens, recover, steal
from support import Server, bearer, faketime_env

from queue_server.nik_keys import DAILY_LIMIT, derive_key

pytestmark = pytest.mark.e2e

REGIONS = ("327301", "317401", "357801", "640101", "737102")
"""Districts of Bandung, Jakarta Selatan, Surabaya, Paser and Makassar."""
_SIXTEEN_DIGITS = re.compile(rb"(?<![0-9])[0-9]{16}(?![0-9])")


def citizens(n: int, seed: int = 27) -> list[str]:
    """`n` distinct valid NIKs: men and women, born over the last century."""
    rng = random.Random(seed)
    niks: set[str] = set()
    while len(niks) < n:
        day = rng.randint(1, 28) + rng.choice((0, 40))
        born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}"
        niks.add(rng.choice(REGIONS) + born + f"{rng.randint(1, 9999):04d}")
    return sorted(niks)


@dataclass
class BusyHall:
    server: Server
    issued: dict[int, str]
    """ticket id → the NIK it was issued with (the test's knowledge, not the attacker's)."""
    keys_sent: set[str]
    """The Idempotency-Keys the kiosks sent."""

    @property
    def key_file(self) -> Path:
        return self.server.db.with_name(self.server.db.name + ".key")


def busy_day(server: Server) -> tuple[dict[int, str], set[str]]:
    """Four kiosks issue tickets to 120 citizens, every third one twice (the daily limit),
    each request with an Idempotency-Key and some retried; an operator serves 30."""
    kiosk = bearer(server.device_token("kiosk-lobby", "kiosk"))
    people = citizens(120)
    issued: dict[int, str] = {}
    keys: set[str] = set()
    lock = threading.Lock()

    def kiosk_works(share: list[str], name: str) -> None:
        with httpx.Client(base_url=server.url, headers=kiosk, timeout=30) as client:
            for i, nik in enumerate(share):
                for visit in range(2 if i % 3 == 0 else 1):
                    key = f"{name}-{i}-{visit}"
                    body = {"service_id": ("ktp", "kk", "pkb")[(i + visit) % 3], "nik": nik}
                    for _ in range(2 if i % 5 == 0 else 1):  # a retry after a lost answer
                        reply = client.post(
                            "/api/v1/tickets", json=body, headers={"Idempotency-Key": key}
                        )
                        assert reply.status_code in (200, 201), reply.text
                    with lock:
                        issued[reply.json()["id"]] = nik
                        keys.add(key)

    kiosks = [
        threading.Thread(target=kiosk_works, args=(people[k::4], f"kiosk{k}")) for k in range(4)
    ]
    for thread in kiosks:
        thread.start()
    for thread in kiosks:
        thread.join()
    operator = bearer(server.staff_token("sari", "operator"))
    with httpx.Client(base_url=server.url, headers=operator, timeout=30) as client:
        client.post("/api/v1/counters/1/open").raise_for_status()
        for _ in range(30):
            called = client.post("/api/v1/counters/1/call-next").json()
            client.post(f"/api/v1/tickets/{called['id']}/start").raise_for_status()
            client.post(f"/api/v1/tickets/{called['id']}/finish").raise_for_status()
    return issued, keys


@pytest.fixture
def busy_hall(tmp_path: Path) -> Iterator[BusyHall]:
    """A real `antre serve` after a busy morning."""
    server = Server(tmp_path / "antre.db").start()
    try:
        issued, keys = busy_day(server)
        yield BusyHall(server, issued, keys)
    finally:
        server.stop()


def test_a_copy_taken_while_the_server_runs_gives_up_no_nik_without_the_key_file(
    busy_hall: BusyHall, tmp_path: Path
) -> None:
    issued = busy_hall.issued
    stolen = steal(copy_database(busy_hall.server.db, tmp_path / "stolen"))
    # The copy is a good one: it holds the day's links (their purpose, the daily limit, runs).
    assert {ticket_id for ticket_id, *_ in stolen.links} == set(issued)
    assert set(stolen.files) == {"antre.db", "antre.db-wal", "antre.db-shm"}
    assert len(stolen.files["antre.db-wal"]) > 0
    for data in stolen.files.values():
        assert not {m.decode() for m in _SIXTEEN_DIGITS.findall(data)} & set(issued.values())

    # No key material anywhere in the bytes: not the master key, not the derived day key.
    master = busy_hall.key_file.read_text().strip().encode()
    (today,) = stolen.days  # one busy hall day
    day_key = derive_key(master, DAILY_LIMIT, today)
    for name, data in stolen.files.items():
        assert not [s for s in (master, day_key, day_key.hex().encode()) if s in data], name

    # Every key-like thing in the copy, tried as the key and as the master key. Opening the
    # true NIK's HMAC is the attack's success condition, so trying it is enough to know
    # that the enumeration below would find nothing.
    sample = stolen.links[:: len(stolen.links) // 5][:5]
    candidates = candidate_keys(stolen)
    assert len(candidates) > 1000
    opening = [
        candidate
        for candidate in candidates
        if any(opens(keyings(candidate, stolen.days), h, issued[t]) for t, _, h, _ in sample)
    ]
    assert opening == []
    # The documented enumeration, with what hall_meta holds (where the key used to be).
    meta_keys = [k for v in stolen.meta.values() for k in keyings(v.encode(), stolen.days)]
    ticket_id, day, nik_hmac, masked = sample[0]
    assert recover(nik_hmac, masked, issued[ticket_id][:6], meta_keys) is None

    # Control: the same enumeration with the key file recovers each NIK, so it can succeed.
    for ticket_id, day, nik_hmac, masked in sample:
        region = issued[ticket_id][:6]
        assert recover(nik_hmac, masked, region, keyings(master, [day])) == issued[ticket_id]


def test_after_the_day_rolls_not_even_the_key_file_links_a_ticket_to_a_nik(
    busy_hall: BusyHall, tmp_path: Path
) -> None:
    server, issued = busy_hall.server, busy_hall.issued
    before = steal(copy_database(server.db, tmp_path / "during"))
    assert len(before.links) == len(issued)

    # The hall closes; the server is started again the next morning (its clock moved a day
    # on by libfaketime: cheaper than faking the busy day's every clock read). Its first
    # write of the new day, at start, rolls the day.
    server.stop()
    offset = tmp_path / "faketime.txt"
    offset.write_text("+1d\n")
    server.env = faketime_env(offset)
    server.start()
    kiosk = bearer(server.device_token("kiosk-2", "kiosk"))
    first = httpx.post(
        f"{server.url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk, timeout=30
    )
    assert first.status_code == 201 and first.json()["number"] == "B001"  # a new hall day

    after = steal(copy_database(server.db, tmp_path / "after"))
    assert after.links == []
    # Even with the key file: every HMAC it could make of the day's NIKs, as text or raw
    # bytes, and every masked NIK and idempotency key of the day, is gone from every file.
    master = busy_hall.key_file.read_text().strip().encode()
    digests = {
        hmac.new(key, nik.encode(), hashlib.sha256).digest()
        for key in keyings(master, before.days)
        for nik in issued.values()
    }
    traces = (
        {d.hex().encode() for d in digests}
        | digests
        | {m.encode() for _, _, _, m in before.links}
        | {k.encode() for k in busy_hall.keys_sent}
    )
    for name, data in after.files.items():
        assert [t for t in traces if t in data] == [], name
