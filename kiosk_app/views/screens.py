"""One function per screen: KioskFlow's state in, a fresh widget out.

Redrawing a whole screen on each change keeps views free of state (the model holds it
all) at a cost a kiosk never notices: a few dozen widgets, a few times a second at most.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.paging import Page
from kiosk_app.qr import qr_image
from kiosk_app.views.icons import priority_icon
from kiosk_app.views.parts import TapArea, Tile, button, label, spacer
from kiosk_app.views.setup_screen import setup
from kiosk_app.words import PRIORITY_WORDS, pick
from queue_core.ticket import Priority

Build = Callable[[KioskFlow, bool], QWidget]


def _page(
    *rows: QWidget | None, spacing: int = 24, page: QWidget | None = None
) -> tuple[QWidget, QVBoxLayout]:
    page = page or QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(48, 32, 48, 40)
    box.setSpacing(spacing)
    for row in rows:
        if row is not None:
            box.addWidget(row)
    return page, box


def attract(m: KioskFlow, portrait: bool) -> QWidget:
    hall = m.hall.name if m.hall else ""
    short = m.short_screen and not portrait
    # "Sentuh layar untuk mulai" means the screen: a tap anywhere on the page starts.
    page, box = _page(
        spacer(), label(hall, "title" if short else "hero", center=True), page=TapArea(m.begin)
    )
    if short:  # a 1366×768 kiosk: every line must show, none drawn over another
        box.setContentsMargins(48, 16, 48, 16)
        box.setSpacing(12)
    if m.running_text():
        box.addWidget(label(m.running_text(), "body" if short else "lead", center=True))
    if m.settled_numbers:
        numbers = ", ".join(m.settled_numbers)
        box.addWidget(label(m.say("settled_notice", numbers=numbers), "warn", center=True))
    box.addWidget(spacer())
    tall = 260 if portrait else (130 if short else 200)
    start = button(m.say("take_number"), m.begin, "primary", height=tall)
    booking = button(m.say("have_booking"), m.have_booking, height=120 if portrait else tall)
    # A ticket's QR scanned at any time collects a ready dossier (kiosk_app/pickup.py):
    # said under the buttons, only in a hall with a pickup line.
    invite = label(m.say("pickup_invite"), "body", center=True) if m.offers_pickup() else None
    if portrait:
        box.addWidget(start)
        box.addWidget(label(m.say("touch_to_start"), "lead", center=True))
        box.addWidget(booking)
    else:
        # Side by side on a landscape screen: stacked, the two buttons and the hall's
        # running text no longer fit a 1366×768 kiosk.
        row = QHBoxLayout()
        row.setSpacing(32)
        row.addWidget(start, 2)
        row.addWidget(booking, 1)
        box.addLayout(row)
        box.addWidget(label(m.say("touch_to_start"), "body" if short else "lead", center=True))
    if invite is not None:
        box.addWidget(invite)
    box.addWidget(spacer())
    return page


def agency(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(label(m.say("choose_agency"), "title"))
    shown = m.agency_page()
    # A big hall has a dozen agencies with long official names. The title is the name
    # on the hall's signs ("Samsat"); the official name, under it, only where there is
    # room: the sample hall's 14 did not fit one landscape screen otherwise (and
    # scrolling is one thing too many for someone who has never used a kiosk). A bigger
    # hall's go in pages (kiosk_app/paging.py), each laid out as a full one.
    many = shown.size > 6
    columns = (2 if shown.size > 5 else 1) if portrait else (4 if shown.size > 9 else 3)
    grid = QGridLayout()
    grid.setSpacing(16)
    for i, a in enumerate(shown.items):
        full = a.name if a.name != a.short and (portrait or not many) else ""
        tile = Tile(
            a.short,
            [a.status(m.lang)],
            partial(m.choose_agency, a.id),
            True,
            height=110,
            note=full,
        )
        grid.addWidget(tile, i // columns, i % columns)
    for column in range(columns):
        grid.setColumnStretch(column, 1)
    box.addLayout(grid)
    box.addWidget(spacer())
    _add_page_turns(box, m, shown, portrait)
    box.addWidget(button(m.say("back"), m.back))
    return page


def service(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(label(m.say("choose_service"), "title"))
    shown = m.service_page()
    if not shown.items:
        box.addWidget(label(m.say("loading"), "lead"))
    n = shown.size  # a page is laid out for a full one: tiles keep their size across pages
    # Dense: a smaller title, for many services on one portrait screen, or for two rows of
    # long names above the page buttons in landscape.
    dense = n > 6 or (shown.paged and not portrait)
    # Few (an agency with two services): full-width rows in portrait, their own height,
    # the text centred in them — stretched to the whole page they were two huge boxes
    # with their text in a corner.
    few = not shown.paged and n <= 3
    grid = QGridLayout()
    grid.setSpacing(16 if dense else 24)
    columns = (1 if portrait else n) if few else (2 if portrait or n <= 4 else 3)
    for i, tile in enumerate(shown.items):
        agency = tile.agency.short if tile.agency else ""
        widget = Tile(
            tile.label(m.lang),
            [agency, *tile.status_lines(m.lang)],
            partial(m.choose_service, tile.service.id),
            tile.enabled,
            height=150 if dense else (300 if few else 190),
            dense=dense,
            centered=few,
        )
        grid.addWidget(widget, i // columns, i % columns)
    for i in range(len(shown.items), n):
        # The last page's gaps hold their place: its few tiles would otherwise stretch
        # to twice the height of the same tiles on the page before.
        grid.addWidget(QWidget(), i // columns, i % columns)
    for column in range(columns):
        grid.setColumnStretch(column, 1)
    # The grid, not a spacer, takes the height left: a tile's size hint ignores how tall
    # its wrapped name is, and four-line names were cut off at a fixed height.
    box.addLayout(grid, 0 if few else 1)
    if few:
        box.addStretch(1)
    _add_page_turns(box, m, shown, portrait)
    box.addWidget(button(m.say("back"), m.back))
    return page


def _add_page_turns(box: QVBoxLayout, m: KioskFlow, shown: Page[object], portrait: bool) -> None:
    """The page buttons and number ("Halaman 2 dari 3") right above "Kembali", on
    every page of a paged screen: big buttons in one place rather than swiping or dots,
    which many elderly citizens would never find. The button that leads nowhere stays
    in its place, greyed, so the other one does not jump about."""
    if not shown.paged:
        return
    where = label(m.say("page_of", n=shown.number, count=shown.count), "pageNumber", wrap=False)
    where.setAlignment(Qt.AlignmentFlag.AlignCenter)
    previous = button(
        m.say("previous_page"), lambda: m.turn_page(-1), "pageTurn", enabled=shown.has_previous
    )
    following = button(
        m.say("next_page"), lambda: m.turn_page(1), "pageTurn", enabled=shown.has_next
    )
    row = QHBoxLayout()
    row.setSpacing(16)
    row.addWidget(previous, 1)
    if portrait:
        # Three in a row need ~1080 px in Indonesian: the page number goes above.
        box.addWidget(where)
    else:
        row.addWidget(where, 1)
    row.addWidget(following, 1)
    box.addLayout(row)


def info(m: KioskFlow, portrait: bool) -> QWidget:
    s = m.service
    assert s is not None
    page, box = _page(label(s.name_en if m.lang == "en" else s.name, "title"))
    box.setSpacing(16)
    facts = QVBoxLayout()
    facts.setSpacing(12)
    facts.addWidget(label(m.say("requirements"), "heading"))
    for requirement in s.requirements:
        facts.addWidget(label("•  " + requirement, "body"))
    facts.addStretch(1)
    actions = QVBoxLayout()
    actions.setSpacing(16)
    actions.addWidget(label(m.say("hours"), "heading"))
    hours = f"{s.hours[0]}–{s.hours[1]}" if s.hours else m.say("hours_all_day")
    actions.addWidget(label(hours, "body"))
    waiting = m.say("waiting", n=s.waiting)
    if s.eta_wide:
        waiting += " · " + m.say("eta_range", lo=s.eta_low, hi=s.eta_high)
    elif s.eta_minutes is not None:
        waiting += " · " + m.say("eta", m=s.eta_minutes)
    actions.addWidget(label(waiting, "body"))
    if s.nik_required:
        actions.addWidget(label(m.say("nik_needed"), "warn"))
    actions.addWidget(spacer())
    main = m.say("enter_nik") if s.nik_required else m.say("take_number")
    actions.addWidget(button(main, m.take_number, "primary", height=150))
    if not s.nik_required:
        # One above the other in portrait: side by side, "I am a priority visitor"
        # filled its half of the screen to the border.
        row = QHBoxLayout() if not portrait else QVBoxLayout()
        row.setSpacing(16)
        row.addWidget(button(m.say("use_nik"), m.use_nik))
        row.addWidget(button(m.say("i_am_priority"), m.ask_priority))
        actions.addLayout(row)
    actions.addWidget(button(m.say("back"), m.back))
    if portrait:
        box.addLayout(facts, 1)
        box.addLayout(actions)
    else:
        # Side by side: a real service lists five or six long requirements, which
        # above the buttons ran past 1080 px.
        columns = QHBoxLayout()
        columns.setSpacing(48)
        columns.addLayout(facts, 1)
        columns.addLayout(actions, 1)
        box.addLayout(columns, 1)
    return page


def nik(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(label(m.say("enter_nik"), "title"), label(m.say("nik_hint"), "lead"))
    box.setSpacing(16)
    shown = label(m.keypad.display(), "nikDigits", wrap=False, center=True)
    problem = m.nik_problem()
    if problem is not None:
        # The apology and the next step large; which digits, smaller, for whoever helps.
        status = QWidget()
        lines = QVBoxLayout(status)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.addWidget(label(problem.message_en if m.lang == "en" else problem.message, "error"))
        lines.addWidget(label(problem.detail_en if m.lang == "en" else problem.detail, "detail"))
    elif m.keypad.complete:
        status = label("✔ " + m.say("nik_ok"), "ok")
    else:
        status = label(m.say("digits_typed", n=m.keypad.count), "body")
    keys = QGridLayout()
    keys.setSpacing(16)
    for i, digit in enumerate("123456789"):
        keys.addWidget(_key(digit, partial(m.press_digit, digit)), i // 3, i % 3)
    # Word keys in a smaller type, and equal columns: "⌫ Delete" in the digits' size
    # widened its column and touched the key's border.
    keys.addWidget(button(m.say("clear"), m.clear_digits, "keyWord", height=120), 3, 0)
    keys.addWidget(_key("0", lambda: m.press_digit("0")), 3, 1)
    keys.addWidget(button("⌫ " + m.say("erase"), m.erase, "keyWord", height=120), 3, 2)
    for column in range(3):
        keys.setColumnStretch(column, 1)
    go = button(m.say("next"), m.confirm_nik, "primary", enabled=m.can_confirm_nik(), height=130)
    back = button(m.say("back"), m.back)
    if portrait:
        box.addWidget(shown)
        box.addWidget(status)
        box.addLayout(keys, 1)
        box.addWidget(go)
        box.addWidget(back)
    else:
        row = QHBoxLayout()
        row.setSpacing(48)
        left = QVBoxLayout()
        for w in (shown, status, spacer(), go, back):
            left.addWidget(w)
        row.addLayout(left, 1)
        row.addLayout(keys, 1)
        box.addLayout(row, 1)
    return page


def _key(digit: str, action: Callable[[], None]) -> QWidget:
    return button(digit, action, "key", height=120)


def priority(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(label(m.say("priority_question"), "title"))
    box.setSpacing(16)
    if m.nik_masked:
        box.addWidget(label(m.say("nik_masked", nik=m.nik_masked), "body"))
    if m.elderly_suggested:
        box.addWidget(label(m.say("elderly_suggested", age=m.nik_age), "note"))
    grid = QGridLayout()
    grid.setSpacing(16)
    options = [
        Priority.REGULAR,
        Priority.ELDERLY,
        Priority.DISABILITY,
        Priority.PREGNANT,
        Priority.CHILD,
    ]
    columns = 1 if portrait else 2
    height = 130 if portrait else 110
    for i, choice in enumerate(options):
        chosen = m.priority is choice
        text = ("✔  " if chosen else "") + pick(PRIORITY_WORDS[choice], m.lang)
        widget = button(
            text,
            partial(m.choose_priority, choice),
            "chosen" if chosen else "choice",
            icon=priority_icon(choice, color="#ffffff" if chosen else "#0b3d91"),
            height=height,
        )
        grid.addWidget(widget, i // columns, i % columns)
    box.addLayout(grid)
    box.addWidget(label(m.say("priority_note"), "small"))
    box.addWidget(spacer())
    row = QHBoxLayout() if not portrait else QVBoxLayout()
    row.setSpacing(16)
    row.addWidget(button(m.say("take_number"), m.confirm, "primary", height=height + 20))
    row.addWidget(button(m.say("back"), m.back))
    box.addLayout(row)
    return page


def issuing(m: KioskFlow, portrait: bool) -> QWidget:
    page, _box = _page(spacer(), label(m.say("issuing"), "hero", center=True), spacer())
    return page


def trouble(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(spacer(), label("⚠ " + m.say("trouble_title"), "troubleTitle", center=True))
    box.addWidget(label(m.say("trouble_body"), "lead", center=True))
    box.addWidget(label(m.say("trouble_tries", n=m.trouble_attempts), "body", center=True))
    box.addWidget(spacer())
    if m.outcome_unknown:
        # A number may already exist: say so, and say what leaving does, rather than
        # offer a plain "Cancel" that looks as if it undid something.
        box.addWidget(label(m.say("trouble_kept"), "note"))
        box.addWidget(label(m.say("trouble_leave_note"), "body", center=True))
        box.addWidget(button(m.say("trouble_leave"), m.cancel_trouble))
    else:
        box.addWidget(button(m.say("trouble_cancel"), m.cancel_trouble))
    return page


def result(m: KioskFlow, portrait: bool) -> QWidget:
    t = m.ticket
    assert t is not None
    page, box = _page()
    box.setSpacing(12)
    words = QVBoxLayout()
    if t.dossier_reference:  # a pickup: what it collects comes first
        words.addWidget(label(m.say("pickup_ready", ref=t.dossier_reference), "ok", center=True))
    words.addWidget(label(m.say("your_number"), "lead", center=True))
    short = m.short_screen and not portrait
    number = label(t.number, "bigNumber", wrap=False, center=True)
    if short:
        # A 1366×768 kiosk: the number a little smaller, still the largest thing on the
        # screen, so every line and the button fit.
        number.setStyleSheet("font-size: 180px;")
    words.addWidget(number)
    if m.service is not None:
        name = m.service.name_en if m.lang == "en" else m.service.name
        words.addWidget(label(name, "heading", center=True))
    facts = []
    if t.position is not None:
        facts.append(m.say("ahead", n=t.position) if t.position else m.say("ahead_none"))
    if t.eta_wide:
        facts.append(m.say("eta_range_long", lo=t.eta_low, hi=t.eta_high))
    elif t.eta_minutes is not None:
        facts.append(m.say("eta_long", m=t.eta_minutes))
    if t.dossier_reference and portrait:
        facts.append(m.say("pickup_wait"))
    elif t.dossier_reference:
        words.addWidget(label(m.say("pickup_wait"), "body" if short else "lead", center=True))
    code = QLabel()
    code.setAlignment(Qt.AlignmentFlag.AlignCenter)
    picture = QPixmap.fromImage(qr_image(t.tracking_url, 260 if short else 380))
    code.setPixmap(picture)
    code.setMinimumSize(picture.size())  # squeezed, a QR is cut and no phone reads it
    scan = QVBoxLayout()
    scan.addWidget(code)
    scan.addWidget(label(m.say("scan_qr"), "body", center=True))
    if portrait:
        for fact in facts:
            words.addWidget(label(fact, "lead", center=True))
        box.addLayout(words)
        box.addLayout(scan)
        box.addSpacing(24)  # the print status ran into the ETA line
    else:
        # Side by side: the number large on the left; the QR and the facts under it on
        # the right, so all of it fits a 1366×768 kiosk as well as a 1920×1080 one.
        if short:
            box.setContentsMargins(48, 16, 48, 16)
        for fact in facts:
            scan.addWidget(label(fact, "body" if short else "lead", center=True))
        for column in (words, scan):  # centred in the height left over
            column.insertStretch(0, 1)
            column.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(words, 1)
        row.addLayout(scan, 1)
        box.addLayout(row, 1)
    box.addWidget(_print_status(m))
    if portrait:
        box.addWidget(spacer())
    box.addWidget(button(m.say("done"), m.go_home, "primary", height=130 if portrait else 110))
    return page


def _print_status(m: KioskFlow) -> QWidget:
    outcome = m.print_result
    if m.printer is None:
        return label(m.say("no_printer"), "warn", center=True)
    if outcome is None:
        return label(m.say("printing"), "lead", center=True)
    if outcome.ok:
        return label(
            outcome.message_en if m.lang == "en" else outcome.message_id, "ok", center=True
        )
    message = outcome.message_en if m.lang == "en" else outcome.message_id
    return label(f"{message}\n{m.say('photo_hint')}", "warn", center=True)


def notice(m: KioskFlow, portrait: bool) -> QWidget:
    text = m.notice[1] if m.notice and m.lang == "en" else (m.notice[0] if m.notice else "")
    title = m.say("pickup_notice_title" if m.collecting else "notice_title")
    page, box = _page(spacer(), label(title, "title", center=True))
    box.addWidget(label(text, "lead", center=True))
    box.addWidget(spacer())
    box.addWidget(button(m.say("back"), m.back, "primary"))
    box.addWidget(button(m.say("home"), m.go_home))
    return page


SCREENS: dict[Screen, Build] = {
    Screen.ATTRACT: attract,
    Screen.AGENCY: agency,
    Screen.SERVICE: service,
    Screen.INFO: info,
    Screen.NIK: nik,
    Screen.PRIORITY: priority,
    Screen.ISSUING: issuing,
    Screen.TROUBLE: trouble,
    Screen.RESULT: result,
    Screen.NOTICE: notice,
    Screen.SETUP: setup,
}
