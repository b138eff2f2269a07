"""Text with nothing to say: a reply piece of only punctuation ("…", "—", "--", "?!").

Piper (and eSpeak NG) make no sound of it, and pipecat reports a sentence that came
back silent as the voice's error — which moved the whole call to the next voice. Such
text is nothing to say, not a failure: each voice is given it as nothing (pipecat then
starts no audio for it), and the fallback counts only words (:mod:`voice_worker.fallback`).
"""

from __future__ import annotations

import re

from pipecat.utils.text.base_text_aggregator import TextType

WORD = re.compile(r"[^\W_]+")  # a run of letters or digits, in any script


def has_words(text: str) -> bool:
    """Whether ``text`` has anything a voice can say."""
    return WORD.search(text) is not None


def spoken_words(text: str) -> int:
    """How many of ``text``'s whitespace-separated pieces have something to say."""
    return sum(1 for piece in text.split() if has_words(piece))


async def say_nothing_wordless(text: str, _text_type: str | TextType) -> str:
    """A TTS text transform (last in line): wordless text becomes no text at all."""
    return text if has_words(text) else ""
