"""Whether a word is ordinary English — or a name.

A rep's "does *frostline* pay labour" or "how long can a *doublelock* panel be" says a
product by its brand, and no dictionary has a brand. When no passage found says that
word either, the documents are about something else: the reader must admit, not read
out another product's warranty. And a word the dictionary has ("constant", "pictures")
is what the rep meant, never a typo to be "corrected" into a word the passages use.

The dictionary is pyspellchecker's English word-frequency list (MIT; ~160,000 words),
read straight from the package's data once, on first use (a few tenths of a second; the
library's own SpellChecker class would also build its spelling tables, which the reader
does not need).
"""

from __future__ import annotations

import gzip
import json
import math
import pkgutil
import re
from functools import lru_cache

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

RARE = 50
"""The frequency pyspellchecker gives the words it lists without a count (trade words
like "soffit", and names like "palisade"): listed, yet no evidence of everyday use."""


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """Lower-case English word → how often it is used (pyspellchecker's count)."""
    data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    if data is None:  # pragma: no cover - the package always ships its English list
        raise RuntimeError("pyspellchecker's English word list is missing")
    words: dict[str, int] = json.loads(gzip.decompress(data).decode("utf-8"))
    return words


def is_english(word: str) -> bool:
    """Whether the dictionary lists the word (any case); a word with a digit is not one."""
    word = word.lower().strip("'")
    return bool(_WORD.fullmatch(word)) and word in _dictionary()


def is_everyday(word: str) -> bool:
    """Whether the word is English in common use (more than the dictionary's floor), so a
    word a rep typed this way is meant this way: "constant" is not a typo of "contain"."""
    word = word.lower().strip("'")
    return _dictionary().get(word, 0) > RARE and is_english(word)


@lru_cache(maxsize=1)
def _total() -> int:
    return sum(_dictionary().values())


def zipf(word: str) -> float:
    """How common the word is in English, on the Zipf scale (log10 of its uses per billion
    words, from the dictionary's counts; 0 for a word it lacks): "money" 5.6, "garage"
    4.1, "warranty" 2.7, "soffit" 1.5 (listed without a count)."""
    count = _dictionary().get(word.lower().strip("'"), 0)
    return math.log10(count * 1e9 / _total()) if count else 0.0
