"""Offline key-term correction: what Moonshine mishears of a company's product and
customer names is written as the name, and what the rep really said is left alone.

The misheard transcripts are Moonshine tiny-en's own, on the Piper voice's speech (the
runs of bench/voice_stt.py); the terms are the kind ``key_terms`` builds."""

from __future__ import annotations

import numpy as np
import pytest
from pipecat.frames.frames import (
    Frame,
    InputAudioRawFrame,
    TranscriptionFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.frame_processor import FrameProcessor
from pipecat.tests.utils import SleepFrame, run_test

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.support.voice_peer import Peer
from tests.voice.conftest import serve_worker
from voice_worker.hearing import SAMPLE_RATE, OfflineSTTService, speech_to_text
from voice_worker.key_terms import key_terms
from voice_worker.settings import VoiceSettings
from voice_worker.speaking import bundled_voice
from voice_worker.term_correction import TermCorrector

# a call's key terms as key_terms.py builds them: the product library, a document
# title, then the CRM's customers
TERMS = [
    "Ridgeline",
    "StoneLap",
    "CrestCoat",
    "Ironbark",
    "Classic",
    "Palette",
    "Tones",
    "Crest",
    "StoneSoffit",
    "ironbark price list 2026",
    "Barbara Pruitt",
    "Sandra Caldwell",
    "Robert Ellison",
    "Patricia Ochoa",
    "Donna Dawson",
    "John Peterson",
    "Jon Petersen",
    "Chidi Okafor",
    "Renee Dubois",
    "Anna Szymanski",
    "Luc Thibodeaux",
]


def corrected(text: str, terms: list[str] = TERMS) -> str:
    return TermCorrector(terms).correct(text)[0]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        # customer names, as Moonshine wrote them
        ("Is the permit approved for the prute project?", "the Pruitt project"),
        ("Read me the last note on the Hacho-a-jab.", "note on the Ochoa-jab"),
        ("Add a follow-up call for the Elson Estimon.", "call for the Ellison Estimon."),
        ("Who was the salesperson on the Thibodeauks job?", "on the Thibodeaux job"),
        ("Call Chitty Akifer about the gutters.", "Call Chidi Okafor about the gutters."),
        ("Schedule a site visit with Anish Imanski on Monday.", "with Anna Szymanski on"),
        # product names split in two by the recogniser
        ("What is the exposure on the stone lap plank?", "on the StoneLap plank?"),
        ("How thick is the iron bar trim board?", "the Ironbark trim board"),
    ],
)
def test_a_misheard_name_is_written_as_the_key_term(heard: str, meant: str) -> None:
    assert meant in corrected(heard)


def test_the_correction_says_what_was_heard_and_what_it_became() -> None:
    _, corrections = TermCorrector(TERMS).correct("Is the permit approved for the prute project?")
    assert [(c.heard, c.term) for c in corrections] == [("prute", "Pruitt")]


@pytest.mark.parametrize(
    "said",
    [
        # ordinary words that sound like a term ("Peterson", "Palette", "Crest", "Sandra")
        "Order gutters for the back of the house.",
        "Put the pallets by the garage.",
        "The chest of drawers stays in the garage.",
        "He cut the panels in the heated space.",
        "Send Pat the quote for the new siding.",
        "Store the planks on dunnage off the ground.",
        # a key term said right, and its plural
        "Quote the Pruitt job and send Sandra the palettes.",
        # a one-word term that is an English word: Moonshine writes it when it is said
        "Polt the stone left plank with the burn-in-house.",
        # a first name alone is no key term: "Read me" heard as one word is not "Renee"
        '"Reemey the Last Note" on the "Abernathy Job".',
        "Sandbar: light sandy beige.",
        # the name heard right, the rest of the sentence wrong but English
        "How many squares of shingles are on the color roof?",
        "What stages the baskets job end?",
    ],
)
def test_what_was_really_said_is_left_alone(said: str) -> None:
    assert corrected(said) == said


def test_numbers_and_addresses_are_left_as_heard() -> None:
    heard = "The prute job is at 88 Samuel Road, call 614-555-0192 about the $18,500 in 2026."
    assert corrected(heard) == (
        "The Pruitt job is at 88 Samuel Road, call 614-555-0192 about the $18,500 in 2026."
    )


