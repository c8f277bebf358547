"""Hall configuration: the shipped sample is valid, and mistakes name file, entry and fix."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support import SAMPLE_HALL, SMALL_HALL

from queue_core.errors import ConfigError
from queue_core.hall import load_hall, parse_hall


def raw_small() -> dict[str, Any]:
    return tomllib.loads(SMALL_HALL.read_text())


def test_sample_hall_is_a_realistic_mpp() -> None:
    hall = load_hall(SAMPLE_HALL)
    assert hall.timezone == "Asia/Jakarta"
    assert len(hall.agencies) >= 8 and len(hall.services) >= 25 and len(hall.counters) >= 20
    assert all(s.requirements for s in hall.services)
    assert len({s.prefix for s in hall.services}) == len(hall.services)
    for service in hall.services:
        assert hall.counters_serving(service.id), service.id


def test_small_test_hall_loads() -> None:
    hall = load_hall(SMALL_HALL)
    assert [c.id for c in hall.counters_serving("pkb")] == [3, 4]
    assert hall.service("akta").quota == 3 and hall.service("ktp").nik_required


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: file not found"):
        load_hall(tmp_path / "nope.toml")


def test_broken_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "hall.toml"
    bad.write_text("[hall\nname = 1")
    with pytest.raises(ConfigError, match=r"hall\.toml: not valid TOML"):
        load_hall(bad)


def mutated(change) -> dict[str, Any]:
    raw = copy.deepcopy(raw_small())
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["hall"].update(timezone="Asia/Singapore"),
            r"\[hall\]: timezone .*Fix: use one of Asia/Jakarta",
        ),
        (lambda r: r["hall"].update(opens="08:00", closes="07:00"), r"closes is not after opens"),
        (
            lambda r: r["services"][1].update(prefix="A"),
            r"service #2 \(kk\): prefix 'A' is already used by service 'ktp'",
        ),
        (lambda r: r["services"][0].update(prefix="a1"), r"prefix 'a1' is not 1-2 capital letters"),
        (lambda r: r["services"][0].update(agency="pajak"), r"agency 'pajak' is not defined"),
        (lambda r: r["services"][0].pop("minutes"), r"'minutes' is missing. Fix: add minutes"),
        (lambda r: r["services"][2].update(quota=True), r"'quota' must not be true/false"),
        (
            lambda r: r["services"][0].update(hours=["14:00", "08:00"]),
            r"hours end before they begin",
        ),
        (
            lambda r: r["counters"][0].update(services=["pkb"]),
            r"counter #1 \(1\): service 'pkb' belongs to agency 'samsat'",
        ),
        (lambda r: r["counters"][1].update(id=1), r"id 1 is below 1 or used twice"),
        (
            lambda r: r["counters"].pop(2) and r["counters"].pop(2),
            r"service 'pkb': no counter serves it",
        ),
        (lambda r: r.pop("hall"), r"the \[hall\] table is missing"),
        (lambda r: r["hall"].update(running_text_en=7), r"'running_text_en' must be a str"),
        (lambda r: r["hall"].update(running_text_en="  "), r"'running_text_en' is empty"),
        (
            lambda r: r["hall"].pop("running_text") and r["hall"].update(running_text_en="Hi"),
            r"running_text_en is set but running_text is not",
        ),
        (lambda r: r["hall"].update(logo=3), r"'logo' must be a str"),
        (lambda r: r["hall"].update(logo=" "), r"'logo' is empty"),
        (lambda r: r["hall"].update(logo="logo.gif"), r"logo 'logo.gif' is not a PNG, JPEG or SVG"),
        (lambda r: r["hall"].update(media_dir=["poster"]), r"'media_dir' must be a str"),
        (
            lambda r: r["hall"].update(media_dir="poster", media_seconds="8"),
            r"'media_seconds' must be a int/float",
        ),
        (
            lambda r: r["hall"].update(media_dir="poster", media_seconds=True),
            r"'media_seconds' must not be true/false",
        ),
        (
            lambda r: r["hall"].update(media_dir="poster", media_seconds=0),
            r"media_seconds 0 is out of range. Fix: use seconds from 1 to 3600",
        ),
        (
            lambda r: r["hall"].update(media_dir="poster", media_seconds=3601),
            r"media_seconds 3601 is out of range",
        ),
        (
            lambda r: r["hall"].update(media_seconds=10),
            r"media_seconds is set but media_dir is not",
        ),
        (
            lambda r: r["services"][0].update(target_wait_minutes=0),
            r"target_wait_minutes must be positive",
        ),
        (
            lambda r: r["services"][0].update(target_wait_minutes=True),
            r"'target_wait_minutes' must not be true/false",
        ),
    ],
)
def test_bad_configuration_names_entry_and_fix(change, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected) as caught:
        parse_hall(mutated(change), source="halls/mpp.toml")
    assert str(caught.value).startswith("halls/mpp.toml: ") and "Fix:" in str(caught.value)


@pytest.mark.parametrize("prefix", ["I", "O", "IO", "BO"])
def test_prefixes_that_read_as_digits_are_refused(prefix: str) -> None:
    raw = mutated(lambda r: r["services"][0].update(prefix=prefix))
    with pytest.raises(ConfigError, match="read as 1 or 0"):
        parse_hall(raw)


def test_running_text_in_english_is_optional() -> None:
    assert load_hall(SMALL_HALL).running_text_en == "Welcome to the MPP test hall"
    assert parse_hall(mutated(lambda r: r["hall"].pop("running_text_en"))).running_text_en == ""
    raw = mutated(lambda r: r["hall"].update(running_text_en="Welcome to the test hall"))
    hall = parse_hall(raw)
    assert hall.running_text == "Selamat datang di MPP Uji Coba"
    assert hall.running_text_en == "Welcome to the test hall"


def test_board_logo_and_pictures_are_optional() -> None:
    hall = load_hall(SMALL_HALL)
    assert hall.logo is None and hall.media_dir is None and hall.media_seconds == 8


def test_board_logo_and_picture_folder_are_found_beside_the_hall_file(tmp_path: Path) -> None:
    # Neither exists yet: a hall may add its pictures later, and that is not a mistake.
    text = SMALL_HALL.read_text().replace(
        "[hall]\n",
        '[hall]\nlogo = "gambar/logo.svg"\nmedia_dir = "poster"\nmedia_seconds = 12.5\n',
        1,
    )
    (tmp_path / "halls").mkdir()
    (tmp_path / "halls" / "mpp.toml").write_text(text)

    hall = load_hall(tmp_path / "halls" / "mpp.toml")

    assert hall.logo == tmp_path / "halls" / "gambar" / "logo.svg"
    assert hall.media_dir == tmp_path / "halls" / "poster"
    assert hall.media_seconds == 12.5


def test_absolute_board_paths_are_kept_as_written(tmp_path: Path) -> None:
    raw = mutated(lambda r: r["hall"].update(logo="/srv/antre/logo.PNG", media_dir="/srv/poster"))
    hall = parse_hall(raw, base=tmp_path)
    assert hall.logo == Path("/srv/antre/logo.PNG") and hall.media_dir == Path("/srv/poster")


def test_target_wait_defaults_to_30_minutes_and_may_be_set_per_service() -> None:
    hall = parse_hall(mutated(lambda r: r["services"][0].update(target_wait_minutes=15)))
    assert hall.services[0].target_wait_minutes == 15
    assert all(s.target_wait_minutes == 30 for s in hall.services[1:])
