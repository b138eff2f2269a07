"""One Lambda function behind the HTTP API, with its own least-privilege role."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    """Two roles, a log group and the function for one ``FunctionSpec``.

    The function's own role holds only what needs no company: its logs, the secrets it
    uses, messaging, the global partitions of ``FUNCTION_ACCESS`` and the right to
    assume its tenant role. The tenant role — assumed with the session tag
    ``tenant=<id>`` after the caller is verified — holds the table, bucket and key, each
    limited by that tag.
    """

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
        access = access_of(spec)

        self.log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays[c.LOG_RETENTION])
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Hard-E {spec.name} function",
        )
        self.tenant_role = iam.Role(
            self,
            "TenantRole",
            assumed_by=iam.SessionTagsPrincipal(
                iam.ArnPrincipal(self.role.role_arn).with_conditions(
                    {"StringLike": {f"aws:RequestTag/{c.TENANT_TAG}": c.TENANT_ID_PATTERN}}
                )
            ),
            max_session_duration=Duration.hours(1),
            description=f"Hard-E {spec.name} function, acting for one company (session tag)",
        )
        self.log_group.grant_write(self.role)
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.STS_TENANT_ACTIONS), resources=[self.tenant_role.role_arn]
            )
        )
        secrets = [
            secret.secret_arn
            for secret, needed in (
                (data.jwt_secret, access.signing_key),
                (data.anthropic_secret, access.claude),
            )
            if needed
        ]
        if secrets:
            self.role.add_to_principal_policy(
                iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=secrets)
            )
        for grant in access.global_grants:
            for role in (self.role, self.tenant_role):  # before and after the caller is known
                role.add_to_principal_policy(_global_statement(data.table, grant))
        self._grant_tenant_table(data.table)
        if access.documents:
            self._grant_tenant_documents(data.bucket, write=access.documents == "write")
        if access.crm_credentials:
            self._grant_tenant_crm_key(data.crm_key)
        if access.messaging:
            self._grant_messaging(sender_email)

        environment = {
            c.ENV_MODE: c.MODE_AWS,
            c.ENV_TABLE_NAME: data.table.table_name,
            c.ENV_BUCKET_NAME: data.bucket.bucket_name,
            c.ENV_TENANT_ROLE_ARN: self.tenant_role.role_arn,
            c.ENV_CREDENTIALS_KEY_ARN: data.crm_key.key_arn,
            c.ENV_SENDER_EMAIL: sender_email if access.messaging else "",
            "POWERTOOLS_SERVICE_NAME": c.POWERTOOLS_SERVICE_NAME,
            "POWERTOOLS_METRICS_NAMESPACE": c.POWERTOOLS_METRICS_NAMESPACE,
            "LOG_LEVEL": c.LOG_LEVEL,
        }
        if access.signing_key:
            environment[c.ENV_JWT_SECRET_ARN] = data.jwt_secret.secret_arn
        if access.claude:
            environment[c.ENV_ANTHROPIC_SECRET_ARN] = data.anthropic_secret.secret_arn
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
            environment=environment,
        )

    def _grant_messaging(self, sender_email: str) -> None:
        self.role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(c.SNS_SMS_ACTIONS), resources=["*"])
        )
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                actions=list(c.SNS_SMS_ACTIONS),
                resources=list(c.SNS_ALL_TOPICS),
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

    def _grant_tenant_table(self, table: dynamodb.ITable) -> None:
        """Every item whose partition key begins with ``T#<the session's tenant>#``."""
        self.tenant_role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.DYNAMODB_ACTIONS),
                resources=[table.table_arn, f"{table.table_arn}/index/*"],
                conditions={
                    "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [c.TENANT_LEADING_KEY]}
                },
            )
        )

    def _grant_tenant_documents(self, bucket: s3.IBucket, *, write: bool) -> None:
        """Objects under ``T#<the session's tenant>/`` only; read-only unless ``write``."""
        actions = c.S3_WRITE_ACTIONS if write else c.S3_READ_ACTIONS
        self.tenant_role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(actions),
                resources=[bucket.arn_for_objects(f"{c.TENANT_OBJECT_PREFIX}*")],
            )
        )

    def _grant_tenant_crm_key(self, key: kms.IKey) -> None:
        """The key only with this company's encryption context, for CRM credentials."""
        context = "kms:EncryptionContext:"
        self.tenant_role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(c.CRM_KEY_ACTIONS),
                resources=[key.key_arn],
                conditions={
                    "StringEquals": {context + c.CRM_CONTEXT_TENANT_KEY: c.TENANT_TAG_VARIABLE},
                    "StringLike": {
                        context + c.CRM_CONTEXT_PURPOSE_KEY: c.CRM_CONTEXT_PURPOSE_PATTERN
                    },
                },
            )
        )


def access_of(spec: FunctionSpec) -> c.FunctionAccess:
    """``FUNCTION_ACCESS`` for the function, plus the API-key lookup if agents call it."""
    access = c.FUNCTION_ACCESS.get(spec.name, c.DEFAULT_ACCESS)
    if any(route.agents for route in spec.routes) and c.API_KEY_LOOKUP not in access.global_grants:
        access = replace(access, global_grants=(*access.global_grants, c.API_KEY_LOOKUP))
    return access


def _global_statement(table: dynamodb.ITable, grant: c.GlobalGrant) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=list(grant.actions),
        resources=[table.table_arn],
        conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [grant.leading_key]}},
    )
