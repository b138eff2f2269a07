"""Consolidation: repeats merge, contradictions supersede, nothing is ever deleted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hard_e.memory.consolidate import plan
from hard_e.memory.items import Candidate, Memory
from tests.memory.sample import DANA, apply, fact, memory, preference

LATER = 1_790_100_000.0


def _active_texts(items: list[Memory]) -> set[str]:
    return {m.text for m in items if m.active}


def test_an_exact_repeat_merges_into_the_known_item() -> None:
    known = memory("We offer free estimates within 48 hours.", "estimates")

    result = plan([fact("we offer FREE estimates within 48 hours", "estimates")], [known])

    assert not result.add and not result.supersede
    assert [(i, c.text) for i, c in result.merge] == [
        (known.id, "we offer FREE estimates within 48 hours")
    ]


def test_a_near_repeat_with_the_same_numbers_merges() -> None:
    known = memory("We offer free roof inspections within 48 hours of the call.", "inspections")

    result = plan([fact("We offer a free roof inspection within 48 hours of a call", "x")], [known])

    assert [i for i, _ in result.merge] == [known.id]


def test_a_near_repeat_with_other_numbers_is_not_a_repeat() -> None:
    known = memory("We offer free estimates within 48 hours.", "estimates")

    result = plan([fact("We offer free estimates within 24 hours.", "estimates")], [known])

    assert result.merge == []
    assert [i for i, _ in result.supersede] == [known.id]


def test_new_financing_terms_supersede_the_old_ones() -> None:
    # Given the company used to offer 6-month financing
    old = memory("We offer 6-month financing", "financing")
    new = fact("We now offer 12-month financing", "financing")

    # When the rep says the terms changed
    result = plan([new], [old])
    after = apply(result, [old], session="ses_new", at=LATER)

    # Then the new terms replace the old, and the old item is kept, ended
    assert result.supersede == [(old.id, new)] and not result.add and not result.merge
    assert _active_texts(after) == {"We now offer 12-month financing"}
    [ended] = [m for m in after if not m.active]
    assert ended.id == old.id and ended.valid_to == LATER
    assert ended.superseded_by == next(m.id for m in after if m.active)


def test_a_negation_flip_supersedes() -> None:
    old = memory("We offer financing on gutter jobs.", "financing")

    result = plan([fact("We no longer offer financing on gutter jobs.", "financing")], [old])

    assert [i for i, _ in result.supersede] == [old.id]


def test_a_decision_can_supersede_a_company_fact() -> None:
    old = memory("We always quote over the phone.", "estimates")
    decided = Candidate("decision", "From now on we never quote over the phone.", "estimates", 0.8)

    result = plan([decided], [old])

    assert [i for i, _ in result.supersede] == [old.id]


def test_a_new_name_for_the_same_thing_supersedes() -> None:
    old = memory("Our preferred shingle is GAF Timberline.", "preferred shingle")

    result = plan([fact("Our preferred shingle is Owens Corning.", "preferred shingle")], [old])

    assert [i for i, _ in result.supersede] == [old.id]


def test_facts_that_can_both_be_true_are_both_kept() -> None:
    known = [
        memory("We charge $450 a square for tear-off.", "pricing"),
        memory("We offer financing for roofs.", "financing"),
        memory("We offer 12-month financing.", "financing"),
        memory("Our office is closed on Sundays.", "office"),
        memory("We offer a 5 percent discount for veterans.", "discounts"),
    ]
    new = [
        fact("We charge $300 a square for installation.", "pricing"),
        fact("We don't offer financing for siding.", "financing"),
        fact("Financing approval takes 2 days.", "financing"),
        fact("Our office is in Denver.", "office"),
        fact("We never discount more than 10 percent without Mike.", "discounts"),
    ]

    result = plan(new, known)

    assert result.add == new and not result.merge and not result.supersede


def test_unrelated_facts_are_both_added() -> None:
    new = [
        fact("We install seamless gutters.", "gutters"),
        fact("We use GAF shingles.", "shingles"),
    ]

    result = plan(new, [memory("We offer 6-month financing.", "financing")])

    assert result.add == new


def test_the_same_preference_of_two_users_does_not_merge() -> None:
    hers = memory("Keep your answers short.", "answer length", "user_preference", user_id=DANA)

    result = plan([preference("Keep your answers short.", "answer length", "usr_mike")], [hers])

    assert [c.user_id for c in result.add] == ["usr_mike"]
    assert not result.merge and not result.supersede


def test_another_users_preference_is_never_superseded() -> None:
    hers = memory("Call me Danny.", "name", "user_preference", user_id=DANA)

    result = plan([preference("Don't call me Danny.", "name", "usr_mike")], [hers])

    assert result.supersede == [] and len(result.add) == 1


def test_repeats_within_one_batch_merge_first_keeping_the_surest_wording() -> None:
    unsure = fact("We offer free estimates.", "estimates", confidence=0.6)
    sure = fact("we offer free estimates", "estimates", confidence=0.9)

    result = plan([unsure, sure, unsure], [])

    assert result.add == [sure]


def test_within_one_batch_the_later_of_two_contradicting_statements_wins() -> None:
    first = fact("We offer 6-month financing.", "financing")
    correction = fact("We offer 12-month financing.", "financing")

    assert plan([first, correction], []).add == [correction]


def test_superseded_items_are_ignored() -> None:
    ended = memory("We offer 12-month financing.", "financing", active=False)

    result = plan([fact("We offer 12-month financing.", "financing")], [ended])

    assert len(result.add) == 1


def test_planning_again_after_applying_only_confirms() -> None:
    known = [
        memory("We offer 6-month financing", "financing"),
        memory("We offer free estimates within 48 hours.", "estimates"),
        memory("Keep your answers short.", "answer length", "user_preference", user_id=DANA),
    ]
    batch = [
        fact("We now offer 12-month financing", "financing"),
        fact("We offer free estimates within 48 hours", "estimates"),
        fact("We install seamless gutters.", "gutters"),
        preference("Keep your answers short.", "answer length", DANA),
    ]
    once = apply(plan(batch, known), known, session="ses_new", at=LATER)

    again = plan(batch, once)

    assert not again.add and not again.supersede
    assert len(again.merge) == len(batch)
    assert _active_texts(apply(again, once, session="ses_other", at=LATER + 1)) == _active_texts(
        once
    )
    # and re-learning the very same session does not count its own new items twice
    relearned = plan(batch, once, session_id="ses_new")
    created = {m.id for m in once if m.source_session == "ses_new"}
    assert created and not created & {i for i, _ in relearned.merge}


STATEMENTS = [
    fact("We offer 6-month financing.", "financing"),
    fact("We now offer 12-month financing.", "financing"),
    fact("We no longer offer financing.", "financing"),
    fact("We offer free estimates within 48 hours.", "estimates"),
    fact("We offer free estimates within 24 hours.", "estimates"),
    fact("Our preferred shingle is GAF.", "preferred shingle"),
    fact("Our preferred shingle is Owens Corning.", "preferred shingle"),
    fact("We install seamless gutters.", "gutters"),
    Candidate("decision", "From now on we bring the drone to every roof inspection.", "drone", 0.8),
    preference("Keep your answers short.", "answer length", DANA),
    preference("Keep your answers short.", "answer length", "usr_mike"),
    preference("Call me Danny.", "name", DANA),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(STATEMENTS), max_size=6),
    st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=6),
)
def test_any_two_conversations_never_lose_items_and_replanning_only_confirms(
    first: list[Candidate], second: list[Candidate]
) -> None:
    stored = apply(plan(first, []), [], session="ses_1", at=LATER)
    before = {m.id for m in stored}

    result = plan(second, stored)
    after = apply(result, stored, session="ses_2", at=LATER + 1)

    assert before <= {m.id for m in after}  # nothing deleted
    touched = [i for i, _ in result.merge + result.supersede]
    assert len(touched) == len(set(touched))  # each item touched at most once
    assert all(m.active for m in stored if m.id in touched)
    again = plan(second, after)
    assert not again.add and not again.supersede
    created = {m.id for m in after if m.source_session == "ses_2"}
    assert not created & {i for i, _ in plan(second, after, session_id="ses_2").merge}
