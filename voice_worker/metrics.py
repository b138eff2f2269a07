"""What the worker measures: on AWS the number of calls this task carries, as the
Powertools metric ``ActiveCalls`` (CloudWatch EMF on stdout) every
``metrics_every_seconds`` (the service scales on it); and every call's per-turn latency
breakdown from pipecat's ``UserBotLatencyObserver`` (:class:`LatencyLog`)."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit
from pipecat.observers.user_bot_latency_observer import (
    LatencyBreakdown,
    UserBotLatencyObserver,
)

logger = logging.getLogger(__name__)

METRIC = "ActiveCalls"


def report_calls(count: int, metrics: Metrics | None = None) -> None:
    metrics = metrics or Metrics()  # namespace and service from POWERTOOLS_* (the task's env)
    metrics.add_metric(name=METRIC, unit=MetricUnit.Count, value=count)
    metrics.flush_metrics()


async def report_forever(count: Callable[[], int], every: float) -> None:
    while True:
        report_calls(count())
        await asyncio.sleep(every)


@dataclass(frozen=True)
class TurnTiming:
    """One measured stretch: end of the rep's speech (or the rep connecting, for the
    greeting) → the first bot audio, named part by part by pipecat's observer."""

    measured_from: str  # "user_silence" | "client_connected"
    total: float
    parts: tuple[tuple[str, str, float], ...]  # (label, owner, seconds), in order
    user_turn: float | None  # end of speech → turn released (VAD, STT, Smart Turn)

    @classmethod
    def of(cls, breakdown: LatencyBreakdown) -> TurnTiming:
        return cls(
            measured_from=str(breakdown.measured_from or ""),
            total=breakdown.total_secs,
            parts=tuple((c.label, c.owner, c.duration_secs) for c in breakdown.contributions),
            user_turn=breakdown.user_turn_secs,
        )

    def seconds(self, label: str) -> float:
        return sum(s for part, _, s in self.parts if part == label)

    def line(self) -> str:
        named = ", ".join(f"{label} {s * 1000:.0f} ms [{owner}]" for label, owner, s in self.parts)
        return f"{self.measured_from} → first bot audio {self.total * 1000:.0f} ms: {named}"


class LatencyLog:
    """The latest turn timings of this process (each call's ``UserBotLatencyObserver``
    adds to it), also logged one line per turn."""

    def __init__(self, keep: int = 5000) -> None:
        self.turns: deque[TurnTiming] = deque(maxlen=keep)

    def observer(self) -> UserBotLatencyObserver:
        """A new observer for one call's pipeline."""
        observer = UserBotLatencyObserver()

        @observer.event_handler("on_latency_breakdown")
        async def measured(_observer: object, breakdown: LatencyBreakdown) -> None:
            if not breakdown.contributions:
                return
            timing = TurnTiming.of(breakdown)
            self.turns.append(timing)
            logger.info("voice latency: %s", timing.line())

        return observer
