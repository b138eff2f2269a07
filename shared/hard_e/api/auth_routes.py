"""POST /api/v1/auth/login and POST /api/v1/auth/logout."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.errors import TooManyRequests, Unauthorized
from hard_e.api.models import LoginRequest, LoginResponse
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import InvalidCredentialsError, Principal, TooManyAttemptsError
from hard_e.bootstrap import services

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]


@router.post("/api/v1/auth/login", summary="Log in with email and password", tags=["auth"])
def login(body: LoginRequest) -> LoginResponse:
    try:
        address = router.current_event.request_context.http.source_ip
        result = services().login.login(body.email, body.password, client_address=address)
    except InvalidCredentialsError:
        raise Unauthorized("wrong email or password", code="invalid_credentials") from None
    except TooManyAttemptsError as exc:
        raise TooManyRequests(
            str(exc), code="too_many_attempts", headers={"Retry-After": str(exc.retry_after)}
        ) from None
    user = result.user
    return LoginResponse(
        token=result.token.token,
        expires_at=result.token.expires_at,
        tenant_id=user.tenant_id,
        user={"user_id": user.user_id, "name": user.name, "email": user.email, "role": user.role},
    )


@router.post(
    "/api/v1/auth/logout",
    summary="Log out everywhere: every token of this user stops working",
    tags=["auth"],
    security=BEARER,
)
def logout(principal: Caller) -> dict[str, Any]:
    services().authenticator.logout(principal)
    return {"logged_out": True}
