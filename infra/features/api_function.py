"""One Lambda function behind the HTTP API, with its own least-privilege role."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from hard_e.api.routes import FunctionSpec
from infra import constants as c
from infra.features.data_access import (
    DataAccess,
    access_of,
    app_environment,
    grant_data_access,
)

RUNTIME = lambda_.Runtime.PYTHON_3_11
ARCHITECTURE = lambda_.Architecture.ARM_64
# The asset builder downloads wheels for the names in constants; the two must agree.
assert RUNTIME.name == f"python{c.PYTHON_VERSION}"
assert ARCHITECTURE.name == c.LAMBDA_ARCHITECTURE


class ApiFunction(Construct):
    """Role, tenant role, log group and function for one ``FunctionSpec``; grants follow
    ``FUNCTION_ACCESS`` (see :mod:`infra.features.data_access`)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        code_dir: Path,
        layer: lambda_.ILayerVersion,
        data: DataAccess,
        sender_email: str = "",
        public_url: str = "",
    ) -> None:
        super().__init__(scope, construct_id)
        access = access_of(spec.name, agents=any(route.agents for route in spec.routes))

        self.log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays[c.LOG_RETENTION])
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Hard-E {spec.name} function",
        )
        self.log_group.grant_write(self.role)
        self.tenant_role = grant_data_access(
            self,
            self.role,
            data,
            access,
            sender_email=sender_email,
            description=f"Hard-E {spec.name} function",
        )

        self.function = lambda_.Function(
            self,
            "Function",
            description=f"Hard-E {spec.name}: {spec.description}",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=c.HANDLER,
            code=lambda_.Code.from_asset(str(code_dir)),
            layers=[layer],
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_s),
            role=self.role,
            log_group=self.log_group,
            environment=app_environment(
                data, access, tenant_role=self.tenant_role, sender_email=sender_email
            )
            | self._sms_countries(access)
            | ({c.ENV_PUBLIC_URL: public_url} if public_url else {}),
            tracing=lambda_.Tracing.ACTIVE,
        )

    def _sms_countries(self, access: c.FunctionAccess) -> dict[str, str]:
        """Where texts may go: ``-c hard-e:sms-country-codes=+1,+44`` (default +1)."""
        if not access.messaging:
            return {}
        codes = self.node.try_get_context(c.SMS_COUNTRIES_CONTEXT_KEY) or c.DEFAULT_SMS_COUNTRIES
        return {c.ENV_SMS_COUNTRY_CODES: str(codes)}
