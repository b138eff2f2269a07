"""Settings, read once from the environment (``HARD_E_*``) into a pydantic model.

Every setting is one scalar, named ``HARD_E_<FIELD>`` (any case) or, for the Claude
settings, by the aliases listed; values given to ``Settings(...)`` win over the
environment. pydantic-settings did this before; it cost 50–150 ms of every Lambda cold
start (its sources for dotenv, secrets, cloud vaults and CLI parsing load with it) for
what ``_from_environment`` does in a dozen lines. pydantic still validates every value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr

DEFAULT_MODEL = "claude-sonnet-4-5"
ENV_PREFIX = "HARD_E_"


class Settings(BaseModel):
    """Everything configurable. Only the composition root reads it."""

    model_config = ConfigDict(extra="ignore", validate_default=True, populate_by_name=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**_from_environment(type(self)), **values})

    mode: Literal["local", "aws"] = "local"

    # local runtime
    home: Path = Path(".hard-e")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    public_url: str | None = None  # how browsers reach the local server; derived when unset

    # aws runtime (set by the CDK stack)
    table_name: str | None = None
    bucket_name: str | None = None
    jwt_secret_arn: str | None = None
    anthropic_secret_arn: str | None = None
    credentials_key_arn: str | None = None  # KMS key for CRM credentials
    tenant_role_arn: str | None = None  # assumed per company, with its session tag
    sender_email: str | None = None  # SES identity customer emails come from

    # auth
    token_ttl_seconds: int = Field(default=3600, ge=60, le=86_400)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)
    login_failures_per_window: int = Field(default=10, ge=1)  # one account, one address
    login_window_seconds: int = Field(default=3600, ge=60)  # failures count this long
    login_failures_per_address: int = Field(default=20, ge=1)  # any accounts, one address
    login_failures_per_account: int = Field(default=50, ge=1)  # one account, any address
    login_backoff_seconds: float = Field(default=30.0, gt=0)  # then 2x, 4x, … per failure
    login_max_backoff_seconds: float = Field(default=900.0, gt=0)

    # chat
    turn_reserve_seconds: float = Field(default=2.0, ge=0)  # of the Lambda's time, to save + answer
    session_ttl_hours: int = Field(default=24, ge=1)
    history_turns: int = Field(default=20, ge=1, le=200)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)

    # Claude
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY")
    )
    anthropic_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("HARD_E_ANTHROPIC_BASE_URL", "ANTHROPIC_BASE_URL"),
    )
    anthropic_model: str = DEFAULT_MODEL
    anthropic_max_tokens: int = Field(default=1024, ge=16)
    anthropic_timeout_seconds: float = Field(default=25.0, gt=0)
    brain_max_iterations: int = Field(default=6, ge=1, le=20)

    # memory
    learn_idle_minutes: int = Field(default=15, ge=0)
    learner_interval_seconds: int = Field(default=60, ge=5)  # local loop; EventBridge in AWS
    learner: bool = True  # run the local learning loop in `make run`

    # knowledge base
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)

    # tools
    approval_ttl_seconds: int = Field(default=24 * 3600, ge=60)
    sms_per_hour: int = Field(default=30, ge=1)  # texts one company may send per hour
    sms_country_codes: str = "+1"  # AWS: texts only to these calling codes (comma-separated)

    # automation agents (API keys)
    api_key_rate_limit: int = Field(default=60, ge=1, le=10_000)  # default per new key, /min

    # Leap (its request budget is shared through the table by every instance)
    leap_timeout_seconds: float = Field(default=10.0, gt=0)  # one call; within the turn's time
    leap_requests_per_minute: int = Field(default=60, ge=1)  # Leap's published limit per account
    leap_max_wait_seconds: float = Field(default=2.0, ge=0)  # then "Leap is busy"

    # the Leap simulator `make run` starts beside the server (local mode only)
    leap_sim_port: int = Field(default=8010, ge=0, le=65535)
    leap_sim: bool = True

    # voice: `hard-e serve` starts the worker too (HARD_E_VOICE=0: off) and forwards
    # /api/offer to it, so the page stays same-origin
    voice: bool = True
    voice_port: int = Field(default=8020, ge=0, le=65535)

    @property
    def data_dir(self) -> Path:
        return self.home.resolve()

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://localhost:{self.port}"


def load_settings() -> Settings:
    return Settings()


def _from_environment(model: type[BaseModel]) -> dict[str, str]:
    """The environment's value for each field, keyed by field name: ``HARD_E_<NAME>``
    matched without regard to case, or the first alias set when the field has them."""
    environment = {name.upper(): value for name, value in os.environ.items()}
    found: dict[str, str] = {}
    for name, field in model.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names = [choice.upper() for choice in alias.choices if isinstance(choice, str)]
        else:
            names = [f"{ENV_PREFIX}{name}".upper()]
        for env_name in names:
            if env_name in environment:
                found[name] = environment[env_name]
                break
    return found
