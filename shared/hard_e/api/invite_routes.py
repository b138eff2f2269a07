"""Invite links, public: look at one, and accept it (a new company, or a new teammate)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.account_models import Enrolled, InviteAccept, InviteView
from hard_e.api.errors import ApiError, Conflict, ValidationFailed
from hard_e.auth import hash_password
from hard_e.bootstrap import services
from hard_e.tenancy import EmailTakenError
from hard_e.tenancy.exceptions import InviteError

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def invite_error(exc: InviteError) -> ApiError:
    return ApiError(str(exc), code=exc.code, status=exc.status)


@router.get("/api/v1/invites/<token>", summary="What an invite link is for", tags=["invites"])
def look(token: str) -> InviteView:
    try:
        invite, company = services().enrolment.look(token)
    except InviteError as exc:
        raise invite_error(exc) from None
    if invite.kind == "company":
        return InviteView(
            kind="company",
            expires_at=invite.expires_at,
            limits={"days": invite.days, "messages": invite.messages},
        )
    return InviteView(
        kind="teammate",
        company=company.name if company else None,
        role=invite.role,
        email=invite.email,
        expires_at=invite.expires_at,
    )


@router.post(
    "/api/v1/invites/<token>/accept",
    summary="Accept an invite: create the company and its first admin, or join a team",
    tags=["invites"],
)
def accept(token: str, body: InviteAccept) -> Response[Enrolled]:
    svc = services()
    try:
        invite, _ = svc.enrolment.look(token)
        password_hash = hash_password(body.password, rounds=svc.settings.bcrypt_rounds)
        if not body.name.strip():
            raise ValidationFailed("invalid request: name is required", code="validation_error")
        if invite.kind == "company":
            if not (body.company_name or "").strip() or not body.email:
                raise ValidationFailed(
                    "invalid request: company_name and email are required", code="validation_error"
                )
            done = svc.enrolment.accept_company(
                token,
                company_name=(body.company_name or "").strip(),
                name=body.name.strip(),
                email=body.email,
                password_hash=password_hash,
            )
        else:
            done = svc.enrolment.accept_teammate(
                token, name=body.name.strip(), password_hash=password_hash
            )
    except InviteError as exc:
        raise invite_error(exc) from None
    except EmailTakenError:
        raise Conflict(
            "an account with this email already exists; log in instead", code="email_taken"
        ) from None
    issued = svc.tokens.issue(done.user)
    user = done.user
    body_out = Enrolled(
        token=issued.token,
        expires_at=issued.expires_at,
        tenant=_tenant(done.tenant),
        user={"user_id": user.user_id, "name": user.name, "email": user.email, "role": user.role},
    )
    return Response(201, content_types.APPLICATION_JSON, body_out)


def _tenant(tenant: Any) -> dict[str, Any]:
    return {
        "tenant_id": tenant.tenant_id,
        "name": tenant.name,
        "plan": tenant.plan,
        "trial_ends_at": tenant.trial_ends_at,
        "message_limit": tenant.message_limit,
        "timezone": tenant.timezone,
    }
