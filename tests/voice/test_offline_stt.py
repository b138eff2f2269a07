"""The offline recogniser (Moonshine tiny-en, as the worker loads it) on speech
synthesised by the Piper voice: each utterance's words are its own."""

from __future__ import annotations

import numpy as np

from tests.support.voice_peer import spoken
from voice_worker.hearing import SAMPLE_RATE, transcriber


def speech(*phrases: str, gap_seconds: float = 0.5) -> bytes:
    """The phrases spoken with silences between them, as 16 kHz 16-bit PCM."""
    silence = np.zeros(int(SAMPLE_RATE * gap_seconds), dtype=np.float32)
    parts = [silence]
    for phrase in phrases:
        parts += [spoken(phrase, SAMPLE_RATE), silence]
    pcm = np.clip(np.concatenate(parts) * 32767, -32768, 32767).astype(np.int16)
    return pcm.tobytes()


def test_an_utterance_never_carries_words_from_the_one_before() -> None:
    model = transcriber()
    # Given an utterance with a long pause in it (two lines for Moonshine's own segmenter)
    first = model.text(
        speech("Pull up the Anderson job.", "Text the crew about the dumpster.", gap_seconds=8)
    )
    assert "anderson" in first.lower() and "dumpster" in first.lower()

    # When the next utterance (perhaps another rep's call) is a single phrase
    second = model.text(speech("Cancel that."))

    # Then it is heard alone: none of the earlier words come back with it
    assert "cancel" in second.lower()
    assert "dumpster" not in second.lower() and "anderson" not in second.lower()
