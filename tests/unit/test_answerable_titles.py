"""Issue 9, cross-document: a document's title says what its product is, and the kinds it
names only as where that product goes are not what its sentences are about. A heat cable
guide titled "… Roof and Gutter De-Icing Cable" has kit rows and cable rules under
headings that say gutters; read out for "what do we do on a long run of gutter" they are
a confident wrong answer. Likewise a sentence whose first product is the one its document
is about ("Keep cable 6 in from any skylight curb") answers nothing about skylights.
Invented documents; each kind has near-twins that must still be answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import about_another_product, kind_unsaid_under_title, title_kinds
from hard_e.brain.reading import extractive_answer
from hard_e.text.search import tokenize

CABLE_TITLE = "Glacio Roof and Gutter Heating Cable — Installer Guide"
TRIM_TITLE = "Birchwood Vinyl Soffit, Fascia and Trim Coil — Field Sheet"


def upload(title: str, section: str, text: str, chunk: str = "doc-glacio:0004") -> dict[str, Any]:
    return {
        "document": "glacio.md",
        "heading": f"{title} › {section}",
        "text": text,
        "chunk_id": chunk,
    }


KITS = upload(
    CABLE_TITLE,
    "Gutters and Downspouts › Kits",
    "| Kit | Wire | Lengths |\n|---|---|---|\n"
    "| Glacio Fixed | Constant wire, 5 W per ft | 20 ft to 200 ft, one run per kit |\n"
    "| Glacio Smart | Self-regulating, 8 W per ft | cut to length on any run |",
)
PASSES = upload(
    CABLE_TITLE,
    "Gutters and Downspouts",
    "Gutters wider than 6 in need two passes of cable. Run the cable down every downspout "
    "and 12 in out the bottom.",
    "doc-glacio:0005",
)
CURBS = upload(
    CABLE_TITLE,
    "Clearances",
    "Keep cable at least 6 in from any skylight curb, plastic vent or dish.",
    "doc-glacio:0006",
)
MELTS = upload(
    CABLE_TITLE,
    "What Heating Cable Does",
    "Heating cable does not stop ice dams from forming. It keeps gutters and downspouts open "
    "so that meltwater has a path off the roof.",
    "doc-glacio:0002",
)
RATES = upload(
    TRIM_TITLE,
    "Production",
    "A crew of two hangs about 180 ft of soffit per day and wraps about 12 windows per day.",
    "doc-birch:0007",
)


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        (CABLE_TITLE, {"cable"}),  # the gutter is where the cable goes
        (TRIM_TITLE, {"soffit", "fascia"}),  # a list: each is a subject
        ("Acme Decking and Railing — Guide", {"deck", "railing"}),
        ("Acme Entry and Storm Doors — Sheet", {"door"}),
        ("Sales Handbook — Siding, Roofing and Windows", set()),  # after the dash: no name
        ("Acme House Wrap Guide", set()),
        ("Icefree Roof and Gutter De-Icing Cable", {"cable"}),
    ],
)
def test_a_title_is_about_its_last_kind_not_the_kinds_that_set_it(
    title: str, kinds: set[str]
) -> None:
    about, _ = title_kinds(title)
    assert about == {t for k in kinds for t in tokenize(k)}


def test_a_title_s_name_is_a_word_no_dictionary_has_not_a_hyphenated_word() -> None:
    _, names = title_kinds("Icefree Roof and Gutter De-Icing Cable")
    assert names == set(tokenize("Icefree"))  # "ice" in a question does not name it


@pytest.mark.parametrize(
    ("question", "own", "unsaid"),
    [
        ("what do we do on a 50 foot run of gutter", "glacio fix constant wire run", True),
        ("how often do we need a downspout", "run one pass along gutter", True),
        ("does the gutter warranty cover ice dams", "fix kit 3 year replac", True),
        ("how many passes in a wide gutter", "gutter wider pass", False),  # the unit says it
        ("what glacio kit for a 50 ft gutter", "glacio fix constant wire run", False),  # named
        ("what cable for a long gutter run", "fix constant wire run", False),  # its kind asked
        ("how long is the longest kit", "fix constant wire run", False),  # no kind asked
    ],
)
def test_a_kind_the_title_names_as_a_setting_must_be_said_by_the_unit(
    question: str, own: str, unsaid: bool
) -> None:
    content = set(tokenize(question))
    words = {t: frozenset({t}) for t in content}
    own_terms = set(tokenize(own))
    assert kind_unsaid_under_title(question, content, own_terms, CABLE_TITLE, words) is unsaid


@pytest.mark.parametrize(
    ("question", "text", "title", "other"),
    [
        ("can a vented skylight go on a low roof", CURBS["text"], CABLE_TITLE, True),
        ("how many windows does a crew put in a day", RATES["text"], TRIM_TITLE, True),
        ("how far down the downspout does glacio cable go", PASSES["text"], CABLE_TITLE, False),
        ("how many passes in a wide gutter", PASSES["text"], CABLE_TITLE, False),  # gutter first
        ("how much soffit does a crew hang a day", RATES["text"], TRIM_TITLE, False),
        ("how many windows can a crew wrap in a day", RATES["text"], TRIM_TITLE, False),  # asked
        (
            "what foam goes around the door",
            "Fill window and door gaps with foam",
            "Acme Windows",
            True,
        ),
        ("can a vented skylight go on a low roof", CURBS["text"], "Acme Field Handbook", False),
    ],
)
def test_a_sentence_first_about_the_title_s_product_is_about_it(
    question: str, text: str, title: str, other: bool
) -> None:
    content = set(tokenize(question))
    words = {t: frozenset({t}) for t in content}
    assert about_another_product(question, content, text, words, title) is other


@pytest.mark.parametrize(
    ("question", "before", "other"),
    [
        ("do the gutters stay open in an ice storm", "Heating cable does not stop ice dams.", True),
        (
            "do the gutters stay open in an ice storm",
            "Gutters fill with ice on the north side.",
            False,
        ),
        ("do the gutters stay open", "The Acme Trim sheet covers fascia and soffit.", False),
    ],
)
def test_a_sentence_opening_it_is_about_what_the_one_before_names(
    question: str, before: str, other: bool
) -> None:
    text = "It keeps gutters and downspouts open."
    content = set(tokenize(question))
    words = {t: frozenset({t}) for t in content}
    assert about_another_product(question, content, text, words, CABLE_TITLE, before) is other


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("what do we do on a 50 foot run of gutter", [KITS]),
        ("can we put a vented skylight on a 2 in 12 roof", [CURBS]),
        ("how many windows does a crew put in a day", [RATES]),
        ("do our gutters stop ice dams", [MELTS]),  # "It" is the cable
        ("are gutters open during ice dams", [MELTS]),
        ("do gutters fill with ice dams", [MELTS]),
    ],
)
def test_another_product_s_document_is_no_answer(
    question: str, passages: list[dict[str, Any]]
) -> None:
    # Given only a document about another product, whose headings name the kind asked
    # When the rep asks about that kind
    # Then the reader admits instead of reading the other product's sentence out
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    ("question", "passages", "fact"),
    [
        ("how many passes in a gutter wider than 6 in", [PASSES], "two passes"),
        ("how much soffit does a crew hang in a day", [RATES], "180 ft of soffit"),
        ("what glacio kit can be cut to length", [KITS], "cut to length"),
        ("how do we keep gutters open in winter", [MELTS], "keeps gutters"),  # what it does
        ("how many windows can a crew wrap in a day", [RATES], "12 windows per day"),
    ],
)
def test_the_title_s_own_product_and_a_kind_said_by_the_unit_are_answered(
    question: str, passages: list[dict[str, Any]], fact: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and fact in answer
