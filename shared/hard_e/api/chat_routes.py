"""POST /api/v1/chat and GET /api/v1/sessions/{session_id}: a company's people only
(operators get 403, they have no company to talk for)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline
from hard_e.api import concurrency
from hard_e.api.errors import NotFound
from hard_e.api.models import (
    ChatRequest,
    ChatResponse,
    MessageOut,
    SessionList,
    SessionResponse,
    SessionSummary,
)
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.chat import UnknownSessionError

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]

Caller = Annotated[Principal, Depends(current_principal)]


@router.post("/api/v1/chat", summary="Say something to Hard-E", tags=["chat"], security=BEARER)
def chat(body: ChatRequest, principal: Caller) -> ChatResponse:
    try:
        result = concurrency.run(
            services().chat.take_turn(
                principal, body.message, session_id=body.session_id, deadline=deadline.current()
            )
        )
    except UnknownSessionError:
        raise NotFound("no such session (it may have expired)", code="session_not_found") from None
    return ChatResponse(
        session_id=result.session_id,
        reply=result.reply,
        brain=result.brain,
        tool_calls=result.tool_calls,
        approvals=result.approvals,
    )


@router.get(
    "/api/v1/sessions/<session_id>", summary="A session's history", tags=["chat"], security=BEARER
)
def get_session(session_id: str, principal: Caller) -> SessionResponse:
    try:
        session, messages = services().chat.history(principal, session_id)
    except UnknownSessionError:
        raise NotFound("no such session (it may have expired)", code="session_not_found") from None
    return SessionResponse(
        session_id=session.session_id,
        user_id=session.user_id,
        created_at=session.created_at,
        last_active=session.last_active,
        expires_at=session.expires_at,
        messages=[MessageOut(**m.as_dict()) for m in messages],
    )


@router.get(
    "/api/v1/sessions",
    summary="The caller's past conversations, most recent first",
    tags=["chat"],
    security=BEARER,
)
def list_sessions(principal: Caller) -> SessionList:
    found = services().sessions.of_user(principal.tenant_id, principal.user_id)
    return SessionList(
        sessions=[
            SessionSummary(
                session_id=s.session_id,
                title=s.title or "New conversation",
                created_at=s.created_at,
                updated_at=s.last_active,
                turns=s.turns,
            )
            for s in found
        ]
    )
