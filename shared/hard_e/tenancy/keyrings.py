"""Key providers of the AWS Encryption SDK for CRM credentials: KMS in AWS, a raw
AES-256 key from a local 0600 file offline. Imported on first use (the SDK is heavy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_encryption_sdk.identifiers import EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.base import MasterKeyProvider
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider

from hard_e.auth.signing_keys import LocalKeyFile

LOCAL_KEY_ID = b"hard-e-local-credentials-key"


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
