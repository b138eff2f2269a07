"""Signalling: ``POST /api/offer`` (SDP offer → answer, one call per peer connection),
``PATCH /api/offer`` (trickled ICE candidates), ``GET /api/offer?pc_id=…`` (the page's
watch on its call) and ``GET /health``.

The watch is a long poll: it answers ``{"status": "live"}`` after ``wait`` seconds (20 by
default, inside API Gateway's 30 s) while the call goes on, ``{"status": "ended"}`` as soon
as the call ends, and ``410 call_lost`` as soon as the call process holding it dies — so
the page hears of a lost call at once instead of waiting for WebRTC to time out.

Who may call is decided here (token, trial, session); the calls themselves run in the
call processes of a :class:`~voice_worker.pool.Pool` (one per core by default), or with
``processes=0`` in this process (:class:`Worker`, which is also what each call process
runs).

The worker is ready once its models are loaded (:func:`warm_up`, started with the
server): until then ``/health`` answers 503 and new calls are refused with 503
``warming_up``, so neither the load balancer nor ``make run`` sends a call to a cold
worker.

The caller is the bearer token's user, looked up live (``authenticate``); a peer
connection can only be renegotiated or patched by the user who opened it.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pipecat.transports.smallwebrtc.connection import SmallWebRTCConnection
from pipecat.transports.smallwebrtc.request_handler import (
    IceCandidate,
    SmallWebRTCPatchRequest,
    SmallWebRTCRequest,
    SmallWebRTCRequestHandler,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hard_e.api.errors import ApiError, BadRequest, Unauthorized
from hard_e.api.security import authenticate, bearer_token, check_audience
from hard_e.auth import Principal
from hard_e.bootstrap import Services, services
from hard_e.chat import TurnRefusedError, UnknownSessionError
from hard_e.tenancy.exceptions import TrialEndedError
from hard_e.tenancy.scope import bind_tenant, request_scope
from voice_worker import claude_warmup
from voice_worker.backchannels import key_words
from voice_worker.call import Call, build_call, greeting, run_call, transport_params
from voice_worker.hearing import speech_to_text
from voice_worker.key_terms import key_terms
from voice_worker.listening import CallTransport, decode_inline
from voice_worker.metrics import LatencyLog, report_forever
from voice_worker.models import warm
from voice_worker.network import (
    hold_less_audio,
    ice_servers,
    no_compression_to_deepgram,
    use_host_addresses,
)
from voice_worker.pacing import watch_audio, watch_loop
from voice_worker.pausing import Pause
from voice_worker.sending import send_encoded
from voice_worker.settings import VoiceSettings
from voice_worker.speaking import text_to_speech
from voice_worker.timeline import TimelineLog

logger = logging.getLogger(__name__)

MAX_SDP = 64 * 1024
WATCH_SECONDS = 20.0  # a watch answers "live" after this long (API Gateway allows 30 s)
MAX_WATCH_SECONDS = 25.0


class CallRequest(BaseModel):
    """What the page may ask of a new call: to go on with a chat session of its own."""

    model_config = ConfigDict(extra="ignore")

    session_id: str | None = Field(default=None, max_length=100)


class Offer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sdp: str = Field(min_length=1, max_length=MAX_SDP)
    type: str = Field(pattern="^offer$")
    pc_id: str | None = Field(default=None, max_length=200)
    restart_pc: bool | None = None
    request_data: CallRequest | None = None


class Candidate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate: str = Field(max_length=2000)
    sdp_mid: str | None = Field(default=None, max_length=100)
    sdp_mline_index: int | None = Field(default=None, ge=0, le=64)


class Candidates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pc_id: str = Field(min_length=1, max_length=200)
    candidates: list[Candidate] = Field(max_length=100)


class Watch(BaseModel):
    """``GET /api/offer``'s query: which call, and how long to wait for news of it."""

    model_config = ConfigDict(extra="forbid")

    pc_id: str = Field(min_length=1, max_length=200)
    wait: float = Field(default=WATCH_SECONDS, ge=0, le=MAX_WATCH_SECONDS)


def still_live() -> JSONResponse:
    return JSONResponse({"status": "live"})


def call_ended() -> JSONResponse:
    return JSONResponse({"status": "ended"})


