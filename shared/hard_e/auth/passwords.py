"""Password hashing with bcrypt.

bcrypt only reads 72 bytes (and bcrypt 5 refuses longer input), so the password is first
reduced to a fixed-length SHA-256 digest in base64 — every character counts and any
length is accepted.
"""

from __future__ import annotations

import base64
import hashlib

import bcrypt


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str, *, rounds: int = 12) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:  # a corrupt stored hash never lets anyone in
        return False
