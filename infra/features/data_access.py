"""Access to the data stack, shared by everything that runs Hard-E code: grants and settings.

Lambda functions and the Fargate voice task run the same core library, so they get the
same grants from here: the table without Scan or admin, documents objects, the CRM key
only with a tenant's encryption context, SMS without topics, SES from the sender only.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager

from infra import constants as c


@dataclass(frozen=True)
class DataAccess:
    """The data-stack resources a function may be granted access to."""

    table: dynamodb.ITable
    bucket: s3.IBucket
    crm_key: kms.IKey
    jwt_secret: secretsmanager.ISecret
    anthropic_secret: secretsmanager.ISecret


def app_environment(data: DataAccess, *, sender_email: str = "") -> dict[str, str]:
    """What ``hard_e.config.Settings`` reads in AWS mode: resource names, secret ARNs, logging."""
    return {
        c.ENV_MODE: c.MODE_AWS,
        c.ENV_TABLE_NAME: data.table.table_name,
        c.ENV_BUCKET_NAME: data.bucket.bucket_name,
        c.ENV_JWT_SECRET_ARN: data.jwt_secret.secret_arn,
        c.ENV_ANTHROPIC_SECRET_ARN: data.anthropic_secret.secret_arn,
        c.ENV_CREDENTIALS_KEY_ARN: data.crm_key.key_arn,
        c.ENV_SENDER_EMAIL: sender_email,
        "POWERTOOLS_SERVICE_NAME": c.POWERTOOLS_SERVICE_NAME,
        "POWERTOOLS_METRICS_NAMESPACE": c.POWERTOOLS_METRICS_NAMESPACE,
        "LOG_LEVEL": c.LOG_LEVEL,
    }


def grant_data_access(
    role: iam.IRole, data: DataAccess, access: c.FunctionAccess, *, sender_email: str = ""
) -> None:
    """Give ``role`` the table, the app secrets and what ``access`` switches on."""
    _grant_table(role, data.table)
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"],
            resources=[data.jwt_secret.secret_arn, data.anthropic_secret.secret_arn],
        )
    )
    if access.documents:
        _grant_documents(role, data.bucket)
    if access.crm_credentials:
        _grant_crm_key(role, data.crm_key)
    if access.messaging:
        _grant_messaging(role, sender_email)


def _grant_messaging(role: iam.IRole, sender_email: str) -> None:
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=list(c.SNS_SMS_ACTIONS), resources=["*"])
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            effect=iam.Effect.DENY,
            actions=list(c.SNS_SMS_ACTIONS),
            resources=[c.SNS_ALL_TOPICS],
        )
    )
    if sender_email:
        stack = Stack.of(role)
        domain = sender_email.rsplit("@", 1)[-1]
        identities = [
            stack.format_arn(service="ses", resource="identity", resource_name=name)
            for name in dict.fromkeys((sender_email, domain))
        ]
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=list(c.SES_ACTIONS), resources=identities)
        )


def _grant_table(role: iam.IRole, table: dynamodb.ITable) -> None:
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=list(c.DYNAMODB_ACTIONS),
            resources=[table.table_arn, f"{table.table_arn}/index/*"],
        )
    )


def _grant_documents(role: iam.IRole, bucket: s3.IBucket) -> None:
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=list(c.S3_OBJECT_ACTIONS), resources=[bucket.arn_for_objects("*")]
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=list(c.S3_BUCKET_ACTIONS), resources=[bucket.bucket_arn])
    )


def _grant_crm_key(role: iam.IRole, key: kms.IKey) -> None:
    # Only with the encryption context the app always sends: a tenant and a CRM purpose.
    context = "kms:EncryptionContext:"
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=list(c.CRM_KEY_ACTIONS),
            resources=[key.key_arn],
            conditions={
                "StringLike": {context + c.CRM_CONTEXT_PURPOSE_KEY: c.CRM_CONTEXT_PURPOSE_PATTERN},
                "Null": {context + c.CRM_CONTEXT_TENANT_KEY: "false"},
            },
        )
    )
