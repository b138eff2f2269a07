"""The offline reader on a document written after its rules (issue 9): a house wrap guide
(tests/knowledge/fixtures/weatherveil-house-wrap-guide.md) with tables of wraps, tapes
and prices, lists of lapping rules and a warranty with its conditions. What a rep asks
in their own words is answered with the sentence or row that holds the fact; a question
naming two things the vocabulary counts as one ("downspout" and "gutter", "blowing" and
"insulation") is answered only by a sentence about the one asked of, never by another
product's sentence that says the other; what the guide does not say is admitted."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.speech import normalise
from hard_e.knowledge.chunking import chunk_document
from hard_e.knowledge.extract import extract
from hard_e.knowledge.index import KnowledgeIndex, search_all
from hard_e.knowledge.shared_library import library_chunks
from hard_e.knowledge.store import hit_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WRAP = "weatherveil-house-wrap-guide.md"


@lru_cache(maxsize=1)
def _library() -> KnowledgeIndex:
    return KnowledgeIndex.build(library_chunks())


@lru_cache(maxsize=4)
def _upload(name: str) -> KnowledgeIndex:
    doc = extract(name, (FIXTURES / name).read_bytes())
    return KnowledgeIndex.build(chunk_document(doc, document_id="doc-" + name, document_name=name))


def ask(question: str) -> str | None:
    """The reader's answer over the library and the house wrap guide, as the chat does."""
    text = normalise(question)
    indexes = [_library(), _upload(WRAP)]
    passages = [hit_dict(h) for h in search_all(indexes, text, k=5) if h.score > 0]
    return extractive_answer(text, passages)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what's the perm rating on the drain wrap", "38 perms"),
        ("which wrap goes under fiber cement", "Use Drain under fiber cement"),
        ("what wrap do we use under stone veneer", "Rainscreen goes under stucco, stone veneer"),
        ("can I buy the rainscreen wrap at a home center", "never through home centres"),
        ("how far past the sill plate does the wrap go", "2 in past the sill plate"),
        ("how wide is the seam tape", "WeatherVeil Seam Tape: 3 in"),
        ("what tape goes around an arch window", "Curved tops of arch windows"),
        ("how wide does the sill flashing have to be", "at least 9 in wide"),
        ("should we tape the bottom flange of the window", "Never tape across the bottom flange"),
        ("what's the lead time on rainscreen", "2 weeks from the pro dealer"),
        ("how long is the warranty on the classic house wrap", "10 years on Classic"),
        ("does the wrap warranty pay for labor", "not for labour"),
        ("how do we get the 20 year warranty on drain", "registered on the Cobbleton website"),
        ("how far apart are the cap nails", "12 in to 18 in on center"),
    ],
)
def test_the_sentence_or_row_that_answers_is_read(question: str, fact: str) -> None:
    said = ask(question)
    assert said is not None and fact.lower() in said.lower()


@pytest.mark.parametrize(
    "question",
    [
        "how much does a j roller cost",
        "what's the warranty on veilprime",
        "does cobbleton make a spray foam",
        "how many staples come in a box",
        "what's the fire rating on the classic wrap",
    ],
)
def test_what_the_guide_does_not_say_is_admitted(question: str) -> None:
    assert ask(question) is None


def passage(document: str, heading: str, text: str) -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-3:0004"}


# A heat cable guide whose title says "gutter": its cable sentences say neither
# "downspout" nor the gutter's size.
CABLE = passage(
    "acme-heat-cable.md",
    "Acme Roof and Gutter De-Icing Cable › Layout › Roof Edge",
    "- Zigzag the cable along the eave with loops 12 in above the wall line.\n"
    "- Triangle spacing is 15 in on center for the 8 W cable, 12 in for the 5 W cable.",
)
SIDING = passage(
    "acme-siding.md",
    "Acme Insulated Siding › Extras",
    "Panels lock together with a foam tongue; seat both before nailing.",
)
GUTTERS = passage(
    "acme-gutters.md",
    "Acme Gutter Guide › Downspouts",
    "A 5 in gutter takes a 2 x 3 in downspout; a 6 in gutter takes a 3 x 4 in downspout.",
)


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("what size downspout goes with a five inch gutter", [CABLE]),
        ("what size downspout goes with a 6 in gutter", [CABLE]),
        ("what do we do before blowing the insulation", [SIDING]),
    ],
)
def test_a_word_the_question_says_apart_is_not_said_by_its_equivalent(
    question: str, passages: list[dict[str, Any]]
) -> None:
    assert extractive_answer(normalise(question), passages) is None


def test_a_sentence_may_say_a_term_in_the_words_of_another() -> None:
    """ "transfer when they sell": the sentence says "transferred", which is selling here."""
    warranty = passage(
        "acme-shingles.md",
        "Acme Shingles › Warranties › Transfer",
        "Acme warranties may be transferred once, within the first 20 years.",
    )
    said = extractive_answer(
        normalise("can the acme warranty transfer when they sell the house"), [warranty]
    )
    assert said is not None and "transferred once" in said


def test_the_sentence_that_says_both_things_still_answers() -> None:
    said = extractive_answer(
        normalise("what size downspout goes with a five inch gutter"), [CABLE, GUTTERS]
    )
    assert said is not None and "2 x 3 in downspout" in said


