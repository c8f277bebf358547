"""`antre print-test`: what a hall technician runs first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from support import antre

from printer.sample import SAMPLE_URL
from queue_server.cli import main


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["print-test", *args])


def test_by_default_it_writes_the_preview_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qr_text: Callable[[Image.Image], list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "antre-print-test.png") as image:
        assert image.width == 384 and qr_text(image) == [SAMPLE_URL]
    assert "preview written to" in result.stdout


def test_width_80_makes_an_80_mm_ticket(tmp_path: Path) -> None:
    target = tmp_path / "t.png"
    assert run("--width", "80", "--printer", f"preview://{target}").exit_code == 0
    with Image.open(target) as image:
        assert image.width == 576


def test_a_ready_printer_prints_a_test_ticket_and_shows_its_status(
    fake_printer: Callable[..., Any], decode: Callable[[bytes], Any]
) -> None:
    printer = fake_printer("near_end")
    result = run("--printer", printer.url)
    assert result.exit_code == 0, result.output
    assert "status:  online, paper near end, cover closed" in result.stdout
    assert "warning: the paper roll is nearly used up" in result.stdout
    lines = decode(printer.data()).texts()
    # marked, top and bottom, so nobody queues with it
    assert [line.strip() for line in lines].count("TIKET UJI - TIDAK BERLAKU") == 2


def test_a_printer_out_of_paper_fails_with_one_line(fake_printer: Callable[..., Any]) -> None:
    result = run("--printer", fake_printer("paper_out").url)
    assert result.exit_code == 1
    assert "status:  offline, paper out, cover closed" in result.stdout
    assert result.stderr == (
        "antre: not printed (paper_out): the printer reports paper out; the ticket was not sent\n"
    )


def test_a_bad_printer_url_is_a_usage_error() -> None:
    result = run("--printer", "http://printer")
    assert result.exit_code == 2 and "--printer" in result.stderr


def test_the_installed_command_reports_a_refused_printer_on_one_line(closed_port: str) -> None:
    result = antre("print-test", "--printer", closed_port)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"antre: not printed (unreachable): {closed_port[6:]} refused the connection "
        "(wrong port, or printer off?)"
    ]
