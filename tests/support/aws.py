"""Hard-E's services in AWS mode on moto: DynamoDB, S3, Secrets Manager, KMS and SES."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from moto import mock_aws

from hard_e.bootstrap import Services, build_services
from hard_e.config import Settings
from hard_e.storage.dynamodb import DynamoTable, create_table
from hard_e.storage.s3 import S3Blobs
from hard_e.storage.tenant_role import Observer, TenantCredentials
from tests.conftest import FrozenClock

TABLE, BUCKET = "hard-e-test", "hard-e-docs"


TENANT_ROLE = "hard-e-chat-tenant"


@contextmanager
def moto_services(
    monkeypatch: pytest.MonkeyPatch,
    clock: FrozenClock,
    *,
    sender_email: str,
    observe: Observer | None = None,
) -> Iterator[Services]:
    """Services built exactly as on AWS (mode "aws"), against moto's fake account.

    With ``observe``, storage runs through a tenant role (as every scoped function's
    does) and ``observe`` is told of each client made and the company it acts for."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for var in ("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    with mock_aws():
        create_table(boto3.client("dynamodb"), TABLE)
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        arn = boto3.client("secretsmanager").create_secret(
            Name="hard-e/jwt", SecretString=secrets.token_urlsafe(48)
        )["ARN"]
        key_arn = boto3.client("kms").create_key(Description="crm credentials")["KeyMetadata"][
            "Arn"
        ]
        boto3.client("sesv2").create_email_identity(EmailIdentity=sender_email)
        tenant_role = None
        if observe is not None:
            trust = json.dumps({"Version": "2012-10-17", "Statement": []})
            tenant_role = TenantCredentials(
                boto3.client("iam").create_role(
                    RoleName=TENANT_ROLE, AssumeRolePolicyDocument=trust
                )["Role"]["Arn"],
                observe=observe,
            )
        settings = Settings(
            mode="aws",
            table_name=TABLE,
            bucket_name=BUCKET,
            jwt_secret_arn=arn,
            credentials_key_arn=key_arn,
            sender_email=sender_email,
            tenant_role_arn=tenant_role.role_arn if tenant_role else None,
            bcrypt_rounds=4,
        )
        svc = build_services(settings, clock=clock, tenant_credentials=tenant_role)
        assert isinstance(svc.table, DynamoTable) and isinstance(svc.blobs, S3Blobs)
        yield svc
