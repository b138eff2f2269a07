"""A scripted, local stand-in for Anthropic's Messages API.

Tests point the real ``anthropic`` SDK at :class:`ScriptedAnthropic` and script what
"Claude" answers; the server speaks the wire protocol (JSON messages, SSE streams and
error envelopes) and records every request so tests can assert on what the app sent::

    with ScriptedAnthropic() as server:
        server.reply(text("Hi there"))
        client = anthropic.Anthropic(base_url=server.base_url, api_key="test", max_retries=0)
        client.messages.create(model="m", max_tokens=64, messages=[...])
        assert server.requests[0].body["system"] == ...
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import anthropic

__all__ = [
    "Block",
    "CapturedRequest",
    "ScriptedAnthropic",
    "text",
    "thinking",
    "tool_use",
]

Block: TypeAlias = dict[str, Any]
"""A response content block in wire format, e.g. ``{"type": "text", "text": "Hi"}``."""

NO_REPLY_LEFT = "scripted server: no reply left"
MESSAGES_PATH = "/v1/messages"
_JSON_CHUNK = 12  # characters of tool-input JSON per input_json_delta
_NO_PROXY: dict[str, None] = {"all://127.0.0.1": None}  # never send loopback via HTTP(S)_PROXY


def _new_id(prefix: str) -> str:
    return f"{prefix}_01{uuid.uuid4().hex[:22]}"


def text(s: str) -> Block:
    """A ``text`` content block."""
    return {"type": "text", "text": s}


def tool_use(name: str, input: dict[str, Any], id: str | None = None) -> Block:
    """A ``tool_use`` content block; ``id`` defaults to a fresh ``toolu_...`` id."""
    return {"type": "tool_use", "id": id or _new_id("toolu"), "name": name, "input": input}


def thinking(thought: str, signature: str = "sig") -> Block:
    """A ``thinking`` content block (extended thinking)."""
    return {"type": "thinking", "thinking": thought, "signature": signature}


@dataclass(frozen=True)
class CapturedRequest:
    """One ``POST /v1/messages`` as the server received it."""

    path: str
    headers: dict[str, str]
    """Header names are lower-case."""
    body: dict[str, Any]
    """Parsed JSON body; ``{}`` when the body was not a JSON object."""
    raw: bytes = field(repr=False)

    @property
    def system(self) -> Any:
        """The ``system`` field (a string or a list of text blocks), or ``None``."""
        return self.body.get("system")

    @property
    def tools(self) -> list[dict[str, Any]]:
        """The ``tools`` field, or ``[]``."""
        return list(self.body.get("tools") or [])

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The ``messages`` field, or ``[]``."""
        return list(self.body.get("messages") or [])

    @property
    def stream(self) -> bool:
        """Whether the client asked for an SSE stream."""
        return self.body.get("stream") is True


@dataclass(frozen=True)
class _Reply:
    blocks: list[Block]
    stop_reason: str | None
    usage: dict[str, int] | None
    delay: float
    event_delay: float


@dataclass(frozen=True)
class _Failure:
    status: int
    error_type: str
    message: str
    headers: dict[str, str]
    delay: float


_Scripted: TypeAlias = _Reply | _Failure


