"""Operators choose how much a trial is extended (days and/or messages), over the API and
the command line; nobody else may."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.cli import main
from tests.conftest import FrozenClock
from tests.tenancy.conftest import Desk

DAY = 86_400


def _plan(desk: Desk, tenant_id: str, body: Any, token: str | None = None) -> Any:
    return desk.call(
        "POST",
        f"/api/v1/operator/companies/{tenant_id}/plan",
        "operators",
        token or desk.operator_token(),
        body,
    )


def test_an_operator_extends_by_the_days_and_messages_they_choose(
    desk: Desk, clock: FrozenClock
) -> None:
    company = desk.new_company(days=14, messages=10)
    tenant_id = company["tenant"]["tenant_id"]
    ends = company["tenant"].get("trial_ends_at") or clock.now + 14 * DAY

    only_days = _plan(desk, tenant_id, {"extend_days": 30})
    assert only_days.status == 200, only_days.body
    assert only_days.json()["trial"]["ends_at"] == pytest.approx(ends + 30 * DAY)
    assert only_days.json()["trial"]["messages_limit"] == 10

    only_messages = _plan(desk, tenant_id, {"add_messages": 250})
    assert only_messages.status == 200, only_messages.body
    assert only_messages.json()["trial"]["messages_limit"] == 260
    assert only_messages.json()["trial"]["ends_at"] == pytest.approx(ends + 30 * DAY)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"extend_days": 0},
        {"extend_days": -3},
        {"add_messages": 0},
        {"extend_days": 366},
        {"add_messages": 1_000_001},
        {"extend_days": 10**12},
        {"extend_days": "7"},
        {"add_messages": 2.5},
        {"extend_days": True},
        {"add_messages": None, "extend_days": None},
        {"plan": "free"},
        {"days": 7},
    ],
)
def test_bad_extensions_are_422_and_change_nothing(desk: Desk, body: Any) -> None:
    company = desk.new_company(days=14, messages=10)
    tenant_id = company["tenant"]["tenant_id"]
    before = desk.services.directory.get_tenant(tenant_id)

    answer = _plan(desk, tenant_id, body)

    assert answer.status == 422, (body, answer.body)
    assert answer.json()["error"]["code"] == "validation_error"
    assert desk.services.directory.get_tenant(tenant_id) == before


def test_admins_and_reps_cannot_extend_or_convert_any_company(desk: Desk) -> None:
    mine = desk.new_company(messages=5)
    other = desk.new_company(name="Other Roofing", email="otto@other.example", messages=5)
    invite = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        mine["token"],
        {"email": "rex@ridgeline.example", "role": "rep"},
    ).json()
    rep = desk.accept(invite["token"], name="Rex Rep", password="rep-pass-123").json()["token"]
    for token in (mine["token"], rep):
        for company in (mine, other):
            tenant_id = company["tenant"]["tenant_id"]
            for body in ({"extend_days": 30, "add_messages": 100}, {"plan": "paid"}):
                answer = _plan(desk, tenant_id, body, token)
                assert answer.status == 403, answer.body
                assert answer.json()["error"]["code"] == "operators_only"
        listing = desk.call("GET", "/api/v1/operator/companies", "operators", token)
        assert listing.status == 403
    for company in (mine, other):
        tenant = desk.services.directory.get_tenant(company["tenant"]["tenant_id"])
        assert tenant.plan == "trial" and tenant.message_limit == 5


def test_the_cli_lists_extends_and_converts_companies(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    company = desk.new_company(days=14, messages=3)
    tenant_id = company["tenant"]["tenant_id"]
    assert desk.gateway.chat("hello", company["token"]).status == 200
    capsys.readouterr()

    assert main(["companies", "list"]) == 0
    listed = capsys.readouterr().out
    row = next(line for line in listed.splitlines() if "Ridgeline Roofing" in line)
    assert tenant_id in row and "trial" in row and "1/3 messages" in row

    assert main(["companies", "extend", tenant_id, "--days", "10", "--messages", "20"]) == 0
    assert "1 of 23 messages used" in capsys.readouterr().out
    assert main(["companies", "extend", "ridgeline roofing", "--messages", "7"]) == 0
    assert "1 of 30 messages used" in capsys.readouterr().out
    tenant = desk.services.directory.get_tenant(tenant_id)
    assert tenant.message_limit == 30

    assert main(["companies", "convert", tenant_id]) == 0
    assert "paid plan" in capsys.readouterr().out
    assert desk.services.directory.get_tenant(tenant_id).plan == "paid"


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["extend", "{id}"], 2, "--days N and/or --messages N"),
        (["extend", "{id}", "--days", "0"], 2, "--days must be"),
        (["extend", "{id}", "--messages", "-5"], 2, "--messages must be"),
        (["extend", "{id}", "--days", "100000"], 2, "--days must be"),
        (["extend", "no-such-company", "--days", "3"], 1, "no company called"),
    ],
)
def test_the_cli_refuses_bad_extensions(
    desk: Desk, capsys: pytest.CaptureFixture[str], args: list[str], code: int, says: str
) -> None:
    company = desk.new_company(days=14, messages=3)
    tenant_id = company["tenant"]["tenant_id"]
    before = desk.services.directory.get_tenant(tenant_id)
    capsys.readouterr()

    assert main(["companies", *(a.replace("{id}", tenant_id) for a in args)]) == code

    assert says in capsys.readouterr().err
    assert desk.services.directory.get_tenant(tenant_id) == before


def test_the_cli_refuses_words_for_numbers(desk: Desk) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["companies", "extend", "x", "--days", "ten"])
    assert stopped.value.code == 2
