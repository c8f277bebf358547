"""The console's case work (supervisor+): the complaints inbox and a case's page with a form
for each step its state allows, and the dossiers and bookings lists (docs/console.md).

A step taken here runs the very transaction the REST route runs
(`complaint_actions.staff_step` through the writer), so the rules, the timeline, the
events and the message to the citizen are the same; a refused step shows the refusal and
changes nothing. An agency-bound supervisor sees and works only their agency's cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_core import complaint as rules
from queue_core import dossier as dossier_rules
from queue_core.booking import show_code
from queue_core.complaint import Action, Status
from queue_core.errors import DomainError, NotFound
from queue_core.numbering import hall_day
from queue_server import complaint_actions as actions
from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsolePerson, ConsoleUser, check_form
from queue_server.deps import Runtime, base_url
from queue_server.routes.complaint import lapor_json, staff_json
from queue_server.runtime import HallRuntime
from queue_server.store import booking as booking_rows
from queue_server.store import complaint as rows
from queue_server.store import dossier as dossier_rows
from queue_server.store.complaint import ComplaintRow

router = APIRouter(include_in_schema=False)

PAGE = 50
STAFF_STEPS = (Action.VERIFY, Action.START, Action.ANSWER, Action.HOLD, Action.REJECT, Action.CLOSE)
STATUS_WORDS: dict[str, tuple[str, str]] = {
    **{s.value: label for s, label in rules.STATUS_LABELS.items()},
    # The citizen's page says "waiting for your reply"; staff read whom it waits for.
    Status.ON_HOLD.value: ("Menunggu jawaban warga", "Waiting for the citizen"),
}
Cursor = Annotated[str | None, Query(max_length=20, pattern=r"^\d*$")]
Filter = Annotated[str | None, Query(max_length=64)]


def _local(runtime: HallRuntime, moment: datetime | None) -> str:
    if moment is None:
        return "–"
    return moment.astimezone(ZoneInfo(runtime.hall.timezone)).strftime("%Y-%m-%d %H:%M")


def _visible(runtime: HallRuntime, complaint_id: int, user: ConsolePerson) -> ComplaintRow:
    """The case, if this person may see it (an agency-bound supervisor: their agency's)."""
    row = rows.by_id(runtime.reader, complaint_id) if complaint_id <= 2**53 else None
    if row is None or (user.agency_id is not None and row.agency_id != user.agency_id):
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    return row


def _one_of(value: str | None, allowed: set[str]) -> str | None:
    return value if value in allowed else None


@router.get(f"{PATH}/complaints")
async def complaints_inbox(
    request: Request,
    runtime: Runtime,
    user: ConsoleUser,
    status: Filter = None,
    agency_id: Filter = None,
    overdue: Filter = None,
    before: Cursor = None,
) -> HTMLResponse:
    """Late cases first (on the first page), then the rest newest first, paged."""
    en = language(request) == "en"
    now = runtime.clock()
    state = _one_of(status, {s.value for s in Status})
    agency = user.agency_id or _one_of(agency_id, {a.id for a in runtime.hall.agencies})
    late_only = overdue == "yes"
    cursor = int(before) if before else None

    def page(**kw: Any) -> list[ComplaintRow]:
        return rows.page(runtime.reader, status=state, agency_id=agency, limit=PAGE + 1, **kw)

    late: list[ComplaintRow] = []
    if late_only:
        found = page(overdue_at=now, before=cursor)
    else:
        if overdue != "no" and cursor is None:
            late = page(overdue_at=now, before=None)[:PAGE]
        found = page(overdue_at=None, on_time_at=now, before=cursor)
    more = len(found) > PAGE
    found = found[:PAGE]
    cases = [
        {
            **staff_json(runtime, r, user.principal, timeline=False),
            "when": _local(runtime, r.created_at),
            "due": _local(runtime, r.due_at),
        }
        for r in [*late, *found]
    ]
    nxt = str(found[-1].id) if more and found else None
    agencies = {a.id: a.name for a in runtime.hall.agencies}
    return render(
        request,
        user,
        "console/complaints.html",
        title="Complaints" if en else "Pengaduan",
        cases=cases,
        late_count=sum(1 for c in cases if c["overdue"]),
        state=state or "",
        agency_id=agency or "",
        overdue=overdue if overdue in ("yes", "no") else "",
        agencies=agencies,
        statuses=STATUS_WORDS,
        next=nxt,
        kinds=rules.KIND_LABELS,
    )


def _case_page(
    request: Request,
    runtime: HallRuntime,
    user: ConsolePerson,
    row: ComplaintRow,
    *,
    error: str = "",
    status: int = 200,
    done: str = "",
) -> HTMLResponse:
    case = staff_json(runtime, row, user.principal)
    contact = case["contact"]
    if contact and row.confidential and user.agency_id is not None:
        # As the REST route does for agency staff: a confidential reporter's name stays
        # with the hall's own supervisors.
        contact = {**contact, "name": None}
    allowed = [a.value for a in STAFF_STEPS if (row.status, a) in rules.TRANSITIONS]
    timeline = [
        {**e, "at": _local(runtime, datetime.fromisoformat(e["at"]))} for e in case["timeline"]
    ]
    return render(
        request,
        user,
        "console/complaint.html",
        title=row.reference,
        status=status,
        case=case,
        contact=contact,
        timeline=timeline,
        due=_local(runtime, row.due_at),
        filed=_local(runtime, row.created_at),
        allowed=allowed,
        lapor=lapor_json(runtime, row),
        agencies={a.id: a.name for a in runtime.hall.agencies},
        statuses=STATUS_WORDS,
        kinds=rules.KIND_LABELS,
        error=error,
        done=done if done in {*allowed, *[a.value for a in STAFF_STEPS], "lapor"} else "",
        text_max=rules.TEXT_MAX,
    )


@router.get(PATH + "/complaints/{complaint_id}")
async def complaint_case(
    complaint_id: int, request: Request, runtime: Runtime, user: ConsoleUser, done: Filter = None
) -> HTMLResponse:
    try:
        row = _visible(runtime, complaint_id, user)
    except NotFound:
        return _not_found(request, user)
    return _case_page(request, runtime, user, row, done=done or "")


def _not_found(request: Request, user: ConsolePerson) -> HTMLResponse:
    en = language(request) == "en"
    return render(
        request,
        user,
        "console/refused.html",
        title="Not found" if en else "Tidak ditemukan",
        status=404,
        reason="Complaint not found." if en else "Pengaduan tidak ditemukan.",
        next_step="Open it again from the inbox." if en else "Buka lagi dari kotak masuk.",
    )


def _step(form: dict[str, str], role: str, link_base: str) -> actions.Step | None:
    """The staff step a case page's form asks for, or None for an unknown one."""
    name = form.get("step", "")
    text = {
        "answer": form.get("text"),
        "hold": form.get("question"),
        "reject": form.get("reason"),
    }.get(name)
    if name not in {a.value for a in STAFF_STEPS}:
        return None
    return actions.Step(
        Action(name),
        role,
        text=(text or "").strip() or None,
        agency_id=form.get("agency_id") or None,
        forwarded_to=(form.get("forwarded_to") or "").strip()[:200] or None,
        link_base=link_base,
    )


@router.post(PATH + "/complaints/{complaint_id}")
async def complaint_step(
    complaint_id: int, request: Request, runtime: Runtime, user: ConsoleUser
) -> Response:
    """One staff step (or LAPOR!'s tracking ID) from the case page's forms."""
    form = await check_form(request, user)
    en = language(request) == "en"
    try:
        row = _visible(runtime, complaint_id, user)
    except NotFound:
        return _not_found(request, user)
    name = form.get("step", "")
    try:
        if name == "lapor":
            tracking = form.get("tracking_id", "").strip()
            if not tracking or len(tracking) > 64:
                raise _Missing("ID pelacakan LAPOR! (1–64 karakter)", "LAPOR! tracking ID (1–64)")
            await runtime.writer(actions.set_lapor, complaint_id, tracking, user.agency_id)
        else:
            step = _step(form, user.role, base_url(runtime, request))
            if step is None:
                raise _Missing("langkah yang dikenal", "a known step")
            needs_text = step.action in (Action.ANSWER, Action.HOLD, Action.REJECT)
            if needs_text and (step.text is None or len(step.text) > rules.TEXT_MAX):
                raise _Missing(
                    f"teksnya (1–{rules.TEXT_MAX} karakter)",
                    f"the text (1–{rules.TEXT_MAX} characters)",
                )
            if step.action is Action.VERIFY and step.agency_id is None:
                raise _Missing("instansinya", "the agency")
            await runtime.writer(
                actions.staff_step, runtime.notify.outbox, complaint_id, step, user.agency_id
            )
    except DomainError as refused:
        fresh = _visible(runtime, complaint_id, user) if not isinstance(refused, NotFound) else row
        message = refused.message_en if en else refused.message
        return _case_page(request, runtime, user, fresh, error=message, status=refused.status)
    return RedirectResponse(f"{PATH}/complaints/{complaint_id}?done={name}", status_code=303)


class _Missing(DomainError):
    code = "validation_error"
    status = 422

    def __init__(self, what: str, what_en: str) -> None:
        super().__init__(f"Isi {what}, lalu kirim lagi.", f"Fill in {what_en}, then send again.")


@router.get(f"{PATH}/dossiers")
async def dossiers_list(
    request: Request,
    runtime: Runtime,
    user: ConsoleUser,
    status: Filter = None,
    agency_id: Filter = None,
    overdue: Filter = None,
    before: Cursor = None,
) -> HTMLResponse:
    """Read-only: the steps stay with the counter that holds the dossier (REST)."""
    en = language(request) == "en"
    state = _one_of(status, {s.value for s in dossier_rules.Status})
    agency = user.agency_id or _one_of(agency_id, {a.id for a in runtime.hall.agencies})
    now = runtime.clock()
    today = dossier_rules.local_day(now, runtime.hall.timezone)
    found = dossier_rows.page(
        runtime.reader,
        status=state,
        agency_id=agency,
        overdue_before=today if overdue == "yes" else None,
        on_time_from=today if overdue == "no" else None,
        before=int(before) if before else None,
        limit=PAGE + 1,
    )
    more = len(found) > PAGE
    found = found[:PAGE]
    services = {s.id: s.name for s in runtime.hall.services}
    items = [
        {
            "reference": d.reference,
            "title": d.title,
            "service": services.get(d.service_id, d.service_id),
            "agency_id": d.agency_id,
            "status": d.status.value,
            "due_date": d.due_date.isoformat() if d.due_date else "–",
            "overdue": dossier_rules.overdue(d.dossier, now, runtime.hall.timezone),
            "opened": _local(runtime, d.created_at),
        }
        for d in found
    ]
    return render(
        request,
        user,
        "console/dossiers.html",
        title="Dossiers" if en else "Berkas",
        items=items,
        statuses={s.value: words for s, words in dossier_rules.STATUS_LABELS.items()},
        state=state or "",
        agency_id=agency or "",
        overdue=overdue if overdue in ("yes", "no") else "",
        agencies={a.id: a.name for a in runtime.hall.agencies},
        next=str(found[-1].id) if more and found else None,
    )


@router.get(f"{PATH}/bookings")
async def bookings_list(
    request: Request,
    runtime: Runtime,
    user: ConsoleUser,
    day: Filter = None,
    service_id: Filter = None,
    after: Cursor = None,
) -> HTMLResponse:
    """A day's bookings for a service (or all the person may see), in booking order;
    the NIK only ever masked, as stored."""
    en = language(request) == "en"
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    error = ""
    try:
        on = date.fromisoformat(day) if day else today
    except ValueError:
        on, error = today, ("Unknown date." if en else "Tanggal tidak dikenal.")
    mine = [
        s for s in runtime.hall.services if user.agency_id is None or s.agency_id == user.agency_id
    ]
    ids = [s.id for s in mine]
    chosen = service_id if service_id in ids else None
    found = booking_rows.page(
        runtime.reader,
        day=on,
        service_ids=[chosen] if chosen else ids,
        status=None,
        after=int(after) if after else 0,
        limit=PAGE + 1,
    )
    more = len(found) > PAGE
    found = found[:PAGE]
    names = {s.id: s.name for s in mine}
    items = [
        {
            "code": show_code(b.code),
            "time": f"{b.start}–{b.end}",
            "service": names.get(b.service_id, b.service_id),
            "status": b.status.value,
            "nik_masked": b.nik_masked or "–",
            "affected": b.affected,
            "ticket_id": b.ticket_id,
        }
        for b in found
    ]
    return render(
        request,
        user,
        "console/bookings.html",
        title="Bookings" if en else "Booking",
        error=error,
        day=on.isoformat(),
        services=names,
        service_id=chosen or "",
        items=items,
        affected_count=sum(1 for i in items if i["affected"]),
        next=str(found[-1].id) if more and found else None,
    )
