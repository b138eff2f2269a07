"""Alarms to an SNS topic and one CloudWatch dashboard for the whole deployment.

The business metrics are those ``hard_e.observability`` emits (namespace ``HardE``,
dimension ``service``); the names come from that module so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from hard_e import observability as obs
from infra import constants as c

FIVE_MINUTES = Duration.minutes(5)


def business_metric(name: str, *, statistic: str = "Sum", **dimensions: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace=obs.NAMESPACE,
        metric_name=name,
        dimensions_map={"service": obs.SERVICE, **dimensions},
        statistic=statistic,
        period=FIVE_MINUTES,
    )


class Monitoring(Construct):
    """An alarm topic (optionally mailed to ``alarm_email``), the alarms, the dashboard."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api: apigwv2.HttpApi,
        functions: Mapping[str, lambda_.Function],
        timeouts_s: Mapping[str, int],
        dead_letters: Mapping[str, sqs.IQueue],
        alarm_email: str = "",
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Alarms", display_name="Hard-E alarms", enforce_ssl=True)
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self.alarms: list[cloudwatch.Alarm] = []

        self._alarm("Api5xx", api.metric_server_error(period=FIVE_MINUTES), "API answered 5xx")
        for name, function in functions.items():
            self._alarm(
                f"{name}-errors", function.metric_errors(period=FIVE_MINUTES), f"{name} failed"
            )
            self._alarm(
                f"{name}-throttles",
                function.metric_throttles(period=FIVE_MINUTES),
                f"{name} throttled",
            )
            limit_ms = timeouts_s[name] * 1000 * c.DURATION_ALARM_FRACTION
            self._alarm(
                f"{name}-duration",
                function.metric_duration(period=FIVE_MINUTES, statistic="p99"),
                f"{name} p99 duration near its timeout",
                threshold=limit_ms,
            )
        for name, queue in dead_letters.items():
            self._alarm(
                f"{name}-dead-letters",
                queue.metric_approximate_number_of_messages_visible(
                    period=FIVE_MINUTES, statistic="Maximum"
                ),
                f"{name} events in the dead-letter queue",
            )
        self._alarm(
            "ingest-failures",
            business_metric(obs.INGEST_FAILURES),
            "uploaded documents could not be read",
        )
        self._alarm(
            "leap-errors",
            business_metric(obs.LEAP_ERRORS),
            "Leap failing or unreachable",
            threshold=c.LEAP_ERRORS_ALARM,
        )
        self.dashboard = self._dashboard(api, functions, dead_letters)

    def _alarm(
        self, name: str, metric: cloudwatch.IMetric, what: str, *, threshold: float = 1
    ) -> None:
        alarm = cloudwatch.Alarm(
            self,
            f"{name}-alarm",
            metric=metric,
            alarm_description=f"Hard-E: {what}",
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)

    def _dashboard(
        self,
        api: apigwv2.HttpApi,
        functions: Mapping[str, lambda_.Function],
        dead_letters: Mapping[str, sqs.IQueue],
    ) -> cloudwatch.Dashboard:
        dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=c.DASHBOARD_NAME)

        def graph(title: str, metrics: Sequence[cloudwatch.IMetric]) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(title=title, left=list(metrics), width=8)

        dashboard.add_widgets(
            graph(
                "Conversation turns",
                [business_metric(obs.TURNS, channel=ch) for ch in ("chat", "agent", "voice")],
            ),
            graph(
                "Tool calls by tier", [business_metric(obs.TOOL_CALLS, tier=t) for t in obs.TIERS]
            ),
            graph(
                "Approvals",
                [business_metric(obs.APPROVALS, decision=d) for d in ("approved", "denied")],
            ),
        )
        dashboard.add_widgets(
            graph(
                "Leap latency (p50, p95)",
                [
                    business_metric(obs.LEAP_LATENCY, statistic="p50"),
                    business_metric(obs.LEAP_LATENCY, statistic="p95"),
                ],
            ),
            graph(
                "Leap errors, ingest failures",
                [business_metric(obs.LEAP_ERRORS), business_metric(obs.INGEST_FAILURES)],
            ),
            graph(
                "API: requests, 4xx, 5xx",
                [
                    api.metric_count(period=FIVE_MINUTES),
                    api.metric_client_error(period=FIVE_MINUTES),
                    api.metric_server_error(period=FIVE_MINUTES),
                ],
            ),
        )
        dashboard.add_widgets(
            graph(
                "Function errors",
                [f.metric_errors(period=FIVE_MINUTES) for f in functions.values()],
            ),
            graph(
                "Function p99 duration",
                [
                    f.metric_duration(period=FIVE_MINUTES, statistic="p99")
                    for f in functions.values()
                ],
            ),
            graph(
                "Dead letters",
                [
                    q.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES)
                    for q in dead_letters.values()
                ],
            ),
        )
        return dashboard
