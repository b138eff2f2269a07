"""Tenants for real: operators, invites, companies made from them, over the real handlers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hard_e.auth import hash_password
from hard_e.bootstrap import Services
from hard_e.local.events import http_api_event
from hard_e.local.seed import DemoLogin
from hard_e.tenancy.operators import create_operator
from tests.conftest import Gateway, HttpResult

OPERATOR_EMAIL = "olive@hard-e.example"
OPERATOR_PASSWORD = "operator-pass-1"


class Desk:
    """What people do through the HTTP API: operators invite, companies accept and work."""

    def __init__(self, gateway: Gateway, services: Services) -> None:
        self.gateway = gateway
        self.services = services

    def call(
        self,
        method: str,
        path: str,
        function: str,
        token: str | None = None,
        body: Any = None,
        *,
        key: str | None = None,
    ) -> HttpResult:
        """One request to ``function``'s real handler; ``path`` may carry a query string."""
        path, _, query = path.partition("?")
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        if key:
            headers["x-api-key"] = key
        data = json.dumps(body).encode() if body is not None else None
        event = http_api_event(method, path, query=query, headers=headers, body=data)
        return self.gateway.send(event, function)

    def login(self, email: str, password: str) -> str:
        answer = self.gateway.login(email, password)
        assert answer.status == 200, answer.body
        token: str = answer.json()["token"]
        return token

    def operator_token(self) -> str:
        if self.services.directory.find_user_by_email(OPERATOR_EMAIL) is None:
            create_operator(
                self.services.table,
                self.services.directory,
                email=OPERATOR_EMAIL,
                name="Olive Operator",
                password_hash=hash_password(OPERATOR_PASSWORD, rounds=4),
            )
        return self.login(OPERATOR_EMAIL, OPERATOR_PASSWORD)

    def invite(self, days: int = 14, messages: int = 200, **extra: Any) -> dict[str, Any]:
        answer = self.call(
            "POST",
            "/api/v1/operator/invites",
            "operators",
            self.operator_token(),
            {"days": days, "messages": messages, **extra},
        )
        assert answer.status == 201, answer.body
        created: dict[str, Any] = answer.json()
        return created

    def accept(self, token: str, **body: Any) -> HttpResult:
        return self.call("POST", f"/api/v1/invites/{token}/accept", "onboarding", body=body)

    def new_company(
        self, name: str = "Ridgeline Roofing", email: str = "rita@ridgeline.example", **limits: Any
    ) -> dict[str, Any]:
        """Invite a company and accept as its first admin: the accept answer."""
        invite = self.invite(**limits)
        answer = self.accept(
            invite["token"],
            company_name=name,
            name="Rita Ridge",
            email=email,
            password="ridge-pass-1",
        )
        assert answer.status == 201, answer.body
        done: dict[str, Any] = answer.json()
        return done


@pytest.fixture
def desk(gateway: Gateway, services: Services, demo: DemoLogin) -> Desk:
    return Desk(gateway, services)


def populate(desk: Desk, company: dict[str, Any], *, tag: str) -> dict[str, Any]:
    """Give a company data of every kind, through the API the way its people would:
    sessions, documents, memory, approvals, audit, outbox, team, invites, soul versions,
    API keys, the Leap key, password resets, trial and analytics counters.
    Returns the ids another company will probe for."""
    svc = desk.services
    admin, tenant_id = company["token"], company["tenant"]["tenant_id"]
    chat = desk.gateway.chat(f"What is the warranty on {tag} siding?", admin).json()
    desk.gateway.chat("and roofing?", admin, session_id=chat["session_id"])
    remembered = desk.gateway.tool(
        "remember", {"text": f"{tag} always offers financing over 10k", "about": "financing"}, admin
    ).json()
    assert "result" in remembered, remembered
    memories = desk.call("GET", "/api/v1/memory", "memory", admin).json()
    memory_id = memories["memories"][0]["id"] if memories.get("memories") else None
    sms = desk.gateway.tool("send_sms", {"to": "+12085550100", "body": f"{tag} on my way"}, admin)
    if sms.status == 202:  # a text to a number no customer has waits for a person
        desk.call(
            "POST", f"/api/v1/approvals/{sms.json()['approval']['id']}/approve", "tools", admin
        )
    held = desk.gateway.tool(
        "send_email",
        {"to": f"owner@{tag}.example", "subject": "Estimate", "body": "Attached."},
        admin,
    ).json()
    approval_id = held["approval"]["id"]
    second = desk.gateway.tool(
        "send_email", {"to": f"two@{tag}.example", "subject": "Follow-up", "body": "Hi."}, admin
    ).json()
    decided = desk.call(
        "POST", f"/api/v1/approvals/{second['approval']['id']}/approve", "tools", admin
    )
    assert decided.status == 200, decided.body
    upload = desk.call(
        "POST",
        "/api/v1/documents",
        "documents",
        admin,
        {"filename": f"{tag}-guide.md", "content_type": "text/markdown", "size": 60},
    ).json()
    document_id = upload["document"]["id"]
    document = svc.documents.get(tenant_id, document_id)
    data = f"# {tag} guide\n\n## Warranty\n\n{tag} siding carries 50 years.\n".encode()
    svc.blobs.put(document.blob_key, data, content_type="text/markdown")
    svc.ingestor.ingest(document.blob_key, etag="x")
    for n in (1, 2):
        desk.call("PUT", "/api/v1/soul", "onboarding", admin, {"content": f"# {tag} soul v{n}"})
    desk.call(
        "PUT",
        "/api/v1/company/profile",
        "onboarding",
        admin,
        {
            "name": company["tenant"]["name"],
            "trades": ["siding"],
            "service_area": tag,
            "timezone": "America/Denver",
        },
    )
    from hard_e.tenancy.credentials import CrmCredentials

    svc.tools.vault.save(
        tenant_id, CrmCredentials(provider="leap", token=f"{tag}-leap", base_url="http://x")
    )
    key = desk.call(
        "POST",
        "/api/v1/api-keys",
        "auth",
        admin,
        {
            "name": f"{tag} bot",
            "scopes": {"tiers": ["green", "yellow", "red"], "converse": True},
            "rate_limit_per_minute": 10_000,
            "converse_per_minute": 1_000,
        },
    ).json()
    invite = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        admin,
        {"email": f"rep@{tag}.example", "role": "rep"},
    ).json()
    joined = desk.accept(invite["token"], name=f"{tag} Rep", password="rep-pass-123").json()
    pending = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        admin,
        {"email": f"later@{tag}.example", "role": "admin"},
    ).json()
    desk.call(
        "POST", "/api/v1/auth/password-reset", "onboarding", body={"email": f"rep@{tag}.example"}
    )
    agent = desk.call(
        "POST",
        "/api/v1/agent/messages",
        "chat",
        None,
        {"message": f"{tag} pipeline summary"},
        key=key["secret"],
    )
    assert agent.status == 200, agent.body
    return {
        "tenant_id": tenant_id,
        "admin": admin,
        "admin_id": company["user"]["user_id"],
        "rep": joined["token"],
        "rep_id": joined["user"]["user_id"],
        "session_id": chat["session_id"],
        "memory_id": memory_id,
        "approval_id": approval_id,
        "document_id": document_id,
        "key_id": key["key"]["id"],
        "key_secret": key["secret"],
        "invite_id": pending["invite_id"],
        "invite_token": pending["token"],
        "tag": tag,
    }
