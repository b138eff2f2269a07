"""Sanity before acting, speech gaps, and the sales director through Claude's tool use."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.brain.speech import normalise
from hard_e.crm.simulator.server import LeapSimulator
from tests.conftest import Gateway
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use


def say(gateway: Gateway, token: str, message: str, session: str | None = None) -> Any:
    result = gateway.chat(message, token, session)
    assert result.status == 200, result.body
    return result.json()


def posts(sim: LeapSimulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests() if r["method"] == "POST"]


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("her email is joe at bob's roofing dot com", "her email is joe@bobsroofing.com"),
        ("six one four, five five five, oh one nine nine", "614-555-0199"),
        ("six one four... five five five... oh one nine nine", "614-555-0199"),
        ("plus one six one four five five five zero one nine nine", "+16145550199"),
        ("plus one, six one four, five five five, zero one nine nine", "+1-614-555-0199"),
        ("plus two more windows", "plus two more windows"),
    ],
)
def test_speech_gaps_seen_in_trials(spoken: str, written: str) -> None:
    assert normalise(spoken) == written
    assert normalise(written) == written


def test_a_new_customer_with_an_existing_phone_warns_and_offers_the_existing_one(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    sid = say(gateway, demo_token, "add a new customer")["session_id"]
    say(gateway, demo_token, "Linda Albright", sid)
    say(gateway, demo_token, "six one four, five five five, oh one eight one", sid)  # hers
    say(gateway, demo_token, "skip", sid)
    warned = say(gateway, demo_token, "skip", sid)

    assert "Linda Albright (customer #" in warned["reply"] and "phone number" in warned["reply"]
    assert warned["approvals"] == []

    used = say(gateway, demo_token, "use existing", sid)
    assert "no new customer created" in used["reply"]
    phone = say(gateway, demo_token, "what's her phone number", sid)
    assert "6145550181" in phone["reply"]
    assert not posts(leap_sim)


def test_create_anyway_goes_on_to_the_approval(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    sid = say(gateway, demo_token, "create a customer named Linda Albright")["session_id"]
    say(gateway, demo_token, "614 555 0181", sid)
    say(gateway, demo_token, "skip", sid)
    say(gateway, demo_token, "skip", sid)

    ready = say(gateway, demo_token, "create anyway", sid)

    assert "needs approval" in ready["reply"] and ready["approvals"][0]["tool"] == "create_customer"
    assert not posts(leap_sim)


def test_an_email_draft_shows_the_recipient_and_the_whole_body_before_sending(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    draft = say(gateway, demo_token, "email Linda Albright that her gutters ship Monday")

    approval = draft["approvals"][0]
    assert approval["tool"] == "send_email"
    assert "linda.albright@gmail.com" in draft["reply"]
    assert "Hi Linda,\n\nYour gutters ship Monday." in draft["reply"]  # said to her
    assert approval["preview"] in draft["reply"]


class TestWithClaude:
    @pytest.fixture
    def services(self, claude_services: Services) -> Services:
        return claude_services

    def test_who_to_call_works_through_tool_use(
        self, gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic
    ) -> None:
        claude_api.reply(tool_use("sales_priorities", {}))
        claude_api.reply(text("Call the stale bids first."))

        reply = gateway.chat("who should I call today?", demo_token).json()

        offered = {t["name"] for t in claude_api.requests[0].tools}
        assert {"sales_priorities", "stale_bids", "pipeline_by_rep"} <= offered
        result = claude_api.requests[1].messages[-1]["content"][0]
        assert result["is_error"] is False and "stale_bid" in result["content"]
        assert reply["reply"] == "Call the stale bids first."


def test_each_company_sets_when_a_bid_is_stale(gateway: Gateway, demo_token: str) -> None:
    before = say(gateway, demo_token, "which estimates are stale?")["reply"]
    assert "no decision for over 7 days" in before and "Maddox" in before  # presented 28 days ago

    done = say(gateway, demo_token, "treat bids as stale after 30 days")

    assert "bids are stale after 30 days" in done["reply"]
    after = say(gateway, demo_token, "which estimates are stale?")["reply"]
    assert after.startswith("No stale bids") and "30 days" in after


class TestBackwardsWithClaude:
    @pytest.fixture
    def services(self, claude_services: Services) -> Services:
        return claude_services

    def test_a_move_out_of_paid_in_full_is_refused_until_the_rep_confirms(
        self,
        gateway: Gateway,
        demo_token: str,
        claude_api: ScriptedAnthropic,
        leap_sim: LeapSimulator,
    ) -> None:
        claude_api.reply(tool_use("move_job_stage", {"job": "Peterson", "stage": "punch list"}))
        claude_api.reply(text("It's paid in full — are you sure?"))

        gateway.chat("move the Peterson job to punch list", demo_token)

        result = claude_api.requests[1].messages[-1]["content"][0]
        assert "Ask the rep to confirm" in str(result), result
        assert not [r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]


@pytest.mark.parametrize("change_of_mind", ["actually never mind", "no", "nah, don't send it"])
def test_changing_ones_mind_before_a_text_is_written_sends_nothing(
    gateway: Gateway, demo_token: str, change_of_mind: str
) -> None:
    asked = say(gateway, demo_token, "text Karen Beckett")
    assert "What should the text" in asked["reply"]

    dropped = say(gateway, demo_token, change_of_mind, asked["session_id"])

    assert dropped["reply"] == "Okay, dropped it."
    assert not [c for c in dropped["tool_calls"] if c["name"] == "send_sms"]


def test_a_bare_job_name_answers_which_job_and_a_note_without_words_is_asked_for(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "book a site visit for tomorrow at 3")
    assert "Which job or customer" in asked["reply"]
    booked = say(gateway, demo_token, "the Ochoa job", asked["session_id"])
    assert booked["reply"].startswith("Booked: Site Visit — Ochoa")

    note = say(gateway, demo_token, "add a note to the Keller job")
    assert note["reply"] == "What should the note say?"
    noted = say(gateway, demo_token, "homeowner wants a call after 5", note["session_id"])
    assert "Noted on the Keller" in noted["reply"] and "after 5" in noted["reply"]


def test_a_question_asked_is_asked_again_once_after_an_unrelated_one(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "email Karen Beckett")["session_id"]
    aside = say(gateway, demo_token, "what's the balance on the Beckett job", sid)
    assert "balance due" in aside["reply"]
    assert aside["reply"].endswith(
        "Back to it: What should the email to Karen say? (or say cancel)"
    )

    drafted = say(gateway, demo_token, "Your install is confirmed for Monday at 8.", sid)
    assert drafted["reply"].startswith("Here's the email, ready to go")
    assert "Your install is confirmed for Monday at 8." in drafted["approvals"][0]["preview"]


def test_the_office_manager_with_no_bids_of_her_own_hears_the_companys_calls(
    gateway: Gateway, demo_token: str
) -> None:
    calls = say(gateway, demo_token, "who should I call today")["reply"]
    assert calls.startswith("Nothing on your own list. For the whole company: Call these first")


@pytest.mark.parametrize(
    ("said", "texted"),
    [
        ("text karen beckett dumpster arrives monday", 'Karen Beckett at +16145550104: "Dumpster'),
        ("text karen beckett im outside", 'Karen Beckett at +16145550104: "Im outside."'),
        ("tell michelle mercer its going to rain", 'Michelle Mercer at +16145550101: "Its going'),
    ],
)
def test_where_a_name_ends_and_the_message_begins_with_nothing_between(
    gateway: Gateway, demo_token: str, said: str, texted: str
) -> None:
    assert say(gateway, demo_token, said)["reply"].startswith(f"Texted {texted}")


def test_a_new_customer_said_in_one_breath(gateway: Gateway, demo_token: str) -> None:
    opened = say(gateway, demo_token, "new customer Sarah Novak 614-555-0123 sarah@novak.com")
    assert opened["reply"].startswith("Street address?")  # name, phone and email all taken


def test_the_days_briefing_follows_the_day_asked_about(gateway: Gateway, demo_token: str) -> None:
    sid = say(gateway, demo_token, "what does my day look like")["session_id"]
    tomorrow = say(gateway, demo_token, "what about tomorrow", sid)["reply"]
    assert tomorrow.startswith("Here's your day, ")
    assert "that day" in tomorrow or "the team's:" in tomorrow  # hers, or the team's
    assert "Dec 8" in tomorrow  # the tests' clock's tomorrow (labelled.PLAYED_AT)
