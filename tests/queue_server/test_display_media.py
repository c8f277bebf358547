"""The hall's logo and pictures for the web board: served from the hall file's folder only,
images only, listed live, and never a config error when the files are not there yet."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess import FakeClock, HallClient
from support import SMALL_HALL


def tiny_png() -> bytes:
    """A real 1×1 PNG, written by hand."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x58\x5e")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = tiny_png()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'


def hall_file(folder: Path, extra: str) -> Path:
    path = folder / "mpp.toml"
    path.write_text(SMALL_HALL.read_text().replace("[hall]\n", f"[hall]\n{extra}\n", 1))
    return path


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """The hall's folder: the hall file, a logo and a poster folder beside it."""
    folder = tmp_path / "aula"
    (folder / "poster").mkdir(parents=True)
    (folder / "logo.svg").write_bytes(SVG)
    (folder / "poster" / "02-samsat.png").write_bytes(PNG)
    (folder / "poster" / "01-ktp.png").write_bytes(PNG)
    (folder / "poster" / "catatan.txt").write_text("bukan gambar")
    (folder / "poster" / ".tersembunyi.png").write_bytes(PNG)
    (folder / "rahasia.png").write_bytes(b"outside the poster folder")
    (folder / "poster" / "tautan.png").symlink_to(folder / "rahasia.png")
    hall_file(folder, 'logo = "logo.svg"\nmedia_dir = "poster"\nmedia_seconds = 5')
    return folder


@pytest.fixture
def hall(place: Path, tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    with HallClient(tmp_path / "antre.db", clock, hall=place / "mpp.toml") as client:
        yield client


def test_the_list_names_the_folders_pictures_in_order_with_logo_and_seconds(
    hall: HallClient,
) -> None:
    reply = hall.client.get("/display/media")  # no token: posters on the hall's wall

    assert reply.status_code == 200 and reply.headers["cache-control"] == "no-store"
    listing = reply.json()
    assert [p["name"] for p in listing["pictures"]] == ["01-ktp.png", "02-samsat.png"]
    assert listing["seconds"] == 5
    assert re.fullmatch(r"/display/logo\?v=\w+", listing["logo"])
    for picture in listing["pictures"]:
        assert re.fullmatch(rf"/display/media/{picture['name']}\?v=\w+", picture["url"])


def test_logo_and_pictures_are_served_as_images_with_cache_headers(hall: HallClient) -> None:
    logo = hall.client.get("/display/logo")
    assert logo.status_code == 200 and logo.content == SVG
    assert logo.headers["content-type"].startswith("image/svg+xml")
    # An SVG opened by itself must not run script in the server's origin.
    assert "sandbox" in logo.headers["content-security-policy"]

    url = hall.client.get("/display/media").json()["pictures"][0]["url"]
    picture = hall.client.get(url)
    assert picture.status_code == 200 and picture.content == PNG
    assert picture.headers["content-type"] == "image/png"
    assert picture.headers["x-content-type-options"] == "nosniff"
    assert "max-age=" in picture.headers["cache-control"]


@pytest.mark.parametrize(
    "name",
    [
        "..%2Frahasia.png",
        "..%2F..%2Faula%2Frahasia.png",
        "%2Fetc%2Fpasswd",
        "..%5Crahasia.png",
        "tautan.png",  # a link in the folder leading out of it
        ".tersembunyi.png",
        "catatan.txt",  # in the folder, but not a picture
        "%2E%2E%2Frahasia.png",
        "tidak-ada.png",  # simply missing
    ],
)
def test_nothing_but_a_picture_inside_the_folder_is_served(hall: HallClient, name: str) -> None:
    reply = hall.client.get(f"/display/media/{name}")
    assert reply.status_code == 404
    assert b"outside the poster folder" not in reply.content
    assert b"bukan gambar" not in reply.content


def test_a_picture_copied_in_later_is_listed_without_a_restart(
    hall: HallClient, place: Path
) -> None:
    (place / "poster" / "03-bpjs.png").write_bytes(PNG)
    names = [p["name"] for p in hall.client.get("/display/media").json()["pictures"]]
    assert names == ["01-ktp.png", "02-samsat.png", "03-bpjs.png"]


def test_the_board_page_carries_the_pictures(hall: HallClient) -> None:
    token = hall.token("layar", "display")
    page = hall.client.get("/display", params={"token": token})
    assert page.status_code == 200
    assert "/display/media/01-ktp.png?v=" in page.text
    assert 'class="logo"' in page.text


def test_missing_logo_and_folder_mean_no_logo_and_no_pictures(
    tmp_path: Path, clock: FakeClock
) -> None:
    # Not a configuration mistake: a hall may set them up before the files arrive.
    path = hall_file(tmp_path, 'logo = "belum/logo.png"\nmedia_dir = "belum-ada"')
    with HallClient(tmp_path / "antre.db", clock, hall=path) as hall:
        assert hall.client.get("/display/logo").status_code == 404
        assert hall.client.get("/display/media/01-ktp.png").status_code == 404
        listing = hall.client.get("/display/media").json()
        assert listing == {"logo": None, "pictures": [], "seconds": 8}
        page = hall.client.get("/display", params={"token": hall.token("layar", "display")})
        assert page.status_code == 200 and 'class="logo"' not in page.text


def test_a_hall_without_pictures_answers_an_empty_list(tmp_path: Path, clock: FakeClock) -> None:
    with HallClient(tmp_path / "antre.db", clock) as hall:
        assert hall.client.get("/display/media").json()["pictures"] == []
        assert hall.client.get("/display/logo").status_code == 404
