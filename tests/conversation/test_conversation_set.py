"""The labelled conversation set, played offline through the chat service against the
Leap simulator's demo company: ≥ 95 % handled correctly, and not one out-of-scope
request answered with a document passage."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from hard_e.auth import Principal
from hard_e.bootstrap import Services, use_services
from hard_e.config import Settings
from hard_e.local.seed import DEMO_EMAIL, DemoLogin
from tests.conftest import FrozenClock, make_services
from tests.conversation.labelled import fresh_sets, load, per_intent, play, play_all, report


@pytest.fixture
def services(settings: Settings, clock: FrozenClock) -> Iterator[Services]:
    """The texts and the Leap budget opened up: the set sends many texts in one hour."""
    opened = settings.model_copy(
        update={"sms_per_hour": 1000, "leap_requests_per_minute": 1_000_000}
    )
    svc = make_services(opened, clock)
    use_services(svc)
    yield svc
    use_services(None)


def test_the_set_is_broad() -> None:
    turns = [t for c in load() for t in c.turns]
    intents = {t.intent for t in turns}
    assert len(turns) >= 250
    assert sum(t.intent == "admit" for t in turns) >= 60
    assert {"send_text", "send_email", "book_appointment", "call_today", "product"} <= intents
    assert sum(len(c.turns) > 1 for c in load()) >= 20  # follow-ups and drafts


@pytest.mark.timeout(480)  # every turn of every set, played offline: ~40 s of CPU
def test_offline_brain_handles_the_labelled_set(services: Services, demo: DemoLogin) -> None:
    user = services.directory.find_user_by_email(DEMO_EMAIL)
    assert user is not None
    principal = Principal(demo.tenant_id, user.user_id, "admin", DEMO_EMAIL)

    outcomes = play_all(services.chat, principal)

    ok = sum(o.ok for o in outcomes)
    bluffs = [o for o in outcomes if o.said.intent != "product" and o.passage]
    assert not bluffs, report(outcomes)
    assert ok >= 0.95 * len(outcomes), report(outcomes)
    for intent, (good, total) in per_intent(outcomes).items():
        assert good >= total / 2, f"{intent}: {good}/{total}\n{report(outcomes)}"


def test_set_file_is_where_the_runner_reads_it() -> None:
    assert (Path(__file__).parent / "set.txt").exists()


def test_the_held_out_batches_are_there_and_say_who_wrote_them() -> None:
    batches = fresh_sets()
    assert len(batches) >= 9
    for path in batches:
        header = path.read_text().splitlines()[:4]
        assert "written blind" in header[0] and "First run" in header[1], path.name
        assert sum(len(c.turns) for c in load(path)) >= 70


@pytest.mark.timeout(480)  # every turn of every set, played offline: ~40 s of CPU
def test_no_held_out_out_of_scope_request_is_answered_with_a_passage(
    services: Services, demo: DemoLogin
) -> None:
    """The worst outcome is a confident wrong answer: not once in phrasing written by
    someone else either (their share handled is the benchmark's, bench/conversation.py)."""
    user = services.directory.find_user_by_email(DEMO_EMAIL)
    assert user is not None
    principal = Principal(demo.tenant_id, user.user_id, "admin", DEMO_EMAIL)
    for path in fresh_sets():
        outcomes = asyncio.run(play(services.chat, principal, load(path)))
        bluffs = [o for o in outcomes if o.said.intent == "admit" and o.passage]
        assert not bluffs, f"{path.name}\n{report(outcomes)}"
