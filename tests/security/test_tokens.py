"""Tokens never outlive their user: removal, demotion, a new password and logout end
every token at its very next request — on any instance, since nothing is cached."""

from __future__ import annotations

import pytest

from hard_e.auth import hash_password
from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.conftest import Gateway, add_user
from tests.security.figures import record

ADMIN2 = "second.admin@summit.example"
PASSWORD = "pw-123456"


@pytest.fixture
def second_admin(services: Services, demo: DemoLogin, gateway: Gateway) -> tuple[str, str]:
    """Another admin of the demo company, logged in: (user id, token)."""
    add_user(services, demo.tenant_id, ADMIN2, role="admin", password=PASSWORD)
    body = gateway.login(ADMIN2, PASSWORD).json()
    return body["user"]["user_id"], body["token"]


def audit(gateway: Gateway, token: str) -> int:
    return gateway.request("GET", "/api/v1/audit", function="tools", token=token).status


def test_a_removed_admins_token_is_refused_on_its_very_next_call(
    gateway: Gateway, services: Services, demo: DemoLogin, second_admin: tuple[str, str]
) -> None:
    # Given an admin whose token works, and a red action of another user waiting
    user_id, token = second_admin
    rep_token = _rep_token(gateway, services, demo)
    pending = gateway.tool(
        "send_email", {"to": "pat@home.example", "subject": "Quote", "body": "Hi"}, rep_token
    ).json()["approval"]
    assert audit(gateway, token) == 200

    # When the admin is removed from the company
    services.directory.remove_user(demo.tenant_id, user_id)

    # Then the old token can no longer chat, read the audit log, text or approve
    chat = gateway.chat("hello", token)
    sms = gateway.tool("send_sms", {"customer_id": 2001, "body": "hi"}, token)
    approve = gateway.request(
        "POST", f"/api/v1/approvals/{pending['id']}/approve", function="tools", token=token
    )
    statuses = [chat.status, audit(gateway, token), sms.status, approve.status]
    assert statuses == [401, 401, 401, 401]
    assert chat.json()["error"]["code"] == "token_revoked"
    assert services.approvals.get(demo.tenant_id, pending["id"]).status == "pending"
    record("removed admin's old token", f"{statuses.count(401)}/4 calls refused", "4/4", True)


def test_a_demoted_admin_loses_admin_rights_at_once(
    gateway: Gateway, services: Services, demo: DemoLogin, second_admin: tuple[str, str]
) -> None:
    user_id, token = second_admin
    services.directory.change_role(demo.tenant_id, user_id, "rep")

    refused = audit(gateway, token)
    relogged = gateway.login(ADMIN2, PASSWORD).json()

    assert refused == 401  # the admin token is over
    assert relogged["user"]["role"] == "rep"
    assert audit(gateway, relogged["token"]) == 403  # and the new one is a rep's
    record("demoted admin's old token", f"next call {refused}", "401", refused == 401)


def test_a_new_password_ends_the_old_sessions(
    gateway: Gateway, services: Services, demo: DemoLogin, second_admin: tuple[str, str]
) -> None:
    user_id, token = second_admin
    services.directory.change_password(
        demo.tenant_id, user_id, hash_password("a-new-secret", rounds=4)
    )
    assert audit(gateway, token) == 401
    assert gateway.login(ADMIN2, PASSWORD).status == 401
    assert gateway.login(ADMIN2, "a-new-secret").status == 200


def test_logout_ends_every_token_of_that_user_and_no_one_elses(
    gateway: Gateway, demo: DemoLogin, demo_token: str, second_admin: tuple[str, str]
) -> None:
    _, token = second_admin
    other_device = gateway.login(ADMIN2, PASSWORD).json()["token"]

    out = gateway.request("POST", "/api/v1/auth/logout", function="auth", token=token)

    assert (out.status, out.json()) == (200, {"logged_out": True})
    assert audit(gateway, token) == 401
    assert audit(gateway, other_device) == 401
    assert audit(gateway, demo_token) == 200  # the demo admin is still logged in
    again = gateway.request("POST", "/api/v1/auth/logout", function="auth", token=token)
    assert again.status == 401
    assert audit(gateway, gateway.login(ADMIN2, PASSWORD).json()["token"]) == 200


def test_a_token_of_a_removed_user_stays_dead_when_the_email_comes_back(
    gateway: Gateway, services: Services, demo: DemoLogin, second_admin: tuple[str, str]
) -> None:
    user_id, token = second_admin
    services.directory.remove_user(demo.tenant_id, user_id)
    add_user(services, demo.tenant_id, ADMIN2, role="admin", password=PASSWORD)
    assert audit(gateway, token) == 401


def test_logout_without_a_token_is_a_401(gateway: Gateway, services: Services) -> None:
    result = gateway.request("POST", "/api/v1/auth/logout", function="auth")
    assert result.status == 401


def _rep_token(gateway: Gateway, services: Services, demo: DemoLogin) -> str:
    add_user(services, demo.tenant_id, "rep.one@summit.example", password=PASSWORD)
    token: str = gateway.login("rep.one@summit.example", PASSWORD).json()["token"]
    return token
