"""Uploaded documents wake the ingest function: S3's "Object Created" events via EventBridge."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import constants as c
from infra.features.dead_letters import DeadLetters


class IngestOnUpload(Construct):
    """Only uploaded documents (``T#<tenant>/docs/…``) match: the chunks and indexes that
    ingest writes itself do not wake it again. Undeliverable or failed events land in the
    dead-letter queue."""

    def __init__(
        self, scope: Construct, construct_id: str, *, bucket_name: str, function: lambda_.Function
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letters = DeadLetters(self, "DeadLetters", function=function)
        self.rule = events.Rule(
            self,
            "Rule",
            description="Hard-E: read newly uploaded documents into the knowledge base",
            event_pattern=events.EventPattern(
                source=["aws.s3"],
                detail_type=["Object Created"],
                detail={
                    "bucket": {"name": [bucket_name]},
                    "object": {"key": events.Match.wildcard(c.DOCUMENT_KEY_WILDCARD)},
                },
            ),
            targets=[
                targets.LambdaFunction(
                    function,
                    retry_attempts=c.INGEST_RETRY_ATTEMPTS,
                    max_event_age=Duration.hours(c.INGEST_MAX_EVENT_AGE_HOURS),
                    dead_letter_queue=self.dead_letters.queue,
                )
            ],
        )
