"""Lambda entry point for the operators function (routes: see hard_e.api.routes)."""

from __future__ import annotations

from typing import Any

from hard_e.api.app import build_api, logger

api = build_api("operators")


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return api.handle(event, context)
