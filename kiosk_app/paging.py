"""Pages of tiles: how many agency or service tiles one screen holds, and which page of
them a citizen is on.

A real MPP can have 30+ agencies and an agency 15+ services: squeezed onto one screen
their tiles fall under the minimum sizes. Up to `Capacity.whole` tiles stay on one screen
exactly as before; beyond that they go in pages of `Capacity.paged`, fewer because the
page buttons take a row. Big buttons rather than swiping or dots: many citizens are
elderly and have never used a touchscreen.

Plain Python, so paging is tested without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Capacity:
    whole: int
    """At most this many tiles go on one screen, without page buttons."""
    paged: int
    """Tiles per page when there are more."""


# Measured on the real screens (tests/kiosk_app/test_layout.py walks them with a 32-agency
# hall): portrait agency tiles carry the official name under the short one, two columns;
# landscape has four columns of short names only. Service tiles hold a name of up to four
# lines and three facts: landscape has room for two rows of three (the 1080 px height),
# portrait for four rows of two in the smaller title type. The sample hall's 14 agencies
# and its largest agency's 6 services stay on one screen.
AGENCIES = {True: Capacity(whole=14, paged=12), False: Capacity(whole=16, paged=12)}
"""Keyed by portrait."""
SERVICES = {True: Capacity(whole=8, paged=6), False: Capacity(whole=6, paged=6)}


@dataclass(frozen=True)
class Page(Generic[T_co]):
    items: tuple[T_co, ...]
    number: int
    """1-based, as the screen says it: "Halaman 1 dari 3"."""
    count: int
    size: int
    """Tiles a page holds. Every page of a paged list is laid out for this many, so the
    tiles keep their size and place from page to page (the last page has gaps); a single
    page is laid out for what it shows, as before paging existed."""

    @property
    def paged(self) -> bool:
        return self.count > 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


class Pager:
    """The page one tile screen is on. The tiles in the hall file's order, never sorted:
    the first page shows the first agencies, as the hall's own signs list them."""

    def __init__(self, capacities: dict[bool, Capacity]) -> None:
        self._capacities = capacities
        self.index = 0
        """0-based; may point past the end after the list shrank or the screen turned,
        and is then read as the last page."""

    def page(self, items: Sequence[T], portrait: bool) -> Page[T]:
        capacity = self._capacities[portrait]
        if len(items) <= capacity.whole:
            return Page(tuple(items), 1, 1, len(items))
        size = capacity.paged
        count = -(-len(items) // size)
        index = min(self.index, count - 1)
        return Page(tuple(items[index * size : (index + 1) * size]), index + 1, count, size)

    def turn(self, step: int, items: Sequence[T], portrait: bool) -> None:
        """Next (+1) or previous (-1) page, staying within the pages there are."""
        shown = self.page(items, portrait)
        self.index = max(0, min(shown.count - 1, shown.number - 1 + step))

    def reset(self) -> None:
        self.index = 0
