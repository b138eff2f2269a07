"""What a short sentence means, as a vector: "who should the guys be calling" lands near
"which customers need a call" though they share no word.

WordLlama (MIT; static token embeddings averaged over a text, numpy only) ships its
256-dimension weights and its tokenizer inside its wheel. Its own ``WordLlama.load()``
looks for the tokenizer in a folder the wheel does not have and would then download it,
so the model is loaded from the package folder with downloads disabled: a missing file
is an error, never a network call. Loaded once per process, on first use; its import
calls ``logging.basicConfig(level=INFO)``, which would print every HTTP request of the
process to stderr, so the root logger is put back as it was. It is the ``meaning``
extra (no wheel for Lambda's aarch64): without it ``available()`` is False and the
reader reads by words alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["DIMENSIONS", "available", "embed"]

DIMENSIONS = 256


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the model is installed (the ``meaning`` extra)."""
    return find_spec("wordllama") is not None


@lru_cache(maxsize=1)
def _model() -> Any:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        import wordllama
    except ImportError as e:
        raise ImportError("hard_e.text.meaning needs wordllama: pip install -e '.[meaning]'") from e
    finally:  # the library configures logging on import; the process's own config stays
        root.setLevel(level)
        root.handlers[:] = handlers
    from wordllama import WordLlama

    return WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, dim=DIMENSIONS, disable_download=True
    )


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """One unit-length row per text, so a dot product of two rows is their cosine."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(_model().embed(list(texts), norm=True), dtype=np.float32)
