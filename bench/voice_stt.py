"""Offline speech-to-text on contractor commands: word error rate clean and at 10 dB SNR,
and the real-time factor, for the model the voice worker runs without a Deepgram key
(Moonshine tiny-en from the moonshine-voice wheel).

The commands are synthesised offline by the Piper voice the worker speaks with,
resampled to the 16 kHz the worker hears, and given to the same ``Transcriber`` the
pipeline uses. Every run hears the same audio:

- Piper's VITS model draws random noise inside its ONNX graph (``noise_scale``,
  ``noise_w``), so its speech differs call to call. The random ops are seeded from
  onnxruntime's global seed when the session is created (``onnxruntime.set_seed``), and
  they draw in call order, so the bench loads its own voice after seeding and
  synthesises each command once, in list order (the voice's default noise scales are
  kept: it sounds as the worker sounds). ``VOICE_STT_SEED`` picks another sample.
- Each command is cut as the pipeline cuts it for Moonshine: the second before the VAD
  fired (its 0.2 s start window into the speech, so ~0.8 s before it), the speech, the
  VAD's 0.2 s stop window and the 0.2 s of silence ``OfflineSTTService`` appends.
- The noise is white, over the whole cut but the appended silence, at 10 dB below the
  speech's power in the 16 kHz signal (what the recogniser hears, so it is the in-band
  SNR), from a generator seeded per command.

Scoring uses Whisper's English text normaliser (``whisper-normalizer``, MIT), the usual
one for published WERs: lower case, no punctuation, contractions spelled out, spoken
numbers as digits (so "fourteen twenty-three Maple" and "1423 Maple" are the same
words). The references are written as a rep would say them.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from voice_worker.hearing import SAMPLE_RATE, transcriber
from voice_worker.speaking import bundled_voice

SEED = int(os.environ.get("VOICE_STT_SEED", "1"))
SNR_DB = 10.0
BEFORE_S, AFTER_S, APPENDED_S = 0.8, 0.2, 0.2  # see the module docstring

COMMANDS = [
    "What's the status of the Zimmerman job?",
    "Pull up the Anderson job.",
    "What's left on the Hoffman job?",
    "Move the Castillo job to punch list.",
    "Add a note to the Bennett job: customer wants a call before nine.",
    "Who is the customer on the Thornton job?",
    "What are my appointments tomorrow?",
    "How's the pipeline looking this month?",
    "Text the homeowner that the crew is running late.",
    "Send Pat the quote for the new siding.",
    "Schedule a site visit with the Underwood family on Friday.",
    "What color siding did the Whitaker house pick?",
    "How many squares of shingles are on the Keller roof?",
    "Remind me to order gutters for the Maddox job.",
    "What is the exposure on the StoneLap plank?",
    "How do I answer a customer who says vinyl is cheaper?",
    "Create a new customer named Maria Lopez.",
    "Her phone number is on the business card.",
    "Change the install date to next Tuesday.",
    "Mark the Ramsey job as sold.",
    "What did the Novak family say about financing?",
    "Read me the last note on the Ochoa job.",
    "Is the permit approved for the Pruitt project?",
    "How much is the deposit on the Jensen contract?",
    "Cancel that.",
    "Yes, send it.",
    "No, don't send it.",
    "Which jobs are waiting on materials?",
    "Who is my next appointment with?",
    "Book an estimate for Saturday morning.",
    "What's the warranty on the fiber cement siding?",
    "Tell me about the Lindqvist job.",
    "Move the Schaefer job to install scheduled.",
    "Add a note: the dog bites, use the side gate.",
    "Email the customer the warranty document.",
    "What stage is the Vasquez job in?",
    "Did the Yoder crew finish the tear off?",
    "How many jobs did we sell last week?",
    "What should I say when they want to think about it?",
    "Give me a quick pitch for replacement windows.",
    "Where is the Gallagher job at?",
    "Find the customer named Underwood.",
    "Text the crew lead that the dumpster is coming.",
    "What time is my meeting with the Dawson family?",
    "Add a follow up call for the Ellison estimate.",
    "What's the price of the premium roofing package?",
    "Forget what I said about the discount.",
    "Remember that we now offer twelve month financing.",
    "How long does a full siding job usually take?",
    "Close out the Fitzgerald job.",
    "Who referred the Caldwell family to us?",
    "What's the weather delay policy for installs?",
    # numbers, job numbers, addresses, money and times, as a rep says them
    "The Keller house is at fourteen twenty-three Maple Avenue.",
    "Pull up job twenty-five eleven, forty-two, oh one.",
    "The Novak job is at eighty-eight Sawmill Road.",
    "Call the homeowner at six one four, five five five, oh one nine two.",
    "The Pruitt contract came in at eighteen thousand five hundred dollars.",
    "Order thirty-two squares of shingles for the Dawson roof.",
    "Add a note: two thousand dollar deposit paid by check.",
    "Move the Ochoa estimate to two thirty on Thursday.",
    "We need six more bundles at the Bennett house.",
    "How many linear feet of gutter on the Caldwell job?",
    "Book the Yoder install for March third at eight.",
    "What's the balance on the Jensen job?",
]


def seeded_voice() -> Any:
    """The worker's Piper voice in a session of our own, its random ops seeded."""
    import onnxruntime
    from piper import PiperVoice

    onnxruntime.set_seed(SEED)
    return PiperVoice.load(str(bundled_voice()))


