"""Sounds a rep's microphone picks up that are not the rep taking the floor: coughs, a
door slamming, typing, breathing — synthesised from seeded noise, so every run hears the
same ones — int16 mono at 48 kHz like :func:`tests.support.voice_peer.synthesise`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

RATE = 48_000


def _envelope(n: int, attack: float, decay: float) -> np.ndarray:
    """A fast rise over ``attack`` of the sound, then an exponential fall."""
    t = np.arange(n) / n
    rise = np.clip(t / max(attack, 1e-6), 0.0, 1.0)
    return np.asarray(rise * np.exp(-t / max(decay, 1e-6)), dtype=np.float64)


def _shaped(noise: np.ndarray, low_hz: float, high_hz: float) -> np.ndarray:
    """``noise`` band-limited to ``low_hz``–``high_hz`` (FFT mask)."""
    spectrum = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(len(noise), 1 / RATE)
    spectrum[(freqs < low_hz) | (freqs > high_hz)] = 0
    return np.fft.irfft(spectrum, n=len(noise))


def _int16(x: np.ndarray, peak: float) -> np.ndarray:
    top = float(np.max(np.abs(x))) or 1.0
    return np.asarray(np.clip(x / top * peak, -32768, 32767), dtype=np.int16)


def cough(seconds: float, seed: int = 0, peak: float = 14_000.0) -> np.ndarray:
    """A cough: a burst of breathy noise (300 Hz–4 kHz) that starts hard and dies away."""
    rng = np.random.default_rng(seed)
    n = int(RATE * seconds)
    burst = _shaped(rng.normal(size=n), 300.0, 4_000.0) * _envelope(n, 0.05, 0.35)
    return _int16(burst, peak)


def throat_cough(seconds: float, seed: int = 0, peak: float = 16_000.0) -> np.ndarray:
    """A cough from the throat ("uhh-hm"): breathy noise over a voiced buzz (a pulse
    train at 90–170 Hz through two vowel-like resonances), which speech detectors are
    most easily fooled by."""
    rng = np.random.default_rng(seed)
    n = int(RATE * seconds)
    t = np.arange(n) / RATE
    f0 = rng.uniform(90, 170) * (1 - 0.2 * t / max(seconds, 1e-6))  # the pitch falls
    pulses = (np.diff(np.floor(np.cumsum(f0) / RATE), prepend=0) > 0).astype(np.float64)
    voiced = np.zeros(n)
    for formant, width in ((rng.uniform(500, 800), 80.0), (rng.uniform(1000, 1500), 120.0)):
        k = np.arange(int(RATE * 0.02)) / RATE
        ring = np.exp(-np.pi * width * k) * np.sin(2 * np.pi * formant * k)
        voiced += np.convolve(pulses, ring)[:n]
    breathy = _shaped(rng.normal(size=n), 300.0, 5_000.0)
    mix = voiced / (np.max(np.abs(voiced)) or 1.0) + rng.uniform(0.3, 0.9) * breathy / (
        np.max(np.abs(breathy)) or 1.0
    )
    return _int16(mix * _envelope(n, 0.05, 0.5), peak)


def door_slam(seed: int = 0, peak: float = 20_000.0) -> np.ndarray:
    """A door slam: a low thud with a sharp attack, ringing out over ~250 ms."""
    rng = np.random.default_rng(seed)
    n = int(RATE * 0.25)
    t = np.arange(n) / RATE
    thud = np.sin(2 * np.pi * rng.uniform(60, 110) * t) + 0.5 * _shaped(rng.normal(size=n), 40, 800)
    return _int16(thud * _envelope(n, 0.01, 0.15), peak)


def keyboard(seconds: float = 0.6, seed: int = 0, peak: float = 9_000.0) -> np.ndarray:
    """Typing: 5 ms clicks, about ten a second at uneven gaps."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(RATE * seconds))
    at = 0
    click = int(RATE * 0.005)
    while at + click < len(out):
        out[at : at + click] += _shaped(rng.normal(size=click), 1_000, 8_000) * np.hanning(click)
        at += int(RATE * rng.uniform(0.06, 0.16))
    return _int16(out, peak)


def breath(seconds: float = 0.4, seed: int = 0, peak: float = 3_000.0) -> np.ndarray:
    """A breath into the microphone: soft, smooth rise and fall of airy noise."""
    rng = np.random.default_rng(seed)
    n = int(RATE * seconds)
    air = _shaped(rng.normal(size=n), 200, 2_500) * np.hanning(n)
    return _int16(air, peak)


NOISES: dict[str, Callable[[int], np.ndarray]] = {
    "cough": lambda seed: cough(0.1 + 0.2 * (seed % 11) / 10, seed),  # 100–300 ms
    "throat cough": lambda seed: throat_cough(0.1 + 0.2 * (seed % 7) / 6, seed),
    "door slam": lambda seed: door_slam(seed),
    "keyboard": lambda seed: keyboard(0.4 + 0.05 * (seed % 5), seed),
    "breath": lambda seed: breath(0.3 + 0.05 * (seed % 4), seed),
}


def _voiced(f0: np.ndarray, formants: tuple[tuple[float, float], ...]) -> np.ndarray:
    """A pulse train at pitch ``f0`` (per sample) through resonances (Hz, bandwidth)."""
    n = len(f0)
    pulses = (np.diff(np.floor(np.cumsum(f0) / RATE), prepend=0) > 0).astype(np.float64)
    out = np.zeros(n)
    k = np.arange(int(RATE * 0.02)) / RATE
    for formant, width in formants:
        out += np.convolve(pulses, np.exp(-np.pi * width * k) * np.sin(2 * np.pi * formant * k))[:n]
    return out


