"""Sentence meaning for the offline reader: loaded from the wheel without the network,
one unit row per text, and a paraphrase nearer than an unrelated request."""

from __future__ import annotations

import socket
import subprocess
import sys

import numpy as np
import pytest

from hard_e.text import meaning


def test_the_model_loads_from_the_wheel_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the meaning model reached for the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    meaning._model.cache_clear()
    rows = meaning.embed(["who should I call today", "which customers need a ring"])
    assert rows.shape == (2, meaning.DIMENSIONS)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


def test_a_paraphrase_is_nearer_than_an_unrelated_request() -> None:
    asked, same, other = meaning.embed(
        ["anything overdue on my list", "which tasks are late", "what's the weather in Dayton"]
    )
    assert asked @ same > asked @ other + 0.2


def test_no_texts_is_no_rows() -> None:
    assert meaning.embed([]).shape == (0, meaning.DIMENSIONS)


def test_loading_the_model_leaves_the_process_logging_as_it_was() -> None:
    # Given a fresh process with logging left at Python's defaults (WordLlama's import
    # calls logging.basicConfig(level=INFO), so this needs an interpreter of its own)
    script = (
        "import logging\n"
        "from hard_e.text import meaning\n"
        "meaning.embed(['what stage is the Keller job in'])\n"
        "root = logging.getLogger()\n"
        "print(logging.getLevelName(root.level), len(root.handlers))\n"
    )
    # When the meaning model is loaded
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    # Then every HTTP request is not suddenly logged to stderr: the root logger is untouched
    assert done.stdout.split() == ["WARNING", "0"]
