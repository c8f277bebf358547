"""The hall file's `pickup = true`: the agency's pickup (pengambilan berkas) line."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest
from support import ROOT, SAMPLE_HALL

from queue_core.errors import ConfigError
from queue_core.hall import load_hall, parse_hall

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"


def raw_pickup() -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads(PICKUP_HALL.read_text(encoding="utf-8")))


def test_each_agency_has_at_most_one_pickup_line_found_by_agency() -> None:
    hall = load_hall(PICKUP_HALL)
    line = hall.pickup_service("dukcapil")
    assert line is not None and line.id == "ambil-berkas"
    assert hall.pickup_service("samsat") is None
    assert not hall.service("kk").pickup  # the default


def test_the_sample_hall_collects_every_dossier_agency_on_a_pickup_line() -> None:
    hall = load_hall(SAMPLE_HALL)
    dossier_agencies = {s.agency_id for s in hall.services if s.dossier_days}
    assert dossier_agencies
    for agency in dossier_agencies:
        line = hall.pickup_service(agency)
        assert line is not None, agency
        assert hall.counters_serving(line.id), line.id


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["services"][2].update(pickup=True),
            r"service #4 \(ambil-berkas\): agency 'dukcapil' already has a pickup service "
            r"\('akta'\)\. Fix: keep pickup = true on one service of each agency",
        ),
        (
            lambda r: r["services"][3].update(pickup="yes"),
            r"'pickup' must be a bool",
        ),
        (
            lambda r: r["services"][3].update(dossier_days=3),
            r"service #4 \(ambil-berkas\): a pickup service cannot also have dossier_days or "
            r"booking\. Fix: remove them",
        ),
    ],
    ids=["two-lines", "not-bool", "with-dossier-days"],
)
def test_a_wrong_pickup_key_names_the_entry_and_the_fix(change, expected: str) -> None:
    raw = raw_pickup()
    change(raw)
    with pytest.raises(ConfigError, match=expected):
        parse_hall(raw, source="halls/mpp.toml")
