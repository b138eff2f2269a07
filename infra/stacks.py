"""The two stacks: stateful data (retained) and the stateless API that uses it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from hard_e.api.routes import FUNCTIONS, FunctionSpec
from infra import constants as c
from infra.assets import STAMP_NAME, LambdaAssets
from infra.features import (
    ApiFunction,
    AppSecrets,
    CredentialsKey,
    DataAccess,
    Database,
    DocumentsBucket,
    HttpApiRoutes,
)
from infra.features.api_function import ARCHITECTURE, RUNTIME
from infra.features.ingest_trigger import IngestOnUpload
from infra.features.learner_schedule import LearnOnSchedule
from infra.features.monitoring import Monitoring
from infra.features.sms_spend import SmsSpendLimit


class DataStack(Stack):
    """Everything that holds state: table, documents, CRM-credential key, secrets.

    Secrets live here rather than in the API stack so that replacing the API never
    rotates the JWT key or loses the Anthropic key an admin typed in.
    """

    def __init__(self, scope: Construct, construct_id: str, *, cors_origins: Sequence[str]) -> None:
        super().__init__(scope, construct_id, description="Hard-E data: table, documents, keys")
        self.database = Database(self, "Database")
        self.documents = DocumentsBucket(self, "Documents", cors_origins=cors_origins)
        self.credentials_key = CredentialsKey(self, "CrmCredentials")
        self.secrets = AppSecrets(self, "Secrets")
        CfnOutput(self, "TableName", value=self.database.table.table_name)
        CfnOutput(self, "BucketName", value=self.documents.bucket.bucket_name)
        CfnOutput(
            self,
            "AnthropicSecretName",
            value=self.secrets.anthropic_secret.secret_name,
            description="Put the Anthropic API key in this secret",
        )

    @property
    def access(self) -> DataAccess:
        return DataAccess(
            table=self.database.table,
            bucket=self.documents.bucket,
            crm_key=self.credentials_key.key,
            jwt_secret=self.secrets.jwt_secret,
            anthropic_secret=self.secrets.anthropic_secret,
        )


class ApiStack(Stack):
    """The HTTP API and one function per ``FunctionSpec``, code taken from ``assets``."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        data: DataAccess,
        assets: LambdaAssets,
        specs: tuple[FunctionSpec, ...] = FUNCTIONS,
        sender_email: str = "",
        cors_origins: Sequence[str] = (),
        alarm_email: str = "",
        sms_monthly_spend_usd: int = c.DEFAULT_SMS_MONTHLY_SPEND_USD,
        public_url: str = "",
    ) -> None:
        super().__init__(scope, construct_id, description="Hard-E API: HTTP API and functions")
        layer = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=lambda_.Code.from_asset(str(assets.layer_dir), exclude=[STAMP_NAME]),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="Hard-E runtime dependencies (pyproject dependencies)",
        )
        self.functions = {
            spec.name: ApiFunction(
                self,
                _construct_id(spec.name),
                spec=spec,
                code_dir=assets.function_dirs[spec.name],
                layer=layer,
                data=data,
                sender_email=sender_email,
                public_url=public_url,
            )
            for spec in specs
        }
        dead_letters: dict[str, sqs.IQueue] = {}
        for spec in specs:
            if spec.trigger == "schedule":
                schedule = LearnOnSchedule(
                    self,
                    _construct_id(spec.name) + "Schedule",
                    function=self.functions[spec.name].function,
                )
                dead_letters[spec.name] = schedule.dead_letters.queue
            if spec.trigger == "s3":
                trigger = IngestOnUpload(
                    self,
                    _construct_id(spec.name) + "OnUpload",
                    bucket_name=data.bucket.bucket_name,
                    function=self.functions[spec.name].function,
                )
                dead_letters[spec.name] = trigger.dead_letters.queue
        self.http_api = HttpApiRoutes(
            self,
            "Api",
            specs=specs,
            functions={name: f.function for name, f in self.functions.items()},
            cors_origins=cors_origins,
        )
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            api=self.http_api.api,
            functions={name: f.function for name, f in self.functions.items()},
            timeouts_s={spec.name: spec.timeout_s for spec in specs},
            dead_letters=dead_letters,
            alarm_email=alarm_email,
        )
        self.sms_spend = SmsSpendLimit(self, "SmsSpendLimit", usd=sms_monthly_spend_usd)
        CfnOutput(self, "ApiUrl", value=self.http_api.url)
        CfnOutput(self, "AlarmTopicArn", value=self.monitoring.topic.topic_arn)


def _construct_id(function_name: str) -> str:
    """``chat`` → ``ChatFunction``: stable logical ids derived from the function name."""
    return "".join(part.capitalize() for part in re.split(r"[-_]", function_name)) + "Function"
