"""A local HTTP service that runs in the foreground (CLI) or a daemon thread (tests).

Shared by the local Hard-E server and the Leap simulator, which differ only in what
their request handlers do.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class BurstTolerantServer(ThreadingHTTPServer):
    """A thread per connection; a deeper accept queue, since the default 5 drops
    connections from a burst of concurrent clients."""

    daemon_threads = True
    request_queue_size = 128


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
