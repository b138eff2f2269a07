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


class ChatResponse(BaseModel):
    session_id: str
    reply: str
    brain: str
    tool_calls: list[dict[str, Any]]
    approvals: list[dict[str, Any]]


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


class ToolCall(Strict):
    tool: str = Field(min_length=1, max_length=100)
    input: dict[str, Any] = Field(default_factory=dict)


MAX_BATCH = 10


class ToolBatch(Strict):
    calls: list[ToolCall] = Field(min_length=1)


class UploadRequest(Strict):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=200)
    size: int = Field(ge=0, description="Bytes")
