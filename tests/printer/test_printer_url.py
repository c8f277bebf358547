"""Printer URLs: the forms of the contract, and clear words for mistakes."""

from __future__ import annotations

import re

import pytest

from printer import PrinterUrlError, parse_printer_url


def test_network_printer_defaults_to_port_9100() -> None:
    address = parse_printer_url("tcp://192.168.1.50")
    assert (address.kind, address.host, address.port) == ("tcp", "192.168.1.50", 9100)
    assert parse_printer_url("tcp://printer-lobby.local:9101").port == 9101
    assert parse_printer_url("tcp://[fe80::1]:9100").host == "fe80::1"


def test_usb_printer_by_hex_vendor_and_product() -> None:
    address = parse_printer_url("usb://04b8:0e15")
    assert (address.vendor_id, address.product_id) == (0x04B8, 0x0E15)


def test_serial_printer_with_its_speed_and_flow_control() -> None:
    address = parse_printer_url("serial:///dev/ttyUSB0?baudrate=9600&rtscts=1")
    assert (address.path, address.baudrate, address.rtscts) == ("/dev/ttyUSB0", 9600, True)
    assert parse_printer_url("serial:///dev/ttyS0").baudrate == 19200


def test_file_and_preview_paths_absolute_or_relative() -> None:
    assert parse_printer_url("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_url("preview:///tmp/ticket.png").path == "/tmp/ticket.png"
    assert parse_printer_url("preview://./antre-print-test.png").path == "./antre-print-test.png"
    assert parse_printer_url("dummy://").kind == "dummy"


def test_options_for_any_printer() -> None:
    settings = parse_printer_url("tcp://10.0.0.9?status=required&qr=native&cut=full").settings
    assert (settings.status, settings.qr, settings.cut) == ("required", "native", "full")
    assert parse_printer_url("tcp://10.0.0.9").settings.status == "auto"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://192.168.1.50", "not a printer URL; use tcp://HOST[:9100]"),
        ("192.168.1.50", "not a printer URL"),
        ("tcp://", "names no host"),
        ("tcp://printer:abc", "port must be a number"),
        ("usb://epson", "vendor and product id in hex"),
        ("usb://04b8:zz", "vendor and product id in hex"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be a number"),
        ("serial:///dev/ttyUSB0?rtscts=yes", "rtscts must be 0 or 1"),
        ("file://", "names no path"),
        ("tcp://10.0.0.9?status=maybe", "status must be one of auto, off, required"),
        ("tcp://10.0.0.9?baudrate=9600", "unknown option baudrate"),
    ],
)
def test_mistakes_say_what_is_wrong(url: str, words: str) -> None:
    with pytest.raises(PrinterUrlError, match=re.escape(words)):
        parse_printer_url(url)
