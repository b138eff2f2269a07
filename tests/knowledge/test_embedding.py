"""The sentence embedder loads from its wheel alone and ranks a sheet's sentences by
what a rep asked."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from hard_e.knowledge.embedding import DIMENSIONS, WordLlamaEmbedder

SHEET = [
    "The shingle warranty runs 30 years for the original owner.",
    "Fasten each siding panel every 16 in along the studs.",
    "Store the cartons flat, off the ground and out of the rain.",
    "Gutters must slope at least 1/4 in for every 10 ft toward the downspout.",
    "The storm door ships in 2 to 3 weeks from the order date.",
]
ASKED = [
    ("how many years is the shingle warranty", 0),
    ("how far apart do the siding nails go along the studs", 1),
    ("where do we keep the cartons before install when it rains", 2),
    ("how much slope do the gutters need toward the downspout", 3),
    ("when will the storm door ship if we order today", 4),
]


@pytest.fixture(scope="module")
def embedder() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()


def test_loads_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given no network, the model still loads: its weights and tokenizer come from the
    wheel (wordllama's own default load tries to download the tokenizer and fails here)."""

    def refuse(*_: object, **__: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    vectors = WordLlamaEmbedder().embed(["fastener spacing on the lap siding"])
    assert vectors.shape == (1, DIMENSIONS)


def test_rows_are_unit_length_and_empty_input_is_empty(embedder: WordLlamaEmbedder) -> None:
    vectors = embedder.embed(SHEET)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, DIMENSIONS)


@pytest.mark.parametrize(("question", "expected"), ASKED)
def test_a_question_is_nearest_the_sentence_that_answers_it(
    embedder: WordLlamaEmbedder, question: str, expected: int
) -> None:
    """Given a sheet of unrelated rules, the one a rep's question is about is nearest."""
    scores = embedder.embed(SHEET) @ embedder.embed([question])[0]
    assert int(np.argmax(scores)) == expected, SHEET[int(np.argmax(scores))]
