"""A hall day in fast motion, through the real domain and the real store.

`antre simulate` plays one day of an MPP hall: visitors arrive with the shape real halls
see (a morning rush from opening to about 10:30, a lunch dip, a small afternoon bump),
take tickets at the kiosk, are called, served, sent on to another service, or do not
show up. Every one of those steps is a real action run by the real `Writer` on a real
SQLite file, stamped by a virtual clock, so the figures (waits, and how wrong the ETA
printed on the ticket was) are what the server would produce on such a day.

- `traffic`: the numbers a day is drawn from (arrivals per half hour, demand per agency
  and service, priority mix, no-show and transfer rates).
- `model`: the plan of a day, drawn up front from the seed (visitors, counters, breaks).
- `engine`: the discrete-event day (`HallDay`), acting through a `Driver`.
- `runner`: `run_simulation`, the day on the writer and store (`StoreDriver`).
- `report`: `SimulationResult`, the figures, and how they are printed.

`antre demo` plays the same engine against a running server, through the REST API.
"""

from queue_server.simulation.engine import Called, Desk, Driver, HallDay, Ticketed
from queue_server.simulation.model import Plan, Visitor, plan_day
from queue_server.simulation.report import REFUSALS, SimulationResult, figures, print_figures
from queue_server.simulation.runner import run_simulation

__all__ = [
    "REFUSALS",
    "Called",
    "Desk",
    "Driver",
    "HallDay",
    "Plan",
    "SimulationResult",
    "Ticketed",
    "Visitor",
    "figures",
    "plan_day",
    "print_figures",
    "run_simulation",
]
