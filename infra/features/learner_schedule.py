"""The learner runs on an EventBridge schedule and learns from sessions gone idle."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import constants as c
from infra.features.dead_letters import DeadLetters


class LearnOnSchedule(Construct):
    """Every few minutes; a run that fails is kept in the dead-letter queue (the queue
    of sessions itself stays in the table, so the next run picks them up anyway)."""

    def __init__(self, scope: Construct, construct_id: str, *, function: lambda_.Function) -> None:
        super().__init__(scope, construct_id)
        self.dead_letters = DeadLetters(self, "DeadLetters", function=function)
        self.rule = events.Rule(
            self,
            "Rule",
            description="Hard-E: learn from conversations that have gone quiet",
            schedule=events.Schedule.rate(Duration.minutes(c.LEARNER_RATE_MINUTES)),
            targets=[
                targets.LambdaFunction(
                    function, retry_attempts=0, dead_letter_queue=self.dead_letters.queue
                )
            ],
        )
