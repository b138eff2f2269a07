"""Composition root: settings → adapters → services, once per process.

The only module that chooses adapters. Lambda handlers, the local server and the CLI
all call :func:`services`; tests build their own with :func:`build_services`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_encryption_sdk.key_providers.base import MasterKeyProvider

from hard_e.auth import (
    Authenticator,
    LocalKeyFile,
    LoginService,
    SecretsManagerKey,
    SigningKeySource,
    TokenService,
)
from hard_e.auth.api_keys import ApiKeyStore
from hard_e.auth.rate_limits import RateLimiter
from hard_e.brain import Brain
from hard_e.brain.reflex import ReflexBrain
from hard_e.chat import ChatService
from hard_e.config import Settings, load_settings
from hard_e.knowledge.documents import DocumentLibrary
from hard_e.knowledge.ingest import Ingestor
from hard_e.knowledge.store import KnowledgeStore
from hard_e.memory import SessionStore
from hard_e.memory.extraction import ClaudeExtractor, Extractor, HeuristicExtractor
from hard_e.memory.learner import Learner
from hard_e.memory.store import MemoryStore
from hard_e.messaging import Messenger
from hard_e.storage import Blobs, Table
from hard_e.tenancy import TenantDirectory
from hard_e.tenancy.analytics import TurnLog
from hard_e.tenancy.credentials import CredentialVault, kms_key_provider, local_key_provider
from hard_e.tenancy.enrolment import Enrolment
from hard_e.tenancy.invites import InviteBook
from hard_e.tenancy.trials import Trials
from hard_e.tools import ApprovalStore, AuditLog, SafetyGate
from hard_e.tools.catalogue import build_registry
from hard_e.tools.service import CrmBuilder, LeapBudget, ToolsService, leap_client


@dataclass
class Services:
    settings: Settings
    table: Table
    blobs: Blobs
    directory: TenantDirectory
    tokens: TokenService
    authenticator: Authenticator
    login: LoginService
    sessions: SessionStore
    chat: ChatService
    brain: Brain
    tools: ToolsService
    audit: AuditLog
    approvals: ApprovalStore
    messenger: Messenger
    documents: DocumentLibrary
    knowledge: KnowledgeStore
    ingestor: Ingestor
    memory: MemoryStore
    learner: Learner
    api_keys: ApiKeyStore
    rate_limits: RateLimiter
    invites: InviteBook
    enrolment: Enrolment
    trials: Trials


def build_services(
    settings: Settings | None = None,
    *,
    table: Table | None = None,
    blobs: Blobs | None = None,
    brain: Brain | None = None,
    signing_keys: SigningKeySource | None = None,
    clock: Callable[[], float] | None = None,
    messenger: Messenger | None = None,
    crm_builder: CrmBuilder = leap_client,
) -> Services:
    settings = settings or load_settings()
    if settings.mode == "local":
        private_folder(settings.data_dir)
    table = table or _table(settings, clock)
    blobs = blobs or _blobs(settings, clock)
    directory = TenantDirectory(table)
    trials = Trials(table, directory)
    invites = InviteBook(table)
    tokens = TokenService(
        signing_keys or _signing_keys(settings),
        ttl_seconds=settings.token_ttl_seconds,
        clock=table.now,
    )
    login = LoginService(
        directory,
        tokens,
        table,
        failures_per_window=settings.login_failures_per_window,
        window_seconds=settings.login_window_seconds,
        failures_per_address=settings.login_failures_per_address,
        failures_per_account=settings.login_failures_per_account,
        backoff_seconds=settings.login_backoff_seconds,
        max_backoff_seconds=settings.login_max_backoff_seconds,
        bcrypt_rounds=settings.bcrypt_rounds,
    )
    sessions = SessionStore(table, ttl_seconds=settings.session_ttl_hours * 3600)
    reflex = build_reflex(settings)
    brain = brain or build_brain(settings, reflex)
    memory = MemoryStore(table)
    learner = Learner(
        table=table,
        sessions=sessions,
        memory=memory,
        directory=directory,
        extractor=_extractor(settings),
        idle_seconds=settings.learn_idle_minutes * 60,
    )
    documents = DocumentLibrary(table, blobs, max_bytes=settings.max_upload_bytes)
    knowledge = KnowledgeStore(table, blobs)
    approvals = ApprovalStore(table, ttl_seconds=settings.approval_ttl_seconds)
    audit = AuditLog(table)
    messenger = messenger or _messenger(settings, table)
    tools = ToolsService(
        gate=SafetyGate(build_registry(), approvals, audit),
        vault=CredentialVault(table, _credential_keys(settings)),
        messenger=messenger,
        table=table,
        crm_builder=crm_builder,
        knowledge=knowledge,
        memory=memory,
        sms_per_hour=settings.sms_per_hour,
        leap_budget=LeapBudget(
            per_minute=settings.leap_requests_per_minute,
            max_wait_seconds=settings.leap_max_wait_seconds,
        ),
        crm_timeout=settings.leap_timeout_seconds,
    )
    chat = ChatService(
        directory=directory,
        sessions=sessions,
        brain=brain,
        tools=tools,
        reflex=reflex,
        knowledge=knowledge,
        memory=memory,
        summaries=learner.summary,
        history_turns=settings.history_turns,
        trials=trials,
        turn_log=TurnLog(table),
    )
    return Services(
        settings=settings,
        table=table,
        blobs=blobs,
        directory=directory,
        tokens=tokens,
        authenticator=Authenticator(tokens, directory),
        login=login,
        sessions=sessions,
        chat=chat,
        brain=brain,
        tools=tools,
        audit=audit,
        approvals=approvals,
        messenger=messenger,
        documents=documents,
        knowledge=knowledge,
        ingestor=Ingestor(documents, knowledge, blobs),
        memory=memory,
        learner=learner,
        api_keys=ApiKeyStore(table),
        rate_limits=RateLimiter(table),
        invites=invites,
        enrolment=Enrolment(directory, invites),
        trials=trials,
    )


def private_folder(path: Path) -> None:
    """The local data folder holds password hashes and keys: owner only (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def _anthropic_client(settings: Settings) -> Any | None:
    key = _anthropic_key(settings)
    if not key:
        return None
    import anthropic

    return anthropic.AsyncAnthropic(
        api_key=key,
        base_url=settings.anthropic_base_url,
        timeout=settings.anthropic_timeout_seconds,
        max_retries=1,
    )


def _extractor(settings: Settings) -> Extractor:
    """Claude reads idle conversations when a key is set; offline rules otherwise."""
    client = _anthropic_client(settings)
    if client is None:
        return HeuristicExtractor()
    return ClaudeExtractor(client=client, model=settings.anthropic_model)


def build_reflex(settings: Settings) -> ReflexBrain:
    """The reflex brain; its sales scripts come from Claude when a key is set."""
    client = _anthropic_client(settings)
    if client is None:
        return ReflexBrain()
    from hard_e.brain.scripts import ClaudeScriptWriter

    return ReflexBrain(
        script_writer=ClaudeScriptWriter(client=client, model=settings.anthropic_model)
    )


def build_brain(settings: Settings, reflex: ReflexBrain) -> Brain:
    """Claude backed by the reflex brain when a key is set; otherwise the reflex brain alone."""
    client = _anthropic_client(settings)
    if client is None:
        return reflex
    from hard_e.brain.claude import ClaudeBrain
    from hard_e.brain.fallback import FallbackBrain

    claude = ClaudeBrain(
        client=client,
        model=settings.anthropic_model,
        max_tokens=settings.anthropic_max_tokens,
        max_iterations=settings.brain_max_iterations,
        time_budget_s=settings.anthropic_timeout_seconds,
    )
    return FallbackBrain(claude, reflex)


def _anthropic_key(settings: Settings) -> str | None:
    if settings.anthropic_api_key is not None:
        return settings.anthropic_api_key.get_secret_value().strip() or None
    if settings.mode == "aws" and settings.anthropic_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        value = parameters.get_secret(settings.anthropic_secret_arn, max_age=300)
        text = value.strip() if isinstance(value, str) else ""
        return text if text.startswith("sk-") else None  # the stack's placeholder is not a key
    return None


def _table(settings: Settings, clock: Callable[[], float] | None) -> Table:
    if settings.mode == "aws":
        from hard_e.storage.dynamodb import DynamoTable

        if not settings.table_name:
            raise RuntimeError("HARD_E_TABLE_NAME is not set")
        return DynamoTable(settings.table_name, clock=clock)
    from hard_e.storage.sqlite import SqliteTable

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteTable(settings.data_dir / "hard-e.sqlite3", clock=clock)


def _blobs(settings: Settings, clock: Callable[[], float] | None) -> Blobs:
    if settings.mode == "aws":
        from hard_e.storage.s3 import S3Blobs

        if not settings.bucket_name:
            raise RuntimeError("HARD_E_BUCKET_NAME is not set")
        return S3Blobs(settings.bucket_name, clock=clock)
    from hard_e.storage.local import LocalFolderBlobs

    return LocalFolderBlobs(
        settings.data_dir / "blobs",
        base_url=settings.base_url,
        signing_key=LocalKeyFile(settings.data_dir / "keys" / "uploads.key").key(),
        clock=clock,
    )


def _messenger(settings: Settings, table: Table) -> Messenger:
    if settings.mode == "aws":
        from hard_e.messaging.aws import AwsMessenger

        return AwsMessenger(sender_email=settings.sender_email or None)
    from hard_e.messaging.outbox import LocalOutbox

    return LocalOutbox(table)


def _credential_keys(settings: Settings) -> MasterKeyProvider:
    if settings.mode == "aws":
        if not settings.credentials_key_arn:
            raise RuntimeError("HARD_E_CREDENTIALS_KEY_ARN is not set")
        return kms_key_provider(settings.credentials_key_arn)
    return local_key_provider(settings.data_dir / "keys" / "credentials.key")


def _signing_keys(settings: Settings) -> SigningKeySource:
    if settings.mode == "aws":
        if not settings.jwt_secret_arn:
            raise RuntimeError("HARD_E_JWT_SECRET_ARN is not set")
        return SecretsManagerKey(settings.jwt_secret_arn)
    return LocalKeyFile(settings.data_dir / "keys" / "jwt.key")


_lock = threading.Lock()
_services: Services | None = None


def services() -> Services:
    """This process's services, built on first use (module-level reuse on warm Lambdas)."""
    global _services
    with _lock:
        if _services is None:
            _services = build_services()
        return _services


def use_services(instance: Services | None) -> None:
    """Install (or with None, forget) the process's services: for the local server and tests."""
    global _services
    with _lock:
        _services = instance
