"""USB printers addressed by vendor and product id, through pyusb (the `usb` extra) and
libusb. An alternative needing no extra is the kernel's usblp driver: file:///dev/usb/lp0."""

from __future__ import annotations

import contextlib
import errno
from typing import Any

from printer.deadline import Deadline
from printer.errors import MissingDependency, PrinterUnreachable


class UsbConnection:
    """A USB printer addressed by vendor and product id, through pyusb and libusb."""

    def __init__(self, device: Any, out: Any, into: Any, detached: bool, name: str) -> None:
        self.device, self.out, self.into = device, out, into
        self.detached, self.name, self.sent = detached, name, 0
        self.answers_status = into is not None

    @classmethod
    def open(cls, vendor: int, product: int) -> UsbConnection:
        try:
            import usb.core
            import usb.util
        except ImportError:
            raise MissingDependency("pyusb", "install it with: pip install 'antre[usb]'") from None
        name = f"USB {vendor:04x}:{product:04x}"
        try:
            device = usb.core.find(idVendor=vendor, idProduct=product)
        except usb.core.NoBackendError:
            raise MissingDependency(
                "libusb", "install it with: apt-get install libusb-1.0-0"
            ) from None
        if device is None:
            raise PrinterUnreachable(f"no {name} device; check the cable, the power and `lsusb`")
        detached = False
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)  # usblp holds it; we speak to it directly
                detached = True
            with contextlib.suppress(usb.core.USBError):  # printers usually come configured
                device.set_configuration()
            interface = device.get_active_configuration()[(0, 0)]

            def endpoint(direction: int) -> Any:
                return usb.util.find_descriptor(
                    interface,
                    custom_match=lambda e: (
                        usb.util.endpoint_direction(e.bEndpointAddress) == direction
                    ),
                )

            out, into = endpoint(usb.util.ENDPOINT_OUT), endpoint(usb.util.ENDPOINT_IN)
        except usb.core.USBError as exc:
            if exc.errno == errno.EACCES:
                raise PrinterUnreachable(
                    f"no permission to use {name}; add a udev rule (docs/printing.md)"
                ) from None
            raise PrinterUnreachable(f"{name}: {exc}") from None
        if out is None:
            raise PrinterUnreachable(f"{name} has no output endpoint: is it a printer?")
        return cls(device, out, into, detached, name)

    def write(self, data: bytes, deadline: Deadline) -> None:
        import usb.core

        done = 0
        try:
            while done < len(data):
                chunk = data[done : done + 4096]
                step = self.out.write(chunk, timeout=_ms(deadline.timeout()))
                done += step
                self.sent += step
        except usb.core.USBError as exc:
            if _is_usb_timeout(exc):
                raise TimeoutError(
                    f"{self.name} took {done} of {len(data)} bytes, then stopped"
                ) from None
            raise PrinterUnreachable(f"{self.name}: {exc}") from None

    def read(self, timeout: float) -> bytes:
        if self.into is None:
            return b""
        try:
            return bytes(self.into.read(self.into.wMaxPacketSize, timeout=_ms(timeout)))
        except Exception:  # a timeout or a vanished device: no answer either way
            return b""

    def discard_input(self) -> None:
        while self.read(0.01):
            pass

    def abort(self) -> None:
        pass  # USB transfers that timed out are already cancelled by libusb

    def close(self) -> None:
        import usb.util

        usb.util.dispose_resources(self.device)
        if self.detached:
            # The device may be gone; the next job finds it afresh.
            with contextlib.suppress(Exception):
                self.device.attach_kernel_driver(0)


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def _is_usb_timeout(exc: Exception) -> bool:
    return exc.__class__.__name__ == "USBTimeoutError" or getattr(exc, "errno", None) in (
        errno.ETIMEDOUT,
        110,
    )
