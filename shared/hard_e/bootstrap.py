"""Composition root: settings → adapters → services, once per process.

The only module that chooses adapters. Lambda handlers, the local server and the CLI
all call :func:`services`; tests build their own with :func:`build_services`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from hard_e.config import Settings, load_settings
from hard_e.storage import Blobs, Table

if TYPE_CHECKING:
    from aws_encryption_sdk.key_providers.base import MasterKeyProvider

    from hard_e.auth import Authenticator, LoginService, SigningKeySource, TokenService
    from hard_e.auth.api_keys import ApiKeyStore
    from hard_e.auth.rate_limits import RateLimiter
    from hard_e.brain import Brain
    from hard_e.brain.reflex import ReflexBrain
    from hard_e.chat import ChatService
    from hard_e.knowledge.documents import DocumentLibrary
    from hard_e.knowledge.ingest import Ingestor
    from hard_e.knowledge.store import KnowledgeStore
    from hard_e.memory import SessionStore
    from hard_e.memory.extraction import Extractor
    from hard_e.memory.learner import Learner
    from hard_e.memory.store import MemoryStore
    from hard_e.messaging import Messenger
    from hard_e.storage.tenant_role import TenantCredentials
    from hard_e.tenancy import TenantDirectory
    from hard_e.tenancy.enrolment import Enrolment
    from hard_e.tenancy.invites import InviteBook
    from hard_e.tenancy.trials import Trials
    from hard_e.tools import ApprovalStore, AuditLog
    from hard_e.tools.service import CrmBuilder, ToolsService


class Services:
    """Every adapter and service of this process, each built on first use.

    Lazy on purpose: a function builds only what its routes touch, so the documents
    function never reads the Claude secret and ingest never reads the signing key (IAM
    refuses them those reads), and cold starts import only what is needed.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        table: Table | None = None,
        blobs: Blobs | None = None,
        brain: Brain | None = None,
        signing_keys: SigningKeySource | None = None,
        clock: Callable[[], float] | None = None,
        messenger: Messenger | None = None,
        crm_builder: CrmBuilder | None = None,
        tenant_credentials: TenantCredentials | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._given: dict[str, Any] = {
            "table": table,
            "blobs": blobs,
            "brain": brain,
            "messenger": messenger,
        }
        self._signing_keys = signing_keys
        self._crm_builder = crm_builder
        self._tenant_credentials = tenant_credentials

    # --- adapters -------------------------------------------------------------------

    @cached_property
    def aws(self) -> TenantCredentials | None:
        """Credentials scoped to the bound company (AWS mode with a tenant role)."""
        if self._tenant_credentials is not None:
            return self._tenant_credentials
        if self.settings.mode != "aws" or not self.settings.tenant_role_arn:
            return None
        from hard_e.storage.tenant_role import TenantCredentials

        return TenantCredentials(self.settings.tenant_role_arn)

    @cached_property
    def table(self) -> Table:
        given: Table | None = self._given["table"]
        return given or _table(self.settings, self._clock, self.aws)

    @cached_property
    def blobs(self) -> Blobs:
        given: Blobs | None = self._given["blobs"]
        return given or _blobs(self.settings, self._clock, self.aws)

    @cached_property
    def messenger(self) -> Messenger:
        given: Messenger | None = self._given["messenger"]
        return given or _messenger(self.settings, self.table)

    # --- people and access ------------------------------------------------------------

    @cached_property
    def directory(self) -> TenantDirectory:
        from hard_e.tenancy import TenantDirectory

        return TenantDirectory(self.table)

    @cached_property
    def tokens(self) -> TokenService:
        from hard_e.auth import TokenService

        return TokenService(
            self._signing_keys or _signing_keys(self.settings),
            ttl_seconds=self.settings.token_ttl_seconds,
            clock=self.table.now,
        )

    @cached_property
    def authenticator(self) -> Authenticator:
        from hard_e.auth import Authenticator

        return Authenticator(self.tokens, self.directory)

    @cached_property
    def login(self) -> LoginService:
        from hard_e.auth import LoginService

        settings = self.settings
        return LoginService(
            self.directory,
            self.tokens,
            self.table,
            failures_per_window=settings.login_failures_per_window,
            window_seconds=settings.login_window_seconds,
            failures_per_address=settings.login_failures_per_address,
            failures_per_account=settings.login_failures_per_account,
            backoff_seconds=settings.login_backoff_seconds,
            max_backoff_seconds=settings.login_max_backoff_seconds,
            bcrypt_rounds=settings.bcrypt_rounds,
        )

    @cached_property
    def api_keys(self) -> ApiKeyStore:
        from hard_e.auth.api_keys import ApiKeyStore

        return ApiKeyStore(self.table)

    @cached_property
    def rate_limits(self) -> RateLimiter:
        from hard_e.auth.rate_limits import RateLimiter

        return RateLimiter(self.table)

    @cached_property
    def trials(self) -> Trials:
        from hard_e.tenancy.trials import Trials

        return Trials(self.table, self.directory)

    @cached_property
    def invites(self) -> InviteBook:
        from hard_e.tenancy.invites import InviteBook

        return InviteBook(self.table)

    @cached_property
    def enrolment(self) -> Enrolment:
        from hard_e.tenancy.enrolment import Enrolment

        return Enrolment(self.directory, self.invites)

    # --- conversation -----------------------------------------------------------------

    @cached_property
    def sessions(self) -> SessionStore:
        from hard_e.memory import SessionStore

        return SessionStore(self.table, ttl_seconds=self.settings.session_ttl_hours * 3600)

    @cached_property
    def reflex(self) -> ReflexBrain:
        return build_reflex(self.settings)

    @cached_property
    def brain(self) -> Brain:
        given: Brain | None = self._given["brain"]
        return given or build_brain(self.settings, self.reflex)

    @cached_property
    def chat(self) -> ChatService:
        from hard_e.chat import ChatService
        from hard_e.tenancy.analytics import TurnLog

        return ChatService(
            directory=self.directory,
            sessions=self.sessions,
            brain=self.brain,
            tools=self.tools,
            reflex=self.reflex,
            knowledge=self._deferred_knowledge,
            memory=self.memory,
            summaries=self.learner.summary,
            history_turns=self.settings.history_turns,
            trials=self.trials,
            turn_log=TurnLog(self.table),
        )

    # --- memory -----------------------------------------------------------------------

    @cached_property
    def memory(self) -> MemoryStore:
        from hard_e.memory.store import MemoryStore

        return MemoryStore(self.table)

    @cached_property
    def learner(self) -> Learner:
        from hard_e.memory.learner import Learner

        return Learner(
            table=self.table,
            sessions=self.sessions,
            memory=self.memory,
            directory=self.directory,
            extractor=_extractor(self.settings),
            idle_seconds=self.settings.learn_idle_minutes * 60,
        )

    # --- knowledge --------------------------------------------------------------------

    @cached_property
    def documents(self) -> DocumentLibrary:
        from hard_e.knowledge.documents import DocumentLibrary

        return DocumentLibrary(self.table, self.blobs, max_bytes=self.settings.max_upload_bytes)

    @cached_property
    def knowledge(self) -> KnowledgeStore:
        from hard_e.knowledge.store import KnowledgeStore

        return KnowledgeStore(self.table, self.blobs)

    @cached_property
    def _deferred_knowledge(self) -> KnowledgeStore:
        """The knowledge store as chat and tools hold it: built (numpy and all) when a
        turn first searches, not at a cold start that may never need it."""
        return cast("KnowledgeStore", _Deferred(lambda: self.knowledge))

    @cached_property
    def ingestor(self) -> Ingestor:
        from hard_e.knowledge.ingest import Ingestor

        return Ingestor(self.documents, self.knowledge, self.blobs)

    # --- tools ------------------------------------------------------------------------

    @cached_property
    def approvals(self) -> ApprovalStore:
        from hard_e.tools import ApprovalStore

        return ApprovalStore(self.table, ttl_seconds=self.settings.approval_ttl_seconds)

    @cached_property
    def audit(self) -> AuditLog:
        from hard_e.tools import AuditLog

        return AuditLog(self.table)

    @cached_property
    def tools(self) -> ToolsService:
        from hard_e.tenancy.credentials import CredentialVault
        from hard_e.tools import SafetyGate
        from hard_e.tools.catalogue import build_registry
        from hard_e.tools.service import LeapBudget, ToolsService, leap_client

        settings = self.settings
        return ToolsService(
            gate=SafetyGate(build_registry(), self.approvals, self.audit),
            vault=CredentialVault(self.table, _credential_keys(settings, self.aws)),
            messenger=self.messenger,
            table=self.table,
            crm_builder=self._crm_builder or leap_client,
            knowledge=self._deferred_knowledge,
            memory=self.memory,
            sms_per_hour=settings.sms_per_hour,
            leap_budget=LeapBudget(
                per_minute=settings.leap_requests_per_minute,
                max_wait_seconds=settings.leap_max_wait_seconds,
            ),
            crm_timeout=settings.leap_timeout_seconds,
        )


