"""Password guessing is braked before the password is checked: concurrent guesses admit
no more than the limit, per account and per client address, with a back-off that grows
instead of locking the real owner out, over sliding (not fixed) windows."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from hard_e.bootstrap import Services
from hard_e.local.events import http_api_event
from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD, DemoLogin
from tests.conftest import FrozenClock, Gateway, HttpResult, add_user
from tests.security.figures import record

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def login(gateway: Gateway, email: str, password: str, address: str) -> HttpResult:
    event = http_api_event(
        "POST",
        "/api/v1/auth/login",
        headers={"content-type": "application/json"},
        body=json.dumps({"email": email, "password": password}).encode(),
        source_ip=address,
    )
    return gateway.send(event, "auth")


@pytest.mark.parametrize("concurrent", [20, 50])
def test_concurrent_wrong_passwords_admit_no_more_than_the_limit(
    gateway: Gateway, demo: DemoLogin, services: Services, concurrent: int
) -> None:
    # Given an attacker firing many wrong passwords at once from one address
    limit = services.settings.login_failures_per_window
    with ThreadPoolExecutor(max_workers=concurrent) as pool:
        results = list(
            pool.map(
                lambda i: login(gateway, DEMO_EMAIL, f"guess-{i}", ATTACKER), range(concurrent)
            )
        )
    # Then at most `limit` passwords were checked; every other try was braked first
    statuses = sorted(r.status for r in results)
    odd = [(r.status, r.body[:200]) for r in results if r.status not in (401, 429)]
    assert not odd, odd
    checked = statuses.count(401)
    assert checked <= limit
    assert statuses.count(429) == concurrent - checked
    assert all(int(r.headers["Retry-After"]) >= 1 for r in results if r.status == 429)
    record(
        f"{concurrent} concurrent wrong passwords",
        f"{checked} checked, {concurrent - checked} braked",
        f"<= {limit} checked",
        checked <= limit,
    )


def test_an_attacker_does_not_lock_the_owner_out_from_elsewhere(
    gateway: Gateway, demo: DemoLogin, services: Services
) -> None:
    for i in range(services.settings.login_failures_per_window + 3):
        login(gateway, DEMO_EMAIL, f"guess-{i}", ATTACKER)
    assert login(gateway, DEMO_EMAIL, DEMO_PASSWORD, ATTACKER).status == 429

    owner = login(gateway, DEMO_EMAIL, DEMO_PASSWORD, OWNER)

    assert owner.status == 200
    record("owner after 13 guesses from elsewhere", f"login {owner.status}", "200", True)


def test_the_back_off_grows_and_a_success_clears_it(
    gateway: Gateway, demo: DemoLogin, services: Services, clock: FrozenClock
) -> None:
    # Given the owner mistyped the allowance away
    for _ in range(services.settings.login_failures_per_window):
        assert login(gateway, DEMO_EMAIL, "typo", OWNER).status == 401
    # Then the next try waits half a minute, not the whole window
    first = login(gateway, DEMO_EMAIL, DEMO_PASSWORD, OWNER)
    assert (first.status, first.headers["Retry-After"]) == (429, "30")
    clock.advance(30)
    assert login(gateway, DEMO_EMAIL, "typo again", OWNER).status == 401
    # and each further failure doubles the wait
    second = login(gateway, DEMO_EMAIL, DEMO_PASSWORD, OWNER)
    assert (second.status, second.headers["Retry-After"]) == (429, "60")
    clock.advance(60)
    # When the right password finally comes, the slate is clean for this address
    assert login(gateway, DEMO_EMAIL, DEMO_PASSWORD, OWNER).status == 200
    assert login(gateway, DEMO_EMAIL, "one more typo", OWNER).status == 401


def test_a_window_boundary_gives_no_fresh_allowance(
    gateway: Gateway, demo: DemoLogin, services: Services, clock: FrozenClock
) -> None:
    # Given failures right before where a fixed window would end
    settings = services.settings
    clock.advance(settings.login_window_seconds - clock.now % settings.login_window_seconds - 1)
    tried = [
        login(gateway, DEMO_EMAIL, f"g{i}", ATTACKER).status
        for i in range(settings.login_failures_per_window)
    ]
    # When a new fixed window would have begun
    clock.advance(2)
    later = [login(gateway, DEMO_EMAIL, f"h{i}", ATTACKER).status for i in range(10)]
    # Then the sliding window still counts the old failures
    assert tried.count(401) == settings.login_failures_per_window
    assert later.count(401) == 0
    record(
        "guesses around a window boundary", f"{tried.count(401) + later.count(401)}", "<= 10", True
    )


def test_spraying_many_emails_from_one_address_is_slowed(
    gateway: Gateway, demo: DemoLogin, services: Services
) -> None:
    for i in range(30):
        add_user(services, demo.tenant_id, f"rep{i}@summit.example")
    statuses = [
        login(gateway, f"rep{i}@summit.example", "Winter2026!", ATTACKER).status for i in range(30)
    ]
    allowed = services.settings.login_failures_per_address
    assert statuses.count(401) == allowed and statuses.count(429) == 30 - allowed
    record("30-email spray from one address", f"{statuses.count(429)} braked", ">= 10 braked", True)


def test_a_distributed_attack_on_one_account_is_slowed_too(
    gateway: Gateway, demo: DemoLogin, services: Services
) -> None:
    allowed = services.settings.login_failures_per_account
    statuses = [
        login(gateway, DEMO_EMAIL, f"guess-{i}", f"192.0.2.{i % 250}").status
        for i in range(allowed + 5)
    ]
    assert statuses.count(401) == allowed
    assert statuses[-5:] == [429] * 5


def test_a_braked_login_reveals_nothing_about_the_account(
    gateway: Gateway, demo: DemoLogin, services: Services
) -> None:
    for i in range(services.settings.login_failures_per_window):
        login(gateway, "nobody@summit.example", f"g{i}", ATTACKER)
        login(gateway, DEMO_EMAIL, f"g{i}", ATTACKER)
    unknown = login(gateway, "nobody@summit.example", "x", ATTACKER)
    known = login(gateway, DEMO_EMAIL, "x", ATTACKER)
    assert unknown.status == known.status == 429
    assert unknown.json() == known.json()
