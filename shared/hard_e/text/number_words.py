"""The spelled numbers English has, in one place: the token reader (``words``) and the
spoken-number reader (``spoken``) both build their tables from these."""

from __future__ import annotations


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


ZERO = "zero"
ONES = _split("one two three four five six seven eight nine")  # 1..9
TEENS = _split(  # 10..19
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
)
TENS = _split("twenty thirty forty fifty sixty seventy eighty ninety")  # 20..90
ORDINAL_ONES = _split("first second third fourth fifth sixth seventh eighth ninth")
ORDINAL_TEENS = _split(
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth"
)
ORDINAL_TENS = _split(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
)
HUNDRED = "hundred"
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def below_twenty() -> dict[str, int]:
    """ "zero" … "nineteen" and their values."""
    return {w: i for i, w in enumerate((ZERO, *ONES, *TEENS))}


def tens() -> dict[str, int]:
    """ "twenty" … "ninety" and their values."""
    return {w: 10 * (i + 2) for i, w in enumerate(TENS)}
