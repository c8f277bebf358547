"""`antre print-test`: a sample ticket on the hall's printer."""

from __future__ import annotations

import click

from queue_server.cli.common import Fail, main


@main.command("print-test")
@click.option(
    "--printer",
    "printer_url",
    metavar="URL",
    default="preview://./antre-print-test.png",
    show_default=True,
    help="tcp://HOST[:9100], usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, "
    "file:///dev/usb/lp0, preview:///path/ticket.png or dummy://.",
)
@click.option(
    "--width",
    type=click.Choice(["58", "80"]),
    default="58",
    show_default=True,
    help="Paper width in millimetres.",
)
def print_test(printer_url: str, width: str) -> None:
    """Print a sample ticket (or write its preview) and report the printer's status."""
    import logging

    from printer import Paper, PrinterUrlError, parse_printer_url, print_ticket
    from printer.sample import sample_layout

    try:
        kind = parse_printer_url(printer_url).kind
    except PrinterUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--printer") from None
    # The outcome is reported below; the printer's own log line would repeat it.
    printer_log = logging.getLogger("printer")
    level = printer_log.level
    printer_log.setLevel(logging.ERROR)
    try:
        result = print_ticket(sample_layout(Paper.from_mm(int(width))), printer_url)
    finally:
        printer_log.setLevel(level)
    click.echo(f"printer: {printer_url} ({width} mm paper)")
    if kind in ("preview", "dummy"):
        status = "no printer to ask"
    elif result.status is not None:
        status = result.status.describe()
    else:
        status = "not reported by the printer" if result.ok else "unknown"
    click.echo(f"status:  {status}")
    if not result.ok:
        raise Fail(f"not printed ({result.outcome}): {result.detail}")
    click.echo(f"result:  ok in {result.seconds:.1f} s: {result.detail}")
    if result.paper_near_end:
        click.echo("warning: the paper roll is nearly used up; have a new one ready")
