"""Operators invite companies to trials; accepting creates the company and its admin."""

from __future__ import annotations

import pytest

from hard_e.cli import main
from hard_e.local.seed import DemoLogin
from tests.conftest import FrozenClock, Gateway, add_user
from tests.tenancy.conftest import OPERATOR_EMAIL, Desk


def test_an_operator_invites_and_the_company_and_its_admin_are_created(desk: Desk) -> None:
    invite = desk.invite(days=14, messages=200, note="Ridgeline, met at the expo")
    assert invite["url"].endswith(f"/?invite={invite['token']}")
    assert invite["limits"] == {"days": 14, "messages": 200}

    seen = desk.call("GET", f"/api/v1/invites/{invite['token']}", "onboarding")
    assert seen.status == 200
    assert seen.json()["kind"] == "company" and seen.json()["limits"]["messages"] == 200

    done = desk.accept(
        invite["token"],
        company_name="Ridgeline Roofing",
        name="Rita Ridge",
        email="Rita@Ridgeline.example",
        password="ridge-pass-1",
    )

    assert done.status == 201, done.body
    body = done.json()
    assert body["user"]["role"] == "admin" and body["user"]["email"] == "rita@ridgeline.example"
    assert body["tenant"]["name"] == "Ridgeline Roofing" and body["tenant"]["plan"] == "trial"
    assert body["tenant"]["timezone"] == "UTC"
    chat = desk.gateway.chat("hello", body["token"])
    assert chat.status == 200, chat.body
    assert desk.login("rita@ridgeline.example", "ridge-pass-1")
    listed = desk.call("GET", "/api/v1/operator/invites", "operators", desk.operator_token())
    mine = next(i for i in listed.json()["invites"] if i["invite_id"] == invite["invite_id"])
    assert mine["status"] == "used" and mine["company_id"] == body["tenant"]["tenant_id"]


def test_a_used_expired_or_forged_invite_is_refused_with_a_clear_4xx(
    desk: Desk, clock: FrozenClock
) -> None:
    used = desk.invite()
    first = desk.accept(
        used["token"], company_name="A Co", name="Al", email="al@a.example", password="pass-word-1"
    )
    assert first.status == 201
    again = desk.accept(
        used["token"], company_name="B Co", name="Bo", email="bo@b.example", password="pass-word-1"
    )
    assert again.status == 410 and again.json()["error"]["code"] == "invite_used"

    forged = used["token"][:-4] + "zzzz"
    looked = desk.call("GET", f"/api/v1/invites/{forged}", "onboarding")
    assert looked.status == 404 and looked.json()["error"]["code"] == "invite_not_found"
    assert desk.call("GET", "/api/v1/invites/inv_nonsense", "onboarding").status == 404

    late = desk.invite(valid_days=2)
    clock.advance(2 * 86_400 + 1)
    expired = desk.accept(
        late["token"], company_name="C Co", name="Cy", email="cy@c.example", password="pass-word-1"
    )
    assert expired.status == 410 and expired.json()["error"]["code"] == "invite_expired"
    assert desk.services.directory.find_user_by_email("cy@c.example") is None


def test_accepting_with_a_taken_email_is_a_409_and_the_invite_stays_usable(desk: Desk) -> None:
    invite = desk.invite()
    taken = desk.accept(
        invite["token"],
        company_name="Dup Co",
        name="Dana",
        email="demo@summit.example",
        password="pass-word-1",
    )
    assert taken.status == 409 and taken.json()["error"]["code"] == "email_taken"
    ok = desk.accept(
        invite["token"],
        company_name="Dup Co",
        name="Dee",
        email="dee@d.example",
        password="pw-pw-pw-1",
    )
    assert ok.status == 201


def test_two_racing_accepts_of_one_invite_make_one_company(desk: Desk) -> None:
    from concurrent.futures import ThreadPoolExecutor

    invite = desk.invite()
    before = len(desk.services.directory.tenant_ids())

    def accept(n: int) -> int:
        return desk.accept(
            invite["token"],
            company_name=f"Racer {n}",
            name="Racer",
            email=f"racer{n}@race.example",
            password="pass-word-1",
        ).status

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(accept, range(6)))

    assert statuses == [201, 410, 410, 410, 410, 410]
    assert len(desk.services.directory.tenant_ids()) == before + 1


def test_company_admins_and_reps_get_403_on_operator_routes(
    desk: Desk, demo: DemoLogin, demo_token: str
) -> None:
    add_user(desk.services, demo.tenant_id, "rep@summit.example")
    rep = desk.login("rep@summit.example", "pw-123456")
    for token in (demo_token, rep):
        for method, path, body in (
            ("POST", "/api/v1/operator/invites", {"days": 1, "messages": 1}),
            ("GET", "/api/v1/operator/invites", None),
            ("GET", "/api/v1/operator/companies", None),
            ("POST", f"/api/v1/operator/companies/{demo.tenant_id}/plan", {"plan": "paid"}),
        ):
            answer = desk.call(method, path, "operators", token, body)
            assert answer.status == 403, (path, answer.body)
            assert answer.json()["error"]["code"] == "operators_only"
    assert desk.services.directory.get_tenant(demo.tenant_id).plan == "trial"


def test_operators_list_companies_with_their_trial_and_usage(desk: Desk) -> None:
    company = desk.new_company(messages=50)
    desk.gateway.chat("hello", company["token"])
    desk.gateway.chat("what can you do", company["token"])

    listed = desk.call("GET", "/api/v1/operator/companies", "operators", desk.operator_token())

    assert listed.status == 200
    rows = {c["tenant_id"]: c for c in listed.json()["companies"]}
    row = rows[company["tenant"]["tenant_id"]]
    assert row["name"] == "Ridgeline Roofing" and row["plan"] == "trial"
    assert row["trial"]["messages_used"] == 2 and row["trial"]["messages_limit"] == 50
    assert row["usage"]["users"] == 1 and row["usage"]["turns_this_month"] == 2
    assert all(c["name"] != "Hard-E operators" for c in rows.values())


def test_the_cli_creates_operators_and_invites(
    services: object, gateway: Gateway, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["operators", "create", "ops@hard-e.example", "--password", "ops-pass-123"]) == 0
    assert main(["operators", "create", "ops@hard-e.example"]) == 1
    assert main(["invites", "create", "--days", "14", "--messages", "200"]) == 0
    out = capsys.readouterr().out
    link = next(line for line in out.splitlines() if line.startswith("link"))
    token = link.split("?invite=")[1].strip()
    accepted = gateway.request(
        "POST",
        f"/api/v1/invites/{token}/accept",
        function="onboarding",
        json_body={
            "company_name": "Cli Co",
            "name": "Cleo",
            "email": "cleo@cli.example",
            "password": "pass-word-1",
        },
    )
    assert accepted.status == 201, accepted.body
    assert gateway.login("ops@hard-e.example", "ops-pass-123").json()["user"]["role"] == "operator"
    assert main(["invites", "list"]) == 0 and "used" in capsys.readouterr().out
    assert OPERATOR_EMAIL  # the fixture's operator is another person