class _ClientGone(Exception):
    """The client hung up while we were writing."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedAnthropic

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up (timeouts, closed streams) are expected in tests."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; JSON has Content-Length, SSE is chunked
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, opened=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, opened=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    # --- routing -------------------------------------------------------------------

    def do_POST(self) -> None:
        raw = self._read_body()
        if self.path.split("?", 1)[0] != MESSAGES_PATH:
            self._send_error(404, "not_found_error", f"Not found: {self.path}")
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        body = _parse_object(raw)
        owner = self.server.owner
        owner._capture(CapturedRequest(self.path, headers, body or {}, raw))

        problem = _validate(headers, body)
        if problem is not None:
            self._send_error(*problem)
            return
        assert body is not None
        item = owner._next()
        if item is None:
            self._send_error(500, "api_error", NO_REPLY_LEFT)
            return
        if item.delay:
            time.sleep(item.delay)
        if isinstance(item, _Failure):
            self._send_error(item.status, item.error_type, item.message, item.headers)
            return
        message = _message(item, body, raw)
        try:
            if body.get("stream") is True:
                self._send_stream(message, item.event_delay)
            else:
                self._send_json(200, message)
        except _ClientGone:
            self.close_connection = True

    def do_GET(self) -> None:
        self._send_error(404, "not_found_error", f"Not found: {self.path}")

    # --- I/O -----------------------------------------------------------------------

    def _read_body(self) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _write(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError as exc:  # BrokenPipe, ConnectionReset, shutdown by close()
            raise _ClientGone from exc

    def _start(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("request-id", _new_id("req"))
        for name, value in headers.items():
            self.send_header(name, value)
        try:
            self.end_headers()
        except OSError as exc:  # BrokenPipe, ConnectionReset, shutdown by close()
            raise _ClientGone from exc

    def _send_json(
        self, status: int, payload: object, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self._start(
            status,
            {
                "content-type": "application/json",
                "content-length": str(len(data)),
                **(headers or {}),
            },
        )
        self._write(data)

    def _send_error(
        self, status: int, error_type: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        envelope = {"type": "error", "error": {"type": error_type, "message": message}}
        try:
            self._send_json(status, envelope, headers)
        except _ClientGone:
            self.close_connection = True

    def _send_stream(self, message: dict[str, Any], event_delay: float) -> None:
        self._start(
            200,
            {
                "content-type": "text/event-stream; charset=utf-8",
                "cache-control": "no-cache",
                "transfer-encoding": "chunked",
            },
        )
        for index, (event, data) in enumerate(_stream_events(message)):
            if index and event_delay:
                time.sleep(event_delay)
            frame = f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()
            self._write(b"%x\r\n%s\r\n" % (len(frame), frame))
        self._write(b"0\r\n\r\n")


# --- protocol helpers -----------------------------------------------------------------


def _parse_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _validate(headers: dict[str, str], body: dict[str, Any] | None) -> tuple[int, str, str] | None:
    """Return ``(status, error_type, message)`` for a request the real API would reject."""
    bearer = headers.get("authorization", "").startswith("Bearer ")
    if not headers.get("x-api-key") and not bearer:
        return 401, "authentication_error", "x-api-key header is required"
    if not headers.get("anthropic-version"):
        return 400, "invalid_request_error", "anthropic-version: header is required"
    if body is None:
        return 400, "invalid_request_error", "request body must be a JSON object"
    if not isinstance(body.get("model"), str):
        return 400, "invalid_request_error", "model: Field required"
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool):
        return 400, "invalid_request_error", "max_tokens: Field required"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return 400, "invalid_request_error", "messages: at least one message is required"
    if "stream" in body and not isinstance(body["stream"], bool):
        return 400, "invalid_request_error", "stream: Input should be a valid boolean"
    return None


def _block_chars(block: Block) -> int:
    if block.get("type") == "tool_use":
        return len(json.dumps(block.get("input", {})))
    return len(str(block.get("text", block.get("thinking", ""))))


def _message(reply: _Reply, body: dict[str, Any], raw: bytes) -> dict[str, Any]:
    """The complete Message object a non-streaming call would return."""
    blocks = copy.deepcopy(reply.blocks)
    stop_reason = reply.stop_reason or (
        "tool_use" if any(b.get("type") == "tool_use" for b in blocks) else "end_turn"
    )
    usage = {
        "input_tokens": max(1, len(raw) // 4),
        "output_tokens": max(1, sum(_block_chars(b) for b in blocks) // 4),
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        **(reply.usage or {}),
    }
    return {
        "id": _new_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": blocks,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": usage,
    }


def _words(s: str) -> list[str]:
    """Split text into word-sized deltas whose concatenation is ``s``."""
    return [piece for piece in re.split(r"(?<=\s)(?=\S)", s) if piece]


def _stream_events(message: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The SSE event sequence the API emits for ``message``."""
    usage = message["usage"]
    start_usage = {**usage, "output_tokens": 1}
    yield (
        "message_start",
        {
            "type": "message_start",
            "message": {**message, "content": [], "stop_reason": None, "usage": start_usage},
        },
    )
    for index, block in enumerate(message["content"]):
        kind = block.get("type")
        if kind == "text":
            start: Block = {**block, "text": ""}
            deltas = [{"type": "text_delta", "text": w} for w in _words(block["text"])]
        elif kind == "tool_use":
            start = {**block, "input": {}}
            encoded = json.dumps(block.get("input", {}))
            pieces = [""] + [
                encoded[i : i + _JSON_CHUNK] for i in range(0, len(encoded), _JSON_CHUNK)
            ]
            deltas = [{"type": "input_json_delta", "partial_json": p} for p in pieces]
        elif kind == "thinking":
            start = {**block, "thinking": "", "signature": ""}
            deltas = [{"type": "thinking_delta", "thinking": w} for w in _words(block["thinking"])]
            deltas.append({"type": "signature_delta", "signature": block.get("signature", "")})
        else:  # any other block arrives whole
            start, deltas = block, []
        yield (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": index,
                "content_block": start,
            },
        )
        if index == 0:
            yield "ping", {"type": "ping"}
        for delta in deltas:
            yield (
                "content_block_delta",
                {"type": "content_block_delta", "index": index, "delta": delta},
            )
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]},
        },
    )
    yield "message_stop", {"type": "message_stop"}


