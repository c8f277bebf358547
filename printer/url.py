"""Printer URLs: how a hall names its printer in one string.

    tcp://HOST[:9100]                      network printer (raw port 9100)
    usb://VID:PID                          USB printer by vendor and product id (hex)
    serial:///dev/ttyUSB0?baudrate=19200   serial printer
    file:///dev/usb/lp0                    a device file (the kernel's usblp / lp driver)
    preview:///path/ticket.png             no printer: write the ticket's preview PNG
    dummy://                               no printer: accept and drop the bytes

Options for any printer, as query parameters:
    status=auto|off|required   ask the printer's status before and after (auto: if it
                               answers; off: never; required: a silent printer is a fault)
    qr=image|native            QR as an image (every printer) or drawn by the printer (GS ( k)
    cut=partial|full|none      how the ticket is cut
Serial printers also take baudrate (19200), rtscts=1 and xonxoff=1 (flow control).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, cast
from urllib.parse import parse_qsl, urlsplit

from printer.errors import PrinterUrlError

Kind = Literal["tcp", "usb", "serial", "file", "preview", "dummy"]
StatusMode = Literal["auto", "off", "required"]
FORMS = (
    "tcp://HOST[:9100], usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, "
    "file:///dev/usb/lp0, preview:///path/ticket.png or dummy://"
)
_CHOICES = {
    "status": ("auto", "off", "required"),
    "qr": ("image", "native"),
    "cut": ("partial", "full", "none"),
}
_SERIAL_OPTIONS = ("baudrate", "rtscts", "xonxoff")


@dataclass(frozen=True)
class PrinterSettings:
    status: StatusMode = "auto"
    qr: Literal["image", "native"] = "image"
    cut: Literal["partial", "full", "none"] = "partial"


@dataclass(frozen=True)
class PrinterAddress:
    url: str
    kind: Kind
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    path: str = ""
    baudrate: int = 19200
    rtscts: bool = False
    xonxoff: bool = False
    settings: PrinterSettings = field(default_factory=PrinterSettings)


def parse_printer_url(url: str) -> PrinterAddress:
    """Read a printer URL; raise PrinterUrlError saying what is wrong and the forms allowed."""
    parts = urlsplit(url.strip())
    kind = parts.scheme.lower()
    if kind not in ("tcp", "usb", "serial", "file", "preview", "dummy"):
        raise PrinterUrlError(f"{url!r} is not a printer URL; use {FORMS}")
    try:
        options = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False))
    except ValueError:
        raise PrinterUrlError(f"{url!r}: cannot read its options") from None
    allowed = set(_CHOICES) | (set(_SERIAL_OPTIONS) if kind == "serial" else set())
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise PrinterUrlError(
            f"{url!r}: unknown option {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    for name, values in _CHOICES.items():
        if name in options and options[name] not in values:
            raise PrinterUrlError(f"{url!r}: {name} must be one of {', '.join(values)}")
    settings = PrinterSettings(
        **{name: options[name] for name in _CHOICES if name in options}  # type: ignore[arg-type]
    )
    base = PrinterAddress(url=url, kind=cast(Kind, kind), settings=settings)
    path = parts.netloc + parts.path  # "preview://./x.png" and "preview:///tmp/x.png" alike

    if kind == "tcp":
        return _tcp(url, parts.netloc, base)
    if kind == "usb":
        return _usb(url, parts.netloc, base)
    if kind == "dummy":
        return base
    if not path:
        raise PrinterUrlError(f"{url!r} names no path; e.g. {kind}:///dev/usb/lp0")
    if kind == "serial":
        return _serial(url, path, options, base)
    return PrinterAddress(url=url, kind=base.kind, path=path, settings=settings)


def _tcp(url: str, netloc: str, base: PrinterAddress) -> PrinterAddress:
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port or 9100
    except ValueError:
        raise PrinterUrlError(f"{url!r}: the port must be a number, e.g. tcp://HOST:9100") from None
    if not parts.hostname:
        raise PrinterUrlError(f"{url!r} names no host; e.g. tcp://192.168.1.50:9100")
    return PrinterAddress(
        url=url, kind="tcp", host=parts.hostname, port=port, settings=base.settings
    )


def _usb(url: str, netloc: str, base: PrinterAddress) -> PrinterAddress:
    try:
        vendor, product = (int(part, 16) for part in netloc.split(":"))
        if not (0 <= vendor <= 0xFFFF and 0 <= product <= 0xFFFF):
            raise ValueError
    except ValueError:
        raise PrinterUrlError(
            f"{url!r}: write the vendor and product id in hex, e.g. usb://04b8:0e15 (see `lsusb`)"
        ) from None
    return PrinterAddress(
        url=url, kind="usb", vendor_id=vendor, product_id=product, settings=base.settings
    )


def _serial(url: str, path: str, options: dict[str, str], base: PrinterAddress) -> PrinterAddress:
    try:
        baudrate = int(options.get("baudrate", "19200"))
        if baudrate <= 0:
            raise ValueError
    except ValueError:
        raise PrinterUrlError(f"{url!r}: baudrate must be a number, e.g. 19200") from None
    flags = {}
    for name in ("rtscts", "xonxoff"):
        value = options.get(name, "0")
        if value not in ("0", "1"):
            raise PrinterUrlError(f"{url!r}: {name} must be 0 or 1")
        flags[name] = value == "1"
    return PrinterAddress(
        url=url,
        kind="serial",
        path=path,
        baudrate=baudrate,
        rtscts=flags["rtscts"],
        xonxoff=flags["xonxoff"],
        settings=base.settings,
    )
