"""Lambda entry point for the learner: an EventBridge schedule → learn from idle sessions."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source

from hard_e import aio
from hard_e.bootstrap import services
from hard_e.observability import entrypoint, logger


@entrypoint
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: Any) -> dict[str, Any]:
    if event.detail_type != "Scheduled Event":
        logger.warning("learner ignored an event", extra={"detail_type": event.detail_type})
        return {"ignored": event.detail_type}
    report = aio.run(services().learner.run())
    return report.as_dict()