def laughter(seed: int = 0, peak: float = 12_000.0) -> np.ndarray:
    """A short laugh ("ha-ha-ha"): three to five voiced, breathy syllables of ~120 ms,
    ~200 ms apart, the pitch falling — voice, but no words."""
    rng = np.random.default_rng(seed)
    syllables = int(rng.integers(3, 6))
    n = int(RATE * 0.2 * syllables)
    out = np.zeros(n)
    for i in range(syllables):
        m = int(RATE * rng.uniform(0.1, 0.14))
        f0 = np.full(m, rng.uniform(180, 260) * (1 - 0.05 * i))
        ha = _voiced(f0, ((rng.uniform(700, 900), 120.0), (rng.uniform(1200, 1500), 150.0)))
        ha = ha / (np.max(np.abs(ha)) or 1.0) + 0.5 * _shaped(rng.normal(size=m), 500, 4_000)
        at = int(RATE * 0.2 * i)
        out[at : at + m] += ha * _envelope(m, 0.1, 0.4)
    return _int16(out, peak)


def truck_door(seed: int = 0, peak: float = 22_000.0) -> np.ndarray:
    """A pickup's door shut: a deep thud and a short metallic ring over ~400 ms."""
    rng = np.random.default_rng(seed)
    n = int(RATE * 0.4)
    t = np.arange(n) / RATE
    thud = np.sin(2 * np.pi * rng.uniform(45, 80) * t) * _envelope(n, 0.01, 0.12)
    ring = sum(
        np.sin(2 * np.pi * rng.uniform(900, 2_400) * t) * rng.uniform(0.1, 0.3) for _ in range(3)
    ) * _envelope(n, 0.005, 0.2)
    rattle = 0.3 * _shaped(rng.normal(size=n), 200, 3_000) * _envelope(n, 0.01, 0.1)
    return _int16(thud + ring + rattle, peak)


def dog_bark(seed: int = 0, peak: float = 18_000.0) -> np.ndarray:
    """A dog barking twice in the yard: two ~150 ms rough, voiced bursts (pitch
    400-600 Hz), 250 ms apart."""
    rng = np.random.default_rng(seed)
    n = int(RATE * 0.55)
    out = np.zeros(n)
    for at_s in (0.0, 0.3 + 0.05 * rng.random()):
        m = int(RATE * 0.15)
        f0 = np.linspace(rng.uniform(450, 600), rng.uniform(350, 450), m)
        bark = _voiced(f0, ((rng.uniform(800, 1100), 200.0), (rng.uniform(1800, 2400), 250.0)))
        bark = bark / (np.max(np.abs(bark)) or 1.0) + 0.6 * _shaped(rng.normal(size=m), 600, 5_000)
        at = int(RATE * at_s)
        out[at : at + m] += bark[: n - at] * _envelope(m, 0.03, 0.3)[: n - at]
    return _int16(out, peak)


# sounds from around a job site or a rep's truck, for the false-interruption bench
YARD_NOISES: dict[str, Callable[[int], np.ndarray]] = {
    "laughter": lambda seed: laughter(seed),
    "truck door": lambda seed: truck_door(seed),
    "dog barking": lambda seed: dog_bark(seed),
}


def sniff(seed: int = 0, peak: float = 6_000.0) -> np.ndarray:
    """A sniff: ~250 ms of airy, high noise (1.5–7 kHz) drawn in through the nose,
    rising fast and cut off."""
    rng = np.random.default_rng(seed)
    n = int(RATE * rng.uniform(0.2, 0.3))
    air = _shaped(rng.normal(size=n), 1_500, 7_000)
    rise = np.clip(np.arange(n) / (0.3 * n), 0.0, 1.0) * np.hanning(n) ** 0.3
    return _int16(air * rise, peak)


def throat_clear(seed: int = 0, peak: float = 15_000.0) -> np.ndarray:
    """A throat cleared ("ahem"): two rough, low voiced pushes (pitch 90–140 Hz, jittered,
    with breath), a short one then a longer one, ~0.5 s in all."""
    rng = np.random.default_rng(seed)
    parts = []
    for seconds in (rng.uniform(0.1, 0.15), rng.uniform(0.2, 0.3)):
        m = int(RATE * seconds)
        f0 = rng.uniform(90, 140) * (1 + 0.15 * rng.standard_normal(m).cumsum() / np.sqrt(m))
        push = _voiced(np.abs(f0), ((rng.uniform(400, 600), 150.0), (1_100.0, 200.0)))
        push = push / (np.max(np.abs(push)) or 1.0) + 0.4 * _shaped(rng.normal(size=m), 200, 3_000)
        parts += [push * _envelope(m, 0.1, 0.5), np.zeros(int(RATE * 0.06))]
    return _int16(np.concatenate(parts), peak)


# the rep's own sounds that are not words, for the misheard-sounds tests
REP_SOUNDS: dict[str, Callable[[int], np.ndarray]] = {
    "laugh": lambda seed: laughter(seed),
    "sniff": lambda seed: sniff(seed),
    "throat clear": lambda seed: throat_clear(seed),
}
