"""Builds each Lambda function's HTTP app: a Powertools resolver plus the checks that
must run before it — body size and the bearer token — and one error envelope.

Powertools validates the body before any middleware runs, so those two checks happen
here, driven by the shared route table (:mod:`hard_e.api.routes`): a request without
a valid token never reaches validation or a route.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.catalog import routers_of
from hard_e.api.concurrency import resolving
from hard_e.api.errors import ApiError, error_body, error_response
from hard_e.api.routes import FUNCTIONS, FunctionSpec, match_route, path_exists
from hard_e.api.security import acting_as, admit, authenticate_request, check_audience
from hard_e.bootstrap import services
from hard_e.deadline import Deadline, within
from hard_e.observability import logger
from hard_e.tenancy.exceptions import TrialEndedError


class Api:
    """One function's HTTP entry point: ``handler(event, context) = api.handle(...)``."""

    def __init__(self, spec: FunctionSpec, *routers: APIGatewayHttpRouter) -> None:
        self.spec = spec
        self.routers = routers
        self.resolver = APIGatewayHttpResolver(enable_validation=True)
        _register_error_handlers(self.resolver)
        for router in routers:
            self.resolver.include_router(router)

    def _resolve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Powertools keeps the request on a class attribute shared by every resolver of
        # the process, so a resolver per request would not isolate threads: resolving
        # takes turns instead (see :mod:`hard_e.api.concurrency`).
        with resolving():
            result: dict[str, Any] = self.resolver.resolve(event, context)
        return result

    def handle(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        http = event.get("requestContext", {}).get("http", {})
        method, path = http.get("method", ""), event.get("rawPath", "")
        logger.append_keys(
            correlation_id=event.get("requestContext", {}).get("requestId"), tenant_id=None
        )
        reserve = services().settings.turn_reserve_seconds
        try:
            with within(Deadline.of_lambda(context, reserve=reserve)):
                return self._handle(event, context, method, path)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    def _handle(
        self, event: dict[str, Any], context: Any, method: str, path: str
    ) -> dict[str, Any]:
        limit = services().settings.max_body_bytes
        body = _raw_body(event)
        if len(body) > limit:
            return error_response(
                413, "payload_too_large", f"request body is over {limit // 1024} KB"
            )
        if not _is_json(event) and (body or _declares_form(event)):
            # Powertools would try to parse forms itself (and fail on a bad one): every
            # route here takes JSON, so anything else is refused before it.
            return error_response(
                415, "unsupported_media_type", "send the body as application/json"
            )
        if body and _is_json(event):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return error_response(400, "invalid_json", "the request body is not valid JSON")
            if json_depth(text) > MAX_JSON_DEPTH:  # json.loads would recurse until it breaks
                return error_response(
                    400, "too_deeply_nested", f"JSON may nest at most {MAX_JSON_DEPTH} levels"
                )
        match = match_route(method, path)
        if match is None or match.function.name != self.spec.name:
            if path_exists(path):
                return error_response(405, "method_not_allowed", f"{method} is not allowed here")
            return error_response(404, "not_found", "no such route")
        if match.route.public:
            return self._resolve(event, context)
        route = match.route
        principal, key = authenticate_request(event.get("headers"), agents=route.agents)
        logger.append_keys(tenant_id=principal.tenant_id)
        check_audience(principal, route.audience)  # one place for every company route
        admission = admit(key, route.path, converse=route.converse) if key else None
        with acting_as(principal):
            resolved = self._resolve(event, context)
        if admission is not None:
            resolved["headers"] = {**(resolved.get("headers") or {}), **admission.headers()}
        return resolved


def _raw_body(event: dict[str, Any]) -> bytes:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=False)
        except (binascii.Error, ValueError):
            return body.encode("utf-8")
    return str(body).encode("utf-8")


MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply a JSON text nests arrays and objects, without parsing it (brackets
    inside strings don't count). Linear time, no recursion."""
    depth = deepest = 0
    for c in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if c in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _is_json(event: dict[str, Any]) -> bool:
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "")
    return not content_type or content_type.startswith("application/json")


def _declares_form(event: dict[str, Any]) -> bool:
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    return "form" in headers.get("content-type", "").lower()


def _json(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers=headers or None,
    )


_PROBLEMS = {
    "missing": "is required",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_attributes_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "extra_forbidden": "is not a known field",
    "string_too_short": "is too short",
    "string_too_long": "is too long",
    "too_long": "has too many items",
    "literal_error": "is not one of the allowed values",
}


def _register_error_handlers(app: APIGatewayHttpResolver) -> None:
    @app.exception_handler(ApiError)
    def _api_error(exc: ApiError) -> Response[Any]:
        return _json(exc.status, error_body(exc.code, exc.message), exc.headers)

    @app.exception_handler(TrialEndedError)
    def _trial_ended(exc: TrialEndedError) -> Response[Any]:
        return _json(402, error_body("trial_ended", str(exc), reason=exc.reason))

    @app.exception_handler(RequestUnsupportedContentType)
    def _media_type(exc: RequestUnsupportedContentType) -> Response[Any]:
        return _json(415, error_body("unsupported_media_type", "send the body as application/json"))

    @app.exception_handler(RequestValidationError)
    def _validation(exc: RequestValidationError) -> Response[Any]:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _json(400, error_body("invalid_json", "the request body is not valid JSON"))
        details = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body",
                "problem": _PROBLEMS.get(e.get("type", ""), e.get("type", "invalid")),
            }
            for e in errors
        ]
        summary = "; ".join(f"{d['field']} {d['problem']}" for d in details[:5])
        return _json(
            422, error_body("validation_error", f"invalid request: {summary}", details=details)
        )

    @app.not_found
    def _not_found(exc: NotFoundError) -> Response[Any]:
        return _json(404, error_body("not_found", "no such route"))

    @app.exception_handler(Exception)
    def _bug(exc: Exception) -> Response[Any]:
        logger.exception("unhandled error")
        return _json(500, error_body("internal_error", "something went wrong on our side"))


def build_api(function_name: str) -> Api:
    """The app for one function in :data:`FUNCTIONS`, with exactly its routers."""
    spec = next(s for s in FUNCTIONS if s.name == function_name)
    return Api(spec, *routers_of(function_name))
