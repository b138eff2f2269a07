"""Password reset by emailed link (public routes)."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.account_models import ResetConfirm, ResetRequest
from hard_e.api.invite_routes import invite_error
from hard_e.auth import hash_password
from hard_e.bootstrap import services
from hard_e.messaging import MessagingError
from hard_e.tenancy.exceptions import InviteError
from hard_e.tenancy.password_reset import PasswordResets
from hard_e.tenancy.scope import bind_tenant

logger = Logger(service="hard-e")
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
REQUESTS_PER_HOUR = 5


def _resets() -> PasswordResets:
    svc = services()
    return PasswordResets(svc.table, svc.directory, svc.messenger)


@router.post(
    "/api/v1/auth/password-reset",
    summary="Email a password reset link (always 202: nobody learns which emails exist)",
    tags=["auth"],
)
def request_reset(body: ResetRequest) -> Response[dict[str, str]]:
    svc = services()
    found = svc.directory.find_login(body.email)  # the global email claim: ids only
    if found is not None:
        bind_tenant(found[0])  # as login does: storage acts for that company alone
    user = svc.directory.get_user(*found) if found is not None else None
    if user is not None:
        admitted = svc.rate_limits.admit(
            user.tenant_id, f"reset#{user.user_id}", limit=REQUESTS_PER_HOUR, window=3600
        )
        if admitted.allowed:
            try:
                _resets().request(body.email, link_base=svc.settings.base_url)
            except MessagingError:  # the same answer: nobody learns which emails exist
                logger.warning("password reset email not sent", extra={"user": user.user_id})
    out = {"status": "accepted", "message": "if this email has an account, a link is on its way"}
    return Response(202, content_types.APPLICATION_JSON, out)


@router.post(
    "/api/v1/auth/password-reset/confirm",
    summary="Choose a new password with the emailed link: every old session ends",
    tags=["auth"],
)
def confirm_reset(body: ResetConfirm) -> Response[None]:
    svc = services()
    try:
        _resets().confirm(
            body.token, hash_password(body.password, rounds=svc.settings.bcrypt_rounds)
        )
    except InviteError as exc:
        raise invite_error(exc) from None
    return Response(204, content_types.APPLICATION_JSON, None)
