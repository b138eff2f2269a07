"""Where the JWT signing key comes from: a generated local file, or Secrets Manager."""

from __future__ import annotations

import os
import secrets
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

KEY_BYTES = 64


class SigningKeySource(ABC):
    """Port: the HMAC key that signs and verifies session tokens."""

    @abstractmethod
    def key(self) -> bytes: ...


class LocalKeyFile(SigningKeySource):
    """A random key generated once into a 0600 file under the data folder."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._key: bytes | None = None

    def key(self) -> bytes:
        if self._key is None:
            self._key = self._load_or_create()
        return self._key

    def _load_or_create(self) -> bytes:
        self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            data = self._path.read_bytes()
            if len(data) < 32:
                raise RuntimeError(f"signing key file {self._path} is damaged") from None
            return data
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        return self._path.read_bytes()


class SecretsManagerKey(SigningKeySource):
    """The key stored as a secret string; cached by Powertools for five minutes."""

    def __init__(self, secret_arn: str, *, client: Any | None = None) -> None:
        self._arn = secret_arn
        self._client = client

    def key(self) -> bytes:
        from aws_lambda_powertools.utilities import parameters

        provider = parameters.SecretsProvider(boto3_client=self._client)
        value = provider.get(self._arn, max_age=300)
        if not isinstance(value, str) or len(value) < 32:
            raise RuntimeError("JWT signing secret is missing or too short")
        return value.encode("utf-8")
