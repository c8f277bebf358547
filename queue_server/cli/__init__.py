"""The `antre` command. One module per group of commands; importing them registers each
on `main`."""

from queue_server.cli import (
    apps,
    audit,
    backup,
    doctor,
    hall,
    printing,
    serve,
    simulate,
    staff,
)
from queue_server.cli.common import main

__all__ = [
    "apps",
    "audit",
    "backup",
    "doctor",
    "hall",
    "main",
    "printing",
    "serve",
    "simulate",
    "staff",
]
