"""What a hall day looks like: the numbers the simulation draws a day from.

Plain data, to read and tune. Keys are matched in the order written (first match wins),
so a longer or more specific keyword comes before a shorter one it contains."""

from __future__ import annotations

from datetime import time

from queue_core.ticket import Priority

ARRIVALS = {
    "07:30": 2.0,
    "08:00": 9.0,
    "08:30": 12.0,
    "09:00": 13.0,
    "09:30": 12.0,
    "10:00": 10.0,
    "10:30": 7.0,
    "11:00": 6.0,
    "11:30": 4.5,
    "12:00": 3.0,
    "12:30": 3.0,
    "13:00": 5.0,
    "13:30": 5.5,
    "14:00": 3.5,
    "14:30": 2.0,
    "15:00": 1.0,
    "15:30": 0.5,
    "16:00": 0.3,
    "16:30": 0.2,
}
"""Relative arrivals per half hour, by the half hour's local start: people queue before
the doors open and the first two and a half hours carry about half the day; lunch (and
Friday prayers) empties the hall, and a smaller wave comes back after 13:00."""

STAFF_DAY = (time(7, 30), time(17, 0))
"""Counters work within the hall's hours but not through the night in a 24-hour hall."""

AGENCY_DEMAND = {
    "dukcapil": 30.0,
    "kependudukan": 30.0,
    "samsat": 20.0,
    "polres": 8.0,
    "kepolisian": 8.0,
    "bpjs-kesehatan": 8.0,
    "bpjs kesehatan": 8.0,
    "bank": 6.0,
    "imigrasi": 5.0,
    "dpmptsp": 5.0,
    "perizinan": 5.0,
    "kpp": 4.0,
    "pajak": 4.0,
    "bpjs": 4.0,
    "pdam": 2.5,
    "air minum": 2.5,
    "bpn": 2.5,
    "pertanahan": 2.5,
    "disnaker": 2.0,
    "tenaga kerja": 2.0,
    "pln": 2.0,
    "kemenag": 1.5,
    "agama": 1.5,
}
"""Share of visitors per agency, by a keyword found in its id, short name or name.
Population documents (Dukcapil) and vehicle tax (Samsat) carry most MPP traffic."""

AGENCY_DEMAND_PER_COUNTER = 2.0
"""The share of an agency no keyword matches, per counter the hall gave it."""

SERVICE_DEMAND = {
    "kematian": 1.5,
    "ktp": 10.0,
    "kk": 7.0,
    "keluarga": 7.0,
    "kelahiran": 5.0,
    "akta": 5.0,
    "pindah": 3.0,
    "ikd": 3.0,
    "pkb": 8.0,
    "stnk": 2.0,
    "skck": 7.0,
    "kehilangan": 2.0,
    "kepesertaan": 6.0,
    "informasi": 3.0,
    "jht": 3.0,
    "bpu": 1.5,
    "nib": 3.0,
    "pbg": 1.0,
    "pembayaran": 4.0,
    "rekening": 1.0,
}
"""Relative demand of a service inside its agency, by a word of its id (`akta-kematian`
is a death certificate before it is a certificate)."""

SERVICE_DEMAND_OTHER = 2.0
"""The weight of a service no word matches."""

PRIORITY_MIX = {
    Priority.ELDERLY: 0.06,
    Priority.DISABILITY: 0.02,
    Priority.PREGNANT: 0.02,
    Priority.CHILD: 0.02,
}
"""Share of visitors per priority group; the rest are regular."""

NO_SHOW_RATE = 0.04
"""Not there when first called (called three times, then marked no-show)."""
COME_BACK_RATE = 0.35
"""Of the no-shows, those who come back to the desk 10 to 60 minutes later."""
TRANSFER_RATE = 0.03
"""Sent on to another service of the same agency."""
SERVICE_CV = 0.5
"""Spread of service times (log-normal around the hall's minutes per service)."""
RECALL_SECONDS = 60.0
"""A no-show is called three times a minute apart before the operator gives up."""
BREAK_SECONDS = 30 * 60.0
"""A counter's break around noon."""
