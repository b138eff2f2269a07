"""The local HTTP server: each API request becomes an API Gateway v2 event for the same
handler Lambda runs; ``/`` serves the web app.

The standard library's threading server is enough here: handlers are synchronous
Lambda functions, so one thread per request maps one-to-one onto an invocation and no
ASGI stack is needed.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
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
from hard_e.local.http_service import HttpService, RequestHandler
from hard_e.local.voice_proxy import OFFER_PATH, forward_offer
from hard_e.storage import BlobNotFoundError, UploadRejectedError
from hard_e.storage.local import DOWNLOAD_PATH, UPLOAD_PATH, LocalFolderBlobs

API_GATEWAY_MAX_BODY = 10 * 1024 * 1024  # what API Gateway itself accepts
API_PAGES = frozenset({"/health", "/mcp"})  # GETs outside /api/ that are not the web app
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


def _make_handler(server: LocalServer) -> type[RequestHandler]:
    class Handler(RequestHandler):
        server_version = "HardE-local"
        max_body = API_GATEWAY_MAX_BODY
        quiet = server.quiet

        def error(self, status: int, code: str, message: str) -> int:
            return self.send_json(status, error_body(code, message))

        def route(self, method: str, target: str) -> int:
            parts = urlsplit(target)
            path, query = parts.path, parts.query
            body = self.body()
            if path.startswith(UPLOAD_PATH) and self.command == "OPTIONS":
                return self.send_bytes(204, dict(UPLOAD_CORS), b"")  # the bucket's CORS rule
            if path.startswith(UPLOAD_PATH) and self.command == "PUT":
                return self._upload(path, query, body)
            if path.startswith(DOWNLOAD_PATH) and self.command == "GET":
                return self._download(path, query)
            if self.command == "GET" and not path.startswith("/api/") and path not in API_PAGES:
                return self._static(path)
            if path == OFFER_PATH:  # WebRTC signalling belongs to the voice worker
                forwarded = forward_offer(self.command, dict(self.headers), body, query)
                return self.send_bytes(*forwarded)
            match = match_route(self.command, path)
            if match is None:
                if path_exists(path):
                    return self.error(
                        405, "method_not_allowed", f"{self.command} is not allowed here"
                    )
                return self.error(404, "not_found", "no such route")
            event = http_api_event(
                self.command,
                path,
                query=query,
                headers=list(self.headers.items()),
                body=body,
                source_ip=self.client_address[0],
                domain=self.headers.get("Host", "localhost").split(":")[0],
            )
            began = time.perf_counter()
            result = server.functions.invoke(match.function.name, event)
            status, headers, payload = decode_response(result)
            # how long the function took, for clients and benchmarks (W3C Server-Timing)
            took = (time.perf_counter() - began) * 1000
            headers = {**headers, "Server-Timing": f"app;dur={took:.2f}"}
            return self.send_bytes(status, headers, payload)

        def _upload(self, path: str, query: str, body: bytes) -> int:
            """A presigned upload to the local folder; then S3's notification to ingest."""
            blobs = services().blobs
            if not isinstance(blobs, LocalFolderBlobs):
                return self.error(404, "not_found", "no such route")
            key = unquote(path[len(UPLOAD_PATH) :])
            params = dict(parse_qsl(query, keep_blank_values=True))
            try:
                blobs.accept_upload(key, params, body, self.headers.get("Content-Type", ""))
            except UploadRejectedError as exc:
                return self.send_json(
                    exc.status, error_body("upload_rejected", str(exc)), UPLOAD_CORS
                )
            except ValueError:
                return self.error(400, "bad_key", "that upload address is not valid")
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
            return self.send_bytes(200, {"ETag": f'"{etag}"', **UPLOAD_CORS}, b"")

        def _download(self, path: str, query: str) -> int:
            """A presigned download from the local folder (as S3 serves a presigned GET)."""
            blobs = services().blobs
            if not isinstance(blobs, LocalFolderBlobs):
                return self.error(404, "not_found", "no such route")
            key = unquote(path[len(DOWNLOAD_PATH) :])
            params = dict(parse_qsl(query, keep_blank_values=True))
            try:
                data, content_type, name = blobs.open_download(key, params)
            except UploadRejectedError as exc:
                return self.error(exc.status, "download_rejected", str(exc))
            except (ValueError, BlobNotFoundError):
                return self.error(404, "not_found", "nothing to download here")
            headers = {
                "Content-Type": content_type,
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            }
            return self.send_bytes(200, headers, data)

        def _static(self, path: str) -> int:
            name = "index.html" if path in ("", "/") else path.lstrip("/")
            target = (server.web_dir / name).resolve()
            if server.web_dir.resolve() not in target.parents or not target.is_file():
                return self.error(404, "not_found", "no such page")
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith("javascript"):
                content_type += "; charset=utf-8"
            headers = {
                "Content-Type": content_type,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            }
            return self.send_bytes(200, headers, target.read_bytes())

    return Handler
