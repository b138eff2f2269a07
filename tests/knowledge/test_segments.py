"""Many small indexes searched together score exactly as one index over all chunks —
what lets each upload add an index instead of rebuilding the company's whole one."""

from __future__ import annotations

import pytest

from hard_e.knowledge.index import KnowledgeIndex, search_all
from hard_e.knowledge.shared_library import library_chunks
from tests.knowledge.test_index import CHUNKS

QUERIES = [
    "8.25 plank exposure",
    "fire flame",
    "4x10 panel weight",
    "price objection",
    "cold shingle cement",
    "trim boards underlayment",
    "nothing matches zzz",
]


def test_split_indexes_give_the_scores_of_one_index() -> None:
    whole = KnowledgeIndex.build(CHUNKS)
    parts = [
        KnowledgeIndex.build(CHUNKS[:2]),
        KnowledgeIndex.build(CHUNKS[2:3]),
        KnowledgeIndex.build(CHUNKS[3:]),
    ]

    for query in QUERIES:
        expected = whole.search(query, k=10)
        got = search_all(parts, query, k=10)
        assert [h.chunk for h in got] == [h.chunk for h in expected], query
        assert [h.score for h in got] == pytest.approx([h.score for h in expected], rel=1e-5)


def test_the_library_plus_uploads_rank_like_one_index() -> None:
    library = list(library_chunks())
    whole = KnowledgeIndex.build([*library, *CHUNKS])
    split = [KnowledgeIndex.build(library), *(KnowledgeIndex.build([c]) for c in CHUNKS)]
    for query in QUERIES:
        assert [h.chunk.chunk_id for h in search_all(split, query, 5)] == [
            h.chunk.chunk_id for h in whole.search(query, 5)
        ]


def test_merged_indexes_search_and_round_trip_like_the_parts() -> None:
    parts = [KnowledgeIndex.build(CHUNKS[:3]), KnowledgeIndex.build(CHUNKS[3:])]
    stored = [KnowledgeIndex.from_bytes(p.to_bytes()) for p in parts]  # rows stay undecoded
    merged = KnowledgeIndex.merge(stored)
    reloaded = KnowledgeIndex.from_bytes(merged.to_bytes())

    assert list(reloaded.chunks) == CHUNKS
    assert merged.to_bytes() == KnowledgeIndex.build(CHUNKS).to_bytes()
    for query in QUERIES:
        assert reloaded.search(query, 10) == search_all(parts, query, 10)


def test_empty_indexes_change_nothing() -> None:
    empty = KnowledgeIndex.build([])
    assert search_all([empty, KnowledgeIndex.build(CHUNKS), empty], "fire", 3) == (
        KnowledgeIndex.build(CHUNKS).search("fire", 3)
    )
    assert search_all([empty], "fire") == []
    assert len(KnowledgeIndex.merge([empty, empty])) == 0