def test_no_key_terms_changes_nothing() -> None:
    heard = "Is the permit approved for the prute project?"
    assert corrected(heard, []) == heard
    assert not TermCorrector([])
    assert TermCorrector([]).correct(heard) == (heard, [])


def test_a_company_whose_customers_are_others_gets_its_own_names() -> None:
    # "prute" is no one's name in this company: it stays as heard
    others = ["StoneLap", "Erin Brennan", "Marco Pellegrino"]
    assert corrected("Is the permit approved for the prute project?", others) == (
        "Is the permit approved for the prute project?"
    )


async def test_the_demo_companys_key_terms_correct_its_customers_names(
    services: Services, demo: DemoLogin, leap_sim: LeapSimulator
) -> None:
    # the terms a call of the demo company gets: its CRM's customers among them
    terms = await key_terms(services, demo.tenant_id)
    customers = {c.full_name for c in leap_sim.store.customers.values()}
    assert any(t.endswith(" Pruitt") and t in customers for t in terms)

    fixed = corrected("Is the permit approved for the prute project?", terms)
    assert fixed == "Is the permit approved for the Pruitt project?"
    assert corrected("What is the exposure on the stone lap plank?", terms).count("StoneLap") == 1


# --- in the pipeline: Moonshine's transcript, then the call's terms -----------------


def seeded_question(text: str) -> list[Frame]:
    """The rep saying ``text`` in the Piper voice with its random ops seeded (as
    bench/voice_stt.py does), so every run hears the same speech, framed as the VAD
    frames it."""
    import onnxruntime
    import soxr
    from piper import PiperVoice

    onnxruntime.set_seed(1)
    voice = PiperVoice.load(str(bundled_voice()))
    raw = b"".join(c.audio_int16_bytes for c in voice.synthesize(text))
    samples = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    pcm = soxr.resample(samples, voice.config.sample_rate, SAMPLE_RATE)
    pcm16 = (np.clip(pcm, -1, 1) * 32767).astype(np.int16)
    frames: list[Frame] = [SleepFrame(sleep=0.3), VADUserStartedSpeakingFrame()]
    for at in range(0, len(pcm16), 320):
        chunk = pcm16[at : at + 320].tobytes()
        frames.append(InputAudioRawFrame(audio=chunk, sample_rate=SAMPLE_RATE, num_channels=1))
    return [*frames, VADUserStoppedSpeakingFrame(), SleepFrame(sleep=0.6)]


async def test_the_offline_recogniser_writes_the_calls_customer_names(
    voice_settings: VoiceSettings,
) -> None:
    question = seeded_question("Who is the salesperson on the Thibodeaux job?")

    async def heard(terms: list[str]) -> str:
        stt = speech_to_text(voice_settings, terms)  # as a call without Deepgram builds it
        assert isinstance(stt, OfflineSTTService)
        down, _ = await run_test(stt, frames_to_send=question)
        finals = [f.text for f in down if isinstance(f, TranscriptionFrame)]
        assert len(finals) == 1
        return finals[0]

    # Moonshine alone does not know the name; with the call's terms it is written right
    assert "Thibodeaux" not in await heard([])
    text = await heard(TERMS)
    assert "Thibodeaux" in text and "salesperson" in text.lower()


async def test_a_call_without_deepgram_corrects_towards_its_companys_key_terms(
    services: Services,
    demo: DemoLogin,
    demo_token: str,
    leap_sim: LeapSimulator,
    voice_settings: VoiceSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import voice_worker.app

    built: list[list[str]] = []

    def recording(settings: VoiceSettings, key_terms: list[str]) -> FrameProcessor:
        built.append(key_terms)
        return speech_to_text(settings, key_terms)

    monkeypatch.setattr(voice_worker.app, "speech_to_text", recording)
    async with serve_worker(voice_settings) as worker:
        peer = Peer(worker.base_url, demo_token)
        try:
            await peer.connect()
            await peer.wait_until(lambda: bool(built), within=20)
        finally:
            await peer.close()

    # the offline recogniser of the call got the company's names, customers among them
    customers = {c.full_name for c in leap_sim.store.customers.values()}
    assert "StoneLap" in built[0] and customers & set(built[0])
