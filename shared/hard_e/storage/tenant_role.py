"""AWS credentials limited to one company: the tenant role, assumed with a session tag.

The AWS SaaS Factory pattern. The tenant role's policies name
``${aws:PrincipalTag/tenant}``: DynamoDB ``LeadingKeys`` ``T#<tenant>#*``, S3 objects
under ``T#<tenant>/``, the CRM key only with ``tenant_id=<tenant>`` in the encryption
context. Every storage client is a :class:`ScopedClient`, which signs as the company
bound to the request (:mod:`hard_e.tenancy.scope`) or, before any is bound, as the
function's own role — which holds only the narrow grants on global partitions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import boto3
import botocore.session
from botocore.credentials import CredentialProvider, DeferredRefreshableCredentials

from hard_e.tenancy.scope import bound_tenant

TENANT_TAG = "tenant"  # the session tag the tenant role's policies read
SESSION_SECONDS = 3600  # the longest a chained role session may last

Observer = Callable[[str | None, str, Any], None]


class TenantCredentials:
    """boto3 clients signed as the tenant role for the bound company (one session per
    company, kept by a warm container and renewed by botocore before it expires), or as
    the function's own role when none is bound.

    ``session`` is the function's own boto3 session (default: a new one); ``observe`` is
    told of every client (or, for KMS, botocore session) made and the company it acts
    for: tests record the calls through it.
    """

    def __init__(
        self,
        role_arn: str,
        *,
        session: boto3.Session | None = None,
        observe: Observer | None = None,
        duration_seconds: int = SESSION_SECONDS,
    ) -> None:
        self.role_arn = role_arn
        self._base = session if session is not None else boto3.Session()
        self._observe = observe
        self._duration = duration_seconds
        self._lock = threading.Lock()
        self._sessions: dict[str, boto3.Session] = {}
        self._kms_sessions: dict[str, botocore.session.Session] = {}
        self._credentials: dict[str, DeferredRefreshableCredentials] = {}
        self._clients: dict[tuple[str | None, str], Any] = {}

    def client(self, service: str) -> Any:
        """The ``service`` client for the company bound now (or the function's own)."""
        tenant_id = bound_tenant()
        with self._lock:
            client = self._clients.get((tenant_id, service))
            if client is None:
                client = self._session(tenant_id).client(service)
                self._clients[(tenant_id, service)] = client
                if self._observe is not None:
                    self._observe(tenant_id, service, client)
        return client

    def botocore_session(self) -> botocore.session.Session:
        """A botocore session for the company bound now, for the Encryption SDK (which
        wraps it in a boto3 session of its own, so it must not be the clients' one)."""
        tenant_id = bound_tenant()
        with self._lock:
            if tenant_id is None:
                return self._base._session
            session = self._kms_sessions.get(tenant_id)
            if session is None:
                session = self._core(tenant_id)
                self._kms_sessions[tenant_id] = session
                if self._observe is not None:
                    self._observe(tenant_id, "kms", session)
            return session

    def _session(self, tenant_id: str | None) -> boto3.Session:
        if tenant_id is None:
            return self._base
        session = self._sessions.get(tenant_id)
        if session is None:
            core = self._core(tenant_id)
            session = boto3.Session(botocore_session=core, region_name=self._base.region_name)
            self._sessions[tenant_id] = session
        return session

    def _core(self, tenant_id: str) -> botocore.session.Session:
        """A botocore session signing with the company's (shared, self-renewing) role
        credentials: one AssumeRole per company however many sessions use them."""
        credentials = self._credentials.get(tenant_id)
        if credentials is None:
            credentials = DeferredRefreshableCredentials(
                refresh_using=lambda: self._assume(tenant_id), method=_TenantRole.METHOD
            )
            self._credentials[tenant_id] = credentials
        core = botocore.session.Session()
        if self._base.region_name:
            core.set_config_variable("region", self._base.region_name)
        core.get_component("credential_provider").insert_before("env", _TenantRole(credentials))
        return core

    def _assume(self, tenant_id: str) -> dict[str, str]:
        answer = self.client_for_sts().assume_role(
            RoleArn=self.role_arn,
            RoleSessionName=f"tenant-{tenant_id}",
            DurationSeconds=self._duration,
            Tags=[{"Key": TENANT_TAG, "Value": tenant_id}],
        )["Credentials"]
        expiry = answer["Expiration"]
        return {
            "access_key": answer["AccessKeyId"],
            "secret_key": answer["SecretAccessKey"],
            "token": answer["SessionToken"],
            "expiry_time": expiry.isoformat() if isinstance(expiry, datetime) else str(expiry),
        }

    def client_for_sts(self) -> Any:
        """STS as the function's own role (the one allowed to assume the tenant role)."""
        key = (None, "sts")
        client = self._clients.get(key)
        if client is None:
            client = self._base.client("sts")
            self._clients[key] = client
            if self._observe is not None:
                self._observe(None, "sts", client)
        return client


class _TenantRole(CredentialProvider):
    """First in botocore's chain: the tenant role's session, renewed before it expires."""

    METHOD = "assume-role-with-tenant-tag"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


class ScopedClient:
    """Stands in for one boto3 client: every call goes to the bound company's client."""

    def __init__(self, credentials: TenantCredentials, service: str) -> None:
        self._credentials = credentials
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._credentials.client(self._service), name)
