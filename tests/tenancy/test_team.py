"""Team and accounts: admins invite, change roles and remove teammates (tokens die at
once); password reset by an emailed link (the outbox locally)."""

from __future__ import annotations

import re

import pytest

from tests.tenancy.conftest import Desk


def _invite(desk: Desk, token: str, email: str, role: str = "rep") -> dict[str, str]:
    answer = desk.call(
        "POST", "/api/v1/team/invites", "onboarding", token, {"email": email, "role": role}
    )
    assert answer.status == 201, answer.body
    created: dict[str, str] = answer.json()
    return created


def test_an_admin_invites_a_rep_who_joins_and_shows_in_the_team(desk: Desk) -> None:
    company = desk.new_company()
    admin = company["token"]
    invite = _invite(desk, admin, "Sam@Ridgeline.example")
    seen = desk.call("GET", f"/api/v1/invites/{invite['token']}", "onboarding").json()
    assert seen == {
        "kind": "teammate",
        "company": "Ridgeline Roofing",
        "role": "rep",
        "email": "sam@ridgeline.example",
        "expires_at": seen["expires_at"],
        "limits": None,
    }
    outbox = desk.call("GET", "/api/v1/outbox", "tools", admin).json()["messages"]
    assert any(invite["token"] in m["body"] for m in outbox)
    team = desk.call("GET", "/api/v1/team", "onboarding", admin).json()
    assert [i["email"] for i in team["invites"]] == ["sam@ridgeline.example"]

    joined = desk.accept(invite["token"], name="Sam Seller", password="sam-pass-123")

    assert joined.status == 201, joined.body
    assert joined.json()["user"]["role"] == "rep"
    assert joined.json()["tenant"]["tenant_id"] == company["tenant"]["tenant_id"]
    team = desk.call("GET", "/api/v1/team", "onboarding", admin).json()
    assert sorted(m["email"] for m in team["members"]) == [
        "rita@ridgeline.example",
        "sam@ridgeline.example",
    ]
    assert team["invites"] == []
    again = desk.accept(invite["token"], name="Sam Again", password="sam-pass-123")
    assert again.status == 410


def test_a_removed_teammates_tokens_stop_at_once_and_a_role_change_needs_a_new_login(
    desk: Desk,
) -> None:
    company = desk.new_company()
    admin = company["token"]
    invite = _invite(desk, admin, "sam@ridgeline.example")
    sam = desk.accept(invite["token"], name="Sam", password="sam-pass-123").json()
    assert desk.gateway.chat("hello", sam["token"]).status == 200

    promoted = desk.call(
        "PATCH", f"/api/v1/team/{sam['user']['user_id']}", "onboarding", admin, {"role": "admin"}
    )
    assert promoted.status == 200 and promoted.json()["role"] == "admin"
    assert desk.gateway.chat("hello", sam["token"]).status == 401
    fresh = desk.login("sam@ridgeline.example", "sam-pass-123")
    assert desk.call("GET", "/api/v1/team", "onboarding", fresh).status == 200

    removed = desk.call("DELETE", f"/api/v1/team/{sam['user']['user_id']}", "onboarding", admin)

    assert removed.status == 204
    answer = desk.gateway.chat("hello", fresh)
    assert answer.status == 401 and answer.json()["error"]["code"] == "token_revoked"
    assert desk.gateway.login("sam@ridgeline.example", "sam-pass-123").status == 401


def test_the_last_admin_cannot_be_removed_or_demoted(desk: Desk) -> None:
    company = desk.new_company()
    me = company["user"]["user_id"]
    demote = desk.call(
        "PATCH", f"/api/v1/team/{me}", "onboarding", company["token"], {"role": "rep"}
    )
    assert demote.status == 409 and demote.json()["error"]["code"] == "last_admin"
    remove = desk.call("DELETE", f"/api/v1/team/{me}", "onboarding", company["token"])
    assert remove.status == 409


def test_inviting_an_existing_email_or_an_operator_role_is_refused(desk: Desk) -> None:
    admin = desk.new_company()["token"]
    taken = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        admin,
        {"email": "demo@summit.example", "role": "rep"},
    )
    assert taken.status == 409
    operator = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        admin,
        {"email": "x@ridgeline.example", "role": "operator"},
    )
    assert operator.status == 422


