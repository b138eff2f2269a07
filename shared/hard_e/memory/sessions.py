"""Conversation sessions: who is talking, and the turns so far, kept for 24 hours.

Every item of a session carries ``ttl``: the META item's is pushed forward on each
turn; each message's is its own time plus the session lifetime, so an active session
keeps a rolling day of history. Reads never return expired items (the Table port
guarantees it), so an expired session is simply gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from hard_e import keys
from hard_e.ids import is_id, new_id
from hard_e.storage import GSI1, ConditionFailedError, MustNotExist, Table, VersionIs

Speaker = Literal["user", "assistant"]
META = "META"
STATE = "STATE"
LEARN = "LEARN"
# Sessions waiting to be learned from, ordered by last activity. Holds ids only, so the
# learner can find idle sessions across tenants with one range query.
LEARN_QUEUE = "LEARN#QUEUE"


def queue_key(tenant_id: str, session_id: str, last_active: float) -> str:
    return f"{int(last_active * 1000):013d}#{tenant_id}#{session_id}"


MSG_PREFIX = "MSG#"


@dataclass(frozen=True)
class ChatMessage:
    role: Speaker
    text: str
    at: float = 0.0
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "text": self.text,
            "at": self.at,
            "tool_calls": self.tool_calls,
            "approvals": self.approvals,
        }


@dataclass(frozen=True)
class Session:
    session_id: str
    tenant_id: str
    user_id: str
    created_at: float
    last_active: float
    expires_at: int
    turns: int = 0
    title: str = ""  # the first thing the person said, for their list of conversations


class SessionNotFoundError(Exception):
    """No live session with that id in this tenant."""


class SessionBusyError(Exception):
    """Too many turns raced for the same session; the caller may retry."""


_CLAIM_ATTEMPTS = 8


class SessionStore:
    def __init__(self, table: Table, *, ttl_seconds: int = 24 * 3600) -> None:
        self._table = table
        self._ttl = ttl_seconds

    def now(self) -> float:
        return self._table.now()

    def start(self, tenant_id: str, user_id: str) -> Session:
        now = self._table.now()
        session = Session(
            session_id=new_id("ses"),
            tenant_id=tenant_id,
            user_id=user_id,
            created_at=now,
            last_active=now,
            expires_at=int(now) + self._ttl,
        )
        self._table.put(self._meta_item(session), condition=MustNotExist())
        return session

    def get(self, tenant_id: str, session_id: str) -> Session | None:
        """The live session, or None (unknown, malformed, expired, or another tenant's)."""
        if not is_id(session_id, "ses"):
            return None
        item = self._table.get(keys.session(tenant_id, session_id), META)
        if item is None:
            return None
        return Session(
            session_id=session_id,
            tenant_id=tenant_id,
            user_id=item["user_id"],
            created_at=item["created_at"],
            last_active=item["last_active"],
            expires_at=item["ttl"],
            turns=item.get("turns", 0),
            title=item.get("title", ""),
        )

    def append(self, session: Session, messages: list[ChatMessage]) -> Session:
        """Store a turn's messages and push the session's expiry forward.

        The turn number is claimed first with a conditional write on META (its
        ``version`` is the turn count), so concurrent turns never interleave or collide.
        """
        pk = keys.session(session.tenant_id, session.session_id)
        for _ in range(_CLAIM_ATTEMPTS):
            current = self.get(session.tenant_id, session.session_id)
            if current is None:
                raise SessionNotFoundError(session.session_id)
            now = self._table.now()
            updated = Session(
                session_id=current.session_id,
                tenant_id=current.tenant_id,
                user_id=current.user_id,
                created_at=current.created_at,
                last_active=now,
                expires_at=int(now) + self._ttl,
                turns=current.turns + 1,
                title=current.title or _title(messages),
            )
            try:
                self._table.put(self._meta_item(updated), condition=VersionIs(current.turns))
                break
            except ConditionFailedError:
                continue
        else:
            raise SessionBusyError(session.session_id)
        for i, message in enumerate(messages):
            self._table.put(
                {
                    "pk": pk,
                    "sk": f"{MSG_PREFIX}{updated.turns:08d}#{i:02d}",
                    "ttl": updated.expires_at,
                    **message.as_dict(),
                }
            )
        self._table.delete(
            LEARN_QUEUE, queue_key(current.tenant_id, current.session_id, current.last_active)
        )
        self._table.put(
            {
                "pk": LEARN_QUEUE,
                "sk": queue_key(updated.tenant_id, updated.session_id, updated.last_active),
                "ttl": updated.expires_at,
                "tenant_id": updated.tenant_id,
                "session_id": updated.session_id,
            }
        )
        return updated

    def turns_since(self, session: Session, after_turn: int) -> list[tuple[int, ChatMessage]]:
        """(turn number, message) for every message after ``after_turn``, oldest first."""
        pk = keys.session(session.tenant_id, session.session_id)
        out: list[tuple[int, ChatMessage]] = []
        cursor: str | None = None
        while True:
            page = self._table.query(
                pk,
                between=(f"{MSG_PREFIX}{after_turn + 1:08d}", f"{MSG_PREFIX}99999999~"),
                limit=200,
                cursor=cursor,
            )
            for i in page.items:
                turn = int(i["sk"][len(MSG_PREFIX) :].split("#")[0])
                out.append((turn, _message(i)))
            if page.cursor is None:
                return out
            cursor = page.cursor

    def history(self, session: Session, *, limit: int | None = None) -> list[ChatMessage]:
        """Messages oldest first; with ``limit``, only the most recent ones."""
        pk = keys.session(session.tenant_id, session.session_id)
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            page = self._table.query(
                pk, prefix=MSG_PREFIX, descending=True, limit=limit or 100, cursor=cursor
            )
            items.extend(page.items)
            cursor = page.cursor
            if cursor is None or (limit is not None and len(items) >= limit):
                break
        if limit is not None:
            items = items[:limit]
        return [_message(i) for i in reversed(items)]

    def revise_last_reply(self, session: Session, text: str) -> None:
        """Replace the text of the session's latest assistant message (a voice reply cut
        off by the rep keeps only the words they heard)."""
        pk = keys.session(session.tenant_id, session.session_id)
        page = self._table.query(pk, prefix=MSG_PREFIX, descending=True, limit=4)
        for item in page.items:
            if item["role"] == "assistant":
                self._table.put({**item, "text": text, "interrupted": True})
                return

    def load_state(self, session: Session) -> dict[str, Any]:
        """The session's working state: open drafts, approvals awaiting a yes/no."""
        item = self._table.get(keys.session(session.tenant_id, session.session_id), STATE)
        state: dict[str, Any] = item["state"] if item else {}
        return state

    def save_state(self, session: Session, state: dict[str, Any]) -> None:
        self._table.put(
            {
                "pk": keys.session(session.tenant_id, session.session_id),
                "sk": STATE,
                "ttl": int(self._table.now()) + self._ttl,
                "state": state,
            }
        )

    def _meta_item(self, session: Session) -> dict[str, Any]:
        return {
            "pk": keys.session(session.tenant_id, session.session_id),
            "sk": META,
            "ttl": session.expires_at,
            "user_id": session.user_id,
            "created_at": session.created_at,
            "last_active": session.last_active,
            "turns": session.turns,
            "version": session.turns,
            "title": session.title,
            # gsi1: one person's conversations, most recent last
            "gsi1pk": keys.sessions_of(session.tenant_id, session.user_id),
            "gsi1sk": f"{int(session.last_active * 1000):013d}#{session.session_id}",
        }

    def of_user(self, tenant_id: str, user_id: str, *, limit: int = 50) -> list[Session]:
        """The person's live conversations, most recent first."""
        page = self._table.query(
            keys.sessions_of(tenant_id, user_id), index=GSI1, descending=True, limit=limit
        )
        found = (self.get(tenant_id, i["pk"].rsplit("#", 1)[-1]) for i in page.items)
        return [s for s in found if s is not None]


def _title(messages: list[ChatMessage]) -> str:
    said = next((m.text for m in messages if m.role == "user"), "")
    line = " ".join(said.split())
    return line if len(line) <= 80 else line[:79].rstrip() + "…"


def _message(item: dict[str, Any]) -> ChatMessage:
    return ChatMessage(
        role=item["role"],
        text=item["text"],
        at=item["at"],
        tool_calls=item.get("tool_calls", []),
        approvals=item.get("approvals", []),
    )
