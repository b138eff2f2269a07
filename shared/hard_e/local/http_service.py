"""The one local HTTP host: the Hard-E server and the Leap simulator both run on it.

:class:`HttpService` owns the listening socket and runs in the foreground (CLI) or a
daemon thread (tests). :class:`RequestHandler` is the part of each request both share:
method dispatch, a body read that refuses a bad ``Content-Length`` with a 4xx, a
timeout so a client that stalls mid-request cannot hold a thread for ever, and the
response writing. The two services differ only in ``route`` and how errors look.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from abc import abstractmethod
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NoReturn, Self

STALL_SECONDS = 15.0
"""How long a client may go silent while sending its request before the connection is
dropped (headers) or answered 408 (body)."""


class BurstTolerantServer(ThreadingHTTPServer):
    """A thread per connection; a deeper accept queue, since the default 5 drops
    connections from a burst of concurrent clients."""

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer are normal; anything else is printed once."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class BadRequestBody(Exception):
    """The request's body cannot be read; the answer has already been sent."""


class RequestHandler(BaseHTTPRequestHandler):
    """One request of a local service: subclasses implement :meth:`route` and :meth:`error`."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall
    timeout = STALL_SECONDS  # applied to the socket: a stalled read raises TimeoutError
    max_body = 10 * 1024 * 1024
    quiet = True

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def __getattr__(self, name: str) -> Any:
        """Any other method (TRACE, QUERY, …) is routed too, so it gets the service's own
        405/404 in JSON instead of the standard library's 501 HTML page (and TRACE is
        never echoed back)."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one JSON line per request instead, unless quiet

    @abstractmethod
    def route(self, method: str, target: str) -> int:
        """Answer the request and return the status sent."""

    @abstractmethod
    def error(self, status: int, code: str, message: str) -> int:
        """Send an error in the service's own envelope and return ``status``."""

    def body(self) -> bytes:
        """The request body, or BadRequestBody after answering 400/411/413/408."""
        raw = self.headers.get("Content-Length")
        if raw is None:
            if self.headers.get("Transfer-Encoding"):
                self._refuse(411, "length_required", "send the body with a Content-Length")
            return b""
        if not raw.strip().isdigit():  # "abc", "-1", "1, 2": never guess a length
            self._refuse(400, "bad_content_length", "Content-Length must be a number of bytes")
        length = int(raw)
        if length > self.max_body:
            self._refuse(413, "payload_too_large", "request body is too large")
        try:
            data = self.rfile.read(length) if length else b""
        except TimeoutError:
            self._refuse(408, "request_timeout", "the request body did not arrive in time")
        if len(data) < length:  # the client hung up half way
            self.close_connection = True
            raise BadRequestBody("short body")
        return data

    def _refuse(self, status: int, code: str, message: str) -> NoReturn:
        self.close_connection = True  # what is left of the body can't be trusted
        self.error(status, code, message)
        raise BadRequestBody(message)

    def send_bytes(self, status: int, headers: Mapping[str, str], payload: bytes) -> int:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        return status

    def send_json(
        self, status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
    ) -> int:
        payload = json.dumps(body).encode()
        return self.send_bytes(
            status, {"Content-Type": "application/json", **(headers or {})}, payload
        )

    def _dispatch(self) -> None:
        started = time.perf_counter()
        status = 500
        try:
            status = self.route(self.command, self.path)
        except BadRequestBody:
            status = 400
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting
        except Exception:  # a bug: answer rather than hang the client, and show it
            import traceback

            traceback.print_exc()
            status = self.error(500, "internal_error", "something went wrong")
        finally:
            if not self.quiet:
                line = {
                    "method": self.command,
                    "path": self.path.split("?", 1)[0],
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
                print(json.dumps(line), file=sys.stderr, flush=True)


class HttpService:
    """Owns the listening socket: ``start``/``stop`` (or ``with``) and ``serve_forever``."""

    poll_interval = 0.5

    def _listen(
        self, host: str, port: int, handler: type[BaseHTTPRequestHandler]
    ) -> BurstTolerantServer:
        self.httpd = BurstTolerantServer((host, port), handler)
        self._thread: threading.Thread | None = None
        return self.httpd

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.httpd.server_address[0])
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{self.port}"  # noqa: S104

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=self.poll_interval)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
