"""The brain port: one chat turn in, one reply out. Adapters: Claude and the reflex brain."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from hard_e.deadline import Deadline
from hard_e.memory import ChatMessage
from hard_e.tenancy import Tenant

TextSink = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class ToolSpec:
    """What the model is told about a tool."""

    name: str
    description: str
    input_schema: dict[str, Any]


@dataclass(frozen=True)
class ToolOutcome:
    """What running a tool produced, ready to hand back to the model."""

    content: Any
    is_error: bool = False
    approval: dict[str, Any] | None = None  # set when a red tool now waits for a human
    choice: Any = None  # set when the tool asks which of several options was meant


class ToolBelt(Protocol):
    """The tools a turn may use. The registry and safety gate implement this."""

    def specs(self, skills: list[str] | None = None) -> list[ToolSpec]:
        """The tools of these skills (all tools when None)."""
        ...

    async def run(
        self, name: str, arguments: dict[str, Any], *, said: str | None = None
    ) -> ToolOutcome:
        """Run one call. A model passes ``said``, the person's own words this turn: a
        write they did not ask for there waits for their confirmation."""
        ...


class NoTools:
    """A tool belt with nothing on it."""

    def specs(self, skills: list[str] | None = None) -> list[ToolSpec]:
        return []

    async def run(
        self, name: str, arguments: dict[str, Any], *, said: str | None = None
    ) -> ToolOutcome:
        return ToolOutcome(content=f"unknown tool: {name}", is_error=True)


@dataclass(frozen=True)
class Speaker:
    """The person talking to Hard-E in this turn."""

    user_id: str
    name: str
    role: str


@dataclass(frozen=True)
class Turn:
    tenant: Tenant
    speaker: Speaker
    session_id: str
    message: str
    history: list[ChatMessage] = field(default_factory=list)
    tools: ToolBelt = field(default_factory=NoTools)
    skills: list[str] | None = None  # the tool groups Claude is offered this turn
    state: dict[str, Any] = field(default_factory=dict)  # session state (drafts), mutable
    knowledge: list[dict[str, Any]] = field(default_factory=list)  # passages found for this turn
    memories: list[dict[str, Any]] = field(default_factory=list)  # what was learned before
    summary: str = ""  # the conversation so far, when older turns fell out of the history
    deadline: Deadline | None = None  # when the answer must be ready (None: no limit)
    now: float = 0.0  # the turn's clock (epoch seconds; 0: the wall clock)


@dataclass
class BrainReply:
    text: str
    brain: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)
    intent: str = ""  # what the reflex brain understood ("" for Claude)
    # approvals the person's own words approved right after a question that showed exactly
    # what they will do ("… or say 'save it' to create Jo Smith, …"): a person decides them
    approved_as_shown: list[str] = field(default_factory=list)
    # approvals the reply's new ones stand in for ("make it friendlier" redrafts the email
    # waiting): withdrawn by the person's own request, so never sent as well
    replaces: list[str] = field(default_factory=list)


class BrainUnavailableError(Exception):
    """The brain could not answer (vendor down, timed out, misconfigured)."""


class Brain(ABC):
    name: str = "brain"

    @abstractmethod
    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        """Answer one turn. ``on_text`` receives text as it is produced (for voice)."""
