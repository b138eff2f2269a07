"""The Leap simulator's HTTP side: token check, per-token rate limit, latency, injected
faults and a request log, in front of :func:`hard_e.crm.simulator.api.handle`.

The standard library's threading server is enough: one thread per connection, every
store access under the store's lock, and no dependency beyond Python itself.
"""

from __future__ import annotations

import hmac
import json
import math
import random
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hard_e.crm.simulator.api import ApiError, ApiRequest, handle
from hard_e.crm.simulator.demo import COMPANY_NAME, DEMO_JOBS, build_demo_store
from hard_e.crm.simulator.store import LeapStore
from hard_e.local.http_service import HttpService, RequestHandler

DEMO_TOKEN = "leap-sim-demo-token"  # noqa: S105 - the simulator's public demo token
API_PREFIX = "/api/v3"
CONTROL_PREFIX = "/__sim__"
MAX_BODY = 10 * 1024 * 1024

Json = dict[str, Any]


@dataclass
class SimulatorConfig:
    """What can be changed while the simulator runs (``POST /__sim__/config``)."""

    rate_limit: bool = True
    rate_limit_requests: int = 60
    rate_limit_window: float = 60.0  # seconds
    latency_ms: float = 0.0
    fault_rate: float = 0.0  # share of API calls answered with one of fault_statuses
    fault_statuses: list[int] = field(default_factory=lambda: [500, 503])
    # share of those faults on writes that come *after* the write was done (a gateway
    # losing Leap's answer): the change is saved, the client sees only the error
    fault_after_write: float = 0.0
    # whether GET /jobs honours includes[]=financial_details (off: a Leap whose list
    # leaves the money out, so clients must price jobs one by one)
    list_money: bool = True


@dataclass(frozen=True)
class _Fault:
    status: int
    retry_after: float | None = None
    method: str | None = None  # only for calls with this method (None: the next call)
    after_write: bool = False  # do the write, then answer with the fault
    late: float = 0.0  # no fault: do the call, then answer this many seconds late


