"""Emoji typed into chat: no words to the intent rules, except the few that answer.

A rep thumb-typing adds "🚗", "🙏" or "👋" to a message; the rules read past them
(``blanked``), while a text's body keeps them (values are restored from the message as
typed). A thumbs-up alone is a yes and a thumbs-down a no (``as_words``).
"""

from __future__ import annotations

import unicodedata

__all__ = ["as_words", "blanked"]

# The emoji that say a yes or a no, as the word they stand for.
_ANSWERS = {"👍": "yes", "👌": "ok", "✅": "yes", "✔": "yes", "👎": "no", "❌": "no", "🚫": "no"}
_JOINERS = frozenset({"\ufe0f", "\ufe0e", "\u200d", "\u20e3"})


def _is_emoji(ch: str) -> bool:
    """A pictograph (arrows onwards: "°" or "©" stay), a skin tone or an emoji joiner."""
    if ch in _JOINERS:
        return True
    return ord(ch) >= 0x2190 and unicodedata.category(ch) in ("So", "Sk")


def blanked(text: str) -> str:
    """``text`` with each emoji character a space: same length, so positions still match."""
    if text.isascii():
        return text
    return "".join(" " if _is_emoji(ch) else ch for ch in text)


def as_words(text: str) -> str:
    """``text`` with an answering emoji ("👍") written as its word, every other emoji gone."""
    if text.isascii():
        return text
    out = "".join(f" {_ANSWERS[ch]} " if ch in _ANSWERS else ch for ch in text)
    return " ".join(blanked(out).split())
