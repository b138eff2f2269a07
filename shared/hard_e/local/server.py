"""The local HTTP server: each API request becomes an API Gateway v2 event for the same
handler Lambda runs; ``/`` serves the web app.

The standard library's threading server is enough here: handlers are synchronous
Lambda functions, so one thread per request maps one-to-one onto an invocation and no
ASGI stack is needed.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from hard_e.api.errors import error_body
from hard_e.api.routes import match_route, path_exists
from hard_e.bootstrap import services
from hard_e.local.events import (
    decode_response,
    http_api_event,
    s3_object_created_event,
    scheduled_event,
)
from hard_e.local.functions import FunctionHost
from hard_e.local.http_service import HttpService
from hard_e.storage import UploadRejectedError
from hard_e.storage.local import UPLOAD_PATH, LocalFolderBlobs

API_GATEWAY_MAX_BODY = 10 * 1024 * 1024  # what API Gateway itself accepts
WEB_DIR = Path(__file__).resolve().parents[3] / "web"
# The documents bucket's CORS rule, answered locally for the presigned upload URLs: the
# signature, not the origin, is what authorises an upload.
UPLOAD_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "PUT, POST",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "3000",
}


class LocalServer(HttpService):
    """The function host behind one listening socket; start/stop for tests and the CLI."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        functions: FunctionHost | None = None,
        web_dir: Path = WEB_DIR,
        quiet: bool = False,
    ) -> None:
        self.functions = functions or FunctionHost()
        self.web_dir = web_dir
        self.quiet = quiet
        self._listen(host, port, _make_handler(self))

    def start_learning_loop(self, every_seconds: float) -> threading.Event:
        """The local stand-in for the EventBridge schedule: the learner handler, on a timer."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every_seconds):
                try:
                    self.functions.invoke("learner", scheduled_event())
                except Exception:  # a failed run is logged and the next one tries again
                    import traceback

                    traceback.print_exc()

        threading.Thread(target=loop, name="learner-loop", daemon=True).start()
        return stop


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "HardE-local"
        disable_nagle_algorithm = True  # headers and body go out in two writes

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

        def log_message(self, format: str, *args: object) -> None:
            pass  # one structured line per request is written in _dispatch instead

        def _dispatch(self) -> None:
            started = time.perf_counter()
            parts = urlsplit(self.path)
            status = 500
            try:
                status = self._route(parts.path, parts.query)
            except Exception:  # a bug: answer rather than hang the client, and show it
                import traceback

                traceback.print_exc()
                status = self._send_json(500, error_body("internal_error", "something went wrong"))
            finally:
                if not server.quiet:
                    line = {
                        "method": self.command,
                        "path": parts.path,
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                    print(json.dumps(line), file=sys.stderr, flush=True)

        def _route(self, path: str, query: str) -> int:
            length = int(self.headers.get("Content-Length") or 0)
            if length > API_GATEWAY_MAX_BODY:
                self.close_connection = True
                return self._send_json(
                    413, error_body("payload_too_large", "request body is too large")
                )
            body = self.rfile.read(length) if length else b""
            if path.startswith(UPLOAD_PATH) and self.command == "OPTIONS":
                return self._send(204, dict(UPLOAD_CORS), b"")  # the bucket's CORS rule
            if path.startswith(UPLOAD_PATH) and self.command == "PUT":
                return self._upload(path, query, body)
            if self.command == "GET" and not path.startswith("/api/") and path != "/health":
                return self._static(path)
            match = match_route(self.command, path)
            if match is None:
                if path_exists(path):
                    return self._send_json(
                        405, error_body("method_not_allowed", f"{self.command} is not allowed here")
                    )
                return self._send_json(404, error_body("not_found", "no such route"))
            event = http_api_event(
                self.command,
                path,
                query=query,
                headers=list(self.headers.items()),
                body=body,
                source_ip=self.client_address[0],
                domain=self.headers.get("Host", "localhost").split(":")[0],
            )
            result = server.functions.invoke(match.function.name, event)
            status, headers, payload = decode_response(result)
            return self._send(status, headers, payload)

        def _upload(self, path: str, query: str, body: bytes) -> int:
            """A presigned upload to the local folder; then S3's notification to ingest."""
            blobs = services().blobs
            if not isinstance(blobs, LocalFolderBlobs):
                return self._send_json(404, error_body("not_found", "no such route"))
            key = unquote(path[len(UPLOAD_PATH) :])
            params = dict(parse_qsl(query, keep_blank_values=True))
            try:
                blobs.accept_upload(key, params, body, self.headers.get("Content-Type", ""))
            except UploadRejectedError as exc:
                return self._send(
                    exc.status,
                    {"Content-Type": "application/json", **UPLOAD_CORS},
                    json.dumps(error_body("upload_rejected", str(exc))).encode(),
                )
            except ValueError:
                return self._send_json(
                    400, error_body("bad_key", "that upload address is not valid")
                )
            event = s3_object_created_event(
                key,
                size=len(body),
                etag=hashlib.md5(body, usedforsecurity=False).hexdigest(),  # S3's ETag
                source_ip=self.client_address[0],
            )
            threading.Thread(
                target=server.functions.invoke, args=("ingest", event), daemon=True
            ).start()
            etag = event["Records"][0]["s3"]["object"]["eTag"]
            return self._send(200, {"ETag": f'"{etag}"', **UPLOAD_CORS}, b"")

        def _static(self, path: str) -> int:
            name = "index.html" if path in ("", "/") else path.lstrip("/")
            target = (server.web_dir / name).resolve()
            if server.web_dir.resolve() not in target.parents or not target.is_file():
                return self._send_json(404, error_body("not_found", "no such page"))
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith("javascript"):
                content_type += "; charset=utf-8"
            headers = {
                "Content-Type": content_type,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            }
            return self._send(200, headers, target.read_bytes())

        def _send_json(self, status: int, body: dict[str, object]) -> int:
            return self._send(
                status, {"Content-Type": "application/json"}, json.dumps(body).encode()
            )

        def _send(self, status: int, headers: dict[str, str], payload: bytes) -> int:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            return status

    return Handler