class _TokenWindows:
    """Leap's 60-per-minute rule: a sliding window of admitted calls per token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, deque[float]] = {}

    def admit(self, token: str, limit: int, window: float) -> float | None:
        """None when admitted; otherwise the seconds until a call would be."""
        with self._lock:
            now = time.time()
            calls = self._calls.setdefault(token, deque())
            while calls and calls[0] <= now - window:
                calls.popleft()
            if len(calls) >= limit:
                return calls[0] + window - now
            calls.append(now)
            return None

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


class LeapSimulator(HttpService):
    """A local Leap v3 account with the seeded demo company. ``start()``/``stop()`` for
    tests (port 0 picks a free port), ``serve_forever()`` for the command line."""

    poll_interval = 0.05  # tests start and stop many simulators

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 7,
        token: str = DEMO_TOKEN,
        rate_limit: bool = True,
        rate_limit_requests: int = 60,
        rate_limit_window: float = 60.0,
        latency_ms: float = 0.0,
        fault_rate: float = 0.0,
        now: datetime | None = None,
        quiet: bool = True,
        jobs: int = DEMO_JOBS,
    ) -> None:
        self.seed = seed
        self.jobs = jobs
        self.token = token
        self.quiet = quiet
        self._now = now
        self.config = SimulatorConfig(
            rate_limit=rate_limit,
            rate_limit_requests=rate_limit_requests,
            rate_limit_window=rate_limit_window,
            latency_ms=latency_ms,
            fault_rate=fault_rate,
        )
        self.store: LeapStore = build_demo_store(seed, now=now, jobs=jobs)
        self._lock = threading.Lock()
        self._log: list[Json] = []
        self._windows = _TokenWindows()
        self._fault_rng = random.Random(f"faults:{seed}")  # noqa: S311 - simulation only
        self._fail_next: deque[_Fault] = deque()
        self._listen(host, port, _make_handler(self))

    @property
    def base_url(self) -> str:
        """What to give :class:`~hard_e.crm.leap.LeapClient` as ``base_url``."""
        return self.url + API_PREFIX

    # --- test controls (also over HTTP under /__sim__/) -----------------------------

    def configure(self, **changes: Any) -> Json:
        """Change latency, faults or the rate limit; unknown keys raise ValueError."""
        fail_next = changes.pop("fail_next", None)
        current = asdict(self.config)
        unknown = set(changes) - set(current)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        updated = SimulatorConfig(**{**current, **changes})
        if not 0.0 <= updated.fault_rate <= 1.0 or updated.latency_ms < 0:
            raise ValueError("fault_rate must be within 0..1 and latency_ms >= 0")
        if updated.rate_limit_requests < 1 or updated.rate_limit_window <= 0:
            raise ValueError("the rate limit needs requests >= 1 and window > 0")
        with self._lock:
            self.config = updated
            for item in fail_next or ():
                self._fail_next.append(_fault_from(item))
        return asdict(updated)

    def fail_next(
        self,
        *statuses: int,
        retry_after: float | None = None,
        method: str | None = None,
        after_write: bool = False,
    ) -> None:
        """Answer the next API calls (of ``method``, when given) with these statuses, one
        each, before anything else; with ``after_write`` a write is done first."""
        with self._lock:
            self._fail_next.extend(_Fault(s, retry_after, method, after_write) for s in statuses)

    def delay_next(self, seconds: float, *, method: str | None = None) -> None:
        """Carry out the next call (of ``method``) at once but answer it ``seconds`` late:
        a client that gives up first cannot know the write was made."""
        with self._lock:
            self._fail_next.append(_Fault(200, method=method, late=seconds))

    def reset(self) -> None:
        """Back to the seeded company, with an empty log and a fresh rate window."""
        store = build_demo_store(self.seed, now=self._now, jobs=self.jobs)
        with self._lock:
            self.store = store
            self._log.clear()
            self._fail_next.clear()
            self._fault_rng = random.Random(f"faults:{self.seed}")  # noqa: S311
        self._windows.clear()

    def requests(self) -> list[Json]:
        """The API calls received so far, oldest first (never the token)."""
        with self._lock:
            return sorted((dict(e) for e in self._log), key=lambda e: e["timestamp"])

    def clear_requests(self) -> int:
        with self._lock:
            count = len(self._log)
            self._log.clear()
            return count

    # --- one API call ---------------------------------------------------------------

    def answer(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], Json]:
        """Status, extra headers and JSON body for one call under ``/api/v3``."""
        arrival = time.time()
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        content_type = headers.get("Content-Type", "")
        form = _parse_form(content_type, body)
        entry: Json = {
            "method": method,
            "path": parts.path,
            "query": query,
            "form": form,
            "content_type": content_type.split(";")[0].strip(),
            "status": None,  # logged on arrival; the status is filled in once answered
            "timestamp": arrival,
        }
        with self._lock:
            self._log.append(entry)
        status, extra, reply = self._answer(method, parts.path, query, form, headers)
        with self._lock:
            entry["status"] = status
        return status, extra, reply

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        form: dict[str, list[str]],
        headers: Mapping[str, str],
    ) -> tuple[int, dict[str, str], Json]:
        config = self.config
        scheme, _, presented = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            presented.strip().encode(), self.token.encode()
        ):
            self._delay(config)
            return 401, {}, ApiError(401, "Unauthenticated.").body()
        if config.rate_limit:
            wait = self._windows.admit(
                self.token, config.rate_limit_requests, config.rate_limit_window
            )
            if wait is not None:
                retry_after = str(max(math.ceil(wait), 1))
                body = ApiError(429, "Too Many Attempts.").body()
                return 429, {"Retry-After": retry_after}, body
        self._delay(config)
        fault = self._next_fault(config, method)
        if fault is not None and not fault.late and not (fault.after_write and method != "GET"):
            return _fault_answer(fault)
        if not config.list_money and method == "GET" and path.rstrip("/") == API_PREFIX + "/jobs":
            kept = [i for i in query.get("includes[]", []) if i != "financial_details"]
            query = {**query, "includes[]": kept}
        request = ApiRequest(
            method=method,
            path=path[len(API_PREFIX) :] or "/",
            query=query,
            form=form,
            base_url=self.base_url,
        )
        status, reply = handle(self.store, request)
        if fault is not None and fault.late:  # done; the answer is on its way, slowly
            time.sleep(fault.late)
        elif fault is not None:  # done, but the answer is lost on the way back
            return _fault_answer(fault)
        return status, {}, reply

    @staticmethod
    def _delay(config: SimulatorConfig) -> None:
        if config.latency_ms > 0:
            time.sleep(config.latency_ms / 1000)

    def _next_fault(self, config: SimulatorConfig, method: str) -> _Fault | None:
        with self._lock:
            for fault in self._fail_next:
                if fault.method is None or fault.method == method:
                    self._fail_next.remove(fault)
                    return fault
            if config.fault_rate > 0 and self._fault_rng.random() < config.fault_rate:
                status = self._fault_rng.choice(config.fault_statuses)
                after = method != "GET" and self._fault_rng.random() < config.fault_after_write
                return _Fault(status, after_write=after)
        return None

    # --- the control endpoints --------------------------------------------------------

    def control(self, method: str, path: str, body: bytes) -> tuple[int, Json]:
        name = path[len(CONTROL_PREFIX) :].strip("/")
        if name == "requests" and method == "GET":
            return 200, {"data": self.requests()}
        if name == "requests" and method == "DELETE":
            return 200, {"cleared": self.clear_requests()}
        if name == "config" and method == "GET":
            return 200, asdict(self.config)
        if name == "config" and method == "POST":
            try:
                changes = json.loads(body or b"{}")
                if not isinstance(changes, dict):
                    raise ValueError("send a JSON object")
                return 200, self.configure(**changes)
            except (ValueError, TypeError) as exc:
                return 400, {"error": {"status_code": 400, "message": str(exc)}}
        if name == "reset" and method == "POST":
            self.reset()
            return 200, {"reset": True, "seed": self.seed}
        return 404, {"error": {"status_code": 404, "message": "no such simulator control"}}


def _fault_answer(fault: _Fault) -> tuple[int, dict[str, str], Json]:
    extra = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after else {}
    return fault.status, extra, ApiError(fault.status, HTTPStatus(fault.status).phrase).body()


def _fault_from(item: Any) -> _Fault:
    if isinstance(item, int):
        return _Fault(item)
    if isinstance(item, dict) and isinstance(item.get("status"), int):
        retry_after = item.get("retry_after")
        return _Fault(
            item["status"],
            float(retry_after) if retry_after is not None else None,
            item.get("method"),
            bool(item.get("after_write", False)),
        )
    raise ValueError('fail_next takes statuses or {"status": 503, "retry_after": 1}')


def _parse_form(content_type: str, body: bytes) -> dict[str, list[str]]:
    """Form fields of a urlencoded or multipart body (Leap takes no JSON bodies)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    if kind != "multipart/form-data":
        return {}
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    form: dict[str, list[str]] = {}
    if not message.is_multipart():
        return form
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        form.setdefault(name, []).append(f"<file {filename}>" if filename else text)
    return form


