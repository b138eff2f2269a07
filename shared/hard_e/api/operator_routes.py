"""Operators (the people who run Hard-E): company invites, trials, the companies list.

Operators see each company's plan and usage, never its conversations or documents;
export and deletion of a company live in :mod:`hard_e.api.offboarding_routes`.
"""

from __future__ import annotations

import time
from typing import Annotated

from aws_lambda_powertools.event_handler import Depends, Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.account_models import (
    CompanyList,
    CompanyOut,
    InviteCreate,
    InviteCreated,
    InviteList,
    PlanChange,
)
from hard_e.api.errors import Forbidden, NotFound
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import Services, services
from hard_e.ids import is_tenant_id
from hard_e.tenancy import TenantNotFoundError
from hard_e.tenancy.analytics import TurnLog
from hard_e.tenancy.invites import IssuedInvite
from hard_e.tenancy.models import Tenant
from hard_e.tenancy.roles import runs_hard_e

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def operator(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The caller, when they are one of Hard-E's operators; 403 for anyone else."""
    if principal.is_agent or not runs_hard_e(principal.role):
        raise Forbidden("only Hard-E's operators may do this", code="operators_only")
    return principal


Operator = Annotated[Principal, Depends(operator)]


def invite_url(svc: Services, token: str) -> str:
    """The link a person opens: the web app with the invite in its query string."""
    return f"{svc.settings.base_url.rstrip('/')}/?invite={token}"


def issue_company_invite(
    svc: Services, operator_tenant: str, created_by: str, body: InviteCreate
) -> IssuedInvite:
    return svc.invites.issue(
        operator_tenant,
        kind="company",
        created_by=created_by,
        days_valid=body.valid_days,
        days=body.days,
        messages=body.messages,
        note=body.note,
    )


@router.post(
    "/api/v1/operator/invites",
    summary="Invite a company to a trial (days and messages)",
    tags=["operators"],
    security=BEARER,
)
def create_invite(body: InviteCreate, caller: Operator) -> Response[InviteCreated]:
    svc = services()
    issued = issue_company_invite(svc, caller.tenant_id, caller.user_id, body)
    out = InviteCreated(
        invite_id=issued.invite.invite_id,
        url=invite_url(svc, issued.token),
        token=issued.token,
        expires_at=issued.invite.expires_at,
        limits={"days": body.days, "messages": body.messages},
    )
    return Response(201, content_types.APPLICATION_JSON, out, headers={"Cache-Control": "no-store"})


@router.get(
    "/api/v1/operator/invites",
    summary="Company invites and what became of them",
    tags=["operators"],
    security=BEARER,
)
def list_invites(caller: Operator) -> InviteList:
    svc = services()
    now = svc.table.now()
    found = svc.invites.list(caller.tenant_id, kind="company")
    return InviteList(invites=[i.public(now) for i in reversed(found)])


def company_out(svc: Services, tenant: Tenant) -> CompanyOut:
    usage = svc.trials.usage(tenant)
    users = svc.directory.users(tenant.tenant_id)
    return CompanyOut(
        tenant_id=tenant.tenant_id,
        name=tenant.name,
        plan=tenant.plan,
        created_at=tenant.created_at,
        trial=usage.as_dict(),
        usage={
            "messages": usage.messages_used,
            "turns_this_month": TurnLog(svc.table).turns_in_month(
                tenant.tenant_id, time.strftime("%Y-%m", time.gmtime(svc.table.now()))
            ),
            "users": len(users),
            "admins": sum(1 for u in users if u.role == "admin"),
        },
    )


@router.get(
    "/api/v1/operator/companies",
    summary="Every company with its plan, trial and usage",
    tags=["operators"],
    security=BEARER,
)
def list_companies(caller: Operator) -> CompanyList:
    return CompanyList(companies=all_companies(services()))


def all_companies(svc: Services) -> list[CompanyOut]:
    """Every company (not the operators' tenant), newest first: the API's list and
    ``hard-e companies list``."""
    companies: list[CompanyOut] = []
    for tenant_id in svc.directory.tenant_ids():
        try:
            tenant = svc.directory.get_tenant(tenant_id)
        except TenantNotFoundError:
            continue
        if not tenant.is_operators:
            companies.append(company_out(svc, tenant))
    companies.sort(key=lambda c: c.created_at, reverse=True)
    return companies


def company_of(svc: Services, tenant_id: str) -> Tenant:
    """A company by id for an operator; 404 for unknown ids and the operators' tenant."""
    try:
        tenant = svc.directory.get_tenant(tenant_id) if is_tenant_id(tenant_id) else None
    except TenantNotFoundError:
        tenant = None
    if tenant is None or tenant.is_operators:
        raise NotFound("no such company", code="company_not_found")
    return tenant


@router.post(
    "/api/v1/operator/companies/<tenant_id>/plan",
    summary="Extend a trial (days, messages) or convert the company to a paid plan",
    tags=["operators"],
    security=BEARER,
)
def change_plan(tenant_id: str, body: PlanChange, caller: Operator) -> CompanyOut:
    svc = services()
    company_of(svc, tenant_id)
    tenant = svc.trials.change(
        tenant_id, extend_days=body.extend_days, add_messages=body.add_messages, plan=body.plan
    )
    return company_out(svc, tenant)
