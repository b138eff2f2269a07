"""Lambda entry point for ingest: "object created" events → the knowledge base.

Two real shapes arrive: S3 event notifications (``Records[].s3``, which the local server
fires) and S3's EventBridge "Object Created" events (what the deployed stack routes here).
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event, S3EventBridgeNotificationEvent

from hard_e.bootstrap import services
from hard_e.knowledge.documents import parse_document_key
from hard_e.observability import documents_failed, entrypoint
from hard_e.tenancy.scope import acting_for


def created_objects(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, etag) of every object the event says was created."""
    if "Records" in event:
        return [
            # notifications carry keys URL-encoded ("T%23..."; spaces as "+")
            (unquote_plus(r.s3.get_object.key), r.s3.get_object.etag or "")
            for r in S3Event(event).records
            if r.event_name.startswith("ObjectCreated")
        ]
    bridged = S3EventBridgeNotificationEvent(event)
    if bridged.source == "aws.s3" and bridged.detail_type == "Object Created":
        obj = bridged.detail.object
        # Document keys never contain "%" or "+", so either means the key arrived encoded.
        key = unquote_plus(obj.key) if ("%" in obj.key or "+" in obj.key) else obj.key
        return [(key, obj.etag or "")]
    return []


@entrypoint
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ingestor = services().ingestor
    outcomes = []
    for key, etag in created_objects(event):
        document = parse_document_key(key)
        # storage acts for the company whose folder the object is in (a key that is no
        # document is answered "ignored" without touching storage)
        with acting_for(document[0]) if document else nullcontext():
            outcomes.append(ingestor.ingest(key, etag=etag))
    documents_failed(sum(o.result == "failed" for o in outcomes))
    return {"processed": [o.__dict__ for o in outcomes]}