def _make_handler(sim: LeapSimulator) -> type[RequestHandler]:
    class Handler(RequestHandler):
        server_version = "LeapSimulator"
        max_body = MAX_BODY
        quiet = sim.quiet

        def error(self, status: int, code: str, message: str) -> int:
            return self.send_json(status, ApiError(status, message).body())

        def route(self, method: str, target: str) -> int:
            path = urlsplit(target).path
            body = self.body()
            if path.startswith(CONTROL_PREFIX):
                status, reply = sim.control(method, path, body)
                return self.send_json(status, reply)
            if path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
                return self.error(404, "not_found", "Not Found")
            headers = {k: v for k, v in self.headers.items()}
            status, extra, reply = sim.answer(method, target, headers, body)
            return self.send_json(status, reply, extra)

    return Handler


def run_simulator(
    host: str,
    port: int,
    *,
    seed: int = 7,
    rate_limit: bool = True,
    latency_ms: float = 0.0,
    fault_rate: float = 0.0,
    token: str = DEMO_TOKEN,
    jobs: int = DEMO_JOBS,
) -> None:
    """Serve the simulator until Ctrl+C (what ``hard-e leap-sim`` runs)."""
    sim = LeapSimulator(
        host=host,
        port=port,
        seed=seed,
        token=token,
        jobs=jobs,
        rate_limit=rate_limit,
        latency_ms=latency_ms,
        fault_rate=fault_rate,
        quiet=False,
    )
    store = sim.store
    print(
        "\n".join(
            [
                "",
                "  Leap simulator is running",
                f"  base URL  {sim.base_url}",
                f"  token     {token if token == DEMO_TOKEN else '(the one you gave)'}",
                f"  company   {COMPANY_NAME} (seed {seed}): {len(store.customers)} customers, "
                f"{len(store.jobs)} jobs, {len(store.stages)} stages",
                f"  limits    {'60 requests/minute' if rate_limit else 'no rate limit'}, "
                f"latency {latency_ms:g} ms, faults {fault_rate:.0%}",
                f"  log       {sim.url}{CONTROL_PREFIX}/requests",
                "  stop      Ctrl+C",
                "",
            ]
        ),
        flush=True,
    )
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sim.httpd.server_close()
