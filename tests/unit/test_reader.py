"""The scored reader: phrasing no rule knows is read by its nearest example — and only
on clear evidence. Ambiguous or out-of-scope messages are left alone (the brain admits
them), an action on weak evidence is not taken, and a missing value is asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz

from hard_e.brain import reader
from hard_e.brain.rules import Intent
from hard_e.brain.slots import fill, from_parts, needs, scored_intent

TESTS = Path(__file__).resolve().parent.parent / "conversation"


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("would you be able to tell me how much Peterson still owes", "job_money"),
        ("waht cna you hlep me wiht", "capabilities"),
        ("how are thngs going", "wellbeing"),
        ("show keller notes", "list_notes"),
        ("what are the overdeu tasks", "tasks"),
    ],
)
def test_phrasing_no_rule_knows_is_read_by_its_nearest_example(said: str, intent: str) -> None:
    assert reader.reading(said).intent == intent


@pytest.mark.parametrize(
    "said",
    [
        "how tall is the Eiffel tower",  # a "how's {name} doing" shape, but nothing of ours
        "do you sell swimming pools",
        "book me a hotel in cincinnati for next week",
        "could you order a dumpster for the Keller job",  # an ordinary request we can't do
        "what is the exposure on the stonelap plank",  # the documents' to answer
        "translate hello into Spanish",
    ],
)
def test_out_of_scope_near_misses_are_left_alone(said: str) -> None:
    assert reader.reading(said).intent is None
    assert scored_intent(said) is None


def test_an_ambiguous_message_is_left_alone() -> None:
    said = reader.reading("the thing with the stuff")
    assert said.intent is None


def test_an_action_needs_stronger_evidence_than_a_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    said = "drop Keller a text"
    monkeypatch.setattr(reader, "meaning_scores", lambda message: [])  # the words' bars
    strong = reader.reading(said)
    assert strong.intent == "send_text" and strong.score >= reader.ACT_ACCEPT
    monkeypatch.setattr(reader, "ACT_ACCEPT", strong.score + 0.01)  # the same evidence, weaker
    assert reader.reading(said).intent is None
    monkeypatch.setattr(reader, "ACCEPT", 0.0)  # a lookup's bar does not lower an action's
    assert reader.reading(said).intent is None


def test_the_values_come_from_the_message_in_its_own_words() -> None:
    text = fill("send_text", "shoot Linda Albright a text saying the crew is running late")
    assert text == Intent(
        "send_text", {"who": "Linda Albright", "body": "the crew is running late"}
    )
    move = fill("move_stage", "slide the Keller roof over to punch list")
    assert move.slots == {"job": "Keller roof", "stage": "punch list"}
    task = fill("create_task", "put a task on Marcus to call the Baxter family friday")
    assert task.get("title") == "call the Baxter family friday" and task.get("for") == "Marcus"


def test_a_missing_value_is_asked_for_never_guessed() -> None:
    nobody = fill("job_money", "how much is still owed on it")
    assert needs(nobody, {}) == ("job", "Which job?")  # "it" with no last job: ask
    assert needs(nobody, {"job": "J-1042"}) is None  # "it" is the job just talked about
    no_stage = fill("move_stage", "bump the Keller job forward")
    assert needs(no_stage, {}) == ("stage", "Which stage should it go to?")


def test_the_reader_is_quick_once_built() -> None:
    """Built once; reading a message is a few array sums (no timing threshold here: the
    latency bench measures it). The index is reused, not rebuilt per message."""
    reader.warm()
    first = reader._index()
    reader.reading("any jbos for fitzgerlad")
    assert reader._index() is first


def _utterances() -> list[str]:
    said = []
    for path in TESTS.glob("*.txt"):
        for line in path.read_text().splitlines():
            if "=>" in line and not line.lstrip().startswith("#"):
                said.append(line.rpartition("=>")[0].strip().lower())
    return said


def test_examples_are_written_apart_from_the_labelled_sets() -> None:
    """An example too close to a test utterance would score the set, not the reader."""
    tests = _utterances()
    for line in reader._lines("exemplars.txt") + reader._lines("ordinary.txt"):
        example = line.rpartition("=>")[0].strip() if "=>" in line else line
        example = example.replace("{name}", "").replace("{body}", "").lower()
        close = [t for t in tests if fuzz.ratio(example, t) >= 92]
        assert not close, (line, close[:3])


def test_a_ramble_is_read_by_the_part_that_asks() -> None:
    stage = from_parts("I think there's a job for the Mercer family, which step is it at?")
    moved = from_parts("so the Duffy roof is basically wrapped up, move it to final invoice sent")
    text = from_parts("so I met with Linda Albright today, text her that the bid is coming")
    assert moved == Intent("move_stage", {"job": "Duffy roof", "stage": "final invoice sent"})
    assert text == Intent("send_text", {"who": "Linda Albright", "body": "the bid is coming"})
    assert stage is None or stage.name == "job_stage"
    assert from_parts("what stage is the Keller job in") is None  # one part: the rules' own
    assert from_parts("thanks man, that's great") is None  # a remark asks nothing


def _words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "meaning_scores", lambda message: [])


def test_an_action_by_meaning_needs_the_stronger_bar_too(monkeypatch: pytest.MonkeyPatch) -> None:
    said = "the Hanley gutters signed, contract signed stage"
    taken = reader.reading(said)
    assert taken.intent == "move_stage" and taken.score >= reader.ACT_MEANING_ACCEPT
    monkeypatch.setattr(reader, "ACT_MEANING_ACCEPT", taken.score + 0.01)
    monkeypatch.setattr(reader, "MEANING_ACCEPT", 0.0)  # a lookup's bar does not lower it
    assert reader.reading(said).intent is None


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("is there a home phone for the Smith family or only a cell", "customer_phone"),
        ("the Hanley gutters signed, contract signed stage", "move_stage"),  # an action
    ],
)
def test_phrasing_the_words_leave_undecided_is_read_by_meaning_too(
    said: str, intent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reader.reading(said).intent == intent
    _words_only(monkeypatch)
    assert reader.reading(said).intent is None


def test_meaning_pulls_an_out_of_scope_request_back_to_admit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = "is it gonna rain at the Morales siding tuesday"  # the weather, not the stage
    assert reader.reading(said).intent is None
    _words_only(monkeypatch)
    assert reader.reading(said).intent == "job_stage"


@pytest.mark.parametrize(
    "said",
    [
        "play some music",  # by meaning alone, near "what's our total in play"
        "book me a flight to Denver",  # near "my schedule"
        "set a timer for ten minutes",
        "put on some tunes",
    ],
)
def test_meaning_alone_is_not_evidence(said: str) -> None:
    assert reader.reading(said).intent is None


# Fresh variations on the intents the blind batches showed thin, written for this test
# (not in exemplars.txt, not in the batches): a floor, so a change that loses them shows.
_THIN = [
    ("who are the guys supposed to phone today", "call_today"),
    ("which homeowners should my reps call today", "call_today"),
    ("anything late on Marcus's list", "tasks"),
    ("is Tasha behind on any to-dos", "tasks"),
    ("what can you do for me exactly", "capabilities"),
    ("what kinds of jobs can you take off my hands", "capabilities"),
    ("who is everybody here and what do they do", "team"),
    ("list our staff and their roles", "team"),
    ("what deals has Marcus got going", "pipeline"),
    ("how many open deals is Tasha carrying", "pipeline"),
    ("does anything need my sign off right now", "approvals"),
    ("is something sitting there waiting for my okay", "approvals"),
    ("which rep sold the Morales roof", "job_rep"),
    ("who is the salesman on the Hanley gutters", "job_rep"),
    ("has the Morales deposit landed", "job_money"),
    ("alright I gotta go, later", "goodbye"),
    ("you doing alright today", "wellbeing"),
    ("what's a number I can reach the Hanleys on", "customer_phone"),
]


def test_thin_intents_are_read_in_words_nobody_tuned_for() -> None:
    got = [(reader.reading(said).intent, intent) for said, intent in _THIN]
    right = sum(g == want for g, want in got)
    wrong = [(g, want) for g, want in got if g is not None and g != want]
    assert right >= 2 * len(_THIN) // 3, got  # 12 of 18 when written
    assert len(wrong) <= 1, wrong  # left alone (admitted) rather than misread


def test_without_the_meaning_model_the_words_decide_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Lambda bundle has no wordllama (no aarch64 wheel): the reader still reads."""
    monkeypatch.setattr(reader, "available", lambda: False)
    assert reader.meaning_scores("is there a home phone for the Smith family") == []
    assert reader.reading("would you be able to tell me how much Peterson still owes").intent == (
        "job_money"
    )
    assert (
        reader.reading("is there a home phone for the Smith family or only a cell").intent is None
    )
    reader.warm()  # builds the word index without touching the model