def speech_16k(voice: Any, text: str) -> np.ndarray:
    """``text`` spoken by ``voice``, as float samples at 16 kHz."""
    raw = b"".join(c.audio_int16_bytes for c in voice.synthesize(text))
    samples = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    return np.asarray(soxr.resample(samples, voice.config.sample_rate, SAMPLE_RATE))


def segment(speech: np.ndarray, snr_db: float | None, seed: int) -> np.ndarray:
    """``speech`` as the pipeline hands it to the recogniser, with white noise
    ``snr_db`` below the speech's power (None: clean)."""

    def silence(seconds: float) -> np.ndarray:
        return np.zeros(int(SAMPLE_RATE * seconds), dtype=np.float32)

    heard = np.concatenate([silence(BEFORE_S), speech, silence(AFTER_S)])
    if snr_db is not None:
        rng = np.random.default_rng(seed)
        power = float(np.mean(speech.astype(np.float64) ** 2)) or 1e-9
        heard = heard + rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), size=heard.shape)
    return np.concatenate([np.asarray(heard, dtype=np.float32), silence(APPENDED_S)])


def pcm16(samples: np.ndarray) -> bytes:
    return np.asarray(np.clip(samples * 32767, -32768, 32767), dtype=np.int16).tobytes()


def words(text: str) -> list[str]:
    """Scoring words, as Whisper's English normaliser writes them."""
    from whisper_normalizer.english import EnglishTextNormalizer

    return str(EnglishTextNormalizer()(text)).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions + deletions + insertions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def main() -> None:
    verbose = "-v" in sys.argv
    voice = seeded_voice()
    spoken = [speech_16k(voice, command) for command in COMMANDS]  # once each, in order
    model = transcriber()
    model.text(pcm16(segment(speech_16k(voice, "warm up"), None, 0)))
    results: dict[str, tuple[int, int, float, float, float]] = {}
    for condition in ("clean", f"{SNR_DB:.0f} dB SNR"):
        errors = total = 0
        busy = audio = cpu = 0.0
        for n, (command, speech) in enumerate(zip(COMMANDS, spoken, strict=True)):
            pcm = pcm16(segment(speech, None if condition == "clean" else SNR_DB, seed=n))
            began, began_cpu = time.perf_counter(), time.process_time()
            heard = model.text(pcm)
            busy += time.perf_counter() - began
            cpu += time.process_time() - began_cpu
            audio += len(pcm) / 2 / SAMPLE_RATE
            ref, hyp = words(command), words(heard)
            wrong = edit_distance(ref, hyp)
            errors += wrong
            total += len(ref)
            if verbose and wrong:
                print(f"{condition:<10} {wrong} | {' '.join(ref)} | {' '.join(hyp)}")
        results[condition] = (errors, total, busy, audio, cpu)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{len(COMMANDS)} commands, Moonshine tiny-en, Piper seed {SEED}, "
        f"{os.cpu_count()} cores, load {load}"
    )
    print(f"{'condition':<12}{'WER':>8}{'RTF':>8}{'CPU s/s':>9}")
    for condition, (errors, total, busy, audio, cpu) in results.items():
        print(f"{condition:<12}{errors / total:>8.1%}{busy / audio:>8.3f}{cpu / audio:>9.3f}")
    clean, noisy = results["clean"], results[f"{SNR_DB:.0f} dB SNR"]
    rtf = max(clean[2] / clean[3], noisy[2] / noisy[3])
    print(f"RESULT voice_stt_wer_clean {100 * clean[0] / clean[1]:.1f} % goal <= 10")
    print(f"RESULT voice_stt_wer_noisy {100 * noisy[0] / noisy[1]:.1f} % goal <= 25")
    print(f"RESULT voice_stt_rtf {rtf:.3f} x goal <= 0.2")


if __name__ == "__main__":
    main()
