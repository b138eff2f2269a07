"""A rep typing fast (issue 9): a typo of a word only the documents say ("hialguard",
"minmum") still finds and reads the passage that answers; texting shorthand ("wats")
and a name spelled by ear ("northlite") are read as meant. A brand the documents never
name ("hardie", "frostline") is not "corrected" into one they do: the reader admits.
A name said as two words ("clear guard") is the one word the documents write."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.spelling import joined_names
from hard_e.knowledge.chunking import Chunk
from hard_e.knowledge.index import KnowledgeIndex, search_all
from hard_e.knowledge.shared_library import library_chunks
from hard_e.knowledge.store import hit_dict
from tests.support.passages import passages_of


def _chunk(n: int, text: str, heading: str) -> Chunk:
    return Chunk(f"doc:{n:04d}", "doc", "Acme Spec", heading, None, text)


ACME = KnowledgeIndex.build(
    [
        _chunk(0, "StormShield covers hail damage to the panels for 10 years.", "Riders"),
        _chunk(1, "The minimum slope for Acme shingles is 2:12 with double underlayment.", "Slope"),
        _chunk(2, "Acme panels ship 24 to a carton.", "Ordering"),
    ]
)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("stromshield how many years", "doc:0000"),
        ("stormsheild coverage", "doc:0000"),
        ("minmum slope for acme shingles", "doc:0001"),
        ("minimun slope", "doc:0001"),
    ],
)
def test_a_typo_of_a_word_only_the_documents_say_still_finds_its_passage(
    typed: str, found: str
) -> None:
    hits = search_all([ACME], typed, k=1)

    assert [h.chunk.chunk_id for h in hits] == [found]


def test_a_brand_is_never_cut_down_to_a_shorter_word_the_documents_say() -> None:
    index = KnowledgeIndex.build([_chunk(0, "A hard surface needs a primer.", "Prep")])

    assert search_all([index], "hardie", k=1) == []


LIBRARY = KnowledgeIndex.build(library_chunks())


def _ask(question: str) -> str | None:
    passages = [hit_dict(h) for h in search_all([LIBRARY], question, k=5) if h.score > 0]
    return extractive_answer(question, passages)


@pytest.mark.parametrize(
    ("typed", "fact"),
    [
        ("hialguard how many yeers", "first 10 years"),
        ("wats the warrenty on ridgline classic", "40-year limited warranty"),
        ("is the northlite 500 glass seal warrenty 20 years", "20 years on Series 500"),
        ("whats the glass seal warrenty on the northlite 500", "20 years on Series 500"),
    ],
)
def test_a_typed_question_is_answered_as_it_was_meant(typed: str, fact: str) -> None:
    said = _ask(typed)

    assert said is not None and fact in said


@pytest.mark.parametrize(
    "question",
    [
        "whats james hardie's warranty on there lap siding",
        "does frostline pay labour on the siding",
    ],
)
def test_a_brand_the_documents_never_name_is_admitted(question: str) -> None:
    assert _ask(question) is None


READ = passages_of("acme-spec.md", "Acme Spec", "doc-1:0003")


def test_texting_shorthand_is_read_as_the_word_it_stands_for() -> None:
    passage = READ("Warranty", "Acme Classic carries a 40-year limited warranty.")

    said = extractive_answer("wats the warranty on acme classic", [passage])

    assert said is not None and "40-year" in said


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("the u factor on the clear guard triple", "the u factor on the clearguard triple"),
        ("exposure on the stone lap plank", "exposure on the stonelap plank"),
        ("is the hail guard rider included", "is the hailguard rider included"),
        ("the clear glass on the stone wall", "the clear glass on the stone wall"),
    ],
)
def test_a_name_said_as_two_words_is_the_one_word_the_documents_write(
    said: str, written: str
) -> None:
    assert joined_names(said, {"clearguard", "stonelap", "hailguard", "glass"}) == written


@pytest.mark.parametrize(
    ("said", "fact"),
    [
        ("um whats the u factor on the clear guard triple glass", "ClearGuard Triple"),
        ("whats the exposure on the 8.25 stone lap", "7 in exposure"),
    ],
)
def test_a_name_said_apart_is_answered(said: str, fact: str) -> None:
    answer = _ask(said)

    assert answer is not None and fact in answer


@pytest.mark.parametrize(
    ("said", "fact"),
    [
        ("how meny bundles a square on estate", "4 bundles per square"),
        ("expansoin gap for vinyl sidng below 40 degres", "3/8 in at 40°F and below"),
    ],
)
def test_a_typo_of_a_small_word_or_a_measure_is_read_as_meant(said: str, fact: str) -> None:
    answer = _ask(said)

    assert answer is not None and fact in answer
