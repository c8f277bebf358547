"""The console's staff and devices (admin): users, passwords, device tokens.

Every change runs in the one writer; whatever takes a credential away is felt on the
caller's very next request (auth.TokenCache) and closes the streams open with it (4401).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, Protocol, TypeVar

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from queue_core.errors import ValidationFailed
from queue_server import accounts, audit, auth
from queue_server.actions import Tx
from queue_server.deps import Admin, Runtime
from queue_server.openapi import errors
from queue_server.runtime import HallRuntime
from queue_server.store import staff
from queue_server.store.staff import DeviceRecord, Principal, UserRecord

router = APIRouter(prefix="/api/v1", tags=["staff"])

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
"""Names the console creates: letters, digits and . _ @ -, so every name is a plain path
segment and a plain word in a log line."""
Name = Annotated[str, Path(min_length=1, max_length=64)]
Limit = Annotated[int, Query(ge=1, le=500)]
After = Annotated[str, Query(max_length=64)]
StaffRole = Literal["admin", "supervisor", "operator"]
DeviceRole = Literal["kiosk", "display", "integration"]
Password = Annotated[str, Field(min_length=8, max_length=256)]


class User(BaseModel):
    name: str
    role: str
    agency_id: str | None
    disabled: bool
    created_at: str


class UserPage(BaseModel):
    items: list[User]
    next: str | None
    """Pass as `after` for the following page; null on the last one."""


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME_PATTERN)
    password: Password = Field(repr=False)
    role: StaffRole
    agency_id: str | None = Field(default=None, max_length=64)


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: StaffRole | None = None
    agency_id: str | None = Field(default=None, max_length=64)
    """null removes the user's agency; leave it out to keep it."""
    disabled: bool | None = None
    password: Password | None = Field(default=None, repr=False)


class Device(BaseModel):
    name: str
    role: str
    created_at: str
    revoked: bool
    revoked_at: str | None


class DeviceWithToken(Device):
    token: str
    """The device's bearer token, shown this once: only its hash is kept."""


class DevicePage(BaseModel):
    items: list[Device]
    next: str | None


class NewDevice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME_PATTERN)
    role: DeviceRole


def _user(record: UserRecord) -> User:
    return User(
        name=record.name,
        role=record.role,
        agency_id=record.agency_id,
        disabled=record.disabled_at is not None,
        created_at=record.created_at,
    )


def _device(record: DeviceRecord) -> Device:
    return Device(
        name=record.name,
        role=record.role,
        created_at=record.created_at,
        revoked=record.revoked_at is not None,
        revoked_at=record.revoked_at,
    )


def _check_agency(runtime: HallRuntime, agency_id: str | None) -> None:
    known = {a.id for a in runtime.hall.agencies}
    if agency_id is not None and agency_id not in known:
        raise ValidationFailed(
            f"Instansi {agency_id!r} tidak ada di mal ini.",
            f"Agency {agency_id!r} is not in this hall; use one of: {', '.join(sorted(known))}.",
        )


def _audited(
    caller: Principal,
    action: str,
    target: str,
    before: Callable[[Tx], Any],
    change: Callable[[Tx], Any],
    after: Callable[[Tx, Any], Any] = lambda tx, result: result,
) -> Callable[[Tx], Any]:
    """The change, with its audit entry in the same transaction (docs/reports.md)."""

    def run(tx: Tx) -> Any:
        was = before(tx)
        result = change(tx)
        audit.record(tx, caller, action, target, was, after(tx, result))
        return result

    return run


def _no_user(tx: Tx) -> None:
    return None


async def _change(runtime: HallRuntime, change: Callable[[Tx], Any]) -> Any:
    """Commit through the writer, then close the streams whose token just stopped working."""
    result = await runtime.writer(change)
    runtime.credentials_changed()
    return result


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def _page(rows: list[N], limit: int) -> tuple[list[N], str | None]:
    """A page out of `limit + 1` rows fetched, and the next page's `after` (the last
    name) when the extra row shows there is more."""
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].name if more else None


# --- users -------------------------------------------------------------------------------


@router.get("/users")
async def list_users(
    runtime: Runtime, caller: Admin, after: After = "", limit: Limit = 100
) -> UserPage:
    """Staff users by name (removed ones are left out), a page at a time."""
    rows, following = _page(staff.users(runtime.reader, after, limit + 1), limit)
    return UserPage(items=[_user(r) for r in rows], next=following)


