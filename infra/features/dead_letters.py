"""A dead-letter queue for an event-driven function: nothing it fails on is lost."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import constants as c


class DeadLetters(Construct):
    """An encrypted, TLS-only SQS queue that receives, for ``function``, both events
    EventBridge could not deliver and invocations that failed after Lambda's retries."""

    def __init__(self, scope: Construct, construct_id: str, *, function: lambda_.Function) -> None:
        super().__init__(scope, construct_id)
        self.queue = sqs.Queue(
            self,
            "Queue",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(c.DEAD_LETTER_RETENTION_DAYS),
            removal_policy=RemovalPolicy.RETAIN,  # what is in it has not happened yet
        )
        function.configure_async_invoke(
            on_failure=destinations.SqsDestination(self.queue),
            retry_attempts=c.ASYNC_RETRY_ATTEMPTS,
            max_event_age=Duration.hours(c.INGEST_MAX_EVENT_AGE_HOURS),
        )
