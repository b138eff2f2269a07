"""The KMS key that wraps tenants' CRM credentials (AWS Encryption SDK, KMS keyring)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_kms as kms
from constructs import Construct


class CredentialsKey(Construct):
    """Symmetric key with yearly rotation; never deleted with the stack (data would be lost)."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            description="Hard-E: encrypts tenants' CRM credentials",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
