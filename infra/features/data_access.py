"""Access to the data stack, shared by everything that runs Hard-E code: grants and settings.

Lambda functions and the Fargate voice task run the same core library, so they get the
same grants from here. The caller's own role holds nothing of any company: its secrets,
messaging, the global partitions it uses and the right to assume its **tenant role**.
The tenant role — assumed with the session tag ``tenant=<id>`` once the caller is
verified (``hard_e.storage.tenant_role``) — holds the table, bucket and key, each limited
by that tag (the AWS SaaS Factory pattern).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra import constants as c


@dataclass(frozen=True)
class DataAccess:
    """The data-stack resources a function may be granted access to."""

    table: dynamodb.ITable
    bucket: s3.IBucket
    crm_key: kms.IKey
    jwt_secret: secretsmanager.ISecret
    anthropic_secret: secretsmanager.ISecret


def app_environment(
    data: DataAccess,
    access: c.FunctionAccess = c.DEFAULT_ACCESS,
    *,
    tenant_role: iam.IRole | None = None,
    sender_email: str = "",
) -> dict[str, str]:
    """What ``hard_e.config.Settings`` reads in AWS mode: resource names, the tenant role,
    the ARNs of exactly the secrets ``access`` may read, logging."""
    environment = {
        c.ENV_MODE: c.MODE_AWS,
        c.ENV_TABLE_NAME: data.table.table_name,
        c.ENV_BUCKET_NAME: data.bucket.bucket_name,
        c.ENV_CREDENTIALS_KEY_ARN: data.crm_key.key_arn,
        c.ENV_SENDER_EMAIL: sender_email if access.messaging else "",
        "POWERTOOLS_SERVICE_NAME": c.POWERTOOLS_SERVICE_NAME,
        "POWERTOOLS_METRICS_NAMESPACE": c.POWERTOOLS_METRICS_NAMESPACE,
        "LOG_LEVEL": c.LOG_LEVEL,
    }
    if tenant_role is not None:
        environment[c.ENV_TENANT_ROLE_ARN] = tenant_role.role_arn
    if access.signing_key:
        environment[c.ENV_JWT_SECRET_ARN] = data.jwt_secret.secret_arn
    if access.claude:
        environment[c.ENV_ANTHROPIC_SECRET_ARN] = data.anthropic_secret.secret_arn
    return environment


def grant_data_access(
    scope: Construct,
    role: iam.IRole,
    data: DataAccess,
    access: c.FunctionAccess,
    *,
    sender_email: str = "",
    description: str = "Hard-E",
) -> iam.Role | None:
    """Give ``role`` what ``access`` names; returns the tenant role it may assume (None for
    the listed company-wide callers, whose own role holds the data grants)."""
    secrets = [
        secret.secret_arn
        for secret, needed in (
            (data.jwt_secret, access.signing_key),
            (data.anthropic_secret, access.claude),
        )
        if needed
    ]
    if secrets:
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=secrets)
        )
    if access.messaging:
        _grant_messaging(role, sender_email)
    if access.company_wide:
        _grant_company_wide(role, data, access)
        return None
    tenant_role = iam.Role(
        scope,
        "TenantRole",
        assumed_by=iam.SessionTagsPrincipal(
            iam.ArnPrincipal(role.role_arn).with_conditions(
                {"StringLike": {f"aws:RequestTag/{c.TENANT_TAG}": c.TENANT_ID_PATTERN}}
            )
        ),
        max_session_duration=Duration.hours(1),
        description=f"{description}, acting for one company (session tag {c.TENANT_TAG})",
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=list(c.STS_TENANT_ACTIONS), resources=[tenant_role.role_arn])
    )
    for grant in access.global_grants:
        for holder in (role, tenant_role):  # before and after the caller is known
            holder.add_to_principal_policy(_global_statement(data.table, grant))
    tenant_role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=list(c.DYNAMODB_ACTIONS),
            resources=[data.table.table_arn, f"{data.table.table_arn}/index/*"],
            conditions={
                "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [c.TENANT_LEADING_KEY]}
            },
        )
    )
    if access.documents:
        actions = c.S3_WRITE_ACTIONS if access.documents == "write" else c.S3_READ_ACTIONS
        tenant_role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(actions),
                resources=[data.bucket.arn_for_objects(f"{c.TENANT_OBJECT_PREFIX}*")],
            )
        )
    if access.crm_credentials:
        tenant_role.add_to_principal_policy(
            _crm_key_statement(
                data.crm_key, {"StringEquals": {_CONTEXT_TENANT: c.TENANT_TAG_VARIABLE}}
            )
        )
    return tenant_role


def access_of(name: str, *, agents: bool = False) -> c.FunctionAccess:
    """``FUNCTION_ACCESS`` for ``name``, plus the API-key lookup when agents call it."""
    from dataclasses import replace

    access = c.FUNCTION_ACCESS.get(name, c.DEFAULT_ACCESS)
    if agents and c.API_KEY_LOOKUP not in access.global_grants:
        access = replace(access, global_grants=(*access.global_grants, c.API_KEY_LOOKUP))
    return access


_CONTEXT = "kms:EncryptionContext:"
_CONTEXT_TENANT = _CONTEXT + c.CRM_CONTEXT_TENANT_KEY


def _crm_key_statement(
    key: kms.IKey, tenant_condition: dict[str, dict[str, str]]
) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=list(c.CRM_KEY_ACTIONS),
        resources=[key.key_arn],
        conditions={
            **tenant_condition,
            "StringLike": {_CONTEXT + c.CRM_CONTEXT_PURPOSE_KEY: c.CRM_CONTEXT_PURPOSE_PATTERN},
        },
    )


def _global_statement(table: dynamodb.ITable, grant: c.GlobalGrant) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        actions=list(grant.actions),
        resources=[table.table_arn],
        conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [grant.leading_key]}},
    )


def _grant_company_wide(role: iam.IRole, data: DataAccess, access: c.FunctionAccess) -> None:
    """The exceptions listed in ``COMPANY_WIDE``: every company's items, objects, key use."""
    scan = ("dynamodb:Scan",) if access.table_scan else ()
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=[*c.DYNAMODB_ACTIONS, *scan],
            resources=[data.table.table_arn, f"{data.table.table_arn}/index/*"],
        )
    )
    if access.documents:
        actions = c.S3_WRITE_ACTIONS if access.documents == "write" else c.S3_READ_ACTIONS
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=list(actions), resources=[data.bucket.arn_for_objects("T#*")]
            )
        )
    if access.crm_credentials:
        role.add_to_principal_policy(
            _crm_key_statement(data.crm_key, {"Null": {_CONTEXT_TENANT: "false"}})
        )


def _grant_messaging(role: iam.IRole, sender_email: str) -> None:
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=list(c.SNS_SMS_ACTIONS), resources=["*"])
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            effect=iam.Effect.DENY,
            actions=list(c.SNS_SMS_ACTIONS),
            resources=list(c.SNS_ALL_TOPICS),
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
