"""What an operator can do at the counter, its key, and when the state machine allows it.

The keys are F1–F10 in the order of a ticket's life, left to right on the keyboard, so a
hand that knows the row finds them without looking. Keys next to each other rarely apply
in the same state (F4 Selesai needs a citizen being served, F5 Tidak Hadir one who has
only been called), so a slipped finger usually hits a disabled key, not a wrong action.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app import words
from queue_core.counter import CounterStatus
from queue_core.ticket import TicketStatus


class Action(StrEnum):
    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    CALL_TICKET = "call_ticket"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"
    OPEN = "open"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class ActionInfo:
    label: str
    """On the button, in Bahasa Indonesia."""
    key: str
    """The shortcut, as QKeySequence reads it and as the button shows it."""
    hint: str
    """The tooltip: what it does, in one line."""
    label_en: str = ""
    hint_en: str = ""

    @property
    def caption(self) -> str:
        """The label in the app's language."""
        return words.pick(self.label, self.label_en or self.label)

    @property
    def tip(self) -> str:
        return words.pick(self.hint, self.hint_en or self.hint)


ACTIONS: dict[Action, ActionInfo] = {
    Action.CALL_NEXT: ActionInfo(
        "Panggil Berikutnya", "F1", "Panggil nomor berikutnya", "Call Next", "Call the next number"
    ),
    Action.RECALL: ActionInfo(
        "Panggil Ulang",
        "F2",
        "Umumkan nomor yang sama sekali lagi",
        "Call Again",
        "Announce the same number once more",
    ),
    Action.START: ActionInfo(
        "Mulai Layani",
        "F3",
        "Warga sudah di loket: mulai layanan",
        "Start Serving",
        "The citizen is here: service begins",
    ),
    Action.FINISH: ActionInfo(
        "Selesai",
        "F4",
        "Layanan selesai (catatan opsional ikut)",
        "Done",
        "Service done (the note, if any, goes with it)",
    ),
    Action.NO_SHOW: ActionInfo(
        "Tidak Hadir",
        "F5",
        "Nomor dipanggil tetapi warga tidak datang",
        "No-show",
        "Called, but the citizen did not come",
    ),
    Action.TRANSFER: ActionInfo(
        "Alihkan",
        "F6",
        "Alihkan ke layanan atau loket lain",
        "Transfer",
        "Send on to another service or counter",
    ),
    Action.CALL_TICKET: ActionInfo(
        "Panggil Nomor Tertentu",
        "F7",
        "Pilih nomor dari daftar tunggu",
        "Call a Number",
        "Choose a number from the waiting list",
    ),
    Action.PAUSE: ActionInfo(
        "Istirahat", "F8", "Berhenti memanggil sementara", "Break", "Stop calling for a while"
    ),
    Action.RESUME: ActionInfo(
        "Lanjut",
        "F8",
        "Kembali memanggil setelah istirahat",
        "Resume",
        "Call again after the break",
    ),
    Action.CLOSE: ActionInfo(
        "Tutup Loket",
        "F9",
        "Tutup loket untuk sif ini",
        "Close Counter",
        "Close the counter for this shift",
    ),
    Action.OPEN: ActionInfo(
        "Buka Loket", "F9", "Buka loket kembali", "Open Counter", "Open the counter again"
    ),
    Action.REQUEUE: ActionInfo(
        "Hadir Kembali",
        "F10",
        "Warga yang tadi tidak hadir datang: masuk antrean lagi",
        "Came Back",
        "A no-show came back: into the queue again",
    ),
}

PAD: tuple[tuple[Action, ...], ...] = (
    (Action.CALL_NEXT,),
    (Action.RECALL,),
    (Action.START,),
    (Action.FINISH,),
    (Action.NO_SHOW,),
    (Action.TRANSFER,),
    (Action.CALL_TICKET,),
    (Action.PAUSE, Action.RESUME),
    (Action.CLOSE, Action.OPEN),
    (Action.REQUEUE,),
)
"""One button per slot, in key order; a slot with two actions shows whichever applies
(Istirahat/Lanjut, Tutup/Buka)."""


def allowed_actions(
    counter: CounterStatus,
    held: TicketStatus | None,
    *,
    ready: bool = True,
    has_waiting: bool = True,
    has_no_shows: bool = False,
) -> frozenset[Action]:
    """The actions the server's state machine would accept now.

    `ready` is false while disconnected, while an action is on its way, or before the view
    has re-read the truth after a reconnect: then nothing may be pressed.
    """
    if not ready:
        return frozenset()
    allowed: set[Action] = set()
    if counter is CounterStatus.CLOSED:
        return frozenset({Action.OPEN})
    # Open or paused: the counter is ours. A held ticket may still be worked during a
    # pause (the server allows it); calling needs the counter open and empty-handed.
    if held is TicketStatus.CALLED:
        allowed |= {Action.RECALL, Action.START, Action.NO_SHOW, Action.TRANSFER}
    elif held is TicketStatus.SERVING:
        allowed |= {Action.FINISH, Action.TRANSFER}
    if counter is CounterStatus.OPEN:
        allowed.add(Action.PAUSE)
        if held is None:
            allowed.add(Action.CALL_NEXT)
            if has_waiting:
                allowed.add(Action.CALL_TICKET)
    else:
        allowed.add(Action.RESUME)
    if held is None:
        # A citizen left standing at a closed loket is what counter_busy prevents.
        allowed.add(Action.CLOSE)
    if has_no_shows:
        allowed.add(Action.REQUEUE)
    return frozenset(allowed)
