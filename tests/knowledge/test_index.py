"""The BM25 index: finds product facts by their numbers and headings, ranks
deterministically, survives odd queries, and round-trips through its blob."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hard_e.knowledge.chunking import Chunk
from hard_e.knowledge.index import FORMAT_VERSION, Hit, KnowledgeIndex, _indexed_text, tokenize


def _chunk(n: int, text: str, heading: str = "Spec", document: str = "Spec") -> Chunk:
    return Chunk(f"doc:{n:04d}", "doc", document, heading, None, text)


CHUNKS = [
    _chunk(0, "The 8.25 in plank has a 7 in exposure and weighs 16.5 lb.", "Spec › Widths"),
    _chunk(1, "The 6.25 in plank has a 5 in exposure and weighs 12.5 lb.", "Spec › Widths"),
    _chunk(2, "It will not feed a flame on the outside of the house.", "Spec › Fire"),
    _chunk(3, "A 4 ft x 10 ft panel weighs 92 lb and is a two-person carry.", "Spec › Panels"),
    _chunk(4, "Below 40°F hand-seal each shingle with roofing cement.", "Roofing › Cold"),
    _chunk(5, "Use 5/16 in boards, 7-1/4 in trim and a 30-year underlayment.", "Spec › Trim"),
    _chunk(6, "Agree first, then explore what matters besides the price.", "Objections"),
]
INDEX = KnowledgeIndex.build(CHUNKS)


def _ids(hits: list[Hit]) -> list[str]:
    return [h.chunk.chunk_id for h in hits]


def test_a_rare_number_finds_its_chunk_first() -> None:
    hits = INDEX.search("what's the exposure on a 8.25 lap plank?")

    assert hits[0].chunk.chunk_id == "doc:0000"
    assert hits[0].score > hits[1].score > 0


@pytest.mark.parametrize(
    "query",
    ["8 1/4 plank", "8-1/4 inch plank", "eight and a quarter plank", "8.250-inch plank"],
)
def test_the_same_figure_written_differently_finds_the_same_chunk(query: str) -> None:
    assert _ids(INDEX.search(query))[0] == "doc:0000"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how heavy is a 4x10 panel", "doc:0003"),
        ("four by ten panel weight", "doc:0003"),
        ("shingles below forty degrees", "doc:0004"),
        ("seven and a quarter inch trim", "doc:0005"),
        ("30 year underlayment", "doc:0005"),
    ],
)
def test_dimensions_temperatures_and_spoken_numbers_match_the_written_spec(
    query: str, expected: str
) -> None:
    assert _ids(INDEX.search(query))[0] == expected


def test_heading_words_count_even_when_the_text_never_says_them() -> None:
    assert _ids(INDEX.search("fire rating"))[0] == "doc:0002"


def test_the_document_name_counts_when_the_heading_does_not_carry_it() -> None:
    chunks = [
        Chunk("a:0000", "a", "StoneLap price book.pdf", "Page", 1, "Costs 4 dollars a foot."),
        Chunk("b:0000", "b", "Ironbark price book.pdf", "Page", 1, "Costs 4 dollars a foot."),
    ]

    assert _ids(KnowledgeIndex.build(chunks).search("StoneLap cost"))[0] == "a:0000"


def test_spelling_and_inflection_variants_meet() -> None:
    index = KnowledgeIndex.build([_chunk(0, "Dark colours fade less on grey walls.")])

    assert index.search("does the color fade on gray siding")


def test_ties_are_broken_by_chunk_order() -> None:
    same = [_chunk(n, "identical text about soffit vents") for n in range(6)]

    hits = KnowledgeIndex.build(same).search("soffit vents", k=4)

    assert _ids(hits) == ["doc:0000", "doc:0001", "doc:0002", "doc:0003"]
    assert len({h.score for h in hits}) == 1


def test_search_returns_at_most_k_hits_best_first() -> None:
    hits = INDEX.search("plank exposure weighs lb", k=3)

    assert len(hits) == 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_empty_index_finds_nothing() -> None:
    index = KnowledgeIndex.build([])

    assert len(index) == 0
    assert index.search("8.25 plank") == []
    assert KnowledgeIndex.from_bytes(index.to_bytes()).search("8.25 plank") == []


def test_chunks_with_only_stopwords_are_kept_but_never_found() -> None:
    index = KnowledgeIndex.build([_chunk(0, "the and of it", heading="")])

    assert len(index) == 1
    assert index.search("the") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!.,",
        "the of and",
        "\x00\x01",
        "zzzqqq unknownword",
        "🏠🔨",
        "x" * 50_000,
        "1/0",
    ],
)
def test_odd_queries_return_nothing_rather_than_raise(query: str) -> None:
    assert INDEX.search(query) == []


def test_a_non_positive_k_returns_nothing() -> None:
    assert INDEX.search("8.25 plank", k=0) == []


@settings(max_examples=100, deadline=None)
@given(query=st.text(max_size=300), k=st.integers(-2, 20))
def test_no_query_makes_search_raise(query: str, k: int) -> None:
    hits = INDEX.search(query, k)

    assert len(hits) <= max(k, 0)
    assert all(h.score > 0 for h in hits)


def test_scores_match_bm25s_own_scoring() -> None:
    import bm25s

    corpus = [tokenize(_indexed_text(c)) for c in CHUNKS]
    reference = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    reference.index(corpus, show_progress=False)
    query = "plank exposure weighs 8.25"

    expected = reference.get_scores(tokenize(query))
    got = {h.chunk.chunk_id: h.score for h in INDEX.search(query, k=len(CHUNKS))}

    for n, score in enumerate(expected):
        assert got.get(f"doc:{n:04d}", 0.0) == pytest.approx(float(score), rel=1e-5)


def test_the_blob_round_trip_gives_identical_results() -> None:
    loaded = KnowledgeIndex.from_bytes(INDEX.to_bytes())

    assert len(loaded) == len(INDEX)
    assert list(loaded.chunks) == CHUNKS
    for query in ["8.25 plank", "fire", "4x10 panel weight", "price objection", "nothing here"]:
        assert loaded.search(query, k=10) == INDEX.search(query, k=10)


def test_the_blob_is_deterministic() -> None:
    assert KnowledgeIndex.build(CHUNKS).to_bytes() == INDEX.to_bytes()


def test_loaded_chunks_behave_like_a_sequence() -> None:
    chunks = KnowledgeIndex.from_bytes(INDEX.to_bytes()).chunks

    assert chunks[-1] == CHUNKS[-1]
    assert chunks[1:3] == CHUNKS[1:3]
    with pytest.raises(IndexError):
        chunks[len(CHUNKS)]


@pytest.mark.parametrize(
    "blob",
    [b"", b"junk", b"HEKIDX", b"\x00" * 64, INDEX.to_bytes()[:-10], INDEX.to_bytes() + b"x"],
    ids=["empty", "junk", "magic-only", "zeros", "truncated", "trailing-bytes"],
)
def test_from_bytes_rejects_anything_that_is_not_an_index(blob: bytes) -> None:
    with pytest.raises(ValueError):
        KnowledgeIndex.from_bytes(blob)


def test_from_bytes_rejects_another_format_version() -> None:
    blob = bytearray(INDEX.to_bytes())
    struct.pack_into("<H", blob, 6, FORMAT_VERSION + 1)

    with pytest.raises(ValueError, match="rebuild"):
        KnowledgeIndex.from_bytes(bytes(blob))


def test_from_bytes_rejects_a_matrix_pointing_at_missing_chunks() -> None:
    index = KnowledgeIndex.build(CHUNKS)
    index._indices = np.full_like(index._indices, len(CHUNKS) + 5)

    with pytest.raises(ValueError, match="damaged"):
        KnowledgeIndex.from_bytes(index.to_bytes())


@settings(max_examples=100, deadline=None)
@given(blob=st.binary(max_size=512))
def test_from_bytes_raises_only_value_error_on_random_bytes(blob: bytes) -> None:
    with pytest.raises(ValueError):
        KnowledgeIndex.from_bytes(blob)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_damaged_header_is_a_value_error(data: st.DataObject) -> None:
    blob = bytearray(INDEX.to_bytes())
    at = data.draw(st.integers(0, 80))
    blob[at] = data.draw(st.integers(0, 255).filter(lambda b: b != blob[at]))

    try:
        KnowledgeIndex.from_bytes(bytes(blob))
    except ValueError:
        return


@pytest.mark.parametrize(
    "text",
    [
        "The 8.25 in plank has a 7 in exposure.",
        "eight and a quarter inch StoneLap, four by ten sheets",
        "Install at 40°F or above; 3,500 lb per pallet.",
    ],
)
def test_a_sentence_read_again_gives_the_same_terms_and_a_list_of_its_own(text: str) -> None:
    # Given a sentence already read once (the reader reads the same passages again)
    first = tokenize(text)
    # When a caller changes the terms it got, and the sentence is read again
    first.append("changed")
    again = tokenize(text)
    # Then the second reading is the sentence's own terms, untouched by the first caller
    assert again == first[:-1]
    assert again is not first
