"""Chunking: retrieval-sized passages on heading and paragraph boundaries, with overlap,
never cutting a word, and carrying heading and page for citations."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hard_e.knowledge.chunking import Chunk, chunk_document
from hard_e.knowledge.extract import ExtractedDocument, Section


def _doc(*sections: Section) -> ExtractedDocument:
    return ExtractedDocument(title="Spec", sections=list(sections))


def _chunks(doc: ExtractedDocument, **kwargs: int) -> list[Chunk]:
    return chunk_document(doc, document_id="doc1", document_name="spec.pdf", **kwargs)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _sentences(n: int, start: int = 0) -> str:
    return " ".join(
        f"Sentence {i} says the plank number {i} has a {i}.25 in width and more words."
        for i in range(start, start + n)
    )


LONG = "\n\n".join(_sentences(4, start=4 * p) for p in range(12))  # ~12 paragraphs


def test_a_short_document_is_one_chunk_with_its_heading_and_ids() -> None:
    doc = _doc(Section(("Spec", "Widths"), None, "The 8.25 in plank has a 7 in exposure."))

    [chunk] = _chunks(doc)

    assert chunk == Chunk(
        chunk_id="doc1:0000",
        document_id="doc1",
        document="spec.pdf",
        heading="Spec › Widths",
        page=None,
        text="The 8.25 in plank has a 7 in exposure.",
    )


def test_a_new_heading_always_starts_a_new_chunk() -> None:
    doc = _doc(
        Section(("Spec", "Widths"), None, "Short widths text."),
        Section(("Spec", "Fire"), None, "Short fire text."),
    )

    chunks = _chunks(doc)

    assert [(c.heading, c.text) for c in chunks] == [
        ("Spec › Widths", "Short widths text."),
        ("Spec › Fire", "Short fire text."),
    ]
    assert [c.chunk_id for c in chunks] == ["doc1:0000", "doc1:0001"]


def test_small_sections_under_the_same_heading_merge_and_keep_the_first_page() -> None:
    doc = _doc(
        Section(("Spec",), 3, "End of page three."),
        Section(("Spec",), 4, "Start of page four."),
    )

    [chunk] = _chunks(doc)

    assert chunk.text == "End of page three.\n\nStart of page four."
    assert chunk.page == 3
    assert chunk.heading == "Spec"


def test_a_long_section_splits_into_chunks_within_the_target() -> None:
    chunks = _chunks(_doc(Section(("Spec", "Long"), 2, LONG)), target_chars=500, overlap_chars=100)

    assert len(chunks) > 3
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(c.heading == "Spec › Long" and c.page == 2 for c in chunks)
    sizes = [len(c.text) for c in chunks]
    assert min(sizes) > 0.5 * max(sizes)  # balanced: no scrap at the end


def test_chunks_of_a_long_section_overlap_by_whole_sentences() -> None:
    chunks = _chunks(_doc(Section(("Spec",), None, LONG)), target_chars=500, overlap_chars=150)

    for before, after in itertools.pairwise(chunks):
        first_sentence = re.match(r".*?\.(?=\s|$)", after.text, re.S)
        assert first_sentence is not None
        assert first_sentence.group(0) in before.text  # the overlap is a whole sentence
        assert after.text.startswith("Sentence ")


def test_every_sentence_of_the_section_lands_in_some_chunk_in_order() -> None:
    chunks = _chunks(_doc(Section(("Spec",), None, LONG)), target_chars=400, overlap_chars=80)

    seen = [int(n) for c in chunks for n in re.findall(r"Sentence (\d+) ", c.text)]

    assert sorted(set(seen)) == list(range(48))
    assert seen == sorted(seen)  # overlap repeats, never reorders


def test_a_paragraph_without_sentence_breaks_is_split_between_words() -> None:
    text = " ".join(f"word{i}" for i in range(400))

    chunks = _chunks(_doc(Section((), None, text)), target_chars=300, overlap_chars=50)

    words = text.split()
    assert all(len(c.text) <= 300 for c in chunks)
    for chunk in chunks:
        assert all(w in words for w in chunk.text.split())  # no word was cut
    assert [w for c in chunks for w in c.text.split()] == words


def test_a_long_token_is_kept_whole_unless_it_alone_exceeds_the_target() -> None:
    url = "https://example.com/" + "a" * 180
    giant = "b" * 700
    text = " ".join(["see", url, "then", giant, "end"] * 3)

    chunks = _chunks(_doc(Section((), None, text)), target_chars=300, overlap_chars=50)

    assert all(len(c.text) <= 300 for c in chunks)
    assert sum(c.text.split().count(url) for c in chunks) == 3  # never cut
    assert "".join(c.text for c in chunks).count("b") == 3 * 700  # cut, nothing lost


def test_chunk_text_starts_with_its_own_text_not_the_heading() -> None:
    [chunk] = _chunks(_doc(Section(("Spec", "Fire"), None, "Class A.")))

    assert chunk.text == "Class A."


def test_chunking_is_deterministic() -> None:
    doc = _doc(Section(("A",), 1, LONG), Section(("B",), 5, LONG))

    assert _chunks(doc, target_chars=600) == _chunks(doc, target_chars=600)


def test_chunks_round_trip_through_dicts() -> None:
    chunk = Chunk("d:0001", "d", "spec.pdf", "Spec › Fire", 7, "Class A.")

    assert Chunk.from_dict(chunk.to_dict()) == chunk
    assert Chunk.from_dict({**chunk.to_dict(), "page": None}).page is None


def test_a_target_too_small_to_hold_a_sentence_is_rejected() -> None:
    with pytest.raises(ValueError, match="target_chars"):
        _chunks(_doc(Section((), None, "text")), target_chars=10)


_WORD = st.text(alphabet="abcdefghij0123456789.,'-", min_size=1, max_size=14)
_SENTENCE = st.lists(_WORD, min_size=1, max_size=20).map(" ".join).map(lambda s: s + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)
_TEXT = st.lists(_PARAGRAPH, min_size=1, max_size=10).map("\n\n".join)


@settings(max_examples=40, deadline=None)
@given(text=_TEXT, target=st.integers(80, 900), overlap=st.integers(0, 300))
def test_any_text_chunks_within_the_target_at_word_boundaries(
    text: str, target: int, overlap: int
) -> None:
    chunks = _chunks(_doc(Section(("H",), None, text)), target_chars=target, overlap_chars=overlap)

    source = f" {_norm(text)} "
    assert chunks
    for chunk in chunks:
        assert len(chunk.text) <= target or len(chunk.text.split()) == 1
        assert f" {_norm(chunk.text)} " in source  # a contiguous run of whole words
    covered = " ".join(_norm(c.text) for c in chunks)
    assert all(word in covered for word in text.split())
