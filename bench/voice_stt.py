"""Offline speech-to-text on contractor commands: word error rate clean and at 10 dB SNR,
and the real-time factor, for the model the voice worker runs without a Deepgram key
(Moonshine tiny-en from the moonshine-voice wheel).

The commands are synthesised offline with the Piper voice, resampled to the 16 kHz the
worker hears, and given to the same ``Transcriber`` the pipeline uses.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.voice_peer import RATE, synthesise, with_noise
from voice_worker.hearing import SAMPLE_RATE, transcriber

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
]


CONTRACTIONS = [
    (r"\b(what|where|who|how|it|that|there|here|he|she)'s\b", r"\1 is"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ll\b", " will"),
    (r"'m\b", " am"),
]


def words(text: str) -> list[str]:
    """Scoring words: lower case, no punctuation, contractions spelled out (as the usual
    WER normalisers do), so "where's" and "where is" are the same words."""
    text = text.lower().replace("-", " ").replace("’", "'")
    for pattern, spelled in CONTRACTIONS:
        text = re.sub(pattern, spelled, text)
    return re.sub(r"[^a-z0-9 ]+", "", text).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def to_16k(pcm48: np.ndarray) -> bytes:
    samples = soxr.resample(pcm48.astype(np.float32) / 32768.0, RATE, SAMPLE_RATE)
    return np.asarray(np.clip(samples * 32767, -32768, 32767), dtype=np.int16).tobytes()


def main() -> None:
    model = transcriber()
    model.text(to_16k(synthesise("warm up")))
    results: dict[str, tuple[int, int, float, float]] = {}
    for condition in ("clean", "10 dB SNR"):
        errors = total = 0
        busy = audio = cpu = 0.0
        for n, command in enumerate(COMMANDS):
            speech = synthesise(command)
            if condition != "clean":
                speech = with_noise(speech, 10.0, seed=n)
            pcm = to_16k(speech)
            began, began_cpu = time.perf_counter(), time.process_time()
            heard = model.text(pcm)
            busy += time.perf_counter() - began
            cpu += time.process_time() - began_cpu
            audio += len(pcm) / 2 / SAMPLE_RATE
            ref = words(command)
            errors += edit_distance(ref, words(heard))
            total += len(ref)
        results[condition] = (errors, total, busy, audio, cpu)
    load = os.getloadavg()[0]
    print(f"{len(COMMANDS)} commands, Moonshine tiny-en, {os.cpu_count()} cores, load {load:.1f}")
    print(f"{'condition':<12}{'WER':>8}{'RTF':>8}{'CPU s/s':>9}")
    for condition, (errors, total, busy, audio, cpu) in results.items():
        print(f"{condition:<12}{errors / total:>8.1%}{busy / audio:>8.3f}{cpu / audio:>9.3f}")
    clean, noisy = results["clean"], results["10 dB SNR"]
    rtf = max(clean[2] / clean[3], noisy[2] / noisy[3])
    print(f"RESULT voice_stt_wer_clean {100 * clean[0] / clean[1]:.1f} % goal <= 10")
    print(f"RESULT voice_stt_wer_noisy {100 * noisy[0] / noisy[1]:.1f} % goal <= 25")
    print(f"RESULT voice_stt_rtf {rtf:.3f} x goal <= 0.2")


if __name__ == "__main__":
    main()
