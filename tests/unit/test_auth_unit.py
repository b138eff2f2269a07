"""Passwords, token signing and the local signing-key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hard_e.auth import (
    InvalidTokenError,
    LocalKeyFile,
    TokenExpiredError,
    TokenService,
    hash_password,
    verify_password,
)
from hard_e.tenancy import User
from tests.conftest import FrozenClock

USER = User("usr_1", "0123456789abcdef", "a@b.example", "Al Bee", "rep", "x")


def test_password_round_trip_and_long_passwords_count_every_character() -> None:
    long = "p" * 100
    hashed = hash_password(long, rounds=4)
    assert verify_password(long, hashed)
    assert not verify_password("p" * 99 + "q", hashed)  # bcrypt alone would ignore byte 73+
    assert not verify_password("anything", "not-a-bcrypt-hash")


def test_signing_key_file_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "jwt.key"
    key = LocalKeyFile(path).key()
    assert len(key) == 64
    assert LocalKeyFile(path).key() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_token_carries_the_tenant_and_expires_on_our_clock(tmp_path: Path) -> None:
    clock = FrozenClock()
    tokens = TokenService(LocalKeyFile(tmp_path / "k"), ttl_seconds=600, clock=clock)
    issued = tokens.issue(USER)

    principal = tokens.verify(issued.token)
    assert (principal.tenant_id, principal.user_id, principal.role) == (
        "0123456789abcdef",
        "usr_1",
        "rep",
    )
    assert issued.expires_at == int(clock.now) + 600
    clock.advance(599)
    tokens.verify(issued.token)
    clock.advance(1)
    with pytest.raises(TokenExpiredError):
        tokens.verify(issued.token)


def test_token_from_another_deployment_is_refused(tmp_path: Path) -> None:
    ours = TokenService(LocalKeyFile(tmp_path / "ours"))
    theirs = TokenService(LocalKeyFile(tmp_path / "theirs"))
    with pytest.raises(InvalidTokenError):
        ours.verify(theirs.issue(USER).token)
    with pytest.raises(InvalidTokenError):
        ours.verify("not.a.token")


class FakeSecrets:
    """Secrets Manager holding one secret string; counts the reads."""

    def __init__(self, value: str) -> None:
        self.value, self.reads = value, 0

    def get_secret_value(self, SecretId: str) -> dict[str, str]:
        self.reads += 1
        return {"SecretString": self.value}


def test_the_secret_key_is_read_again_only_when_old_or_when_a_token_fails() -> None:
    from hard_e.auth import SecretsManagerKey

    now = [0.0]
    secrets = FakeSecrets("a" * 48)
    source = SecretsManagerKey(
        "arn:secret", client=secrets, max_age=300, min_refresh=30, clock=lambda: now[0]
    )
    assert source.key() == source.key() == b"a" * 48
    assert secrets.reads == 1
    secrets.value = "b" * 48  # rotated
    assert source.refreshed() == b"b" * 48  # a token failed: read now
    assert source.refreshed() is None  # failing again within 30 s: no new read
    now[0] = 31
    assert source.refreshed() is None and secrets.reads == 3  # read, nothing changed
    now[0] = 400
    secrets.value = "c" * 48
    assert source.key() == b"c" * 48  # five minutes on: read again
