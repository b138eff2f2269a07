"""A chat turn, start to finish: session, brain, history. Used by HTTP and (later) voice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hard_e.auth import Principal
from hard_e.brain import Brain, NoTools, Speaker, TextSink, ToolBelt, Turn
from hard_e.memory import ChatMessage, Session, SessionStore
from hard_e.tenancy import TenantDirectory


class UnknownSessionError(Exception):
    """The session does not exist, has expired, or is not the caller's."""


@dataclass(frozen=True)
class ChatResult:
    session_id: str
    reply: str
    brain: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)


class ChatService:
    def __init__(
        self,
        *,
        directory: TenantDirectory,
        sessions: SessionStore,
        brain: Brain,
        history_turns: int = 20,
    ) -> None:
        self._directory = directory
        self._sessions = sessions
        self._brain = brain
        self._history_messages = history_turns * 2

    def session_for(self, principal: Principal, session_id: str) -> Session:
        """The caller's live session; admins may read any session of their own tenant."""
        session = self._sessions.get(principal.tenant_id, session_id)
        if session is None or (session.user_id != principal.user_id and not principal.is_admin):
            raise UnknownSessionError(session_id)
        return session

    def history(self, principal: Principal, session_id: str) -> tuple[Session, list[ChatMessage]]:
        session = self.session_for(principal, session_id)
        return session, self._sessions.history(session)

    async def take_turn(
        self,
        principal: Principal,
        message: str,
        *,
        session_id: str | None = None,
        tools: ToolBelt | None = None,
        on_text: TextSink | None = None,
    ) -> ChatResult:
        tenant = self._directory.get_tenant(principal.tenant_id)
        user = self._directory.get_user(principal.tenant_id, principal.user_id)
        if session_id is None:
            session = self._sessions.start(principal.tenant_id, principal.user_id)
            history: list[ChatMessage] = []
        else:
            session = self.session_for(principal, session_id)
            if (
                session.user_id != principal.user_id
            ):  # admins read, but never talk in, others' sessions
                raise UnknownSessionError(session_id)
            history = self._sessions.history(session, limit=self._history_messages)
        turn = Turn(
            tenant=tenant,
            speaker=Speaker(
                user_id=principal.user_id,
                name=user.name if user else principal.email,
                role=principal.role,
            ),
            session_id=session.session_id,
            message=message,
            history=history,
            tools=tools or NoTools(),
        )
        started = self._sessions.now()
        reply = await self._brain.reply(turn, on_text=on_text)
        self._sessions.append(
            session,
            [
                ChatMessage(role="user", text=message, at=started),
                ChatMessage(
                    role="assistant",
                    text=reply.text,
                    at=self._sessions.now(),
                    tool_calls=reply.tool_calls,
                    approvals=reply.approvals,
                ),
            ],
        )
        return ChatResult(
            session_id=session.session_id,
            reply=reply.text,
            brain=reply.brain,
            tool_calls=reply.tool_calls,
            approvals=reply.approvals,
        )
