"""Secrets Manager secrets: the JWT signing key and the Anthropic API key."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, SecretValue
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra import constants as c


class AppSecrets(Construct):
    """A generated JWT signing key, and a placeholder the admin fills with the Anthropic key."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.jwt_secret = secretsmanager.Secret(
            self,
            "JwtSigningKey",
            description="Hard-E: HMAC key that signs session tokens",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=c.JWT_SECRET_LENGTH,
                exclude_punctuation=True,
                include_space=False,
            ),
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.anthropic_secret = secretsmanager.Secret(
            self,
            "AnthropicApiKey",
            description=(
                "Hard-E: Anthropic API key. Replace the placeholder with the key; "
                "until then the offline reflex brain answers."
            ),
            # Not a secret: a marker the app reads as "no key configured".
            secret_string_value=SecretValue.unsafe_plain_text(c.ANTHROPIC_SECRET_PLACEHOLDER),
            removal_policy=RemovalPolicy.RETAIN,
        )