TAPES = passage(
    "acme-flashing.md",
    "Acme Window Flashing Tape — Installer Sheet › Tapes",
    "| Tape | Width | Apply above |\n"
    "|---|---|---|\n"
    "| FlexSeal Acrylic | 4 in | -10°F |\n"
    "| StickPro Butyl | 6 in | 25°F |\n\n"
    "Flash the sill first with StickPro Butyl at least 9 in wide.",
)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what's the coldest we can put the stickpro tape on", "25°F"),
        ("coldest temperature for the acrylic tape", "-10°F"),
        ("whats the warmest it has to be to apply the butyl", "25°F"),
    ],
)
def test_the_coldest_asks_for_a_temperature(question: str, fact: str) -> None:
    said = extractive_answer(normalise(question), [TAPES])
    assert said is not None and fact in said


FASTENING = passage(
    "acme-housewrap.md",
    "Acme Building Wrap — Crew Guide › Lapping and Fastening",
    "- Start at the bottom of the wall and work up, so every course laps the one below.\n"
    "- Tape every seam with the seam tape.\n"
    "- Fasten with 1 in plastic-cap nails, 12 in to 18 in on center along the studs.",
)
BEFORE = passage(
    "acme-attic.md",
    "Acme Attic Guide › Before We Blow Insulation",
    "- Install baffles at every rafter bay along the eaves.\n"
    "- Build a dam around the attic hatch.\n"
    "- Seal the top plates and wire holes.",
)


def test_a_lists_first_item_is_not_the_answer_for_the_documents_title() -> None:
    said = extractive_answer(normalise("what do we fasten the building wrap with"), [FASTENING])
    assert said is not None and "plastic-cap nails" in said
    assert "Start at the bottom" not in said  # the rule asked, not the list's first rule


def test_a_list_under_the_heading_that_is_the_question_opens_with_its_first_item() -> None:
    said = extractive_answer(normalise("what do we do before blowing the insulation"), [BEFORE])
    assert said is not None and "Install baffles" in said


GUARDS = passage(
    "acme-gutter-guards.md",
    "Acme Gutter Guard Price Sheet › Prices",
    "| Item | Contractor price |\n"
    "|---|---|\n"
    "| LeafStop Mesh, 4 ft piece | $9 |\n"
    "| LeafStop Screen, 4 ft piece | $5 |\n"
    "| Hidden hanger, box of 50 | $31 |\n",
)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how much is a piece of the mesh guard", "$9"),
        ("what's the price of a piece of the screen guard", "$5"),
        ("how much does a box of hidden hangers cost", "$31"),
    ],
)
def test_a_price_of_a_row_named_in_a_documents_kind_is_read(question: str, fact: str) -> None:
    said = extractive_answer(normalise(question), [GUARDS])
    assert said is not None and fact in said


@pytest.mark.parametrize(
    "question",
    ["how much is a piece of the foam guard", "how much is a roll of the mesh wrap"],
)
def test_a_price_of_a_thing_no_row_names_is_admitted(question: str) -> None:
    assert extractive_answer(normalise(question), [GUARDS]) is None


WORKMANSHIP = passage(
    "acme-handbook.md",
    "Acme Exteriors Handbook › Warranty",
    "Our workmanship warranty covers leaks at seams and corners for 10 years. "
    "The workmanship guarantee transfers to a new owner once if the house is sold.",
)
PAINT = passage(
    "acme-siding.md",
    "Acme Siding › Finish",
    "The paint warranty covers peeling and uneven fading for 25 years.",
)


@pytest.mark.parametrize(
    "question",
    [
        "does the paint warranty cover leaks",
        "does the no leak warranty go to the new owner if they sell",
        "how long is the hail guarantee",
    ],
)
def test_another_warranty_is_no_answer(question: str) -> None:
    assert extractive_answer(normalise(question), [WORKMANSHIP]) is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("does the paint warranty cover fading", "25 years"),
        ("does the workmanship warranty go to the new owner", "transfers to a new owner once"),
        ("how long is the 10 year workmanship warranty good for", "10 years"),
    ],
)
def test_the_warranty_named_is_read(question: str, fact: str) -> None:
    said = extractive_answer(normalise(question), [WORKMANSHIP, PAINT])
    assert said is not None and fact in said


def test_the_weather_is_no_house_wrap() -> None:
    """ "wrap" is written "weather-resistive barrier", but "cold weather" says no wrap."""
    siding = passage(
        "acme-fiber-cement.md",
        "Acme Fiber Cement › Why Fiber Cement",
        "Fiber cement can chip at a corner, but unlike vinyl it will not crack in cold weather.",
    )
    assert extractive_answer(normalise("which wrap goes under fiber cement"), [siding]) is None


def test_primer_is_said_as_prime() -> None:
    tapes = passage(
        "acme-flashing.md",
        "Acme Flashing Tape › Cold Weather",
        "Roll every tape down with a J-roller. Below 40°F, prime OSB with SealPrime before taping.",
    )
    siding = passage(
        "acme-siding.md",
        "Acme Vinyl Siding › Cold Weather",
        "Let panels warm to at least 40°F before installing them in cold weather, because "
        "the lock is stiff; tape the cartons shut.",
    )
    question = normalise("do we need primer before taping in cold weather")
    said = extractive_answer(question, [siding, tapes])
    assert said is not None and "prime OSB with SealPrime" in said
