"""The hall's logo and pictures for the web board: /display/logo, /display/media[/{name}].

They are configured once in the hall file (`logo`, `media_dir`, `media_seconds`) so every
TV shows them without being touched. They are posters on the hall's wall, so they are
served without a token, read-only, and never anything but an image file directly inside
the configured folder: a name with a path in it, a hidden file, another extension or a
link leading out of the folder is answered 404, as a missing file is. The folder is read
on every request: pictures copied in later appear on the boards' next look at the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from queue_core.errors import NotFound
from queue_core.hall import Hall
from queue_server.deps import Runtime

router = APIRouter(tags=["display"])

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".svg": "image/svg+xml",
}
"""What a picture may be: the desktop board's list (display_board/media_reel.py), each
with the type every TV browser is told (never guessed from the bytes)."""
LOGO_TYPES = {s: MEDIA_TYPES[s] for s in (".png", ".jpg", ".jpeg", ".svg")}
MAX_PICTURES = 200
"""A folder of thousands would make a long page for no board to show in a day."""

_PICTURE_HEADERS = {
    # Each URL the page uses carries the file's stamp (?v=), so a replaced picture is a
    # new URL; an hour of caching spares the hall's Wi-Fi when many TVs cycle together.
    "Cache-Control": "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    # An SVG opened on its own must not run script in the hall server's origin.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}


def _stamp(path: Path) -> str | None:
    """A short version of the file's content for its URL, or None when it is no file."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return f"{status.st_mtime_ns:x}{status.st_size:x}"


def _inside(folder: Path, name: str) -> Path | None:
    """`folder/name` when it is an allowed picture directly inside `folder` (after links
    are followed), else None."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        return None
    if Path(name).suffix.lower() not in MEDIA_TYPES:
        return None
    try:
        root = folder.resolve(strict=True)
        path = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, unreadable, a loop of links
        return None
    return path if path.parent == root and path.is_file() else None


def logo_file(hall: Hall) -> Path | None:
    logo = hall.logo
    if logo is None or logo.suffix.lower() not in LOGO_TYPES or _stamp(logo) is None:
        return None
    return logo


def picture_names(hall: Hall) -> list[str]:
    """The folder's pictures in name order (how a hall orders them: 01-ktp.png, …)."""
    folder = hall.media_dir
    if folder is None:
        return []
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:  # no folder yet, not a folder, no permission: no media
        return []
    return [name for name in names if _inside(folder, name) is not None][:MAX_PICTURES]


def board_pictures(hall: Hall) -> dict[str, Any]:
    """What the page needs: the logo's URL (or None), each picture's name and URL, and
    how long each stays."""
    logo = logo_file(hall)
    pictures = []
    for name in picture_names(hall):
        assert hall.media_dir is not None  # picture_names returns none without a folder
        stamp = _stamp(hall.media_dir / name)
        if stamp is not None:
            pictures.append({"name": name, "url": f"/display/media/{quote(name)}?v={stamp}"})
    return {
        "logo": f"/display/logo?v={_stamp(logo)}" if logo is not None else None,
        "pictures": pictures,
        "seconds": hall.media_seconds,
    }


def _not_found() -> NotFound:
    return NotFound("Gambar tidak ada.", "No such picture.")


@router.get("/display/logo", include_in_schema=False)
async def display_logo(runtime: Runtime) -> FileResponse:
    """The hall's logo for the boards' header; 404 when the hall has none (yet)."""
    logo = logo_file(runtime.hall)
    if logo is None:
        raise _not_found()
    return FileResponse(logo, media_type=LOGO_TYPES[logo.suffix.lower()], headers=_PICTURE_HEADERS)


@router.get("/display/media", include_in_schema=False)
async def display_media_list(runtime: Runtime, response: Response) -> dict[str, Any]:
    """The logo and the pictures as they are now: the board reads it again every round."""
    response.headers["Cache-Control"] = "no-store"
    return board_pictures(runtime.hall)


@router.get("/display/media/{name}", include_in_schema=False)
async def display_media_file(runtime: Runtime, name: str) -> FileResponse:
    folder = runtime.hall.media_dir
    path = _inside(folder, name) if folder is not None else None
    if path is None:
        raise _not_found()
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix.lower()], headers=_PICTURE_HEADERS)
