"""Accepting an invite: a company invite creates the company (with its trial) and its
first admin; a teammate invite adds one person to the company that sent it.

Storage acts for the company the invite token names (:mod:`hard_e.tenancy.scope`; a
wrong secret finds nothing there), and a new company is written under its own id alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from hard_e.ids import new_tenant_id
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.exceptions import EmailTakenError, InviteError
from hard_e.tenancy.invites import DAY, Invite, InviteBook, split_token
from hard_e.tenancy.models import Tenant, User
from hard_e.tenancy.roles import is_company_role
from hard_e.tenancy.scope import acting_for, bind_tenant


@dataclass(frozen=True)
class Enrolled:
    tenant: Tenant
    user: User


class Enrolment:
    def __init__(self, directory: TenantDirectory, invites: InviteBook) -> None:
        self._directory = directory
        self._invites = invites

    def look(self, token: str) -> tuple[Invite, Tenant | None]:
        """The open invite and, for a teammate invite, the company it is into."""
        bind_tenant(split_token(token)[0])
        invite, _ = self._invites.find(token)
        if invite.kind == "teammate":
            return invite, self._directory.get_tenant(invite.tenant_id)
        return invite, None

    def accept_company(
        self, token: str, *, company_name: str, name: str, email: str, password_hash: str
    ) -> Enrolled:
        bind_tenant(split_token(token)[0])  # the operators' company, which sent it
        invite, _ = self._invites.find(token)
        if invite.kind != "company":
            raise _wrong_kind()
        if self._directory.find_login(email) is not None:
            raise EmailTakenError(email)
        invite = self._invites.claim(token)
        try:
            with acting_for(new_tenant_id()) as tenant_id:  # the new company, alone
                tenant, user = self._create_company(
                    tenant_id,
                    invite,
                    company_name,
                    name=name,
                    email=email,
                    password_hash=password_hash,
                )
        except BaseException:
            self._invites.release(token)
            raise
        self._invites.record_use(token, tenant.tenant_id)
        return Enrolled(tenant, user)

    def _create_company(
        self,
        tenant_id: str,
        invite: Invite,
        company_name: str,
        *,
        name: str,
        email: str,
        password_hash: str,
    ) -> tuple[Tenant, User]:
        tenant = self._directory.create_tenant(
            company_name,
            tenant_id=tenant_id,
            plan="trial",
            trial_ends_at=self._invites.now() + invite.days * DAY,
            message_limit=invite.messages,
            invite_id=invite.invite_id,
        )
        try:
            user = self._directory.add_user(
                tenant.tenant_id, email=email, name=name, password_hash=password_hash, role="admin"
            )
        except BaseException:  # the email was taken meanwhile: leave no half company
            self._directory.discard_tenant(tenant.tenant_id)
            raise
        return tenant, user

    def accept_teammate(self, token: str, *, name: str, password_hash: str) -> Enrolled:
        bind_tenant(split_token(token)[0])  # the company that sent it, which the user joins
        invite, _ = self._invites.find(token)
        if invite.kind != "teammate" or not is_company_role(invite.role):
            raise _wrong_kind()
        tenant = self._directory.get_tenant(invite.tenant_id)
        if self._directory.find_login(invite.email) is not None:
            raise EmailTakenError(invite.email)
        self._invites.claim(token)
        try:
            user = self._directory.add_user(
                tenant.tenant_id,
                email=invite.email,
                name=name,
                password_hash=password_hash,
                role=invite.role,
            )
        except EmailTakenError:
            self._invites.release(token)
            raise
        self._invites.record_use(token, user.user_id)
        return Enrolled(tenant, user)


def _wrong_kind() -> InviteError:
    return InviteError(
        "this invite is for something else; check the link", code="wrong_invite", status=422
    )
