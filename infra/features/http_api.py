"""The HTTP API: one route per entry in ``hard_e.api.routes.FUNCTIONS``."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from hard_e.api.routes import FunctionSpec


class HttpApiRoutes(Construct):
    """An HTTP API whose routes come from the same table the local server uses."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        specs: tuple[FunctionSpec, ...],
        functions: Mapping[str, lambda_.IFunction],
    ) -> None:
        super().__init__(scope, construct_id)
        self.api = apigwv2.HttpApi(
            self, "HttpApi", description="Hard-E public API (tokens are checked in the functions)"
        )
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

    @property
    def url(self) -> str:
        """The default stage's invoke URL."""
        url = self.api.url
        assert url is not None  # the default stage is always created
        return url
