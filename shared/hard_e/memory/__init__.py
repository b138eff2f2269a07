"""Session memory (and, later, learned long-term memory)."""

from hard_e.memory.sessions import (
    ChatMessage,
    Session,
    SessionNotFoundError,
    SessionStore,
    Speaker,
)

__all__ = ["ChatMessage", "Session", "SessionNotFoundError", "SessionStore", "Speaker"]
