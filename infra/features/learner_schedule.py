"""The learner runs on an EventBridge schedule and learns from sessions gone idle."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import constants as c


class LearnOnSchedule(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, function: lambda_.IFunction) -> None:
        super().__init__(scope, construct_id)
        self.rule = events.Rule(
            self,
            "Rule",
            description="Hard-E: learn from conversations that have gone quiet",
            schedule=events.Schedule.rate(Duration.minutes(c.LEARNER_RATE_MINUTES)),
            targets=[targets.LambdaFunction(function, retry_attempts=0)],
        )
