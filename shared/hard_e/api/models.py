"""Request and response bodies of the public API (pydantic: they become the OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGE_CHARS = 8_000


class Strict(BaseModel):
    """Request bodies: unknown fields are refused and types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class LoginRequest(Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class LoginResponse(BaseModel):
    token: str
    expires_at: int = Field(description="Epoch seconds")
    tenant_id: str
    user: dict[str, str]


class ChatRequest(Strict):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    session_id: str | None = Field(default=None, max_length=64)


class TurnOutcome(BaseModel):
    """What one turn answers: the text, which brain wrote it, and what it did."""

    reply: str
    brain: str
    tool_calls: list[dict[str, Any]]
    approvals: list[dict[str, Any]]


class ChatResponse(TurnOutcome):
    session_id: str


class MessageOut(BaseModel):
    role: Literal["user", "assistant"]
    text: str
    at: float
    tool_calls: list[dict[str, Any]]
    approvals: list[dict[str, Any]]


class SessionResponse(BaseModel):
    session_id: str
    user_id: str
    created_at: float
    last_active: float
    expires_at: int
    messages: list[MessageOut]


class SessionSummary(BaseModel):
    session_id: str
    title: str
    created_at: float
    updated_at: float
    turns: int


class SessionList(BaseModel):
    sessions: list[SessionSummary]


class Health(BaseModel):
    status: Literal["ok"]


class ToolOut(BaseModel):
    name: str
    description: str
    tier: Literal["green", "yellow", "red"]
    skill: str
    input_schema: dict[str, Any]


class ToolList(BaseModel):
    tools: list[ToolOut]


IdempotencyKey = Field(
    default=None,
    min_length=1,
    max_length=100,
    pattern=r"^[A-Za-z0-9._:-]+$",
    description="Send the same key again to get the first answer back without running "
    "the tool twice; the same key with a different call is refused (409).",
)


class ToolCall(Strict):
    tool: str = Field(min_length=1, max_length=100, description="A tool name from GET /tools")
    input: dict[str, Any] = Field(
        default_factory=dict, description="The tool's input (its input_schema)"
    )
    idempotency_key: str | None = IdempotencyKey


MAX_BATCH = 10


class ToolBatch(Strict):
    calls: list[ToolCall] = Field(min_length=1, max_length=MAX_BATCH)


class ToolError(BaseModel):
    code: str
    message: str


class ToolResultOut(BaseModel):
    """One call's outcome: ``ok`` with a result, ``pending_approval`` with the approval
    a person must decide, or ``error``."""

    tool: str
    status: Literal["ok", "pending_approval", "error"]
    result: Any = None
    approval: dict[str, Any] | None = None
    error: ToolError | None = None


class BatchOut(BaseModel):
    results: list[ToolResultOut]


class ApprovalOut(BaseModel):
    approval: dict[str, Any]


class ApprovalList(BaseModel):
    approvals: list[dict[str, Any]]
    cursor: str | None = None


class AuditPage(BaseModel):
    events: list[dict[str, Any]]
    cursor: str | None = None


TIER = Literal["green", "yellow", "red"]


def _green_only() -> list[TIER]:
    return ["green"]


class ApiKeyScopes(Strict):
    tiers: list[TIER] = Field(
        default_factory=_green_only,
        min_length=1,
        max_length=3,
        description="Which safety tiers the key may run (red always waits for a person)",
    )
    tools: list[str] | None = Field(
        default=None, max_length=100, description="Only these tools (default: every tool)"
    )
    converse: bool = Field(default=False, description="May talk to Hard-E (agent messages)")


class ApiKeyCreate(Strict):
    name: str = Field(min_length=1, max_length=100)
    scopes: ApiKeyScopes = Field(default_factory=ApiKeyScopes)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=10_000)
    converse_per_minute: int | None = Field(default=None, ge=1, le=1_000)


class ApiKeyOut(BaseModel):
    id: str
    name: str
    scopes: dict[str, Any]
    rate_limit_per_minute: int
    converse_per_minute: int
    created_by: str
    created_at: float
    hint: str
    status: Literal["active", "revoked"]
    revoked_at: float | None = None
    revoked_by: str | None = None


class ApiKeyCreated(BaseModel):
    key: ApiKeyOut
    secret: str = Field(description="Shown once: store it now, it cannot be read again")


class ApiKeyList(BaseModel):
    keys: list[ApiKeyOut]


class AgentMessage(Strict):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    conversation_id: str | None = Field(
        default=None, max_length=64, description="Continue this conversation (omit to start one)"
    )


class AgentReply(TurnOutcome):
    conversation_id: str


class UploadRequest(Strict):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=200)
    size: int = Field(ge=0, description="Bytes")
