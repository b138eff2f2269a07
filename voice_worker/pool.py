"""Calls in child processes, one per core: the server's process only signals.

One event loop (and one GIL) reading ten reps' audio, running their pipelines and
encoding their replies falls behind on two cores (``bench/voice_calls.py``); pipecat's
own guidance is one bot per process. The server keeps the HTTP side — the token, the
trial, the session — and hands each accepted offer to the least busy call process
(:mod:`voice_worker.child`), which owns that call's peer connection and pipeline for
the call's life; ICE candidate PATCHes and renegotiations follow it there.

Call processes talk to this one over Unix sockets in a private folder. Each is watched:
one that dies is logged with the calls it took down, those calls answer ``410
call_lost`` from then on, and it is started again; the others' calls go on. A page
watching its call (``GET /api/offer``) hears of it at once: the exit is seen as it
happens (the process's ``wait``), not at the next poll. ``/health`` reports every
process's calls. A process still loading its models is left to it until it dies or its
start budget runs out (:mod:`voice_worker.starting`: a setting, longer after each start
in a row that did not warm, with a growing wait between them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.responses import JSONResponse
from pydantic import BaseModel, TypeAdapter

from hard_e.auth import Principal
from hard_e.bootstrap import Services, services
from voice_worker.app import (
    Candidates,
    Offer,
    Watch,
    call_ended,
    error,
    still_live,
    wait_for,
)
from voice_worker.settings import VoiceSettings
from voice_worker.starting import Starts

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # how often each process is asked which calls it still has
LOST_KEPT = 1000  # calls remembered as lost (410) after their process died
PRINCIPAL = TypeAdapter(Principal)


class Handoff(BaseModel):
    """An accepted offer, as the server hands it to a call process."""

    offer: Offer
    principal: Any  # Principal as JSON (PRINCIPAL)
    session_id: str | None = None


@dataclass
class Child:
    """One call process, as the server sees it."""

    index: int
    socket: Path
    starts: Starts  # how long it may take to warm, how soon it starts again
    process: asyncio.subprocess.Process | None = None
    http: httpx.AsyncClient | None = None
    ready: bool = False
    calls: set[str] = field(default_factory=set)  # pc_ids it reported (or was just given)
    pending: int = 0  # offers on their way to it
    restarts: int = 0

    @property
    def load(self) -> int:
        return len(self.calls) + self.pending


class Pool:
    """The call processes and which call runs where (the ``Lines`` of ``app.py``)."""

    def __init__(self, settings: VoiceSettings) -> None:
        self.settings = settings
        self.owners: dict[str, tuple[str, str]] = {}  # pc_id → (tenant_id, user_id)
        self.homes: dict[str, tuple[Child, float]] = {}  # pc_id → (process, given at)
        self.lost: OrderedDict[str, None] = OrderedDict()
        self.endings: dict[str, asyncio.Event] = {}  # pc_id → set once it ended or was lost
        self._folder = Path(tempfile.mkdtemp(prefix="hard-e-voice-"))  # 0700
        self.children = [
            Child(
                i, self._folder / f"call-process-{i}.sock", Starts(settings.process_start_seconds)
            )
            for i in range(settings.processes)
        ]
        self._watchers: list[asyncio.Task[None]] = []
        self._closing = False

    # --- the Lines interface ------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return any(c.ready for c in self.children)

    def services(self) -> Services:
        return services()

    def active(self) -> int:
        return sum(len(c.calls) for c in self.children)

    def health(self) -> dict[str, Any]:
        return {
            "calls": self.active(),
            "processes": [
                {
                    "pid": c.process.pid if c.process else None,
                    "ready": c.ready,
                    "calls": len(c.calls),
                    "restarts": c.restarts,
                }
                for c in self.children
            ],
        }

    async def start(self) -> None:
        """Start every call process; return once all are warm (each loads the models)."""
        hard_e = services().settings  # the same storage, keys and vendors as this process
        for child in self.children:
            self._watchers.append(asyncio.create_task(self._keep(child, hard_e)))
        while not all(c.ready for c in self.children):  # noqa: ASYNC110 - polled state
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        """Ask every call process to hang up its calls and save them, then stop it."""
        self._closing = True
        for child in self.children:
            if child.process is not None and child.process.returncode is None:
                assert child.process.stdin is not None
                child.process.stdin.close()  # end of its input: hang up and exit
        await asyncio.gather(*(self._stopped(c) for c in self.children))
        for watcher in self._watchers:
            watcher.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)
        for child in self.children:
            if child.http is not None:
                await child.http.aclose()
        with contextlib.suppress(OSError):
            for path in self._folder.iterdir():
                path.unlink()
            self._folder.rmdir()

    async def answer(
        self, principal: Principal, body: Offer, session_id: str | None
    ) -> JSONResponse:
        """The offer goes to the process that has the call, or, for a new call, to the
        least busy one; the answer comes back from it."""
        if body.pc_id is not None:
            if body.pc_id in self.lost:
                return _lost()
            home = self.homes.get(body.pc_id)
            if home is None:
                return error(404, "call_not_found", "no such call")
            child = home[0]
        else:
            ready = [c for c in self.children if c.ready]
            if not ready:
                return error(503, "warming_up", "the voice line is starting; try again")
            child = min(ready, key=lambda c: c.load)
        principal_json = PRINCIPAL.dump_python(principal, mode="json")
        handoff = Handoff(offer=body, principal=principal_json, session_id=session_id)
        child.pending += 1
        try:
            response = await self._send(child, "POST", handoff.model_dump_json())
        finally:
            child.pending -= 1
        if response is None:
            return error(503, "call_process_lost", "the voice line dropped; call again")
        if response.status_code == 200:
            pc_id = response.json()["pc_id"]
            if body.pc_id is None:
                self.homes[pc_id] = (child, time.monotonic())
                self.owners[pc_id] = (principal.tenant_id, principal.user_id)
                self.endings[pc_id] = asyncio.Event()
                child.calls.add(pc_id)
        return JSONResponse(response.json(), status_code=response.status_code)

    async def candidates(self, body: Candidates) -> JSONResponse:
        if body.pc_id in self.lost:
            return _lost()
        home = self.homes.get(body.pc_id)
        if home is None:
            return error(404, "call_not_found", "no such call")
        response = await self._send(home[0], "PATCH", body.model_dump_json())
        if response is None:
            return _lost()
        return JSONResponse(response.json(), status_code=response.status_code)

    async def watch(self, body: Watch) -> JSONResponse:
        """Live, ended, or ``410`` the moment its process is seen to die."""
        if body.pc_id in self.lost:
            return _lost()
        ending = self.endings.get(body.pc_id)
        if ending is None:
            return error(404, "call_not_found", "no such call")
        if not await wait_for(ending, body.wait):
            return still_live()
        return _lost() if body.pc_id in self.lost else call_ended()

    def _ended(self, pc_id: str) -> None:
        ending = self.endings.pop(pc_id, None)
        if ending is not None:
            ending.set()

    # --- keeping the processes ----------------------------------------------------------

    def closing(self) -> bool:
        return self._closing

    async def _send(self, child: Child, method: str, content: str) -> httpx.Response | None:
        """A request to a call process; None when it died meanwhile."""
        if child.http is None:
            return None
        try:
            return await child.http.request(
                method, "/offer", content=content, headers={"content-type": "application/json"}
            )
        except httpx.TransportError:
            logger.warning("call process %d did not answer", child.index, exc_info=True)
            return None

    async def _keep(self, child: Child, hard_e: Any) -> None:
        """Run ``child`` for as long as the pool runs: start it, watch it, and when it
        dies, write off its calls and start it again (after a wait when it never warmed:
        ``child.starts``)."""
        while True:
            began = time.monotonic()
            try:
                await self._spawn(child, hard_e)
                await self._watch(child)
            except Exception:
                logger.exception("call process %d failed", child.index)
            if self.closing():
                return
            backoff = child.starts.ended(warmed=child.ready)
            await self._died(child)
            if backoff:
                logger.warning(
                    "call process %d never warmed: starting it again in %.0f s, allowing %.0f s",
                    child.index,
                    backoff,
                    child.starts.allowed,
                )
            await asyncio.sleep(max(backoff, 1.0 - (time.monotonic() - began)))  # no tight loop

    async def _spawn(self, child: Child, hard_e: Any) -> None:
        child.socket.unlink(missing_ok=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        child.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "voice_worker.child", stdin=asyncio.subprocess.PIPE, env=env
        )
        assert child.process.stdin is not None
        spec = {"voice": self.settings, "hard_e": hard_e, "socket": str(child.socket)}
        child.process.stdin.write(len(blob := pickle.dumps(spec)).to_bytes(8, "big") + blob)
        await child.process.stdin.drain()  # stdin stays open: its end tells the child to stop
        if child.http is not None:
            await child.http.aclose()
        child.http = httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(uds=str(child.socket)),
            base_url="http://call-process",
            timeout=httpx.Timeout(30.0),
        )
        logger.info("call process %d started (pid %d)", child.index, child.process.pid)

    async def _watch(self, child: Child) -> None:
        """Until the process exits: is it warm yet, and which calls does it still have."""
        assert child.process is not None and child.http is not None
        started = time.monotonic()
        exited = asyncio.create_task(child.process.wait())
        try:
            while not exited.done():
                asked = time.monotonic()
                try:
                    reply = await child.http.get("/health", timeout=5.0)
                except httpx.TransportError:
                    reply = None  # not listening yet, or gone
                if reply is not None and reply.status_code == 200:
                    child.ready = True
                    self._update(child, set(reply.json()["pcs"]), asked)
                elif not child.ready and child.starts.overdue(time.monotonic() - started):
                    logger.error(
                        "call process %d did not warm up in %.0f s: restarting",
                        child.index,
                        child.starts.allowed,
                    )
                    child.process.kill()
                    await exited  # one kill: the next poll is of the next start
                await asyncio.wait({exited}, timeout=POLL_SECONDS if child.ready else 0.1)
        finally:
            if not exited.done():
                exited.cancel()

    def _update(self, child: Child, reported: set[str], asked: float) -> None:
        """The process's own list of calls; those it no longer has have ended (a call
        handed to it after the question was asked may not be listed yet)."""
        for pc_id, (home, given_at) in list(self.homes.items()):
            if home is child and pc_id not in reported and given_at < asked:
                del self.homes[pc_id]
                self.owners.pop(pc_id, None)
                self._ended(pc_id)
        child.calls = reported | {p for p, (h, at) in self.homes.items() if h is child}

    async def _died(self, child: Child) -> None:
        code = child.process.returncode if child.process else None
        lost = [p for p, (home, _) in self.homes.items() if home is child]
        logger.error(
            "call process %d (pid %s) exited with %s: %d call(s) cut off %s; starting it again",
            child.index,
            child.process.pid if child.process else "?",
            code,
            len(lost),
            lost,
        )
        for pc_id in lost:
            del self.homes[pc_id]
            self.lost[pc_id] = None
            self._ended(pc_id)  # its watchers hear 410 now
        while len(self.lost) > LOST_KEPT:
            forgotten, _ = self.lost.popitem(last=False)
            self.owners.pop(forgotten, None)
        child.ready, child.calls = False, set()
        child.restarts += 1

    async def _stopped(self, child: Child) -> None:
        process = child.process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout=60)
        except TimeoutError:
            logger.error("call process %d did not stop: killed", child.index)
            process.kill()
            await process.wait()

    async def stats(self) -> list[dict[str, Any]]:
        """Every process's measurements (``measure`` setting) and memory."""
        out = []
        for child in self.children:
            if child.http is not None and child.ready:
                out.append((await child.http.get("/stats")).json())
        return out

    def pids(self) -> list[int]:
        return [c.process.pid for c in self.children if c.process and c.process.returncode is None]


def _lost() -> JSONResponse:
    return error(410, "call_lost", "the call was cut off (its voice process stopped); call again")
