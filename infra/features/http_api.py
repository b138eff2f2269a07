"""The HTTP API: one route per entry in ``hard_e.api.routes.FUNCTIONS``, on a stage with
throttling, JSON access logs and an explicit CORS policy."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import jsii
from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from hard_e.api.routes import FunctionSpec
from infra import constants as c

# One JSON line per request: who, what, how it ended (no headers, no bodies, no tokens).
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "time": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "method": "$context.httpMethod",
    "route": "$context.routeKey",
    "status": "$context.status",
    "latencyMs": "$context.responseLatency",
    "integrationError": "$context.integrationErrorMessage",
    "bytes": "$context.responseLength",
}


class HttpApiRoutes(Construct):
    """An HTTP API whose routes come from the same table the local server uses."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        specs: tuple[FunctionSpec, ...],
        functions: Mapping[str, lambda_.IFunction],
        cors_origins: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, construct_id)
        cors = (
            apigwv2.CorsPreflightOptions(
                allow_origins=list(cors_origins),
                allow_methods=[apigwv2.CorsHttpMethod.ANY],
                allow_headers=list(c.CORS_ALLOWED_HEADERS),
                expose_headers=list(c.CORS_EXPOSED_HEADERS),
                max_age=Duration.seconds(c.CORS_MAX_AGE_S),
            )
            if cors_origins
            else None  # the web app is served from the same origin (CloudFront)
        )
        self.api = apigwv2.HttpApi(
            self,
            "HttpApi",
            description="Hard-E public API (tokens are checked in the functions)",
            create_default_stage=False,
            cors_preflight=cors,
        )
        self.access_logs = logs.LogGroup(
            self, "AccessLogs", retention=logs.RetentionDays[c.LOG_RETENTION]
        )
        self.stage = apigwv2.HttpStage(
            self,
            "Stage",
            http_api=self.api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=c.API_THROTTLE_RATE, burst_limit=c.API_THROTTLE_BURST
            ),
            access_log_settings=_AccessLogs(self.access_logs),
        )
        braked: dict[str, dict[str, float]] = {}
        for spec in specs:
            integration = integrations.HttpLambdaIntegration(
                f"{spec.name}-integration", functions[spec.name]
            )
            for route in spec.routes:
                self.api.add_routes(
                    path=route.path,
                    methods=[apigwv2.HttpMethod(route.method)],
                    integration=integration,
                )
                key = f"{route.method} {route.path}"
                if key in c.BRAKED_ROUTES:
                    braked[key] = {
                        "ThrottlingRateLimit": c.LOGIN_THROTTLE_RATE,
                        "ThrottlingBurstLimit": c.LOGIN_THROTTLE_BURST,
                    }
        stage = self.stage.node.default_child
        assert isinstance(stage, apigwv2.CfnStage)
        if braked:
            stage.add_property_override("RouteSettings", braked)

    @property
    def url(self) -> str:
        """The stage's invoke URL."""
        return self.stage.url


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogs:
    """``IAccessLogSettings`` for the stage: JSON lines into the given log group."""

    def __init__(self, group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(group)
        self._format = apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FORMAT))

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return self._format
