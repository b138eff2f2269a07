"""One Lambda function behind the HTTP API, with its own least-privilege role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from hard_e.api.routes import FunctionSpec
from infra import constants as c

RUNTIME = lambda_.Runtime.PYTHON_3_11
ARCHITECTURE = lambda_.Architecture.ARM_64
# The asset builder downloads wheels for the names in constants; the two must agree.
assert RUNTIME.name == f"python{c.PYTHON_VERSION}"
assert ARCHITECTURE.name == c.LAMBDA_ARCHITECTURE


@dataclass(frozen=True)
class DataAccess:
    """The data-stack resources a function may be granted access to."""

    table: dynamodb.ITable
    bucket: s3.IBucket
    crm_key: kms.IKey
    jwt_secret: secretsmanager.ISecret
    anthropic_secret: secretsmanager.ISecret


class ApiFunction(Construct):
    """Role + log group + function for one ``FunctionSpec``; grants follow ``FUNCTION_ACCESS``."""

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
    ) -> None:
        super().__init__(scope, construct_id)
        access = c.FUNCTION_ACCESS.get(spec.name, c.DEFAULT_ACCESS)

        self.log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays[c.LOG_RETENTION])
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Hard-E {spec.name} function",
        )
        self.log_group.grant_write(self.role)
        self._grant_table(data.table)
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["secretsmanager:GetSecretValue"],
                resources=[data.jwt_secret.secret_arn, data.anthropic_secret.secret_arn],
            )
        )
        if access.documents:
            self._grant_documents(data.bucket)
        if access.crm_credentials:
            self._grant_crm_key(data.crm_key)
        if access.messaging:
            self._grant_messaging(sender_email)

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
            environment={
                c.ENV_MODE: c.MODE_AWS,
                c.ENV_TABLE_NAME: data.table.table_name,
                c.ENV_BUCKET_NAME: data.bucket.bucket_name,
                c.ENV_JWT_SECRET_ARN: data.jwt_secret.secret_arn,
                c.ENV_ANTHROPIC_SECRET_ARN: data.anthropic_secret.secret_arn,
                c.ENV_CREDENTIALS_KEY_ARN: data.crm_key.key_arn,
                c.ENV_SENDER_EMAIL: sender_email if access.messaging else "",
                "POWERTOOLS_SERVICE_NAME": c.POWERTOOLS_SERVICE_NAME,
                "POWERTOOLS_METRICS_NAMESPACE": c.POWERTOOLS_METRICS_NAMESPACE,
                "LOG_LEVEL": c.LOG_LEVEL,
            },
        )

    def _grant_messaging(self, sender_email: str) -> None:
        self.role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(c.SNS_SMS_ACTIONS), resources=["*"])
        )
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                actions=list(c.SNS_SMS_ACTIONS),
                resources=[c.SNS_ALL_TOPICS],
            )
        )
        if sender_email:
            stack = Stack.of(self)
            domain = sender_email.rsplit("@", 1)[-1]
            identities = [
                stack.format_arn(service="ses", resource="identity", resource_name=name)
                for name in dict.fromkeys((sender_email, domain))
            ]
            self.role.add_to_principal_policy(
                iam.PolicyStatement(actions=list(c.SES_ACTIONS), resources=identities)
            )

    def _grant_table(self, table: dynamodb.ITable) -> None:
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.DYNAMODB_ACTIONS),
                resources=[table.table_arn, f"{table.table_arn}/index/*"],
            )
        )

    def _grant_documents(self, bucket: s3.IBucket) -> None:
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.S3_OBJECT_ACTIONS), resources=[bucket.arn_for_objects("*")]
            )
        )
        self.role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(c.S3_BUCKET_ACTIONS), resources=[bucket.bucket_arn])
        )

    def _grant_crm_key(self, key: kms.IKey) -> None:
        # Only with the encryption context the app always sends: a tenant and a CRM purpose.
        context = "kms:EncryptionContext:"
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.CRM_KEY_ACTIONS),
                resources=[key.key_arn],
                conditions={
                    "StringLike": {
                        context + c.CRM_CONTEXT_PURPOSE_KEY: c.CRM_CONTEXT_PURPOSE_PATTERN
                    },
                    "Null": {context + c.CRM_CONTEXT_TENANT_KEY: "false"},
                },
            )
        )