async def wait_for(event: asyncio.Event, seconds: float) -> bool:
    """Whether ``event`` was set within ``seconds``."""
    try:
        await asyncio.wait_for(event.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


class Lines(Protocol):
    """Where calls run: this process (:class:`Worker`) or call processes (``Pool``)."""

    settings: VoiceSettings
    owners: dict[str, tuple[str, str]]  # pc_id → (tenant_id, user_id)

    @property
    def ready(self) -> bool: ...

    def services(self) -> Services: ...

    def active(self) -> int: ...

    def health(self) -> dict[str, Any]: ...

    async def answer(
        self, principal: Principal, body: Offer, session_id: str | None
    ) -> JSONResponse: ...

    async def candidates(self, body: Candidates) -> JSONResponse: ...

    async def watch(self, body: Watch) -> JSONResponse: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


@dataclass
class Worker:
    """The calls this process is running and the settings they run with."""

    settings: VoiceSettings
    handler: SmallWebRTCRequestHandler
    owners: dict[str, tuple[str, str]]  # pc_id → (tenant_id, user_id)
    calls: dict[str, Call]
    tasks: set[asyncio.Task[None]]
    connections: dict[str, SmallWebRTCConnection] = field(default_factory=dict)  # by pc_id
    endings: dict[str, asyncio.Event] = field(default_factory=dict)  # set as a call ends
    ready: bool = False  # the models are loaded (warm_up)
    # a call process: what warm-up loaded is frozen out of the cyclic collector's sight
    freeze_loaded: bool = False
    latency: LatencyLog = field(default_factory=LatencyLog)  # every call's turn timings
    timelines: TimelineLog = field(default_factory=TimelineLog)  # watch_pacing: turn moments

    def services(self) -> Services:
        return services()

    def active(self) -> int:
        return len(self.calls)

    def health(self) -> dict[str, Any]:
        return {"calls": len(self.calls)}

    async def answer(
        self, principal: Principal, body: Offer, session_id: str | None
    ) -> JSONResponse:
        return await _answer(self, principal, body, session_id)

    async def candidates(self, body: Candidates) -> JSONResponse:
        return await _patch(self, body)

    async def watch(self, body: Watch) -> JSONResponse:
        ending = self.endings.get(body.pc_id)
        if ending is None:
            return error(404, "call_not_found", "no such call")
        return call_ended() if await wait_for(ending, body.wait) else still_live()

    async def start(self) -> None:
        await _warm(self)

    async def close(self) -> None:
        await self.handler.close()  # type: ignore[no-untyped-call]
        await asyncio.gather(*self.tasks, return_exceptions=True)


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def in_process(settings: VoiceSettings) -> Worker:
    """Calls run in this process (``processes=0``, and each call process of a pool)."""
    use_host_addresses(settings.host_addresses)
    no_compression_to_deepgram()
    if settings.watch_pacing:
        watch_audio()
    return Worker(
        settings=settings,
        handler=SmallWebRTCRequestHandler(ice_servers=ice_servers(settings)),
        owners={},
        calls={},
        tasks=set(),
    )


def create_app(settings: VoiceSettings | None = None) -> FastAPI:
    settings = settings or VoiceSettings()
    worker: Lines
    if settings.processes:
        from voice_worker.pool import Pool

        worker = Pool(settings)
    else:
        worker = in_process(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warming = asyncio.create_task(warm_up(worker))  # /health says 503 until done
        reporter = None
        if worker.services().settings.mode == "aws":
            reporter = asyncio.create_task(
                report_forever(worker.active, settings.metrics_every_seconds)
            )
        yield
        if reporter is not None:
            reporter.cancel()
        warming.cancel()
        await close(worker)

    app = FastAPI(title="Hard-E voice worker", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.worker = worker

    @app.get("/health")
    async def health() -> JSONResponse:
        if not worker.ready:
            return JSONResponse({"status": "warming_up", **worker.health()}, status_code=503)
        return JSONResponse({"status": "ok", **worker.health()})

    @app.post("/api/offer")
    async def offer(request: Request) -> JSONResponse:
        return await _serve(worker, request, Offer, "invalid_offer", _offer)

    @app.patch("/api/offer")
    async def candidates(request: Request) -> JSONResponse:
        return await _serve(worker, request, Candidates, "invalid_candidates", _candidates)

    @app.get("/api/offer")
    async def watch(request: Request) -> JSONResponse:
        return await _serve(worker, request, Watch, "invalid_watch", _watch)

    return app


Body = TypeVar("Body", Offer, Candidates, Watch)


async def _serve(
    worker: Lines,
    request: Request,
    model: type[Body],
    invalid: str,
    then: Callable[[Lines, Principal, Body], Awaitable[JSONResponse]],
) -> JSONResponse:
    """Who is calling (401 unless a live user's token) and what they sent (400 unless
    valid), then ``then`` — acting for the caller's company alone: the binding is made
    inside this request's scope, so the call's task (created in it) inherits it and
    two calls for two companies never see each other's."""
    with request_scope():
        try:
            principal = await _caller(request)
            sent = dict(request.query_params) if request.method == "GET" else await _json(request)
            body = model.model_validate(sent)
        except ApiError as exc:
            return error(exc.status, exc.code, exc.message)
        except ValidationError as exc:
            return error(400, invalid, _first(exc))
        bind_tenant(principal.tenant_id)  # the token was verified: storage acts for it
        if body.pc_id is not None and not _owns(worker, body.pc_id, principal):
            return error(404, "call_not_found", "no such call")
        return await then(worker, principal, body)


async def _offer(worker: Lines, principal: Principal, body: Offer) -> JSONResponse:
    """An SDP offer → the answer (from wherever the call runs); a new peer connection
    starts a call, if the caller may make one."""
    session_id = body.request_data.session_id if body.request_data else None
    if body.pc_id is None:
        chat = worker.services().chat
        try:
            await chat.admit(principal)
            if session_id is not None:
                await asyncio.to_thread(chat.session_for, principal, session_id)
        except TurnRefusedError as exc:
            return error(403, "voice_refused", str(exc))
        except TrialEndedError as exc:
            return error(402, "trial_ended", str(exc))
        except UnknownSessionError:
            return error(404, "session_not_found", "no such session (it may have expired)")
        if not worker.ready:
            return error(503, "warming_up", "the voice line is starting; try again in a moment")
        if worker.active() >= worker.settings.max_calls:
            return error(503, "busy", "every line is busy; try again in a minute")
    if "m=audio" not in body.sdp or not body.sdp.lstrip().startswith("v=0"):
        return error(400, "invalid_sdp", "the offer has no audio section")
    return await worker.answer(principal, body, session_id)


async def _candidates(worker: Lines, _principal: Principal, body: Candidates) -> JSONResponse:
    """Trickled ICE candidates for a call the caller opened."""
    return await worker.candidates(body)


async def _watch(worker: Lines, _principal: Principal, body: Watch) -> JSONResponse:
    """News of a call the caller opened: live, ended, or lost with its process."""
    return await worker.watch(body)


async def _answer(
    worker: Worker, principal: Principal, body: Offer, session_id: str | None
) -> JSONResponse:
    """The SDP answer from this process's WebRTC stack; a new connection starts a call."""
    terms = (
        asyncio.create_task(_key_terms(worker, principal.tenant_id)) if body.pc_id is None else None
    )  # looked up while the SDP is answered (Deepgram's key terms, Moonshine's corrections)

    async def start(connection: SmallWebRTCConnection) -> None:
        worker.owners[connection.pc_id] = (principal.tenant_id, principal.user_id)
        _start_call(worker, connection, principal, session_id, await terms if terms else [])

    try:
        answer = await worker.handler.handle_web_request(
            SmallWebRTCRequest(
                sdp=body.sdp, type=body.type, pc_id=body.pc_id, restart_pc=body.restart_pc
            ),
            start,
        )
    except Exception as exc:  # aiortc refuses an SDP it cannot parse
        logger.info("offer refused: %s", exc)
        return error(400, "invalid_sdp", "the SDP offer could not be read")
    finally:
        if terms is not None and not terms.done():
            terms.cancel()  # no call started
    if answer is None:
        return error(400, "invalid_sdp", "the SDP offer produced no answer")
    connection = worker.connections.get(answer["pc_id"])
    if connection is not None:  # before any media: a restarted connection has new receivers
        hold_less_audio(connection.pc, worker.settings.receive_prefetch_packets)
        decode_inline(connection.pc)  # no decoder thread per call (listening.py)
    return JSONResponse(answer)


async def _patch(worker: Worker, body: Candidates) -> JSONResponse:
    try:
        await worker.handler.handle_patch_request(
            SmallWebRTCPatchRequest(
                pc_id=body.pc_id,
                candidates=[
                    IceCandidate(
                        candidate=c.candidate,
                        sdp_mid=c.sdp_mid or "",
                        sdp_mline_index=c.sdp_mline_index or 0,
                    )
                    for c in body.candidates
                ],
            )
        )
    except Exception as exc:
        logger.info("candidates refused: %s", exc)
        return error(400, "invalid_candidates", "an ICE candidate could not be read")
    return JSONResponse({"status": "ok"})


async def warm_up(worker: Lines) -> None:
    """Get ready to take calls: models loaded here, or the call processes started."""
    await worker.start()


async def close(worker: Lines) -> None:
    """Hang up every call and wait until each is saved."""
    await worker.close()


async def _warm(worker: Worker) -> None:
    """Load what every call shares (turn-taking models, speech engines, the chat service
    and its Claude client, the SDK that opens a company's CRM credentials) off the event
    loop, then take calls."""
    try:
        await asyncio.to_thread(warm, worker.settings)
        await asyncio.to_thread(lambda: worker.services().chat)  # imports anthropic: ~1.5 s
        if _uses_claude(worker.services()):  # its first reply, not in a rep's first turn
            await asyncio.to_thread(claude_warmup.warm)
        await asyncio.to_thread(importlib.import_module, "aws_encryption_sdk")  # boto3: ~1 s
    except Exception:
        logger.exception("the voice worker could not load its models")
        raise
    if worker.settings.watch_pacing:
        watch_loop()  # which callbacks stall this process's loop (pacing.py)
    if worker.freeze_loaded:
        # Models, libraries and the chat service stay for the process's life: frozen, a
        # full collection during a call no longer walks them (bench/voice_calls.py caught
        # a ~0.3 s stall of every call of the process in the collector).
        gc.collect()
        gc.freeze()
    worker.ready = True


def _uses_claude(svc: Services) -> bool:
    settings = svc.settings
    return settings.anthropic_api_key is not None or (
        settings.mode == "aws" and bool(settings.anthropic_secret_arn)
    )


async def _key_terms(worker: Worker, tenant_id: str) -> list[str]:
    try:
        return await key_terms(worker.services(), tenant_id)
    except Exception:  # a call is never refused for want of key terms
        logger.exception("key terms could not be built")
        return []


def _start_call(
    worker: Worker,
    connection: SmallWebRTCConnection,
    principal: Principal,
    session_id: str | None,
    terms: list[str],
) -> None:
    svc = worker.services()
    pause = Pause() if worker.settings.pause_on_voice else None
    send_encoded(connection, pause)  # the bot's audio encoded on the loop, not on a thread
    transport = CallTransport(webrtc_connection=connection, params=transport_params())
    call = build_call(
        transport=transport,
        services=svc,
        settings=worker.settings,
        principal=principal,
        stt=speech_to_text(worker.settings, key_terms=terms),
        tts=text_to_speech(worker.settings),
        greet=greeting(svc, principal),
        observers=[
            *([worker.latency.observer()] if worker.settings.measure else []),
            *(
                [worker.timelines.observer(connection.pc_id)]
                if worker.settings.watch_pacing
                else []
            ),
        ],
        measure=worker.settings.measure,
        pause=pause,
    )
    call.state.session_id = session_id  # the chat the page had open goes on by voice
    call.state.key_terms = key_words(terms)  # a name said over a reply takes the floor
    pc_id = connection.pc_id
    worker.calls[pc_id] = call
    worker.connections[pc_id] = connection
    worker.endings[pc_id] = asyncio.Event()

    async def ended(_call: Call) -> None:
        worker.calls.pop(pc_id, None)
        worker.timelines.ended(pc_id)
        worker.owners.pop(pc_id, None)
        worker.connections.pop(pc_id, None)
        ending = worker.endings.pop(pc_id, None)
        if ending is not None:
            ending.set()  # a page watching the call hears it ended

    task = asyncio.get_running_loop().create_task(run_call(call, transport, svc, on_end=ended))
    worker.tasks.add(task)
    task.add_done_callback(worker.tasks.discard)


async def _caller(request: Request) -> Principal:
    token = bearer_token(dict(request.headers))
    if not token:
        raise Unauthorized("a bearer token is required")
    # the user is looked up live in the table: off the event loop
    principal = await asyncio.to_thread(authenticate, token)
    check_audience(principal, "company")  # Hard-E's operators have no company to call for
    return principal


async def _json(request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_SDP * 2:
        raise BadRequest("the request is too large", code="too_large")
    try:
        return json.loads(raw or b"null")
    except ValueError:
        raise BadRequest("the body is not JSON", code="invalid_json") from None


def _owns(worker: Lines, pc_id: str, principal: Principal) -> bool:
    return worker.owners.get(pc_id) == (principal.tenant_id, principal.user_id)


def _first(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "body"
    return f"{where}: {first.get('msg', 'invalid')}"
