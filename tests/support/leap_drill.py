"""A fault drill: chat turns and approvals that write to Leap while it fails or crawls.

Each turn goes through the real chat Lambda handler with a Lambda context of the given
timeout; "Claude" (the scripted server) asks for one note per turn, as the rep did.
Approvals create a customer each and are approved through the tools handler. Afterwards
the simulator's own records say what really happened, and each write is checked:

- duplicated: the same note or customer exists more than once;
- truthful: Hard-E said done and it exists once, said not done and it does not exist,
  or said it could not tell ("unconfirmed" / "look in Leap");
- saved: the turn is in the session's history (a killed Lambda would lose it);
- in time: the handler returned within the function's timeout.

Used by tests/security (at a tenth of real time) and bench/leap_faults.py (real time).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hard_e.bootstrap import Services, build_services, use_services
from hard_e.brain.claude import ClaudeBrain
from hard_e.config import Settings
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.local.events import LocalLambdaContext, decode_response, http_api_event
from hard_e.local.functions import FunctionHost
from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
from hard_e.tenancy.credentials import CrmCredentials
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use


@dataclass(frozen=True)
class Write:
    kind: str  # note | customer
    took: float
    budget: float
    status: int
    said: str  # ok | error | unconfirmed | pending
    copies: int  # how many of it Leap holds afterwards (filled in at the end)
    saved: bool

    @property
    def duplicated(self) -> bool:
        return self.copies > 1

    @property
    def truthful(self) -> bool:
        if self.said == "unconfirmed":
            return self.copies <= 1
        return (self.said == "ok" and self.copies == 1) or (
            self.said == "error" and not self.copies
        )

    @property
    def in_time(self) -> bool:
        return self.took <= self.budget


@dataclass(frozen=True)
class Scale:
    """Real time is 29 s per request, a 10 s Leap timeout, a 2 s reserve."""

    function_timeout: float = 29.0
    leap_timeout: float = 10.0
    reserve: float = 2.0

    def times(self, factor: float) -> Scale:
        return Scale(
            self.function_timeout * factor, self.leap_timeout * factor, self.reserve * factor
        )


@contextmanager
def drill_company(scale: Scale) -> Iterator[tuple[Services, LeapSimulator, ScriptedAnthropic, str]]:
    """A throwaway Hard-E whose brain is the scripted Claude, wired to a simulator."""
    with (
        tempfile.TemporaryDirectory() as home,
        ScriptedAnthropic() as claude,
        LeapSimulator(rate_limit=False) as sim,
    ):
        settings = Settings(
            home=Path(home),
            bcrypt_rounds=4,
            leap_timeout_seconds=scale.leap_timeout,
            turn_reserve_seconds=scale.reserve,
            leap_requests_per_minute=10_000,  # the drill measures faults, not Leap's 60/min
        )
        brain = ClaudeBrain(client=claude.async_client(), model="claude-drill")
        services = build_services(settings, brain=brain)
        use_services(services)
        try:
            seed_demo(services, leap=CrmCredentials("leap", DEMO_TOKEN, sim.base_url))
            yield services, sim, claude, _login()
        finally:
            use_services(None)


_host = FunctionHost()


def _call(function: str, event: dict[str, Any], timeout: float) -> tuple[int, Any, float]:
    context = LocalLambdaContext(function_name=f"hard-e-{function}", timeout_s=timeout)  # type: ignore[arg-type]
    started = time.monotonic()
    result = _host.handler(function)(event, context)
    took = time.monotonic() - started
    status, _, body = decode_response(result)
    return status, json.loads(body or b"{}"), took


def _request(method: str, path: str, token: str | None, body: Any = None) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return http_api_event(
        method, path, headers=headers, body=json.dumps(body).encode() if body is not None else None
    )


def _login() -> str:
    event = _request(
        "POST", "/api/v1/auth/login", None, {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    status, body, _ = _call("auth", event, 10)
    assert status == 200, body
    token: str = body["token"]
    return token


def note_turn(
    services: Services, claude: ScriptedAnthropic, token: str, job_id: int, n: int, scale: Scale
) -> tuple[Write, str]:
    """One chat turn in which the rep asks for a note and the model adds it."""
    note = f"drill note {n}: crew confirmed for Monday"
    claude.reply(tool_use("add_job_note", {"job": job_id, "note": note}))
    claude.reply(text("Noted."))
    event = _request(
        "POST", "/api/v1/chat", token, {"message": f"add a note to job {job_id}: {note}"}
    )
    status, body, took = _call("chat", event, scale.function_timeout)
    said = "error"
    saved = False
    if status == 200:
        calls = body.get("tool_calls") or [{}]
        said = "ok" if calls[0].get("status") == "ok" else "error"
        if body["reply"].startswith("I ran out of time") and not calls[0]:
            said = "unconfirmed"  # cut off before the note's outcome was known: said so
        principal = services.authenticator.authenticate(token)
        session = services.chat.session_for(principal, body["session_id"])
        saved = any(
            m.text == f"add a note to job {job_id}: {note}"
            for m in services.sessions.history(session)
        )
    if said == "error" and "look in leap" in json.dumps(body).lower():
        said = "unconfirmed"
    return Write("note", took, scale.function_timeout, status, said, 0, saved), note


def customer_approval(token: str, n: int, scale: Scale) -> tuple[Write, tuple[str, str]]:
    """A customer creation held for approval, then approved under faults."""
    name = ("Drill", f"Customer{n}")
    created = _request(
        "POST",
        "/api/v1/tools/execute",
        token,
        {
            "tool": "create_customer",
            "input": {"first_name": name[0], "last_name": name[1], "phone": f"614555{n:04d}"},
        },
    )
    status, body, _ = _call("tools", created, scale.function_timeout)
    assert status == 202, body
    path = f"/api/v1/approvals/{body['approval']['id']}/approve"
    status, body, took = _call("tools", _request("POST", path, token), scale.function_timeout)
    state = body.get("approval", {}).get("status", "")
    said = {"executed": "ok", "failed": "error", "unconfirmed": "unconfirmed"}.get(state, "error")
    return Write("customer", took, scale.function_timeout, status, said, 0, status < 500), name


def drill(
    scale: Scale, *, turns: int, approvals: int, latency_ms: float = 0.0, fault_rate: float = 0.0
) -> list[Write]:
    """Run the drill and return every write with what Leap holds afterwards."""
    with drill_company(scale) as (services, sim, claude, token):
        job_id = next(iter(sim.store.jobs))
        sim.configure(
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            fault_statuses=[500, 502, 503],
            fault_after_write=0.5,
        )
        notes = [note_turn(services, claude, token, job_id, n, scale) for n in range(turns)]
        people = [customer_approval(token, n, scale) for n in range(approvals)]
        sim.configure(latency_ms=0, fault_rate=0.0)
        time.sleep(latency_ms / 1000 + 0.2)  # let calls the client gave up on finish
        with sim.store.lock:
            held_notes = [n.note for n in sim.store.notes.values()]
            held_people = [(c.first_name, c.last_name) for c in sim.store.customers.values()]
        out = [_counted(w, held_notes.count(note)) for w, note in notes]
        out += [_counted(w, held_people.count(name)) for w, name in people]
        return out


def _counted(write: Write, copies: int) -> Write:
    return Write(
        write.kind, write.took, write.budget, write.status, write.said, copies, write.saved
    )


def figures(writes: list[Write]) -> dict[str, Any]:
    notes = [w for w in writes if w.kind == "note"]
    return {
        "writes": len(writes),
        "done": sum(w.said == "ok" for w in writes),
        "not done": sum(w.said == "error" for w in writes),
        "unconfirmed": sum(w.said == "unconfirmed" for w in writes),
        "duplicated": sum(w.duplicated for w in writes),
        "untruthful": sum(not w.truthful for w in writes),
        "lost turns": sum(not w.saved for w in notes),
        "past budget": sum(not w.in_time for w in writes),
        "slowest s": round(max((w.took for w in writes), default=0.0), 2),
        "budget s": writes[0].budget if writes else 0.0,
    }
