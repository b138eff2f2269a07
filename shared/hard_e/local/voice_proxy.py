"""Locally, ``/api/offer`` (POST, PATCH, and GET: the page's watch on its call) on the main
server is forwarded to the voice worker on its own port, so the web page stays
same-origin. On AWS the page talks to the voice service's own URL instead."""

from __future__ import annotations

import json

import httpx

from hard_e.api.errors import error_body
from hard_e.bootstrap import services

OFFER_PATH = "/api/offer"
FORWARDED = ("authorization", "content-type")
METHODS = ("POST", "PATCH", "GET")
TIMEOUT_SECONDS = 30.0  # above the watch's longest wait (voice_worker.app.MAX_WATCH_SECONDS)


def forward_offer(
    method: str, headers: dict[str, str], body: bytes, query: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of the voice worker's answer, or a clear error."""
    settings = services().settings
    if method not in METHODS:
        return _error(405, "method_not_allowed", f"{method} is not allowed here")
    if not settings.voice:
        return _error(503, "voice_off", "voice is switched off here (HARD_E_VOICE=0)")
    sent = {k: v for k, v in headers.items() if k.lower() in FORWARDED}
    url = f"http://127.0.0.1:{settings.voice_port}{OFFER_PATH}" + (f"?{query}" if query else "")
    try:
        response = httpx.request(
            method, url, headers=sent, content=body or None, timeout=TIMEOUT_SECONDS
        )
    except httpx.HTTPError:
        return _error(503, "voice_unavailable", "the voice worker is not running; try again soon")
    kept = {"Content-Type": response.headers.get("content-type", "application/json")}
    return response.status_code, kept, response.content


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(error_body(code, message)).encode()
    return status, {"Content-Type": "application/json"}, body
