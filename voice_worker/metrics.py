"""On AWS: the number of calls this task carries, as the Powertools metric ``ActiveCalls``
(CloudWatch EMF on stdout), every ``metrics_every_seconds``; the service scales on it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

METRIC = "ActiveCalls"


def report_calls(count: int, metrics: Metrics | None = None) -> None:
    metrics = metrics or Metrics()  # namespace and service from POWERTOOLS_* (the task's env)
    metrics.add_metric(name=METRIC, unit=MetricUnit.Count, value=count)
    metrics.flush_metrics()


async def report_forever(count: Callable[[], int], every: float) -> None:
    while True:
        report_calls(count())
        await asyncio.sleep(every)
