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
from typing import Any

import aws_encryption_sdk
from aws_encryption_sdk.identifiers import CommitmentPolicy, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.base import MasterKeyProvider
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider

from hard_e import keys
from hard_e.auth.signing_keys import LocalKeyFile

LOCAL_KEY_ID = b"hard-e-local-credentials-key"


class CredentialsError(Exception):
    """Missing, or could not be opened for this tenant. Never carries the secret."""


@dataclass(frozen=True)
class CrmCredentials:
    provider: str  # "leap"
    token: str
    base_url: str

    def __repr__(self) -> str:  # never print the token
        return f"CrmCredentials(provider={self.provider!r}, base_url={self.base_url!r}, token=***)"


class _LocalAesProvider(RawMasterKeyProvider):
    """The SDK's raw master key provider over one AES-256 key read from a 0600 file."""

    provider_id = "hard-e-local"
    wrapping_key: bytes = b""

    def _get_raw_key(self, key_id: bytes) -> WrappingKey:
        return WrappingKey(
            wrapping_algorithm=WrappingAlgorithm.AES_256_GCM_IV12_TAG16_NO_PADDING,
            wrapping_key=self.wrapping_key,
            wrapping_key_type=EncryptionKeyType.SYMMETRIC,
        )


def local_key_provider(key_file: Path) -> MasterKeyProvider:
    provider = _LocalAesProvider()
    provider.wrapping_key = LocalKeyFile(key_file).key()[:32]
    provider.add_master_key(LOCAL_KEY_ID)
    return provider


def kms_key_provider(key_arn: str, *, botocore_session: Any | None = None) -> MasterKeyProvider:
    from aws_encryption_sdk import StrictAwsKmsMasterKeyProvider

    kwargs: dict[str, Any] = {"key_ids": [key_arn]}
    if botocore_session is not None:
        kwargs["botocore_session"] = botocore_session
    return StrictAwsKmsMasterKeyProvider(**kwargs)


class CredentialVault:
    """CRM credentials of each company. ``provider`` is the key provider, or a callable
    giving the one for the company bound to the request (AWS: KMS as its tenant role)."""

    def __init__(
        self, table: Any, provider: MasterKeyProvider | Callable[[], MasterKeyProvider]
    ) -> None:
        self._table = table
        self._providers: Callable[[], MasterKeyProvider] = (
            (lambda: provider) if isinstance(provider, MasterKeyProvider) else provider
        )
        self._sdk = aws_encryption_sdk.EncryptionSDKClient(
            commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
        )
        self._opened: dict[str, CrmCredentials] = {}  # see open()

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