@router.post("/users", status_code=201, responses=errors(409))
async def add_user(body: NewUser, runtime: Runtime, caller: Admin) -> User:
    _check_agency(runtime, body.agency_id)
    hashed = await run_in_threadpool(auth.hash_password, body.password)
    record: UserRecord = await runtime.writer(
        _audited(
            caller,
            "user.add",
            f"user:{body.name}",
            _no_user,
            lambda tx: accounts.add_user(
                tx.conn, tx.now, body.name, hashed, body.role, body.agency_id
            ),
        )
    )
    return _user(record)


@router.patch("/users/{name}", responses=errors(404, 409))
async def change_user(name: Name, body: UserChange, runtime: Runtime, caller: Admin) -> User:
    """Change role, agency, disabled or password. Disabling or a new password ends the
    user's sessions at once (401 on their next request, their streams closed 4401)."""
    _check_agency(runtime, body.agency_id)
    hashed = None
    if body.password is not None:
        hashed = await run_in_threadpool(auth.hash_password, body.password)
    clear_agency = "agency_id" in body.model_fields_set and body.agency_id is None
    record: UserRecord = await _change(
        runtime,
        _audited(
            caller,
            "user.password" if hashed is not None else "user.change",
            f"user:{name}",
            lambda tx: staff.user(tx.conn, name),
            lambda tx: accounts.change_user(
                tx.conn,
                tx.now,
                name,
                role=body.role,
                agency_id=body.agency_id,
                clear_agency=clear_agency,
                disabled=body.disabled,
                password_hash=hashed,
            ),
        ),
    )
    return _user(record)


@router.delete("/users/{name}", status_code=204, responses=errors(404, 409))
async def remove_user(name: Name, runtime: Runtime, caller: Admin) -> None:
    """Remove a user: refused (409 user_holds_counter) while they hold an open or paused
    counter; the name is kept and never reused (see docs/staff.md)."""
    await _change(
        runtime,
        _audited(
            caller,
            "user.remove",
            f"user:{name}",
            lambda tx: staff.user(tx.conn, name),
            lambda tx: accounts.remove_user(tx.conn, tx.now, name),
            lambda tx, _: staff.user(tx.conn, name),
        ),
    )


# --- devices -----------------------------------------------------------------------------


@router.get("/devices")
async def list_devices(
    runtime: Runtime, caller: Admin, after: After = "", limit: Limit = 100
) -> DevicePage:
    rows, following = _page(staff.devices(runtime.reader, after, limit + 1), limit)
    return DevicePage(items=[_device(r) for r in rows], next=following)


@router.post("/devices", status_code=201, responses=errors(409))
async def add_device(body: NewDevice, runtime: Runtime, caller: Admin) -> DeviceWithToken:
    token = auth.new_token()
    record: DeviceRecord = await runtime.writer(
        _audited(
            caller,
            "device.add",
            f"device:{body.name}",
            _no_user,
            lambda tx: accounts.add_device(
                tx.conn, tx.now, body.name, body.role, auth.hash_token(token)
            ),
        )
    )
    return DeviceWithToken(**_device(record).model_dump(), token=token)


@router.post("/devices/{name}/revoke", responses=errors(404))
async def revoke_device(name: Name, runtime: Runtime, caller: Admin) -> Device:
    """The device's token stops working at once (a stolen TV box)."""
    record = await _change(
        runtime,
        _audited(
            caller,
            "device.revoke",
            f"device:{name}",
            lambda tx: staff.device(tx.conn, name),
            lambda tx: accounts.revoke_device(tx.conn, tx.now, name),
        ),
    )
    return _device(record)


@router.post("/devices/{name}/rotate", responses=errors(404))
async def rotate_device(name: Name, runtime: Runtime, caller: Admin) -> DeviceWithToken:
    """A new token (also for a revoked device, to put it back in service); the old one
    stops working at once."""
    token = auth.new_token()
    record = await _change(
        runtime,
        _audited(
            caller,
            "device.rotate",
            f"device:{name}",
            lambda tx: staff.device(tx.conn, name),
            lambda tx: accounts.rotate_device(tx.conn, tx.now, name, auth.hash_token(token)),
        ),
    )
    return DeviceWithToken(**_device(record).model_dump(), token=token)
