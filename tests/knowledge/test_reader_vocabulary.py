"""The offline reader and the rep's word for what the document says another way (issue 9):
a thing that "sits" somewhere is one the document says "stays" there."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer

YARD: dict[str, Any] = {
    "document": "yard-policy.md",
    "heading": "Yard Policy › On site",
    "chunk_id": "doc-9:0005",
    "text": (
        "A rented trailer stays in the customer's yard up to 5 days; after that the "
        "rental company charges $40 a day.\n\n"
        "Tarps may stay on a roof for 30 days before the warranty on the deck is void.\n\n"
        "Pallets of brick stay on the driveway only on a plywood sheet."
    ),
}


def test_what_sits_somewhere_is_what_the_document_says_stays_there() -> None:
    cases = {
        "how long can the trailer sit in the yard": "up to 5 days",
        "how long can a tarp sit on the roof": "30 days",
        "can the brick pallets sit on the driveway": "plywood sheet",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [YARD])

        assert said is not None and fact in said, question


SHOP: dict[str, Any] = {
    "document": "shop-sheet.md",
    "heading": "Shop Sheet › Ladders and colours",
    "chunk_id": "doc-7:0001",
    "text": (
        "We stock the Alpine 24 and Alpine 32 extension ladders; the Alpine 24 is our "
        "best seller.\n\n"
        "Gutters come in white, clay and bronze, and white is the best-selling gutter "
        "colour by far."
    ),
}


def test_what_we_sell_the_most_of_is_what_the_document_calls_the_best_seller() -> None:
    cases = {
        "which ladder do we sell the most of": "Alpine 24 is our best seller",
        "what gutter colour sells the most": "white is the best-selling",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [SHOP])

        assert said is not None and fact in said, question


GLASS: dict[str, Any] = {
    "document": "glass-sheet.md",
    "heading": "Glass Sheet › Glass options",
    "chunk_id": "doc-5:0001",
    "text": (
        "| Glass | Build | Best for |\n|---|---|---|\n"
        "| Brightpane | Dual pane, low-E | Everyday replacement |\n"
        "| Hushpane | Laminated outer lite | Homes with highway traffic noise nearby |\n"
        "| Frostpane | Triple pane | Cold climates |\n"
    ),
}


def test_road_noise_is_the_traffic_a_document_names() -> None:
    for question in (
        "which glass do i pitch for road noise",
        "which glass is best for road noise",
        "which glass for road noise",
    ):
        said = extractive_answer(question, [GLASS])

        assert said is not None and "Hushpane" in said, question


CREW: dict[str, Any] = {
    "document": "crew-rules.md",
    "heading": "Crew Rules › Weather and sizing",
    "chunk_id": "doc-4:0001",
    "text": (
        "Never install pavers or brick when the air temperature is below 35°F.\n\n"
        "Choose the 8 in downspout when a roof plane drains more than 1,200 sq ft.\n\n"
        "Upgrade to the 30-year membrane on any roof with standing water after a rain."
    ),
}


def test_a_trade_verb_said_the_rep_s_way_is_the_document_s_verb() -> None:
    cases = {
        "how cold is too cold to lay brick": "below 35°F",
        "how cold is too cold to lay pavers": "below 35°F",
        "when do i step up to the 8 inch downspout": "drains more than 1,200 sq ft",
        "when do we step up to the 30-year membrane": "standing water",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [CREW])

        assert said is not None and fact in said, question


TESTING: dict[str, Any] = {
    "document": "mat-install.md",
    "heading": "Mat Install › Testing",
    "chunk_id": "doc-1:0002",
    "text": (
        "Test each mat with a megohmmeter at 1,000 V before tile goes down; the reading "
        "must be at least 100 megohms.\n\n"
        "Photograph the thermostat wiring for the warranty file."
    ),
}


def test_a_megger_is_the_megohmmeter_a_sheet_names() -> None:
    for question in (
        "what megger reading do we need on the mat",
        "what should the megger read before tile",
        "minimum megger reading for a mat",
    ):
        said = extractive_answer(question, [TESTING])

        assert said is not None and "100 megohms" in said, question


OUTDOORS: dict[str, Any] = {
    "document": "pump-sheet.md",
    "heading": "Pump Sheet › Power and mounting",
    "chunk_id": "doc-1:0003",
    "text": (
        "The sump pump may plug into an outdoor GFCI outlet only on a dedicated 15 A "
        "circuit.\n\n"
        "Exterior light fixtures on stone get a mounting block."
    ),
}


def test_outside_is_the_outdoor_or_exterior_a_sheet_names() -> None:
    cases = {
        "can the sump pump plug into an outside gfci outlet": "dedicated 15 A",
        "can we plug the sump pump into an outside outlet": "dedicated 15 A",
        "do outside light fixtures on stone need a block": "mounting block",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [OUTDOORS])

        assert said is not None and fact in said, question


CLAIMS: dict[str, Any] = {
    "document": "tile-warranty.md",
    "heading": "Tile Warranty › Claims and promotions",
    "chunk_id": "doc-1:0004",
    "text": (
        "Defective tiles are replaced free for 10 years; labour to swap them is paid only "
        "in the first 2 years.\n\n"
        "From May 1 to June 30 we run the spring promotion: 5% off any order over $4,000."
    ),
}


def test_bad_is_defective_and_a_promo_is_a_promotion() -> None:
    cases = {
        "do we pay labour to swap out bad tiles": "first 2 years",
        "are bad tiles replaced free": "10 years",
        "whens the spring promo": "May 1 to June 30",
        "what promos are we running": "spring promotion",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [CLAIMS])

        assert said is not None and fact in said, question
