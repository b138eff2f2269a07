"""Whether a word is ordinary English — or a name.

A rep's "does *frostline* pay labour" or "how long can a *doublelock* panel be" says a
product by its brand, and no dictionary has a brand. When no passage found says that
word either, the documents are about something else: the reader must admit, not read
out another product's warranty. And a word the dictionary has ("constant", "pictures")
is what the rep meant, never a typo to be "corrected" into a word the passages use.

The dictionary is pyspellchecker's English word-frequency list (MIT; ~160,000 words),
loaded once, on first use (about half a second).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spellchecker import SpellChecker

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

RARE = 50
"""The frequency pyspellchecker gives the words it lists without a count (trade words
like "soffit", and names like "palisade"): listed, yet no evidence of everyday use."""


@lru_cache(maxsize=1)
def _dictionary() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def is_english(word: str) -> bool:
    """Whether the dictionary lists the word (any case); a word with a digit is not one."""
    word = word.lower().strip("'")
    return bool(_WORD.fullmatch(word)) and word in _dictionary()


def is_everyday(word: str) -> bool:
    """Whether the word is English in common use (more than the dictionary's floor), so a
    word a rep typed this way is meant this way: "constant" is not a typo of "contain"."""
    word = word.lower().strip("'")
    return is_english(word) and _dictionary()[word] > RARE
