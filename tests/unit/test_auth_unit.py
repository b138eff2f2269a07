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
