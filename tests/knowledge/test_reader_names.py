"""The offline reader and the words a rep says that name something (issue 9): a brand
no passage found says ("frostline", "doublelock") means the documents are about other
products, so the brain admits instead of reading out another product's warranty; and an
ordinary English word ("constant") is never "corrected" into a word the passages use."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.spelling import spelled
from hard_e.text.english import is_english, is_everyday
from hard_e.text.spoken import normalise


def passage(heading: str, text: str, document: str) -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-3:0004"}


HAILGUARD = passage(
    "Ridgeline Warranties › HailGuard",
    "HailGuard pays labour on a warranty claim for the first 10 years after installation.",
    "siding-warranty-booklet.md",
)
PANELS = passage(
    "Palisade Standing Seam › Panels",
    "SnapLine panels can be roll formed on site up to 60 ft long.",
    "metal-roofing-spec.md",
)
KITS = passage(
    "Stone Trim › Touch-up",
    "CrestCoat touch-up kits contain a 4 oz bottle and two applicator pens.",
    "stone-trim-sheet.md",
)


def test_a_brand_no_passage_names_gets_no_answer() -> None:
    assert extractive_answer("does frostline pay labour on a warranty claim", [HAILGUARD]) is None
    assert extractive_answer("how long can a doublelock panel be on site", [PANELS]) is None


def test_the_brand_the_passage_names_is_answered() -> None:
    said = extractive_answer("does hailguard pay labour on a warranty claim", [HAILGUARD])

    assert said is not None and "first 10 years" in said
    said = extractive_answer("how long can a snapline panel be if we roll form it", [PANELS])
    assert said is not None and "60 ft" in said


def test_an_everyday_word_is_not_taken_for_a_typo() -> None:
    assert spelled("can we cut a constant kit shorter", [KITS]) == (
        "can we cut a constant kit shorter"
    )
    assert spelled("what do the touch-up kits contian", [KITS]) == (
        "what do the touch-up kits contain"
    )


def test_the_dictionary_knows_words_not_brands() -> None:
    assert is_english("Shingles") and is_everyday("constant")
    assert not is_english("frostline") and not is_english("sr8")
    assert is_english("soffit") and not is_everyday("soffit")  # listed, but rare


def test_a_model_said_with_a_repeat_word_keeps_its_name() -> None:
    assert normalise("net free area on the triple four vented soffit") == (
        "net free area on the triple 4 vented soffit"
    )
    assert normalise("is the double 5 in stock") == "is the double 5 in stock"
    assert normalise("my number is triple five one two one two") == "my number is 5551212"


PLANK = passage(
    "StoneLap › Widths",
    "The 8.25 in StoneLap plank is laid at a 7 in exposure.",
    "stonelap-sheet.md",
)


def test_chat_shorthand_is_no_unknown_name() -> None:
    for said in (
        "thx whats the exposure on the 8.25 stonelap plank",
        "pls whats the exposure on the 8.25 stonelap plank btw",
    ):
        answer = extractive_answer(said, [PLANK])
        assert answer is not None and "7 in exposure" in answer
