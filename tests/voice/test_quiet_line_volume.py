"""A quiet line's loudness is read without measuring it (``voice_worker.models
.QuietLineVolume``): the VAD must see the volume pipecat's tracker would give, from
digital silence through a line just loud enough to pass BS.1770's gate to speech."""

from __future__ import annotations

import numpy as np
import pytest
from pipecat.audio.vad.vad_analyzer import VADParams
from pipecat.audio.volume import AudioVolumeTracker

from voice_worker.models import CallVAD, QuietLineVolume, turn_models

RATE = 16_000
WINDOW = int(0.4 * RATE)  # the tracker's 400 ms


def line(kind: str, rms: float) -> bytes:
    """400 ms of a line at an int16 RMS: hiss, a low hum, a high whine, clicks."""
    t = np.arange(WINDOW) / RATE
    shapes = {
        "hiss": np.random.default_rng(7).standard_normal(WINDOW),
        "hum": np.sin(2 * np.pi * 60 * t),
        "whine": np.sin(2 * np.pi * 7_000 * t),
        "clicks": (np.arange(WINDOW) % 160 == 0).astype(np.float64),
    }
    shape = shapes[kind]
    samples = shape / np.sqrt(np.mean(shape**2)) * rms
    return np.clip(np.round(samples), -32768, 32767).astype(np.int16).tobytes()


@pytest.mark.parametrize("kind", ["hiss", "hum", "whine", "clicks"])
@pytest.mark.parametrize("rms", [0, 1, 3, 5, 8, 12, 20, 40, 300, 3000])
def test_the_volume_is_pipecats_from_silence_to_speech_levels(kind: str, rms: float) -> None:
    # Given pipecat's tracker and ours, fed the same 400 ms of a line
    audio = line(kind, rms)
    theirs, ours = AudioVolumeTracker(), QuietLineVolume()
    theirs.update(audio, RATE)
    ours.update(audio, RATE)
    # Then both read the same volume (0 below the gate, the measured one above it)
    assert ours.volume == pytest.approx(theirs.volume)


def test_a_calls_vad_measures_with_the_quiet_line_tracker() -> None:
    # pipecat 1.14 (pinned) keeps the tracker in _volume_tracker and reads .volume from it
    vad = CallVAD(turn_models(), sample_rate=RATE, params=VADParams())
    assert isinstance(vad._volume_tracker, QuietLineVolume)
    tracker = AudioVolumeTracker()
    tracker.update(bytes(2 * WINDOW), RATE)
    assert tracker._volume is None and isinstance(tracker._buffer, bytearray)
