"""The web board for smart-TV browsers (/display), and the phrase a board speaks for a call.

The page arrives with the board's state in it (counters, the day's last calls and
announcements, and the seq of the newest event they include); display.js then follows the
events WebSocket from that seq. The voice clips are static files under /voice; which clips
say a call is decided by queue_core.spoken_call, so the Indonesian number words exist in
one place for the web and the Qt board.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from queue_core.errors import DomainError
from queue_core.events import iso
from queue_core.numbering import hall_day
from queue_core.numbering import zone as time_zone
from queue_core.spoken_call import CHIME, MANIFEST, VOICE_DIR, load_manifest, phrase_for
from queue_server import auth, shapes
from queue_server.deps import Runtime, Watcher, identify
from queue_server.openapi import answers
from queue_server.routes import display_media
from queue_server.routes.display_media import board_pictures
from queue_server.routes.pickup import board_panel
from queue_server.runtime import HallRuntime
from queue_server.store import events as event_log

router = APIRouter(tags=["display"])
# The logo and pictures go with the page (the app adds this router's routes).
router.routes.extend(display_media.router.routes)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

BOARD_ROLES = auth.OPERATOR | auth.DISPLAY
LAST_CALLS = 7  # the big one and six before it
ANNOUNCEMENTS = 3
TAIL_EVENTS = 2000
"""How far back the page looks for today's last calls: a busy hall makes ~1,500 events
an hour, and the list only needs the last few calls."""
CALLS = ("ticket.called", "ticket.recalled")
NUMBER = r"^[A-Za-z]{0,3}[0-9]{1,6}$"
ON = {"1", "true", "yes", "on", "ya"}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

_DENIED = {
    401: (
        "Layar ini belum terdaftar",
        "This screen is not registered",
        "Alamat layar harus memuat token perangkat layar yang masih berlaku.",
        "The board's address must carry a valid display device token.",
    ),
    403: (
        "Token ini bukan untuk layar",
        "This token is not for a board",
        "Gunakan token perangkat dengan peran layar (atau akun petugas).",
        "Use a device token with the display role (or a staff account).",
    ),
    404: (
        "Zona tidak dikenal",
        "Unknown zone",
        "Periksa nilai zone= pada alamat layar.",
        "Check the zone= value in the board's address.",
    ),
}
_UNKNOWN_AGENCY = (
    "Instansi tidak dikenal",
    "Unknown agency",
    "Periksa nilai agency= pada alamat layar: gunakan id instansi dari berkas mal.",
    "Check the agency= value in the board's address: use an agency id from the hall file.",
)


@cache
def _voice_urls(manifest_path: Path, stamp: float) -> tuple[dict[str, str], int]:
    """Clip key → URL, and the gap. The manifest's hash is in each URL, so a hall that
    re-records its clips (and rewrites the manifest) is heard on every TV at once rather
    than after the browsers' caches expire. `stamp` (the file's mtime) renews the cache."""
    manifest = load_manifest(manifest_path.parent)
    version = hashlib.sha256(manifest_path.read_bytes()).hexdigest()[:10]
    urls = {key: f"/voice/{clip.file}?v={version}" for key, clip in manifest.clips.items()}
    return urls, round(manifest.gap_seconds * 1000)


def voice_urls(voice_dir: Path = VOICE_DIR) -> tuple[dict[str, str], int]:
    path = voice_dir / MANIFEST
    return _voice_urls(path, path.stat().st_mtime)


@router.get("/api/v1/announcements/phrase", tags=["hall"], responses=answers(shapes.Phrase))
async def phrase(
    caller: Watcher,
    number: Annotated[str, Query(pattern=NUMBER)],
    counter_id: Annotated[int, Query(ge=1, le=9999)],
    recall: bool = False,
) -> dict[str, Any]:
    """The clips a board plays, in order, to announce `number` at counter `counter_id`
    (`recall=true`: the phrase opens with "Panggilan ulang")."""
    keys = phrase_for(number, counter_id, recall=recall)
    urls, gap_ms = voice_urls()
    return {
        "number": number.upper(),
        "counter_id": counter_id,
        "keys": keys,
        "clips": [urls[key] for key in keys],
        "gap_ms": gap_ms,
    }


@router.get("/display", response_class=HTMLResponse, include_in_schema=False)
async def display_page(
    request: Request,
    runtime: Runtime,
    token: str | None = None,
    zone: str | None = None,
    agency: Annotated[list[str] | None, Query()] = None,
    pickup_panel: Annotated[str | None, Query(alias="pickup-panel")] = None,
) -> HTMLResponse:
    hall = runtime.hall
    try:
        identify(runtime, token, BOARD_ROLES)
    except DomainError as exc:
        return _denied(request, hall.name, 403 if exc.status == 403 else 401)
    zones = sorted({c.zone for c in hall.counters})
    if zone:
        chosen = next((z for z in zones if z.casefold() == zone.strip().casefold()), None)
        if chosen is None:
            return _denied(request, hall.name, 404, zones=zones)
        zone = chosen
    # `agency=a,b` or `agency=a&agency=b`: a board for some agencies' counters only.
    agencies = [a.strip() for value in agency or [] for a in value.split(",") if a.strip()]
    known = {a.id: a.short for a in hall.agencies}
    if any(a not in known for a in agencies):
        listed = [f"{id_} ({short})" for id_, short in sorted(known.items())]
        return _denied(request, hall.name, 404, agencies=listed)
    agencies = list(dict.fromkeys(agencies))
    board = board_state(runtime, zone, agencies)
    # `pickup-panel=1`, as the desktop board's --pickup-panel: a board near the pickup
    # counters shows the dossiers ready for collection (off unless asked for).
    if (pickup_panel or "").strip().casefold() in ON:
        board["pickup"] = board_panel(runtime, agencies)
    context = {
        "hall": hall.name,
        "zone": zone,
        "agencies": ", ".join(known[a] for a in agencies),
        "board": board,
    }
    return templates.TemplateResponse(request, "display.html", context, headers=_HEADERS)


def _denied(
    request: Request,
    hall: str,
    status: int,
    zones: list[str] | None = None,
    agencies: list[str] | None = None,
) -> HTMLResponse:
    title, title_en, text, text_en = _UNKNOWN_AGENCY if agencies else _DENIED[status]
    context = {
        "hall": hall,
        "denied": {"title": title, "title_en": title_en, "text": text, "text_en": text_en},
        "zones": zones or [],
        "agencies": agencies or [],
    }
    return templates.TemplateResponse(
        request, "display.html", context, status_code=status, headers=_HEADERS
    )


def board_state(
    runtime: HallRuntime, zone: str | None, agencies: list[str] | None = None
) -> dict[str, Any]:
    """Everything the board shows, as of the event `last_seq`: the page follows the live
    events from there, so nothing between this read and the socket is lost. Only the
    counters of `zone` and of `agencies` (when given) are on it; the page shows and speaks
    only their calls."""
    hall = runtime.hall
    # The head first: whatever commits after it is replayed on top of what is read below,
    # and replaying a call, a finish or a pause again leaves the same screen.
    head = event_log.last_seq(runtime.reader)
    shorts = {a.id: a.short for a in hall.agencies}
    counters = [
        {
            "id": c["id"],
            "name": c["name"],
            "agency": shorts.get(c["agency_id"], ""),
            "zone": c["zone"],
            "status": c["status"],
            "current": c["current"],
        }
        for c in runtime.view.counters_json()
        if (zone is None or c["zone"] == zone) and (not agencies or c["agency_id"] in agencies)
    ]
    in_zone = {c["id"] for c in counters}
    now = runtime.clock()
    today = hall_day(now, hall.timezone)
    calls: list[dict[str, Any]] = []
    texts: list[str] = []
    for event in event_log.since(runtime.reader, max(0, head - TAIL_EVENTS), TAIL_EVENTS):
        if event["seq"] > head:
            break
        if hall_day(datetime.fromisoformat(event["at"]), hall.timezone) != today:
            continue
        data = event["data"]
        if event["type"] in CALLS and data.get("counter_id") in in_zone:
            calls.append(
                {
                    "seq": event["seq"],
                    "at": event["at"],
                    "number": data["number"],
                    "counter_id": data["counter_id"],
                    "recall": event["type"] == "ticket.recalled",
                }
            )
        elif event["type"] == "hall.announcement":
            texts.append(data["text"])
    urls, _ = voice_urls()
    # Indonesia keeps no daylight saving: a fixed offset lets a TV browser without time
    # zone data show the hall's time.
    offset = now.astimezone(time_zone(hall.timezone)).utcoffset()
    return {
        "last_seq": head,
        "now": iso(now),
        "timezone": hall.timezone,
        "utc_offset_minutes": int(offset.total_seconds() // 60) if offset else 0,
        "running_text": hall.running_text,
        "announcements": texts[-ANNOUNCEMENTS:][::-1],
        "counters": counters,
        "calls": calls[-LAST_CALLS:][::-1],
        "chime_url": urls[CHIME],
        # The logo and pictures as of now; the page asks /display/media again each round.
        "media": board_pictures(hall),
    }
