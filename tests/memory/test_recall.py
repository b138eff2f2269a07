"""Recall: the right few items for a turn, within budget, never another user's."""

from __future__ import annotations

from dataclasses import replace

from hard_e.memory.items import Memory
from hard_e.memory.recall import recall
from tests.memory.sample import DANA, memory

MIKE = "usr_mike"
DAY = 86_400.0
NOW = 1_790_000_000.0


def _library() -> list[Memory]:
    return [
        memory(
            "We now offer 12-month financing with zero down through GreenSky.",
            "financing",
            mentions=3,
        ),
        memory("Financing approvals from GreenSky take about two days.", "financing"),
        memory("We offer a 10-year workmanship warranty on every roof.", "warranty", mentions=5),
        memory(
            "In Leap, Proposal Sent means the contract went out but is not signed yet.",
            "crm:proposal sent stage",
            "tool_knowledge",
        ),
        memory(
            "When they say they need to think about it, ask which part worries them.",
            "objection: think about it",
            "learned_pattern",
        ),
        memory(
            "Keep your answers short when I'm driving.",
            "answer length",
            "user_preference",
            user_id=DANA,
        ),
        memory(
            "Send the Hendersons the revised quote by Thursday.",
            "hendersons quote",
            "action_item",
            user_id=DANA,
        ),
        memory("Call me Big Mike.", "name", "user_preference", user_id=MIKE),
        memory(
            "Email the Patels their financing paperwork.",
            "patel financing",
            "action_item",
            user_id=MIKE,
        ),
        memory("We offer 6-month financing.", "financing", active=False, mentions=9),
    ]


def _texts(found: list[Memory]) -> list[str]:
    return [m.text for m in found]


def test_relevant_items_come_first_in_order_of_relevance() -> None:
    found = recall("how long does a financing approval take?", _library(), user_id=DANA)

    texts = _texts(found)
    assert texts[:3] == [
        "Financing approvals from GreenSky take about two days.",
        "We now offer 12-month financing with zero down through GreenSky.",
        "Keep your answers short when I'm driving.",  # her preferences always compete
    ]
    assert "We offer a 10-year workmanship warranty on every roof." not in texts


def test_other_users_personal_items_are_never_returned() -> None:
    for query in ("financing paperwork for the Patels", "call me Mike", ""):
        found = recall(query, _library(), user_id=DANA)

        assert all(m.user_id in (None, DANA) for m in found)

    assert all(m.user_id is None for m in recall("call me", _library(), user_id=None))


def test_superseded_items_are_never_returned() -> None:
    found = recall("6-month financing", _library(), user_id=DANA)

    assert "We offer 6-month financing." not in _texts(found)


def test_the_budget_and_the_limit_are_respected() -> None:
    items = [
        memory(f"Fact number {i} about siding colors and trim options.", "siding")
        for i in range(40)
    ]

    found = recall("siding colors", items, budget_chars=200)
    assert sum(len(m.text) for m in found) <= 200 and found

    assert len(recall("siding colors", items, budget_chars=100_000, limit=5)) == 5


def test_an_item_too_long_for_what_is_left_is_skipped_for_a_shorter_one() -> None:
    long = memory("Financing: " + "details " * 30, "financing", mentions=9)
    short = memory("Financing needs a 640 credit score.", "financing")

    found = recall("financing", [long, short], budget_chars=100)

    assert found == [short]


def test_an_empty_query_returns_preferences_and_the_most_confirmed_company_facts() -> None:
    found = recall("", _library(), user_id=DANA, budget_chars=100)

    assert _texts(found) == [
        "Keep your answers short when I'm driving.",
        "We offer a 10-year workmanship warranty on every roof.",  # confirmed 5 times
    ]
    assert not {"action_item", "learned_pattern", "tool_knowledge"} & {m.category for m in found}


def test_among_equally_relevant_items_the_confirmed_and_recent_win() -> None:
    base = memory("We install seamless gutters in five colors.", "gutters")
    stale = replace(base, id="mem_stale", updated_at=NOW - 400 * DAY)
    fresh = replace(base, id="mem_fresh", updated_at=NOW)
    confirmed = replace(base, id="mem_confirmed", updated_at=NOW - 400 * DAY, mentions=6)

    found = recall("gutters", [stale, fresh, confirmed], now=NOW)

    assert [m.id for m in found] == ["mem_confirmed", "mem_fresh", "mem_stale"]


def test_recall_is_deterministic() -> None:
    items = _library()

    assert recall("financing", items, user_id=DANA) == recall(
        "financing", list(reversed(items)), user_id=DANA
    )


def test_nothing_to_recall_is_an_empty_list() -> None:
    assert recall("financing", [], user_id=DANA) == []
    assert recall("financing", _library(), user_id=DANA, budget_chars=0) == []