# --- public server --------------------------------------------------------------------


class ScriptedAnthropic:
    """A local Messages API server that answers from a FIFO script.

    The server listens on ``127.0.0.1`` (random port) from construction until
    :meth:`close`; use it as a context manager. Requests that the real API would reject
    (missing credentials, ``anthropic-version``, ``model``, ``max_tokens`` or ``messages``)
    get the matching 400/401 error without consuming the script. When the script is
    empty a request gets ``500 api_error`` with message :data:`NO_REPLY_LEFT`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: deque[_Scripted] = deque()
        self._requests: list[CapturedRequest] = []
        self._open: set[socket.socket] = set()
        self._connections = 0
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        host, port = self._httpd.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"scripted-anthropic:{port}",
            daemon=True,
        )
        self._thread.start()
        self._closed = False

    # --- scripting -----------------------------------------------------------------

    def reply(
        self,
        *blocks: Block,
        stop_reason: str | None = None,
        usage: dict[str, int] | None = None,
        delay: float = 0.0,
        event_delay: float = 0.0,
    ) -> None:
        """Enqueue one successful response made of ``blocks``.

        ``stop_reason`` defaults to ``"tool_use"`` when a tool_use block is present,
        else ``"end_turn"``. ``usage`` overrides individual usage counts. ``delay`` waits
        before the response starts; ``event_delay`` waits between SSE events.
        """
        item = _Reply(list(copy.deepcopy(blocks)), stop_reason, usage, delay, event_delay)
        with self._lock:
            self._script.append(item)

    def fail(
        self,
        status: int,
        error_type: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Enqueue an API error, e.g. ``fail(529, "overloaded_error", "Overloaded")``.

        ``headers`` are added to the response (e.g. ``{"retry-after": "0"}``).
        """
        with self._lock:
            self._script.append(_Failure(status, error_type, message, dict(headers or {}), delay))

    def clear(self) -> int:
        """Drop what is still scripted (a turn that was never asked); how many were left."""
        with self._lock:
            left = len(self._script)
            self._script.clear()
            return left

    # --- inspection ----------------------------------------------------------------

    @property
    def requests(self) -> list[CapturedRequest]:
        """Every ``POST /v1/messages`` received so far, oldest first (a snapshot)."""
        with self._lock:
            return list(self._requests)

    @property
    def remaining(self) -> int:
        """How many scripted responses have not been served yet."""
        with self._lock:
            return len(self._script)

    @property
    def connection_count(self) -> int:
        """How many TCP connections clients have opened (keep-alive reuse keeps it low)."""
        with self._lock:
            return self._connections

    # --- SDK clients ---------------------------------------------------------------

    def client(self, **overrides: Any) -> anthropic.Anthropic:
        """A real SDK client aimed at this server (``max_retries=0``, ``api_key="test"``).

        Uses the SDK's own default HTTP client minus TLS setup (plain HTTP here), which
        saves ~0.1 s per client, and bypasses any proxy from the environment.
        """
        import anthropic

        options: dict[str, Any] = {
            "base_url": self.base_url,
            "api_key": "test",
            "max_retries": 0,
            "http_client": anthropic.DefaultHttpxClient(verify=False, mounts=_NO_PROXY),
            **overrides,
        }
        return anthropic.Anthropic(**options)

    def async_client(self, **overrides: Any) -> anthropic.AsyncAnthropic:
        """The async twin of :meth:`client`."""
        import anthropic

        options: dict[str, Any] = {
            "base_url": self.base_url,
            "api_key": "test",
            "max_retries": 0,
            "http_client": anthropic.DefaultAsyncHttpxClient(verify=False, mounts=_NO_PROXY),
            **overrides,
        }
        return anthropic.AsyncAnthropic(**options)

    # --- lifecycle -----------------------------------------------------------------

    def close(self) -> None:
        """Stop serving and drop open connections. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedAnthropic:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- used by the handler -------------------------------------------------------

    def _capture(self, request: CapturedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next(self) -> _Scripted | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def _track(self, sock: socket.socket, *, opened: bool) -> None:
        with self._lock:
            if opened:
                self._open.add(sock)
                self._connections += 1
            else:
                self._open.discard(sock)
