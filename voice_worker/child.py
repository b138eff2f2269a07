"""``python -m voice_worker.child``: one call process of the pool (:mod:`voice_worker.pool`).

It reads its settings from the pool on stdin, loads the models, and serves the pool —
only the pool: a Unix socket in the pool's private folder — with the offers the server
has accepted. Each call it answers runs here, peer connection and pipeline, until the
rep hangs up. When stdin ends (the server is stopping, or gone) it hangs up its calls,
saves them and exits; one still loading its models has no calls and exits at once (a
model load can take a minute on a busy machine, and the server is waiting).

The caller was authenticated by the server; the company a call acts for is the one the
server's verified token named, bound here for the call's task as the server does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from hard_e.bootstrap import build_services, use_services
from hard_e.tenancy.scope import bind_tenant, request_scope
from voice_worker import pacing, stacks
from voice_worker.app import Candidates, Worker, close, error, in_process, warm_up
from voice_worker.pool import PRINCIPAL, Handoff


def child_app(worker: Worker) -> FastAPI:
    """The pool's private interface to this process's calls."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    async def health() -> JSONResponse:
        status = 200 if worker.ready else 503
        return JSONResponse({"pid": os.getpid(), "pcs": list(worker.calls)}, status_code=status)

    @app.post("/offer")
    async def offer(request: Request) -> JSONResponse:
        try:
            handoff = Handoff.model_validate_json(await request.body())
            principal = PRINCIPAL.validate_python(handoff.principal)
        except ValidationError as exc:  # the server sends only what it validated
            return error(400, "invalid_offer", str(exc.errors()[:1]))
        with request_scope():  # the call's task, created in here, keeps the binding
            bind_tenant(principal.tenant_id)
            return await worker.answer(principal, handoff.offer, handoff.session_id)

    @app.patch("/offer")
    async def candidates(request: Request) -> JSONResponse:
        try:
            body = Candidates.model_validate_json(await request.body())
        except ValidationError as exc:
            return error(400, "invalid_candidates", str(exc.errors()[:1]))
        if body.pc_id not in worker.calls and body.pc_id not in worker.connections:
            return error(404, "call_not_found", "no such call")
        return await worker.candidates(body)

    @app.get("/stats")
    async def stats() -> JSONResponse:
        return JSONResponse(
            {
                "pid": os.getpid(),
                "rss_mb": rss_mb(),
                "calls": len(worker.calls),
                "turns": [asdict(t) for t in worker.latency.turns],
                "pacing": pacing.report() if worker.settings.watch_pacing else None,
                "timeline": worker.timelines.take(),  # ended calls' handed over once
            }
        )

    return app


class PoolServer(uvicorn.Server):
    """Uvicorn, leaving signals alone: the pool says when this process stops (by ending
    its stdin), so a Ctrl+C meant for ``make run`` does not drop its calls unsaved."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), in MB."""
    with open(f"/proc/{pid or 'self'}/status") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


async def serve(spec: dict[str, Any], stdin_ended: asyncio.Event) -> bool:
    """Serve the pool until stdin ends; False if it ended before the models were loaded."""
    use_services(build_services(spec["hard_e"]))
    worker = in_process(spec["voice"])
    worker.freeze_loaded = True  # this process only takes calls (app._warm)
    stacks.dump_on_signal(asyncio.get_running_loop(), lambda: call_states(worker))
    server = PoolServer(
        uvicorn.Config(child_app(worker), uds=spec["socket"], log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    warming = asyncio.create_task(warm_up(worker))  # /health says 503 until it is done
    ending = asyncio.create_task(stdin_ended.wait())
    await asyncio.wait({warming, ending}, return_when=asyncio.FIRST_COMPLETED)
    warm = warming.done() and warming.exception() is None
    if warm:
        await ending
        await close(worker)  # hang up: every call saved and learned from
    else:
        warming.cancel()  # no call was taken: nothing to save
        ending.cancel()
    server.should_exit = True
    await serving
    return warm


def call_states(worker: Worker) -> list[str]:
    """One line per call for a task dump: its outgoing audio's pause."""
    lines = []
    for pc_id, call in worker.calls.items():
        pause = call.pause
        held = (
            "no pause"
            if pause is None
            else f"pause holding {pause.holding}, {len(pause._held)} chunks held, "
            f"{pause.holds} holds, {pause.releases} releases, {pause.drops} drops"
        )
        lines.append(f"call {pc_id}: {held}; ended {call.ended.is_set()}")
    return lines


def main() -> None:
    raw = sys.stdin.buffer
    size = int.from_bytes(raw.read(8), "big")
    spec = pickle.loads(raw.read(size))  # noqa: S301 - from the parent process, on our pipe
    quiet(spec["voice"].log_level)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's to handle (see PoolServer)

    async def run() -> None:
        ended = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_reader(sys.stdin.fileno(), lambda: _on_stdin(loop, ended))
        if not await serve(spec, ended):
            # stopped (or failed) while loading the models: the loading thread cannot be
            # interrupted and the interpreter would wait for it at exit, so leave without it
            logging.shutdown()
            os._exit(0 if ended.is_set() else 1)

    asyncio.run(run())


def quiet(level: str) -> None:
    """Logs at ``level`` to stderr (the server's own stream): pipecat's loguru logs
    every processor's set-up at DEBUG, which is not worth its CPU on a busy call."""
    from loguru import logger

    logging.basicConfig(level=level, format="%(levelname)s %(name)s [call process] %(message)s")
    logger.remove()
    logger.add(sys.stderr, level=level)


def _on_stdin(loop: asyncio.AbstractEventLoop, ended: asyncio.Event) -> None:
    if not os.read(sys.stdin.fileno(), 4096):  # end of input: the server is done with us
        loop.remove_reader(sys.stdin.fileno())
        ended.set()


if __name__ == "__main__":
    main()
