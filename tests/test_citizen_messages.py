"""Every refusal or failure a citizen can see opens with an apology and ends with one plain
next step, in both languages (docs/glossary.md, "Refusals and failures the citizen sees").

The catalogue: the error codes the server returns to a citizen (the kiosk's issue and
check-in, the ticket page, the survey, bookings, complaints and their tracking page) read from the code itself by walking the functions that raise
them, the kiosk's own messages, the printer's outcomes as the kiosk shows them, and the
refusals the booking and complaint pages write themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kiosk_app.words import say
from printer.outcome import NEXT_STEP_EN, NEXT_STEP_ID, Outcome, PrintResult
from queue_core.errors import NIK_WRONG, NIK_WRONG_EN
from queue_server.routes.booking_words import WORDS as BOOKING
from queue_server.routes.complaint_words import WORDS as COMPLAINT

ROOT = Path(__file__).resolve().parent.parent

CITIZEN_SITES = {
    # file: the functions whose errors reach a citizen, and the codes they may return
    "queue_server/actions.py": {"issue_ticket"},  # service_closed, nik_limit_reached,
    # quota_exhausted, validation_error (NIK needed, booking code)
    "queue_server/routes/tracking.py": {"_unknown"},  # not_found
    "queue_server/routes/survey.py": {"check", "_unknown", "tablet_answer"},  # rate_limited,
    # not_found, survey_not_open
    "queue_core/survey.py": {"refusal", "check_response"},  # already_answered,
    # survey_not_open, validation_error
    "queue_core/booking.py": {"unknown_booking", "require_check_in", "_expired"},  # not_found,
    # booking_cancelled, too_early, booking_expired (the kiosk's check-in)
    "queue_server/booking_actions.py": {"_plan", "_slot", "_require_place",
        "_require_nik_may_book", "_by_token", "_require_booked", "move_booking"},  # not_found,
    # day_closed, booking_window, slot_full, nik_suspended, nik_booking_limit,
    # booking_cancelled, booking_expired, invalid_transition (a checked-in booking)
    "queue_server/routes/booking.py": {"_bookable_service", "_by_token"},  # not_found
    "queue_server/routes/tickets.py": {"issue"},  # validation_error (check-in without NIK)
    "queue_server/rate_limit.py": {"check"},  # rate_limited (bookings, complaints)
    "queue_server/routes/complaint.py": {"_by_token"},  # not_found on /c/ tracking
    "queue_server/complaint_actions.py": {"file", "citizen_step"},  # validation_error,
    # not_found
    "queue_core/complaint.py": {"step"},  # invalid_transition (reply, confirm, reopen)
    "queue_server/pickup_actions.py": {"_unknown", "ready_dossier", "issue_pickup"},  # not_found,
    # dossier_not_ready, dossier_collected, no_pickup_service, service_closed (the kiosk's pickup)
}  # fmt: skip
STAFF_OR_DEVELOPER = {"IdempotencyConflict"}
"""Raised in a citizen's path but seen only by a developer's client (a reused key)."""
DEVELOPER_ONLY = ("Idempotency-Key harus", "nik_last4 hanya", "Pengambilan berkas tidak")
"""Messages in a citizen's path about a malformed request: the kiosk's or phone page's
program sends it wrong, a person cannot (a header's length, a field only for check-in)."""
ERRORS = re.compile(
    r"^(ServiceClosed|QuotaExhausted|NikLimitReached|ValidationFailed|NotFound|RateLimited"
    r"|SurveyNotOpen|AlreadyAnswered|IdempotencyConflict|DomainError|InvalidTransition"
    r"|SlotFull|DayClosed|OutsideWindow|NikBookingLimit|NikSuspended|TooEarly"
    r"|BookingExpired|BookingCancelled|DossierNotReady|DossierCollected|NoPickupLine)$"
)
STEP_ID = ("Silakan", "Periksa", "Tanyakan", "Hubungi", "Datang", "Ambil", "Pilih", "Tunggu")
STEP_EN = ("Please", "Check", "Ask", "Come", "Take", "Choose", "Wait")


def _text(node: ast.AST) -> str:
    """A literal message with its placeholders as {}; f"…".replace(…) reads the f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _text(node.func.value)
    raise AssertionError(f"not a literal message: {ast.dump(node)[:80]}")


def raised_messages() -> list[tuple[str, str, str]]:
    """(where, Indonesian, English) for every error built in a citizen-facing function."""
    found = []
    for name, functions in CITIZEN_SITES.items():
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        seen = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in functions:
                seen.add(node.name)
                for call in ast.walk(node):
                    if not isinstance(call, ast.Call):
                        continue
                    # `NotFound(…)` or `rules.SlotFull(…)`: errors built from a module too
                    if isinstance(call.func, ast.Name):
                        kind = call.func.id
                    elif isinstance(call.func, ast.Attribute):
                        kind = call.func.attr
                    else:
                        continue
                    if ERRORS.match(kind) and kind not in STAFF_OR_DEVELOPER:
                        indonesian = _text(call.args[0])
                        if indonesian.startswith(DEVELOPER_ONLY):
                            continue
                        where = f"{name}:{call.lineno} {kind}"
                        found.append((where, indonesian, _text(call.args[1])))
        assert seen == functions, f"{name}: no function {functions - seen} (renamed?)"
    return found


def kiosk_messages() -> list[tuple[str, str, str]]:
    shown = [
        ("kiosk not_ready", say("not_ready", "id"), say("not_ready", "en")),
        ("kiosk no_printer", say("no_printer", "id"), say("no_printer", "en")),
        (
            "kiosk trouble",
            say("trouble_title", "id") + ". " + say("trouble_body", "id"),
            say("trouble_title", "en") + ". " + say("trouble_body", "en"),
        ),
        ("invalid_nik", NIK_WRONG, NIK_WRONG_EN),
    ]
    for outcome in Outcome:
        if outcome is not Outcome.PRINTED:
            result = PrintResult(outcome, "", "usb:")
            shown.append((f"printer {outcome}", f"{result.message_id} {NEXT_STEP_ID}",
                          f"{result.message_en} {NEXT_STEP_EN}"))  # fmt: skip
    return shown


def page_messages() -> list[tuple[str, str, str]]:
    """The refusals the /booking, /b/… and /pengaduan, /c/… pages write themselves."""
    shown = []
    for page, words, keys in (
        ("booking", BOOKING, ("no_services", "no_slots", "not_found_help")),
        ("complaint", COMPLAINT, ("bad_form", "done_refused", "done_empty", "not_found_text")),
    ):
        for key in keys:
            shown.append((f"{page} page {key}", words["id"][key], words["en"][key]))
    return shown


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def problems(indonesian: str, english: str) -> list[str]:
    wrong = []
    for text, apology, steps in (
        (indonesian, "Mohon maaf, ", STEP_ID),
        (english, "Sorry, ", STEP_EN),
    ):
        parts = sentences(text)
        if not text.startswith(apology):
            wrong.append(f"{text!r} does not open with {apology!r}")
        if not parts or not parts[-1].startswith(steps):
            wrong.append(f"{text!r} does not end with a next step ({', '.join(steps)} …)")
        if ":" in text.replace("{}", ""):
            wrong.append(f"{text!r} joins clauses with a colon")
        if len(parts) > 3:
            wrong.append(f"{text!r} has {len(parts)} sentences")
    return wrong


CATALOGUE = raised_messages() + kiosk_messages() + page_messages()


def test_the_catalogue_covers_every_citizen_error_code() -> None:
    kinds = {where.split()[-1] for where, _, _ in CATALOGUE}
    assert {"ServiceClosed", "QuotaExhausted", "NikLimitReached", "ValidationFailed",
            "NotFound", "RateLimited", "SurveyNotOpen", "invalid_nik", "InvalidTransition",
            "SlotFull", "DayClosed", "OutsideWindow", "NikBookingLimit", "NikSuspended",
            "TooEarly", "BookingExpired", "BookingCancelled", "no_slots", "bad_form",
            "done_refused"} <= kinds  # fmt: skip


@pytest.mark.parametrize(
    ("where", "indonesian", "english"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_a_citizen_message_apologises_and_ends_with_one_next_step(
    where: str, indonesian: str, english: str
) -> None:
    assert not problems(indonesian, english), where


def test_a_message_without_apology_or_step_is_caught() -> None:
    assert problems("Kuota hari ini habis.", "Quota used up.")
    assert problems("Mohon maaf, kuota habis: datang besok.", "Sorry, no quota: come back.")
    assert not problems(
        "Mohon maaf, kuota hari ini habis. Silakan datang kembali besok.",
        "Sorry, today's numbers are used up. Please come back tomorrow.",
    )


def test_staff_errors_name_a_ticket_by_its_number_never_its_database_id() -> None:
    by_id = re.compile(r"Tiket \{ticket_id\}|Ticket \{ticket_id\}|Tiket \{id\}")
    for package in ("queue_server", "queue_core"):
        for path in (ROOT / package).rglob("*.py"):
            assert not by_id.search(path.read_text(encoding="utf-8")), path
