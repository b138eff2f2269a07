"""Lambda entry point for the documents function (routes: see hard_e.api.routes)."""

from __future__ import annotations

from typing import Any

from hard_e.api.app import build_api
from hard_e.observability import entrypoint

api = build_api("documents")


@entrypoint
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return api.handle(event, context)
