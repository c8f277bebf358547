"""Counter work: open, pause, close, call next, call a specific ticket; and the counter's
own waiting list in the order it will call it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from queue_core.errors import NotFound
from queue_server import actions, audit, shapes
from queue_server.deps import Operator, Runtime, Watcher, base_url
from queue_server.openapi import answers
from queue_server.store import counters as counter_rows
from queue_server.store.staff import Principal

router = APIRouter(prefix="/api/v1/counters", tags=["counters"])

CounterId = Annotated[int, Field(ge=1, le=100_000)]


class CallBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ticket_id: int = Field(ge=1, le=2**53 - 1)


def _counter_json(runtime: Any, counter_id: int) -> dict[str, Any]:
    return next(c for c in runtime.view.counters_json() if c["id"] == counter_id)


def _audited(
    tx: actions.Tx, action: Callable[..., Any], name: str, counter_id: int, caller: Principal
) -> Any:
    """The counter's change and its audit entry, in one transaction."""
    before = counter_rows.get(tx.conn, counter_id)
    after = action(tx, counter_id, caller)
    audit.record(
        tx,
        caller,
        name,
        f"counter:{counter_id}",
        None if before is None else _state(before),
        _state(after),
    )
    return after


def _state(state: Any) -> dict[str, Any]:
    return {"status": str(state.status), "operator_id": state.operator_id}


def _counter_route(path: str, action: Callable[..., Any], summary: str) -> None:
    async def endpoint(counter_id: CounterId, runtime: Runtime, caller: Operator) -> dict[str, Any]:
        await runtime.writer(_audited, action, f"counter.{path}", counter_id, caller)
        return _counter_json(runtime, counter_id)

    router.add_api_route(
        f"/{{counter_id}}/{path}",
        endpoint,
        methods=["POST"],
        name=f"{path}_counter",
        summary=summary,
        responses=answers(shapes.Counter, 404, 409),
    )


for _path, _action, _summary in (
    ("open", actions.open_counter, "Open the counter, or resume after a pause"),
    ("pause", actions.pause_counter, "Istirahat: keep the ticket, call no one"),
    ("close", actions.close_counter, "Close the counter (it must hold no ticket)"),
):
    _counter_route(_path, _action, _summary)


@router.post(
    "/{counter_id}/call-next",
    responses={
        **answers(shapes.Ticket, 404, 409, description="The ticket called (now `called`)."),
        204: {"description": "Nobody waits"},
    },
    response_model=None,
)
async def call_next(
    counter_id: CounterId, request: Request, runtime: Runtime, caller: Operator
) -> Any:
    record = await runtime.writer(actions.call_next, counter_id, caller)
    if record is None:
        return Response(status_code=204)
    return runtime.view.ticket_json(record, base_url(runtime, request))


@router.post("/{counter_id}/call", responses=answers(shapes.Ticket, 404, 409))
async def call(
    counter_id: CounterId, body: CallBody, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    record = await runtime.writer(actions.call_ticket, counter_id, body.ticket_id, caller)
    return runtime.view.ticket_json(record, base_url(runtime, request))


@router.get(
    "/{counter_id}/queue",
    summary="The counter's waiting list, in call-next order",
    responses=answers(shapes.CounterQueue, 404),
)
async def queue(
    counter_id: CounterId,
    request: Request,
    runtime: Runtime,
    caller: Watcher,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """The waiting tickets this counter may call, in exactly the order its call-next would
    take them now (its own priority streak, tickets sent to it, due appointments, overdue
    regulars), at most `limit`; and per service how many it may call in all."""
    answer = runtime.view.counter_queue(counter_id, limit)
    if answer is None:
        raise NotFound(f"Loket {counter_id} tidak ada.", f"There is no counter {counter_id}.")
    url = base_url(runtime, request)
    return {
        "counter_id": counter_id,
        "status": answer.status,
        "priority_streak": answer.streak,
        "last_seq": answer.head,
        "waiting": sum(answer.waiting.values()),
        "services": [{"service_id": s, "waiting": n} for s, n in answer.waiting.items()],
        "tickets": [
            runtime.view.for_caller(runtime.view.ticket_json(r, url), caller.role)
            for r in answer.tickets
        ],
    }
