"""Contractor vocabulary: a rep's word finds the passage written in the documents'
word, without outranking a passage that uses the rep's own word."""

from __future__ import annotations

from pathlib import Path

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.knowledge.chunking import Chunk
from hard_e.knowledge.index import EXPANSION, KnowledgeIndex, expand_query
from hard_e.knowledge.synonyms import (
    equivalents,
    phrase_words,
    synonym_table,
    term_equivalents,
)
from hard_e.text.search import tokenize


def _chunk(n: int, text: str, heading: str) -> Chunk:
    return Chunk(f"doc:{n:04d}", "doc", "Guide", heading, None, text)


CHUNKS = [
    _chunk(0, "Below 2:12 slope the shingles may not be installed.", "Roof › Low slope"),
    _chunk(1, "Within 1,500 ft of salt water use stainless fasteners.", "Siding › Coastal"),
    _chunk(2, "Lap the underlayment 19 in on a low roof.", "Roof › Underlayment"),
    _chunk(3, "Order trim in the same colour as the siding.", "Trim › Colour"),
    _chunk(4, "The pitch of the gable decides the look of the trim.", "Trim › Gables"),
]
INDEX = KnowledgeIndex.build(CHUNKS)


def test_a_reps_word_finds_the_passage_in_the_documents_words() -> None:
    assert INDEX.search("what nails near the ocean")[0].chunk.chunk_id == "doc:0001"
    assert INDEX.search("can we lap the felt")[0].chunk.chunk_id == "doc:0002"


def test_the_word_asked_outranks_its_synonym() -> None:
    ids = [h.chunk.chunk_id for h in INDEX.search("pitch", k=5)]

    assert ids[:2] == ["doc:0004", "doc:0000"]  # "pitch" itself, then "slope"


def test_the_expansion_weighs_less_than_the_words_asked() -> None:
    weights = expand_query("roof pitch")

    assert weights[tokenize("pitch")[0]] == 1.0
    assert weights[tokenize("slope")[0]] == EXPANSION < 1.0
    assert list(weights)[:2] == tokenize("roof pitch")


def test_the_table_is_read_through_the_tokeniser() -> None:
    assert tokenize("slope")[0] in equivalents(tokenize("pitches")[0])
    assert set(tokenize("military")) <= equivalents(tokenize("veterans")[0])
    assert all(term not in others for term, others in synonym_table().items())


def test_a_malformed_table_line_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "synonyms.txt"
    table.write_text("# comment\npitch slope\n", encoding="utf-8")

    with pytest.raises(ValueError, match="no ':'"):
        synonym_table(table)


def test_a_phrase_stands_for_the_documents_word_only_where_it_is_said() -> None:
    said = tokenize("can they back out after signing")
    others = term_equivalents(said)

    assert tokenize("cancel")[0] in others[tokenize("back")[0]]
    assert tokenize("cancel")[0] not in term_equivalents(tokenize("the back wall"))["back"]


def test_a_unit_word_is_also_read_as_it_is_after_a_figure() -> None:
    assert "degrees" in equivalents(tokenize("cold")[0])  # "40°F" is indexed as "degrees"


def test_a_written_phrase_is_one_equivalent_not_each_of_its_words(tmp_path: Path) -> None:
    """Given "handle: handle set, hardware", "set" is no word for "handle"."""
    table = tmp_path / "synonyms.txt"
    table.write_text("handle: handle set, hardware\ntyvek: house wrap\n", encoding="utf-8")
    handle, tyvek = tokenize("handle")[0], tokenize("tyvek")[0]

    found = synonym_table(table)

    assert tokenize("set")[0] not in found[handle]
    assert " ".join(tokenize("handle set")) in found[handle]
    assert tokenize("hardware")[0] in found[handle]
    assert found[tyvek] == {" ".join(tokenize("house wrap"))}


def test_a_search_weighs_a_phrase_by_its_words_only_when_it_adds_to_the_word_asked() -> None:
    handle, tyvek = tokenize("handle")[0], tokenize("tyvek")[0]

    assert tokenize("set")[0] not in expand_query("door handle")
    assert tokenize("set")[0] not in phrase_words(equivalents(handle), {handle})
    assert set(tokenize("house wrap")) <= set(expand_query("is tyvek needed"))
    assert set(tokenize("house wrap")) <= phrase_words(equivalents(tyvek), {tyvek})


def test_a_phrase_said_for_a_phrase_maps_the_word_that_differs(tmp_path: Path) -> None:
    """Given "front door: entry door", "front" is said for "entry" ("door" is door)."""
    table = tmp_path / "synonyms.txt"
    table.write_text("front door: entry door\nrip off: tear off\n", encoding="utf-8")
    front, door, rip = tokenize("front")[0], tokenize("door")[0], tokenize("rip")[0]

    found = term_equivalents(tokenize("replace the front door"), table)

    assert found[front] == {tokenize("entry")[0]}
    assert tokenize("door")[0] not in found[front]
    assert found[door] == {tokenize("entry")[0]}
    assert term_equivalents(tokenize("rip off the old roof"), table)[rip] == {tokenize("tear")[0]}


def test_a_rep_asking_about_the_front_door_reads_the_entry_door_sentence() -> None:
    """Given the documents' "entry door", a rep's "front door" question is answered."""
    passages = [
        {
            "document": "door-guide.md",
            "heading": "Door Guide › Installation",
            "text": "Replacing an entry door takes one crew about half a day, with trim. "
            "Storm doors are hung the same day as the entry door when both are ordered.",
            "chunk_id": "doc-1:0003",
        }
    ]
    said = extractive_answer("how long does it take to replace a front door", passages)
    assert said is not None and "half a day" in said
