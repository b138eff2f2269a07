"""Where the JWT signing key comes from: a generated local file, or Secrets Manager."""

from __future__ import annotations

import os
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEY_BYTES = 64
SECRET_MAX_AGE_S = 300.0  # a rotation reaches every warm container within this
SECRET_MIN_REFRESH_S = 30.0  # forged tokens cannot buy more than one read per this


class SigningKeySource(ABC):
    """Port: the HMAC key that signs and verifies session tokens."""

    @abstractmethod
    def key(self) -> bytes: ...

    def refreshed(self) -> bytes | None:
        """A newer key than :meth:`key` gave, if the source has one (a token failed to
        verify: it may be signed with a key rotated in since); None when nothing changed."""
        return None


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
    """The key stored as a secret string, read once per warm container.

    Read again after ``max_age`` seconds, or sooner through :meth:`refreshed` when a
    token does not verify (another container may already sign with a rotated key) — such
    re-reads at most once per ``min_refresh`` seconds, so a flood of forged tokens is not
    a flood of GetSecretValue calls. Read as the function's own role, never a tenant's.
    """

    def __init__(
        self,
        secret_arn: str,
        *,
        client: Any | None = None,
        max_age: float = SECRET_MAX_AGE_S,
        min_refresh: float = SECRET_MIN_REFRESH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._arn = secret_arn
        self._client = client
        self._max_age = max_age
        self._min_refresh = min_refresh
        self._clock = clock
        self._lock = threading.Lock()
        self._key: bytes | None = None
        self._read_at = 0.0
        self._refreshed_at = float("-inf")

    def key(self) -> bytes:
        with self._lock:
            if self._key is None or self._clock() - self._read_at >= self._max_age:
                self._key = self._read()
            return self._key

    def refreshed(self) -> bytes | None:
        with self._lock:
            now = self._clock()
            if self._key is not None and now - self._refreshed_at < self._min_refresh:
                return None
            self._refreshed_at = now
            before, self._key = self._key, self._read()
            return self._key if self._key != before else None

    def _read(self) -> bytes:
        if self._client is None:
            import boto3

            self._client = boto3.client("secretsmanager")
        value = self._client.get_secret_value(SecretId=self._arn).get("SecretString")
        if not isinstance(value, str) or len(value) < 32:
            raise RuntimeError("JWT signing secret is missing or too short")
        self._read_at = self._clock()
        return value.encode("utf-8")
