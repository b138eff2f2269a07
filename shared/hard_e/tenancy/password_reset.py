"""Password reset by an emailed link (SES on AWS; locally ``hard-e mail EMAIL``, never the
company's outbox its admins read).

The link's token is ``rst_<tenant id><secret>``; only the secret's SHA-256 is stored,
under the company's own partition, for an hour. Using it sets the new password, which
moves the user's token version on: every session they had ends at once.
"""

from __future__ import annotations

import hashlib
import secrets

from hard_e import keys
from hard_e.messaging import Messenger
from hard_e.storage import ConditionFailedError, MustExist, Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.exceptions import InviteError
from hard_e.tenancy.invites import split_link_token
from hard_e.tenancy.scope import bind_tenant

PREFIX = "rst_"
LIFETIME_SECONDS = 3600


def _sk(secret: str) -> str:
    return "H#" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:40]


class PasswordResets:
    def __init__(self, table: Table, directory: TenantDirectory, messenger: Messenger) -> None:
        self._table = table
        self._directory = directory
        self._messenger = messenger

    def request(self, email: str, *, link_base: str) -> bool:
        """Email a reset link when the address has an account (the caller always answers
        the same, so nobody learns which addresses exist). True when one was sent."""
        found = self._directory.find_login(email)  # the global email claim: ids only
        if found is None:
            return False
        bind_tenant(found[0])  # as login does: storage acts for that company alone
        user = self._directory.get_user(*found)
        if user is None:
            return False
        secret = secrets.token_urlsafe(24)
        expires = int(self._table.now()) + LIFETIME_SECONDS
        self._table.put(
            {
                "pk": keys.tenant_pk(user.tenant_id, "RESET"),
                "sk": _sk(secret),
                "user_id": user.user_id,
                "ttl": expires,
            }
        )
        token = f"{PREFIX}{user.tenant_id}{secret}"
        self._messenger.send_account_email(  # for them alone: not in the company's outbox
            user.tenant_id,
            to=user.email,
            subject="Reset your Hard-E password",
            body=(
                f"Hi {user.first_name},\n\nSomeone asked to reset the password of your Hard-E "
                f"account. Open this link within an hour to choose a new one:\n\n"
                f"{link_base.rstrip('/')}/?reset={token}\n\n"
                "If it wasn't you, ignore this email: your password stays as it is."
            ),
        )
        return True

    def confirm(self, token: str, password_hash: str) -> None:
        """Set the new password once; InviteError 400 for a bad, used or expired link."""
        bad = InviteError(
            "this reset link is not valid or has expired; ask for a new one",
            code="invalid_reset_token",
            status=400,
        )
        parts = split_link_token(token, PREFIX)
        if parts is None:
            raise bad
        tenant_id, secret = parts
        bind_tenant(tenant_id)  # the link names its company; a wrong secret finds nothing
        pk, sk = keys.tenant_pk(tenant_id, "RESET"), _sk(secret)
        item = self._table.get(pk, sk)
        if item is None:
            raise bad
        try:
            self._table.delete(pk, sk, condition=MustExist())  # once: a racing twin fails
        except ConditionFailedError:
            raise bad from None
        if self._directory.get_user(tenant_id, item["user_id"]) is None:
            raise bad
        self._directory.change_password(tenant_id, item["user_id"], password_hash)
