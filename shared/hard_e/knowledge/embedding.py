"""Sentence embeddings for product answers: a port and its WordLlama adapter.

Measured, not wired in: ``bench/answers_dense.py`` scores WordLlama as a dense search
score, a reranker of the reader's sentences, a relevance bar for answer-or-admit and a
source of question-term expansions; none helped the documents the reader was never tuned
on (figures in that bench's docstring), so the chat path does not use it. The port stays
so a better model can be measured the same way.

The adapter is the reader's own model (``hard_e.text.meaning``: WordLlama from its wheel,
loaded once per process without the network), so one loader serves both.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from hard_e.text import meaning

__all__ = ["DIMENSIONS", "SentenceEmbedder", "WordLlamaEmbedder", "default_embedder"]

DIMENSIONS = meaning.DIMENSIONS
Vectors = NDArray[np.float32]


class SentenceEmbedder(Protocol):
    """Texts → one unit-length row each, so a dot product is their cosine."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class WordLlamaEmbedder:
    """The 256-dimension model bundled in the wordllama wheel (the ``meaning`` extra)."""

    def __init__(self) -> None:
        if not meaning.available():
            raise ImportError("WordLlamaEmbedder needs wordllama: pip install -e '.[meaning]'")

    def embed(self, texts: Sequence[str]) -> Vectors:
        return meaning.embed(texts)


@lru_cache(maxsize=1)
def default_embedder() -> SentenceEmbedder:
    """The process's one embedder, loaded on first use (about 0.2 s)."""
    return WordLlamaEmbedder()
