"""CRM credentials, encrypted with the AWS Encryption SDK under a tenant-naming context.

Ciphertext is all the table ever holds. The encryption context
``{tenant_id, purpose}`` is authenticated by the SDK and checked again on decrypt, so a
ciphertext copied into another tenant's row refuses to open. Key providers: KMS in AWS,
a raw AES-256 key from a local file offline (the SDK's own raw master key provider).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hard_e import keys

if TYPE_CHECKING:
    from aws_encryption_sdk import EncryptionSDKClient
    from aws_encryption_sdk.key_providers.base import MasterKeyProvider


class CredentialsError(Exception):
    """Missing, or could not be opened for this tenant. Never carries the secret."""


@dataclass(frozen=True)
class CrmCredentials:
    provider: str  # "leap"
    token: str
    base_url: str

    def __repr__(self) -> str:  # never print the token
        return f"CrmCredentials(provider={self.provider!r}, base_url={self.base_url!r}, token=***)"


class CredentialVault:
    """CRM credentials of each company. ``provider`` is the key provider, or a callable
    giving the one for the company bound to the request (AWS: KMS as its tenant role)."""

    def __init__(
        self, table: Any, provider: MasterKeyProvider | Callable[[], MasterKeyProvider]
    ) -> None:
        self._table = table
        # a provider is not callable; a callable gives the bound company's provider
        self._providers: Callable[[], MasterKeyProvider] = (
            provider if callable(provider) else (lambda: provider)
        )
        self._client: EncryptionSDKClient | None = None
        self._opened: dict[str, CrmCredentials] = {}  # see open()

    @property
    def _sdk(self) -> EncryptionSDKClient:
        """The Encryption SDK, imported at the first credential used (not at cold start)."""
        if self._client is None:
            import aws_encryption_sdk
            from aws_encryption_sdk.identifiers import CommitmentPolicy

            self._client = aws_encryption_sdk.EncryptionSDKClient(
                commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
            )
        return self._client

    def save(self, tenant_id: str, credentials: CrmCredentials) -> None:
        plaintext = json.dumps({"token": credentials.token, "base_url": credentials.base_url})
        ciphertext, _ = self._sdk.encrypt(
            source=plaintext.encode("utf-8"),
            key_provider=self._providers(),
            encryption_context=_context(tenant_id, credentials.provider),
        )
        pk = keys.tenant_pk(tenant_id, "CRED")
        self._table.put(
            {
                "pk": pk,
                "sk": credentials.provider,
                "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
                "updated_at": self._table.now(),
            }
        )

    def load(self, tenant_id: str, provider: str = "leap") -> CrmCredentials:
        item = self._table.get(keys.tenant_pk(tenant_id, "CRED"), provider)
        if item is None:
            raise CredentialsError(f"this company has not connected its {provider} account yet")
        return self.open(tenant_id, provider, item["ciphertext"])

    def open(self, tenant_id: str, provider: str, ciphertext_b64: str) -> CrmCredentials:
        """Decrypt once per ciphertext: the record is still read on every call, so a new
        or removed credential counts at once, but the decryption (a KMS call on AWS,
        4 ms locally) is remembered for the exact bytes it opened."""
        seen = hashlib.sha256(f"{tenant_id}\n{provider}\n{ciphertext_b64}".encode()).hexdigest()
        opened = self._opened.get(seen)
        if opened is not None:
            return opened
        opened = self._decrypt(tenant_id, provider, ciphertext_b64)
        if len(self._opened) >= 1024:
            self._opened.clear()
        self._opened[seen] = opened
        return opened

    def _decrypt(self, tenant_id: str, provider: str, ciphertext_b64: str) -> CrmCredentials:
        expected = _context(tenant_id, provider)
        try:
            plaintext, header = self._sdk.decrypt(
                source=base64.b64decode(ciphertext_b64), key_provider=self._providers()
            )
        except Exception:  # the SDK raises several types; none may leak details
            raise CredentialsError("stored CRM credentials could not be opened") from None
        context = header.encryption_context
        if any(context.get(k) != v for k, v in expected.items()):
            raise CredentialsError("stored CRM credentials belong to another company")
        data = json.loads(plaintext)
        return CrmCredentials(provider=provider, token=data["token"], base_url=data["base_url"])


def _context(tenant_id: str, provider: str) -> dict[str, str]:
    return {"tenant_id": tenant_id, "purpose": f"crm-credentials:{provider}"}


def local_key_provider(key_file: Path) -> MasterKeyProvider:
    """The raw AES-256 keyring over the local key file (offline)."""
    from hard_e.tenancy.keyrings import local_key_provider as build

    return build(key_file)


def kms_key_provider(key_arn: str, *, botocore_session: Any | None = None) -> MasterKeyProvider:
    """The KMS keyring over the CRM-credentials key (AWS)."""
    from hard_e.tenancy.keyrings import kms_key_provider as build

    return build(key_arn, botocore_session=botocore_session)
