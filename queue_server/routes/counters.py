"""Counter work: open, pause, close, call next, call a specific ticket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from queue_server import actions
from queue_server.deps import Operator, Runtime, base_url

router = APIRouter(prefix="/api/v1/counters", tags=["counters"])

CounterId = Annotated[int, Field(ge=1, le=100_000)]


class CallBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ticket_id: int = Field(ge=1, le=2**62)


def _counter_json(runtime: Any, counter_id: int) -> dict[str, Any]:
    return next(c for c in runtime.view.counters_json() if c["id"] == counter_id)  # type: ignore[no-any-return]


def _counter_route(path: str, action: Callable[..., Any], summary: str) -> None:
    async def endpoint(counter_id: CounterId, runtime: Runtime, caller: Operator) -> dict[str, Any]:
        await runtime.writer(action, counter_id, caller)
        return _counter_json(runtime, counter_id)

    router.add_api_route(
        f"/{{counter_id}}/{path}",
        endpoint,
        methods=["POST"],
        name=f"{path}_counter",
        summary=summary,
    )


for _path, _action, _summary in (
    ("open", actions.open_counter, "Open the counter, or resume after a pause"),
    ("pause", actions.pause_counter, "Istirahat: keep the ticket, call no one"),
    ("close", actions.close_counter, "Close the counter (it must hold no ticket)"),
):
    _counter_route(_path, _action, _summary)


@router.post(
    "/{counter_id}/call-next", responses={204: {"description": "Nobody waits"}}, response_model=None
)
async def call_next(
    counter_id: CounterId, request: Request, runtime: Runtime, caller: Operator
) -> Any:
    record = await runtime.writer(actions.call_next, counter_id, caller)
    if record is None:
        return Response(status_code=204)
    return runtime.view.ticket_json(record, base_url(runtime, request))


@router.post("/{counter_id}/call")
async def call(
    counter_id: CounterId, body: CallBody, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    record = await runtime.writer(actions.call_ticket, counter_id, body.ticket_id, caller)
    return runtime.view.ticket_json(record, base_url(runtime, request))