def test_password_reset_by_emailed_link_ends_old_sessions(desk: Desk) -> None:
    company = desk.new_company()
    old = company["token"]

    asked = desk.call(
        "POST",
        "/api/v1/auth/password-reset",
        "onboarding",
        body={"email": "rita@ridgeline.example"},
    )
    nobody = desk.call(
        "POST", "/api/v1/auth/password-reset", "onboarding", body={"email": "no@one.example"}
    )

    assert asked.status == 202 and nobody.status == 202 and asked.body == nobody.body
    mail = desk.services.messenger.account_mail(
        company["tenant"]["tenant_id"], "Rita@Ridgeline.example"
    )
    link = next(m["body"] for m in mail if "reset" in m["body"])
    token = re.search(r"\?reset=(\S+)", link)
    assert token is not None
    done = desk.call(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        "onboarding",
        body={"token": token.group(1), "password": "brand-new-pass"},
    )
    assert done.status == 204, done.body
    assert desk.gateway.chat("hello", old).status == 401
    assert desk.login("rita@ridgeline.example", "brand-new-pass")
    reused = desk.call(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        "onboarding",
        body={"token": token.group(1), "password": "another-pass-1"},
    )
    assert reused.status == 400 and reused.json()["error"]["code"] == "invalid_reset_token"


def test_past_conversations_list_only_the_callers_own(desk: Desk) -> None:
    company = desk.new_company()
    admin = company["token"]
    first = desk.gateway.chat("What is the warranty on vinyl siding?", admin).json()
    desk.gateway.chat("and on roofing?", admin, session_id=first["session_id"])
    desk.gateway.chat("Show me my appointments", admin)
    invite = _invite(desk, admin, "sam@ridgeline.example")
    sam = desk.accept(invite["token"], name="Sam", password="sam-pass-123").json()
    desk.gateway.chat("sam's own question", sam["token"])

    mine = desk.call("GET", "/api/v1/sessions", "chat", admin)

    assert mine.status == 200
    titles = [s["title"] for s in mine.json()["sessions"]]
    assert sorted(titles) == ["Show me my appointments", "What is the warranty on vinyl siding?"]
    theirs = desk.call("GET", "/api/v1/sessions", "chat", sam["token"]).json()["sessions"]
    assert [s["title"] for s in theirs] == ["sam's own question"]


def test_analytics_counts_conversations_tools_and_topics(desk: Desk) -> None:
    company = desk.new_company()
    admin = company["token"]
    desk.gateway.chat("What is the warranty on vinyl siding?", admin)
    desk.gateway.chat("how do I handle a price objection?", admin)

    answer = desk.call("GET", "/api/v1/analytics?days=7", "onboarding", admin)

    assert answer.status == 200, answer.body
    body = answer.json()
    assert len(body["conversations_per_day"]) == 7
    assert body["conversations_per_day"][-1]["count"] == 2
    assert {t["topic"] for t in body["top_topics"]} >= {"warranty", "siding", "price"}
    assert body["response_ms"]["p50"] is not None
    assert set(body["tool_calls_by_tier"]) == {"green", "yellow", "red"}
    assert body["approvals"] == {"approved": 0, "denied": 0, "pending": 0}
    assert desk.call("GET", "/api/v1/analytics?days=0", "onboarding", admin).status == 422


def test_when_email_cannot_be_sent_the_invite_link_is_still_given_and_reset_still_202(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hard_e.messaging import MessagingError

    admin = desk.new_company()["token"]

    def refuse(*_: object, **__: object) -> None:
        raise MessagingError("email was not sent: the mail service is down")

    monkeypatch.setattr(desk.services.messenger, "send_email", refuse)
    invite = desk.call(
        "POST", "/api/v1/team/invites", "onboarding", admin, {"email": "x@y.example"}
    )
    reset = desk.call(
        "POST",
        "/api/v1/auth/password-reset",
        "onboarding",
        body={"email": "rita@ridgeline.example"},
    )

    assert invite.status == 201 and invite.json()["emailed"] is False
    assert "?invite=" in invite.json()["url"]
    assert reset.status == 202


def test_reset_links_are_not_in_the_company_outbox_or_approvals(desk: Desk) -> None:
    """A reset link is a way into that person's account: their admin (or a teammate)
    reading the company's outbox must not find it; the person gets it alone."""
    company = desk.new_company()
    admin, tenant_id = company["token"], company["tenant"]["tenant_id"]
    invite = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        admin,
        {"email": "rex@ridgeline.example", "role": "rep"},
    ).json()
    rep = desk.accept(invite["token"], name="Rex Rep", password="rep-pass-123").json()["token"]
    for email in ("rex@ridgeline.example", "rita@ridgeline.example"):
        asked = desk.call(
            "POST", "/api/v1/auth/password-reset", "onboarding", body={"email": email}
        )
        assert asked.status == 202

    for token in (admin, rep):
        outbox = desk.call("GET", "/api/v1/outbox", "tools", token)
        assert outbox.status == 200
        text = outbox.body.decode()
        assert "?reset=" not in text and "Reset your Hard-E password" not in text
        assert "?invite=" in text  # the company's own mail is still there
        approvals = desk.call("GET", "/api/v1/approvals", "tools", token).body.decode()
        assert "reset" not in approvals.lower()
    mine = desk.services.messenger.account_mail(tenant_id, "rex@ridgeline.example")
    assert len(mine) == 1 and "?reset=rst_" in mine[0]["body"]
    assert mine[0]["subject"] == "Reset your Hard-E password"
