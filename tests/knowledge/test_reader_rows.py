"""The offline reader and a table row asked about by the thing its table lists (issue 9):
"how much is the 16 ft trailer" is answered by the "16 ft" row of the "| Trailer | …"
table, though the row itself never says "trailer" — its first column's heading does."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "yard-policy.md",
        "heading": heading,
        "text": text,
        "chunk_id": "doc-9:0003",
    }


TRAILERS = passage(
    "Yard Policy › Trailers",
    "Book trailers through the office.\n\n"
    "| Trailer | Load | Daily fee |\n|---|---|---|\n"
    "| 12 ft | Up to 2 tons | $140 |\n"
    "| 16 ft | Up to 4 tons | $215 |\n"
    "| 20 ft | Up to 6 tons | $290 |\n",
)
LIFTS = passage(
    "Yard Policy › Lifts",
    "| Lift | Reach | Weekly rent |\n|---|---|---|\n"
    "| Boom 30 | 30 ft | $610 |\n"
    "| Boom 45 | 45 ft | $880 |\n"
    "| Boom 60 | 60 ft | $1,240 |\n",
)


def test_a_row_answers_for_the_thing_its_table_lists() -> None:
    cases = {
        ("how much is the 16 ft trailer", "TRAILERS"): "$215",
        ("whats the fee on the 20 ft trailer", "TRAILERS"): "$290",
        ("how much is the boom 45 lift", "LIFTS"): "$880",
        ("whats the price of the boom 60 lift", "LIFTS"): "$1,240",
    }
    tables = {"TRAILERS": TRAILERS, "LIFTS": LIFTS}
    for (question, table), fact in cases.items():
        said = extractive_answer(question, [tables[table]])

        assert said is not None and fact in said, question


def test_a_price_asked_in_other_words_is_the_row_s_fee_or_price_column() -> None:
    for question, fact in (
        ("what does the 20 ft trailer cost", "$290"),
        ("how much does the 12 ft trailer cost", "$140"),
        ("what is the price on the 16 ft trailer", "$215"),
    ):
        said = extractive_answer(question, [TRAILERS])

        assert said is not None and fact in said, question


def test_a_thing_no_row_or_heading_names_is_still_no_answer() -> None:
    for question in ("how much is the 16 ft dumpster", "what does the 20 ft ladder cost"):
        assert extractive_answer(question, [TRAILERS]) is None, question
