"""/mcp on Lambda and locally: an API Gateway v2 event becomes one ASGI request to the
SDK's streamable HTTP transport, stateless and answering JSON, so any instance can
serve any request (no sessions to keep, nothing streamed past the answer).

The key is checked first, in our own envelope (401/403/429 as JSON errors), with the
same function and rate limit as REST; the caller then rides in the request's context
into the SDK's tasks.

The event-to-ASGI bridge is written here (thirty lines) rather than adding Mangum: it
only has to carry one buffered request and collect one buffered response.
"""

from __future__ import annotations

import base64
from typing import Any

import anyio
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

from hard_e.api import concurrency
from hard_e.api.errors import ApiError, error_response
from hard_e.api.security import acting_as, admit, api_key_of, authenticate_key
from hard_e.bootstrap import services
from hard_e.deadline import Deadline, within
from hard_e.mcp_server.server import build_server

_server = build_server()  # built once per instance, like a warm Lambda's clients


def handle_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    headers = event.get("headers") or {}
    try:
        secret = api_key_of(headers)
        if not secret:
            raise ApiError(
                "send your Hard-E API key in X-Api-Key (or as a bearer token)",
                code="api_key_required",
                status=401,
            )
        principal, key = authenticate_key(secret)
        admission = admit(key, "/mcp")
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)
    method = event.get("requestContext", {}).get("http", {}).get("method", "POST")
    if method != "POST":
        # Stateless: no stream to hold open (GET) and no session to end (DELETE); the
        # spec's answer for both is 405.
        return error_response(
            405,
            "method_not_allowed",
            "this MCP server is stateless: send each message with POST",
            headers={"Allow": "POST", **admission.headers()},
        )
    # Not a Powertools app, so no resolver is held here; the tool calls keep to the time
    # the invocation has left, as REST calls do.
    reserve = services().settings.turn_reserve_seconds
    with acting_as(principal), within(Deadline.of_lambda(context, reserve=reserve)):
        status, out_headers, body = concurrency.run(_serve(event))
    out_headers.update(admission.headers())
    return {
        "statusCode": status,
        "headers": out_headers,
        "body": body.decode("utf-8"),
        "isBase64Encoded": False,
    }


async def _serve(event: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    manager = StreamableHTTPSessionManager(_server, stateless=True, json_response=True)
    http = event.get("requestContext", {}).get("http", {})
    raw = event.get("body") or ""
    body = base64.b64decode(raw) if event.get("isBase64Encoded") else str(raw).encode("utf-8")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": http.get("method", "POST"),
        "scheme": "https",
        "path": event.get("rawPath", "/mcp"),
        "raw_path": event.get("rawPath", "/mcp").encode(),
        "query_string": (event.get("rawQueryString") or "").encode(),
        "root_path": "",
        "headers": [
            (k.lower().encode("latin-1"), str(v).encode("latin-1"))
            for k, v in (event.get("headers") or {}).items()
        ],
        "client": (http.get("sourceIp", "127.0.0.1"), 0),
        "server": (event.get("requestContext", {}).get("domainName", "localhost"), 443),
    }
    delivered = False
    finished = anyio.Event()
    status = 500
    headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()  # the client stays connected until the answer is sent
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            for name, value in message.get("headers", []):
                headers[name.decode("latin-1")] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                finished.set()

    async with manager.run():
        await manager.handle_request(scope, receive, send)  # type: ignore[arg-type]
    return status, headers, b"".join(chunks)
