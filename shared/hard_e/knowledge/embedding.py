"""Sentence embeddings for product answers: a port and its WordLlama adapter.

Measured, not wired in: ``bench/answers_dense.py`` scores WordLlama as a dense search
score, a reranker of the reader's sentences, a relevance bar for answer-or-admit and a
source of question-term expansions; none helped the documents the reader was never tuned
on (figures in that bench's docstring), so the chat path does not use it. The port stays
so a better model can be measured the same way.

WordLlama (MIT; static token embeddings averaged over a text, numpy only) ships its
weights (16 MB) and tokenizer inside its wheel, but ``WordLlama.load()`` looks for the
tokenizer in a folder the wheel does not have ("tokenizer"; the wheel's is "tokenizers")
and then downloads it. The adapter points the loader's cache at the package itself, where
both files are, with downloads disabled: a missing file is an error, never a download.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["DIMENSIONS", "SentenceEmbedder", "WordLlamaEmbedder", "default_embedder"]

DIMENSIONS = 256
Vectors = NDArray[np.float32]


class SentenceEmbedder(Protocol):
    """Texts → one unit-length row each, so a dot product is their cosine."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class WordLlamaEmbedder:
    """The 256-dimension model bundled in the wordllama wheel, loaded without the network."""

    def __init__(self) -> None:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as e:  # a dev dependency only: Lambda bundles do not ship it
            raise ImportError("WordLlamaEmbedder needs wordllama: pip install -e '.[dev]'") from e
        self._model: Any = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, dim=DIMENSIONS, disable_download=True
        )

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


@lru_cache(maxsize=1)
def default_embedder() -> SentenceEmbedder:
    """The process's one embedder, loaded on first use (about 0.2 s)."""
    return WordLlamaEmbedder()
