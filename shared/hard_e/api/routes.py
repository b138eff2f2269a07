"""Which Lambda function serves which HTTP route.

One table read by the CDK app (to wire API Gateway) and by the local server (to pick
the handler), so the two runtimes can never disagree about routing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["company", "admins", "operators", "anyone"]
"""Who a signed-in route is for: a company's people (its admins and reps, and its API
keys where ``agents``), a company's admins alone, Hard-E's operators alone, or anyone
signed in (logout). The app refuses operators on ``company`` and ``admins`` routes."""


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway syntax: /api/v1/sessions/{session_id}
    public: bool = False  # no token needed
    audience: Audience = "company"
    agents: bool = False  # an automation agent's API key may call it too
    converse: bool = False  # an agent conversation: the key's conversation limit applies


@dataclass(frozen=True)
class FunctionSpec:
    name: str  # folder under functions/, and the Lambda's logical name
    description: str
    routes: tuple[Route, ...]
    memory_mb: int = 512
    timeout_s: int = 29  # API Gateway's integration limit
    # http (the routes above) | s3 (object created in the documents bucket) | schedule
    trigger: str = "http"


FUNCTIONS: tuple[FunctionSpec, ...] = (
    FunctionSpec(
        name="auth",
        description="Login, logout, API keys, health and the OpenAPI document",
        routes=(
            Route("GET", "/health", public=True),
            Route("POST", "/api/v1/auth/login", public=True),
            Route("POST", "/api/v1/auth/logout", audience="anyone"),
            Route("GET", "/api/v1/openapi.json", public=True),
            Route("POST", "/api/v1/api-keys", audience="admins"),
            Route("GET", "/api/v1/api-keys", audience="admins"),
            Route("DELETE", "/api/v1/api-keys/{key_id}", audience="admins"),
        ),
        memory_mb=1024,  # bcrypt is CPU-bound; more memory buys more CPU on Lambda
        timeout_s=10,
    ),
    FunctionSpec(
        name="chat",
        description="Chat turns and session history",
        routes=(
            Route("POST", "/api/v1/chat"),
            Route("GET", "/api/v1/sessions"),
            Route("GET", "/api/v1/sessions/{session_id}"),
            Route("POST", "/api/v1/agent/messages", agents=True, converse=True),
        ),
    ),
    FunctionSpec(
        name="tools",
        description="The tools API, approvals, audit trail and outbox",
        routes=(
            Route("GET", "/api/v1/tools", agents=True),
            Route("POST", "/api/v1/tools/execute", agents=True),
            Route("POST", "/api/v1/tools/batch", agents=True),
            Route("GET", "/api/v1/approvals", agents=True),
            Route("GET", "/api/v1/approvals/{approval_id}", agents=True),
            Route("POST", "/api/v1/approvals/{approval_id}/approve"),
            Route("POST", "/api/v1/approvals/{approval_id}/deny"),
            Route("GET", "/api/v1/audit", audience="admins"),
            Route("GET", "/api/v1/outbox"),
        ),
    ),
    FunctionSpec(
        name="documents",
        description="Document uploads, status and deletion",
        routes=(
            Route("POST", "/api/v1/documents"),
            Route("GET", "/api/v1/documents"),
            Route("GET", "/api/v1/documents/{document_id}"),
            Route("DELETE", "/api/v1/documents/{document_id}"),
        ),
        memory_mb=1024,  # deleting rebuilds the index
    ),
    FunctionSpec(
        name="memory",
        description="What Hard-E has learned: browse, confirm and delete",
        routes=(
            Route("GET", "/api/v1/memory"),
            Route("DELETE", "/api/v1/memory/{memory_id}", audience="admins"),
            Route("POST", "/api/v1/memory/{memory_id}/confirm", audience="admins"),
        ),
    ),
    FunctionSpec(
        name="mcp",
        description="The tools as an MCP server (streamable HTTP, stateless) for agents",
        routes=(
            Route("POST", "/mcp", agents=True),
            Route("GET", "/mcp", agents=True),
            Route("DELETE", "/mcp", agents=True),
        ),
    ),
    FunctionSpec(
        name="onboarding",
        description="Invites, guided onboarding, company profile, soul document and team",
        routes=(
            Route("GET", "/api/v1/invites/{token}", public=True),
            Route("POST", "/api/v1/invites/{token}/accept", public=True),
            Route("POST", "/api/v1/auth/password-reset", public=True),
            Route("POST", "/api/v1/auth/password-reset/confirm", public=True),
            Route("GET", "/api/v1/onboarding", audience="admins"),
            Route("GET", "/api/v1/company/profile", audience="admins"),
            Route("PUT", "/api/v1/company/profile", audience="admins"),
            Route("GET", "/api/v1/company/leap", audience="admins"),
            Route("PUT", "/api/v1/company/leap", audience="admins"),
            Route("GET", "/api/v1/soul", audience="admins"),
            Route("PUT", "/api/v1/soul", audience="admins"),
            Route("GET", "/api/v1/soul/templates", audience="admins"),
            Route("GET", "/api/v1/soul/versions/{version}", audience="admins"),
            Route("POST", "/api/v1/soul/preview", audience="admins"),
            Route("GET", "/api/v1/team", audience="admins"),
            Route("POST", "/api/v1/team/invites", audience="admins"),
            Route("DELETE", "/api/v1/team/invites/{invite_id}", audience="admins"),
            Route("PATCH", "/api/v1/team/{user_id}", audience="admins"),
            Route("DELETE", "/api/v1/team/{user_id}", audience="admins"),
            Route("GET", "/api/v1/analytics", audience="admins"),
        ),
        memory_mb=1024,  # bcrypt on accepting an invite and resetting a password
    ),
    FunctionSpec(
        name="operators",
        description="Hard-E's operators: company invites, trials, usage, export and deletion",
        routes=(
            Route("POST", "/api/v1/operator/invites", audience="operators"),
            Route("GET", "/api/v1/operator/invites", audience="operators"),
            Route("GET", "/api/v1/operator/companies", audience="operators"),
            Route("POST", "/api/v1/operator/companies/{tenant_id}/plan", audience="operators"),
            Route("GET", "/api/v1/operator/companies/{tenant_id}/export", audience="operators"),
            Route("DELETE", "/api/v1/operator/companies/{tenant_id}", audience="operators"),
        ),
        memory_mb=1024,  # an export holds a company's documents in memory
    ),
    FunctionSpec(
        name="learner",
        description="Learns from idle conversations, on a schedule",
        routes=(),
        memory_mb=1024,
        timeout_s=300,
        trigger="schedule",
    ),
    FunctionSpec(
        name="ingest",
        description="Reads uploaded documents into the knowledge base",
        routes=(),
        memory_mb=2048,  # PDF parsing and index builds are CPU-bound
        timeout_s=300,
        trigger="s3",
    ),
)


@dataclass(frozen=True)
class RouteMatch:
    function: FunctionSpec
    route: Route
    params: dict[str, str]


def match_route(method: str, path: str) -> RouteMatch | None:
    """The function and route serving ``method path``, with its path parameters, or None."""
    parts = path.rstrip("/").split("/")
    for spec in FUNCTIONS:
        for route in spec.routes:
            if route.method != method.upper():
                continue
            params = _match(route.path, parts)
            if params is not None:
                return RouteMatch(spec, route, params)
    return None


def path_exists(path: str) -> bool:
    """True when some function serves ``path`` with any method (405 rather than 404)."""
    parts = path.rstrip("/").split("/")
    return any(_match(r.path, parts) is not None for s in FUNCTIONS for r in s.routes)


def _match(template: str, parts: list[str]) -> dict[str, str] | None:
    tparts = template.split("/")
    if len(tparts) != len(parts):
        return None
    params: dict[str, str] = {}
    for t, p in zip(tparts, parts, strict=True):
        if t.startswith("{") and t.endswith("}"):
            if not p:
                return None
            params[t[1:-1]] = p
        elif t != p:
            return None
    return params
