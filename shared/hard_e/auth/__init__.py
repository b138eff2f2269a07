"""Passwords, session tokens and logging in."""

from hard_e.auth.authenticator import Authenticator
from hard_e.auth.exceptions import (
    AuthError,
    InvalidCredentialsError,
    InvalidTokenError,
    TokenExpiredError,
    TokenRevokedError,
    TooManyAttemptsError,
)
from hard_e.auth.login import LoginResult, LoginService
from hard_e.auth.passwords import hash_password, verify_password
from hard_e.auth.signing_keys import LocalKeyFile, SecretsManagerKey, SigningKeySource
from hard_e.auth.tokens import IssuedToken, Principal, TokenService

__all__ = [
    "AuthError",
    "Authenticator",
    "InvalidCredentialsError",
    "InvalidTokenError",
    "IssuedToken",
    "LocalKeyFile",
    "LoginResult",
    "LoginService",
    "Principal",
    "SecretsManagerKey",
    "SigningKeySource",
    "TokenExpiredError",
    "TokenRevokedError",
    "TokenService",
    "TooManyAttemptsError",
    "hash_password",
    "verify_password",
]
