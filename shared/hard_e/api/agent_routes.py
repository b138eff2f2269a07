"""Agent-to-agent conversations: an external agent talks to Hard-E with an API key that
has the converse scope — the same turn, brain, tools and safety gate as a rep's chat,
in a conversation of its own. Red actions wait for a person; the answer carries the
tool calls and approvals beside the text."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline
from hard_e.api import concurrency
from hard_e.api.errors import Forbidden, NotFound
from hard_e.api.models import AgentMessage, AgentReply, TurnOutcome
from hard_e.api.security import BEARER_OR_KEY, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.chat import UnknownSessionError

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]


@router.post(
    "/api/v1/agent/messages",
    summary="An agent's message to Hard-E (API key with the converse scope)",
    tags=["agents"],
    security=BEARER_OR_KEY,
)
def agent_message(body: AgentMessage, principal: Caller) -> AgentReply:
    if principal.scope is None:
        raise Forbidden("agent conversations need an API key; people use POST /api/v1/chat")
    if not principal.scope.converse:
        raise Forbidden("this API key may not converse (it lacks the converse scope)")
    chat = services().chat
    try:
        result = concurrency.run(
            chat.take_turn(
                principal,
                body.message,
                session_id=body.conversation_id,
                channel="agent",
                deadline=deadline.current(),
            )
        )
    except UnknownSessionError:
        raise NotFound("no such conversation", code="conversation_not_found") from None
    outcome = {name: getattr(result, name) for name in TurnOutcome.model_fields}
    return AgentReply(conversation_id=result.session_id, **outcome)
