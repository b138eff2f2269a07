"""A company's team: its people and pending invites; admins invite, change roles and
remove people (a removed person's tokens stop at their very next request)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.account_models import Member, RoleChange, Team, TeamInvite, TeamInviteCreated
from hard_e.api.company_routes import Admin
from hard_e.api.errors import Conflict, NotFound
from hard_e.api.operator_routes import invite_url
from hard_e.api.security import BEARER
from hard_e.bootstrap import Services, services
from hard_e.messaging import MessagingError
from hard_e.tenancy import UserNotFoundError, normalise_email
from hard_e.tenancy.invites import TEAMMATE_DAYS
from hard_e.tenancy.models import User

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def _member(user: User) -> Member:
    return Member(
        user_id=user.user_id,
        name=user.name,
        email=user.email,
        role=user.role,
        created_at=user.created_at,
    )


@router.get(
    "/api/v1/team", summary="The company's people and open invites", tags=["team"], security=BEARER
)
def team(caller: Admin) -> Team:
    svc = services()
    now = svc.table.now()
    invites = [
        i.public(now)
        for i in svc.invites.list(caller.tenant_id, kind="teammate")
        if i.state(now) == "open"
    ]
    return Team(
        members=[_member(u) for u in svc.directory.users(caller.tenant_id)], invites=invites
    )


@router.post(
    "/api/v1/team/invites",
    summary="Invite a teammate (admin or rep): a single-use link valid for 7 days",
    tags=["team"],
    security=BEARER,
)
def invite(body: TeamInvite, caller: Admin) -> Response[TeamInviteCreated]:
    svc = services()
    email = normalise_email(body.email)
    if svc.directory.find_user_by_email(email) is not None:
        raise Conflict("someone already has an account with this email", code="email_taken")
    issued = svc.invites.issue(
        caller.tenant_id,
        kind="teammate",
        created_by=caller.user_id,
        days_valid=TEAMMATE_DAYS,
        email=email,
        role=body.role,
    )
    url = invite_url(svc, issued.token)
    company = svc.directory.get_tenant(caller.tenant_id).name
    try:
        svc.messenger.send_email(
            caller.tenant_id,
            to=email,
            subject=f"Join {company} on Hard-E",
            body=f"You're invited to {company}'s Hard-E as {body.role}. Open this link within "
            f"{TEAMMATE_DAYS} days to set your password:\n\n{url}\n",
        )
        emailed = True
    except MessagingError:  # the link still works: the admin can pass it on
        emailed = False
    out = TeamInviteCreated(
        invite_id=issued.invite.invite_id,
        url=url,
        token=issued.token,
        expires_at=issued.invite.expires_at,
        emailed=emailed,
    )
    return Response(201, content_types.APPLICATION_JSON, out, headers={"Cache-Control": "no-store"})


def _the_last_admin(svc: Services, tenant_id: str, user_id: str) -> bool:
    admins = [u for u in svc.directory.users(tenant_id) if u.role == "admin"]
    return [u.user_id for u in admins] == [user_id]


@router.patch(
    "/api/v1/team/<user_id>", summary="Change a teammate's role", tags=["team"], security=BEARER
)
def change_role(user_id: str, body: RoleChange, caller: Admin) -> Member:
    svc = services()
    if body.role != "admin" and _the_last_admin(svc, caller.tenant_id, user_id):
        raise Conflict("the company needs at least one admin", code="last_admin")
    try:
        user = svc.directory.change_role(caller.tenant_id, user_id, body.role)
    except UserNotFoundError:
        raise NotFound("no such teammate", code="user_not_found") from None
    return _member(user)


@router.delete(
    "/api/v1/team/<user_id>",
    summary="Remove a teammate: their tokens stop working at once",
    tags=["team"],
    security=BEARER,
)
def remove(user_id: str, caller: Admin) -> Response[None]:
    svc = services()
    if svc.directory.get_user(caller.tenant_id, user_id) is None:
        raise NotFound("no such teammate", code="user_not_found")
    if _the_last_admin(svc, caller.tenant_id, user_id):
        raise Conflict("the company needs at least one admin", code="last_admin")
    try:
        svc.directory.remove_user(caller.tenant_id, user_id)
    except UserNotFoundError:
        raise NotFound("no such teammate", code="user_not_found") from None
    return Response(204, content_types.APPLICATION_JSON, None)


@router.delete(
    "/api/v1/team/invites/<invite_id>",
    summary="Withdraw a teammate invite",
    tags=["team"],
    security=BEARER,
)
def withdraw(invite_id: str, caller: Admin) -> Response[None]:
    if not services().invites.revoke(caller.tenant_id, invite_id):
        raise NotFound("no open invite with this id", code="invite_not_found")
    return Response(204, content_types.APPLICATION_JSON, None)