class _Deferred:
    """Stands in for a service until its first use, then forwards to it."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._built is None:
            self._built = self._build()
        return getattr(self._built, name)


def build_services(
    settings: Settings | None = None,
    *,
    table: Table | None = None,
    blobs: Blobs | None = None,
    brain: Brain | None = None,
    signing_keys: SigningKeySource | None = None,
    clock: Callable[[], float] | None = None,
    messenger: Messenger | None = None,
    crm_builder: CrmBuilder | None = None,
    tenant_credentials: TenantCredentials | None = None,
) -> Services:
    """The services for ``settings`` (read from the environment when not given)."""
    settings = settings or load_settings()
    if settings.mode == "local":
        private_folder(settings.data_dir)
    return Services(
        settings,
        table=table,
        blobs=blobs,
        brain=brain,
        signing_keys=signing_keys,
        clock=clock,
        messenger=messenger,
        crm_builder=crm_builder,
        tenant_credentials=tenant_credentials,
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
    from hard_e.memory.extraction import ClaudeExtractor, HeuristicExtractor

    client = _anthropic_client(settings)
    if client is None:
        return HeuristicExtractor()
    return ClaudeExtractor(client=client, model=settings.anthropic_model)


def build_reflex(settings: Settings) -> ReflexBrain:
    """The reflex brain; its sales scripts come from Claude when a key is set."""
    from hard_e.brain.reflex import ReflexBrain

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


def _table(
    settings: Settings, clock: Callable[[], float] | None, aws: TenantCredentials | None
) -> Table:
    if settings.mode == "aws":
        from hard_e.storage.dynamodb import DynamoTable

        if not settings.table_name:
            raise RuntimeError("HARD_E_TABLE_NAME is not set")
        return DynamoTable(settings.table_name, client=_scoped(aws, "dynamodb"), clock=clock)
    from hard_e.storage.sqlite import SqliteTable

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteTable(settings.data_dir / "hard-e.sqlite3", clock=clock)


def _blobs(
    settings: Settings, clock: Callable[[], float] | None, aws: TenantCredentials | None
) -> Blobs:
    if settings.mode == "aws":
        from hard_e.storage.s3 import S3Blobs

        if not settings.bucket_name:
            raise RuntimeError("HARD_E_BUCKET_NAME is not set")
        return S3Blobs(settings.bucket_name, client=_scoped(aws, "s3"), clock=clock)
    from hard_e.auth import LocalKeyFile
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

        countries = tuple(c.strip() for c in settings.sms_country_codes.split(",") if c.strip())
        return AwsMessenger(sender_email=settings.sender_email or None, sms_country_codes=countries)
    from hard_e.messaging.outbox import LocalOutbox

    return LocalOutbox(table)


def _scoped(aws: TenantCredentials | None, service: str) -> Any:
    """The bound company's client through the tenant role; without one (a deployment
    or test with no tenant role) the default client. None lets the adapter build it."""
    if aws is None:
        return None
    from hard_e.storage.tenant_role import ScopedClient

    return ScopedClient(aws, service)


def _credential_keys(
    settings: Settings, aws: TenantCredentials | None
) -> Callable[[], MasterKeyProvider]:
    """The CRM key provider for the bound company: KMS through the tenant role in AWS
    (one provider per company session), the local AES key file offline."""
    from hard_e.tenancy.credentials import kms_key_provider, local_key_provider

    if settings.mode == "aws":
        arn = settings.credentials_key_arn
        if not arn:
            raise RuntimeError("HARD_E_CREDENTIALS_KEY_ARN is not set")
        if aws is None:
            unscoped: list[MasterKeyProvider] = []

            def default() -> MasterKeyProvider:
                if not unscoped:
                    unscoped.append(kms_key_provider(arn))
                return unscoped[0]

            return default
        providers: dict[int, MasterKeyProvider] = {}

        def scoped() -> MasterKeyProvider:
            session = aws.botocore_session()
            if id(session) not in providers:
                providers[id(session)] = kms_key_provider(arn, botocore_session=session)
            return providers[id(session)]

        return scoped
    key_file = settings.data_dir / "keys" / "credentials.key"
    local: list[MasterKeyProvider] = []  # built at the first credential used, not at start

    def offline() -> MasterKeyProvider:
        if not local:
            local.append(local_key_provider(key_file))
        return local[0]

    return offline


def _signing_keys(settings: Settings) -> SigningKeySource:
    from hard_e.auth import LocalKeyFile, SecretsManagerKey

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
