"""Logs, metrics and traces for every entry point: one Powertools Logger, Metrics, Tracer.

Every Lambda handler (and the voice worker) wraps its entry in :func:`entrypoint`: the
request's correlation id and company go into each log line, metrics are flushed as
CloudWatch EMF when the invocation ends, X-Ray traces the handler, and the company bound
to the request (:mod:`hard_e.tenancy.scope`) is forgotten afterwards.

Business metrics (namespace ``HardE``, dimension ``service``): ``Turns`` (by
``channel``), ``ToolCalls`` (by ``tier``), ``Approvals`` (by ``decision``),
``LeapErrors``, ``LeapLatency`` and ``IngestFailures``. The alarms and dashboard in
``infra/`` read exactly these names, kept in :data:`METRICS`. The voice worker also
counts ``SpeechFallbacks`` (by ``engine`` and ``vendor``): a call moving off a speech
service that failed. Outside Lambda nothing is
emitted unless ``POWERTOOLS_METRICS_DISABLED=false`` says so (tests): ``make run`` stays
quiet.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from hard_e.tenancy.scope import request_scope

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

SERVICE = "hard-e"
NAMESPACE = "HardE"

TURNS = "Turns"
TOOL_CALLS = "ToolCalls"
APPROVALS = "Approvals"
LEAP_ERRORS = "LeapErrors"
LEAP_LATENCY = "LeapLatency"
INGEST_FAILURES = "IngestFailures"
SPEECH_FALLBACKS = "SpeechFallbacks"
METRICS = (TURNS, TOOL_CALLS, APPROVALS, LEAP_ERRORS, LEAP_LATENCY, INGEST_FAILURES)
TIERS = ("green", "yellow", "red")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

Handler = TypeVar("Handler", bound=Callable[..., Any])


def entrypoint(handler: Handler) -> Handler:
    """Wrap a Lambda handler: correlation id + log context, metrics flush, tracing, and a
    fresh tenant scope per invocation."""

    @functools.wraps(handler)
    def scoped(event: Any, context: Any) -> Any:
        with request_scope():
            return handler(event, context)

    wrapped: Callable[..., Any] = logger.inject_lambda_context(
        scoped, correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
    )
    if _emitting():
        wrapped = metrics.log_metrics(wrapped)
    if _tracing():
        wrapped = tracer().capture_lambda_handler(wrapped, capture_response=False)
    return wrapped  # type: ignore[return-value]


@functools.cache
def tracer() -> Tracer:
    """The X-Ray tracer, built on first use: the SDK costs a cold start ~0.1-0.5 s, so it
    is imported only where X-Ray is on (a Lambda with active tracing)."""
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)


def _tracing() -> bool:
    return "AWS_XRAY_DAEMON_ADDRESS" in os.environ and os.environ.get(
        "POWERTOOLS_TRACE_DISABLED", ""
    ).lower() not in ("true", "1")


def turn_taken(channel: str) -> None:
    """One conversation turn answered (``chat``, ``agent``, ``voice``)."""
    _record(TURNS, 1, MetricUnit.Count, channel=channel)


def tool_called(tier: str) -> None:
    """One tool call through the safety gate, by its tier."""
    _record(TOOL_CALLS, 1, MetricUnit.Count, tier=tier)


def approval_decided(decision: str) -> None:
    """A red action approved or denied by a person."""
    _record(APPROVALS, 1, MetricUnit.Count, decision=decision)


def leap_answered(seconds: float, *, failed: bool) -> None:
    """One Leap request: its latency, and an error when it failed."""
    _record(LEAP_LATENCY, seconds * 1000, MetricUnit.Milliseconds)
    if failed:
        _record(LEAP_ERRORS, 1, MetricUnit.Count)


def speech_fell_back(engine: str, vendor: str) -> None:
    """A call's speech-to-text (``stt``) or text-to-speech (``tts``) moved off ``vendor``."""
    _record(SPEECH_FALLBACKS, 1, MetricUnit.Count, engine=engine, vendor=vendor)


def documents_failed(count: int) -> None:
    """Uploaded documents that could not be read into the knowledge base."""
    if count:
        _record(INGEST_FAILURES, count, MetricUnit.Count)


def _emitting() -> bool:
    flag = os.environ.get("POWERTOOLS_METRICS_DISABLED", "").lower()
    if flag in ("true", "1"):
        return False
    return flag in ("false", "0") or "AWS_LAMBDA_FUNCTION_NAME" in os.environ


def _record(name: str, value: float, unit: MetricUnit, **dimensions: str) -> None:
    """One data point as its own EMF record, so each can carry its own dimension."""
    if not _emitting():
        return
    try:
        with single_metric(
            name=name, unit=unit, value=value, namespace=NAMESPACE, default_dimensions=None
        ) as metric:
            metric.add_dimension(name="service", value=SERVICE)
            for key, item in dimensions.items():
                metric.add_dimension(name=key, value=item)
    except Exception:  # a metric must never break the request it describes
        logger.exception("could not record metric", extra={"metric": name})
