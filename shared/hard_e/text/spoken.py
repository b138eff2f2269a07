"""Speech normaliser: turns what speech-to-text writes into what a rep meant to type.

Every user message passes through `normalise` before Hard-E reads entities from it.
Speech-to-text spells things out ("five five five one two one two", "emily at demo
dot com"); typed messages are already written ("555-1212", "emily@demo.com") and
come out unchanged. It is conservative: it converts only where the surrounding
pattern makes the intent clear, and `normalise(normalise(x)) == normalise(x)`.

Numbers run first. Number words joined by spaces or hyphens form a *run*, read as
one or more cardinals ("twelve thousand five hundred", "two hundred and fifty", "a
hundred"). Unscaled cardinals in a row are concatenated, which covers phones ("five
five five one two one two" → 5551212), house numbers ("one twenty three" → 123), zip
codes ("nine oh two one oh" → 90210) and years ("twenty twenty six" → 2026); "oh"/"o"
is zero after a number, "double five" is 55, and "eight hundred" joins a digit run
as 800. A run is converted when it has two or more number words, or three or more
items counting written single digits ("5 5 5 1 2 1 2"). A lone number word ("one of
the jobs", "the two of us") is converted only with context: a unit after it ("two
windows", "five or six windows", "three pm"), a label before it ("apartment four b"
→ "apartment 4B", "stage three"), a street after it ("two oak lane"), a month before
it ("june twelve"), or "and a half" after it. Then:

- decimals: "eight point two five" → 8.25, "three and a half" → 3.5,
  "two point five million" → 2500000 ("at one point" stays a phrase).
- money: "dollars"/"bucks" → "$12,000" (commas, like typed amounts), "and fifty
  cents" → "$12.50", "twelve grand" → "$12,000". Percent: "fifteen percent" → 15%.
- ordinals: compound ones always ("twenty first" → 21st); a single ordinal word
  only by a month ("march first", "the fifth of may"): "first" and "second" are
  ordinary words.
- clock times: an hour and minutes after at/by/until/before/after, or before am/pm,
  unless a street follows: "at three thirty" → "at 3:30", "ten oh five pm" → 10:05 pm.
- phones: a digit run spoken in pauses (commas) of phone-sized groups, 3-4, 3-3-4 or
  1-3-3-4, gets dashes ("555-123-4567"); an unbroken run stays plain digits. A
  spoken "dash" after a group of three or more digits is such a pause.

Before numbers, two things speech-to-text and quick typing write apart are joined:
"a m" / "p. m." after a number is "am"/"pm", and a written "11 30 am" or "3.30pm" is
"11:30 am" / "3:30 pm".

Emails run second, so their digits are already written. Only "<local> at <domain>
dot <tld>" is rewritten, the last label being a known top-level domain ("co dot uk"
chains too). The local part is the word before "at" plus spelled letters, digits and
words joined by "dot"/"underscore"/"dash"/"hyphen" ("j smith", "e m i l y", "john dot
smith"); only one unjoined word is taken, so "her email is emily at ..." keeps "her
email is", and if that word is a pronoun or verb ("reach him at ...") only the domain
is joined. The first domain label may be up to three words, apostrophes dropped and
an "and" inside kept ("summit exteriors dot com" → summitexteriors.com, "o'brien's
siding and windows dot net" → obrienssidingandwindows.net). Emails are lower-cased.

A token is only read if it stands free (space or sentence punctuation around it), so
"555-1212", "$12,500", "8.25", "3:30" and "jane@x.com" survive. Spoken punctuation
("comma", "period") is not rewritten: too often an ordinary word.

The number parser is our own: num2words only goes from numbers to words, and
word-to-number libraries read a whole string as one number, losing the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from hard_e.text import number_words

__all__ = ["cardinal_words", "normalise", "ordinal_value"]


def normalise(text: str) -> str:
    """The message with spoken numbers, phones, amounts and emails written out."""
    if not text or not _WORDISH.search(text):
        return text
    text = _SPOKEN_DASH.sub(r"\1, ", _SPOKEN_AM_PM.sub(_am_pm, _PAUSE.sub(", ", text)))
    text = _PITCH_AFTER.sub(
        _pitch, _PITCH_BEFORE.sub(_pitch, _WRITTEN_CLOCK.sub(_clock_written, text))
    )
    text = _WRITTEN_GRAND.sub(_grand, text)
    return _plus_pass(_paused_phone_pass(_email_pass(_NumberPass(text).run())))


# Speech-to-text marks a pause with an ellipsis; between words it reads like a comma.
_PAUSE = re.compile(r"(?<=\w)\s*(?:\.{2,}|…)\s*(?=\w)")
# Digit groups a phone's shape apart, with a pause mark between: "614. 555. 0199".
_PAUSED_PHONE = re.compile(r"(?<![\d-])(\d{3})[.,;] (\d{3})[.,;] (\d{4})(?![\d-])")
# A spoken "plus" before a country code and a number: "plus 1-614-555-0199".
_PLUS = re.compile(r"\bplus (?=1(?:-?\d{3}){2}-?\d{4}\b|\d{11,13}\b)", re.IGNORECASE)


# "a m" / "p. m." spelled out after a number, as speech-to-text writes it: "eleven thirty a m".
_SPOKEN_AM_PM = re.compile(r"\b(?P<n>\d{1,4}|[a-z]+) (?P<p>[ap])\.? ?m\b\.?(?!\w)", re.IGNORECASE)
# A phone's digit groups said apart with "dash" ("six one four dash five five five dash …"):
# a group of at least three digits before it, a digit after it; the dash reads as a pause.
_DIGITISH = r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN_DASH = re.compile(
    rf"\b((?:{_DIGITISH} ){{2,}}{_DIGITISH}) (?:dash|hyphen) (?={_DIGITISH}\b)", re.IGNORECASE
)
# A written hour and minutes apart or with a dot before am/pm: "11 30 am", "3.30pm".
_WRITTEN_CLOCK = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?: |\.)(?P<m>[0-5]\d) ?(?P<p>[ap]\.?m\b\.?)", re.IGNORECASE
)


# A roof pitch said aloud: "a six twelve pitch", "three in twelve roof", "pitch is four on
# twelve" → "6/12", not the number 612. The rise is 1–19 said as one word, or 1–24 in digits.
_RISES = {w: v for w, v in number_words.below_twenty().items() if v}  # "one" … "nineteen"
_RISE = rf"(?P<rise>\d{{1,2}}|{'|'.join(_RISES)})"
_RUN = r"(?:(?:in|on|over|by) )?(?:twelve|12)\b"
_PITCH_AFTER = re.compile(
    rf"\b{_RISE} {_RUN}(?= (?:(?!the |a |an |my |his |her |our |their |this |that )[a-z]+ )?"
    r"(?:pitch|slope|roof)s?\b)",
    re.IGNORECASE,
)
_PITCH_BEFORE = re.compile(
    rf"(?:(?<=\bpitch )|(?<=\bslope )|(?<=\broof is )|(?<=\broof's ))"
    rf"(?P<lead>(?:is |of |at )?(?:a |about )?){_RISE} {_RUN}",
    re.IGNORECASE,
)
_NUMBER_BEFORE = re.compile(
    r"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred) $"
)


def _pitch(m: re.Match[str]) -> str:
    rise = m["rise"].lower()
    if _NUMBER_BEFORE.search(m.string, 0, m.start("rise")):
        return m[0]  # "twenty one twelve …": a longer number, not a pitch
    value = int(rise) if rise.isdigit() else _RISES[rise]
    if not 1 <= value <= 24:
        return m[0]
    return f"{m.groupdict().get('lead') or ''}{value}/12"


def _am_pm(m: re.Match[str]) -> str:
    """ "a m" after a number (a digit or a number word) is "am"; anything else stays."""
    number = m["n"]
    if not (number.isdigit() or number.lower() in _WORDS or number.lower() == "o'clock"):
        return m[0]
    return f"{number} {m['p'].lower()}m"


# A written number of thousands said the trade's way: "3 grand", "2.5 grand" → "$3,000".
_WRITTEN_GRAND = re.compile(r"(?<![\d.,$])(\d{1,3}(?:\.\d{1,2})?) grand\b", re.IGNORECASE)


def _grand(m: re.Match[str]) -> str:
    return "$" + _money(_decimal_str(Decimal(m[1]) * 1000))


def _clock_written(m: re.Match[str]) -> str:
    return f"{m['h']}:{m['m']} {m['p']}"


def _paused_phone_pass(text: str) -> str:
    return _PAUSED_PHONE.sub(r"\1-\2-\3", text)


def _plus_pass(text: str) -> str:
    return _PLUS.sub("+", text)


# --- word tables ------------------------------------------------------------------


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ONES, _TEENS, _TENS = number_words.ONES, number_words.TEENS, number_words.TENS
_ORD_ONES, _ORD_TEENS = number_words.ORDINAL_ONES, number_words.ORDINAL_TEENS
_ORD_TENS = number_words.ORDINAL_TENS


@dataclass(frozen=True, slots=True)
class _Word:
    """A number word: its class in the cardinal grammar, its value, ordinal or not."""

    cls: str  # zero | ones | teens | tens | hundred | scale
    value: int
    ordinal: bool = False


def _word_table() -> dict[str, _Word]:
    table: dict[str, _Word] = {"zero": _Word("zero", 0)}
    for names, cls, base, step in (
        (_ONES, "ones", 1, 1),
        (_TEENS, "teens", 10, 1),
        (_TENS, "tens", 20, 10),
    ):
        for n, name in enumerate(names):
            table[name] = _Word(cls, base + n * step)
    for names, cls, base, step in (
        (_ORD_ONES, "ones", 1, 1),
        (_ORD_TEENS, "teens", 10, 1),
        (_ORD_TENS, "tens", 20, 10),
    ):
        for n, name in enumerate(names):
            table[name] = _Word(cls, base + n * step, ordinal=True)
    table["hundred"] = _Word("hundred", 100)
    table["hundredth"] = _Word("hundred", 100, ordinal=True)
    for name, value in number_words.SCALES.items():
        table[name] = _Word("scale", value)
        table[name + "th"] = _Word("scale", value, ordinal=True)
    return table


_WORDS = _word_table()


def cardinal_words() -> dict[str, int]:
    """Every single-word cardinal below a hundred and its value ("seventeen" → 17)."""
    return {
        w: n.value
        for w, n in _WORDS.items()
        if not n.ordinal and n.cls in ("zero", "ones", "teens", "tens")
    }


def ordinal_value(word: str) -> int | None:
    """ "second" → 2, "21st" → 21; None for anything else."""
    found = _WORDS.get(word.lower())
    if found is not None and found.ordinal:
        return found.value
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", word.lower())
    return int(m[1]) if m else None


_OH = frozenset({"oh", "o"})
_REPEAT = {"double": 2, "triple": 3}
# Words a number run can begin with ("oh" only continues one).
_STARTERS = frozenset({*_WORDS, *_REPEAT, "a"})

_MONEY = frozenset({"dollars", "dollar", "bucks", "buck"})
_CENTS = frozenset({"cents", "cent"})
_AM_PM = frozenset({"am", "pm"})
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "tonight"})
# Words after a lone number that make it a quantity. Singular forms are only those
# where "one <unit>" is a measure, not an idiom ("one day", "one time" stay words).
_UNITS = _words("""
    percent grand o'clock am pm cent cents dollar dollars buck bucks
    foot feet inch inches yard yards mile miles sq ft square squares linear lineal
    gallon gallons pound pounds lb lbs ton tons degree degrees lap
    year years yr yrs month months week weeks days hour hours minutes seconds
    windows doors jobs leads homes houses roofs bundles sheets panels quotes
    estimates appointments calls reps customers stories story bedrooms bathrooms
    layers coats colors pieces boxes rolls gutters downspouts skylights crews people
    times
    """)
# Words before a lone number that make it a label ("apartment four", "suite two").
_PLACE_WORDS = _words(
    "apartment apt unit suite ste building bldg lot room extension ext number "
    "route exit highway interstate floor stage phase step page option triple double"
)
_LETTER_PLACES = _words("apartment apt unit suite ste building bldg lot room")
_STREETS = _words(
    "street st avenue ave road rd drive dr lane ln court ct boulevard blvd way place pl "
    "circle cir terrace parkway pkwy highway hwy trail loop square"
)
_NOT_STREET_NAMES = _words("way of the a an more other or and to for in on at by")
_MONTHS = _words(
    "january february march april may june july august september october november december"
)
# "about two fifty" is as likely a price as a time, so only firm time words count.
_TIME_WORDS = _words("at by until till til before after")
_PHONE_SHAPES = ((1, 3, 3, 4), (3, 3, 4), (3, 4))

# Anything a rule could act on: a number word, a digit or "at".
_WORDISH = re.compile(
    r"[0-9]|\b(?:at|oh|o|double|triple|a|"
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


# --- tokens ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+")
_OPENERS = "(\"'“‘"
_CLOSERS = ")\"'”’"
_SENTENCE_PUNCT = ".,;:!?"


class _Sep(Enum):
    SPACE = "space"
    HYPHEN = "hyphen"
    COMMA = "comma"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class _Tok:
    """A word or digit token. `free` means nothing but space or punctuation touches it."""

    low: str
    start: int
    end: int
    digit: bool
    free: bool


def _tokens(text: str) -> list[_Tok]:
    spans = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    toks: list[_Tok] = []
    for n, (low, start, end) in enumerate(spans):
        digit = low.isdigit()
        prev = spans[n - 1] if n else None
        nxt = spans[n + 1] if n + 1 < len(spans) else None
        free = (
            (not digit or len(low) == 1)
            and _free_left(text, start, low, prev)
            and _free_right(text, end, low, nxt)
        )
        toks.append(_Tok(low, start, end, digit, free))
    return toks


def _free_left(text: str, start: int, low: str, prev: tuple[str, int, int] | None) -> bool:
    if start == 0:
        return True
    left = text[start - 1]
    if left == "-":
        return low in _WORDS and prev is not None and prev[2] == start - 1 and prev[0] in _WORDS
    return left.isspace() or left in _OPENERS


def _free_right(text: str, end: int, low: str, nxt: tuple[str, int, int] | None) -> bool:
    if end == len(text):
        return True
    right = text[end]
    if right == "-":
        return low in _WORDS and nxt is not None and nxt[1] == end + 1 and nxt[0] in _WORDS
    if right in _SENTENCE_PUNCT:
        after = text[end + 1 : end + 2]
        return not after or after.isspace() or after in _CLOSERS
    return right.isspace() or right in _CLOSERS


def _sep(text: str, left: _Tok, right: _Tok) -> _Sep:
    gap = text[left.end : right.start]
    if gap.isspace():
        return _Sep.SPACE
    if gap == "-":
        return _Sep.HYPHEN
    if gap.startswith(",") and gap[1:].isspace():
        return _Sep.COMMA
    return _Sep.OTHER


# --- numbers -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Seg:
    """One spoken cardinal (or digit) inside a run, and the token index after it."""

    digits: str
    value: int
    words: int
    end: int
    cls: str = "digit"  # class of its first word, "digit" for a written digit
    scaled: bool = False
    ordinal: bool = False

    @property
    def code(self) -> bool:
        """ "eight hundred": said inside digit runs as 800, so it may join them."""
        return self.cls == "ones" and self.words == 2 and self.value % 100 == 0 < self.value < 1000


def _joinable(left: _Seg, right: _Seg) -> bool:
    """Whether two segments concatenate: unscaled ones do, "eight hundred" next to digits."""
    if left.scaled and right.scaled:
        return False
    return (not left.scaled or left.code) and (not right.scaled or right.code)


@dataclass(frozen=True, slots=True)
class _Run:
    segs: tuple[_Seg, ...]
    end: int

    @property
    def words(self) -> int:
        return sum(s.words for s in self.segs)

    @property
    def written(self) -> int:
        return sum(1 for s in self.segs if s.cls == "digit")

    @property
    def digits(self) -> str:
        return "".join(s.digits for s in self.segs)

    @property
    def plain(self) -> bool:
        """Only digits: no ordinal, no scaled cardinal except an area code like 800."""
        return not any((s.scaled and not s.code) or s.ordinal for s in self.segs)


class _NumberPass:
    """Finds number runs in one message and writes them as digits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self._runs: dict[tuple[int, bool], _Run | None] = {}

    def run(self) -> str:
        out: list[str] = []
        pos = i = 0
        while i < len(self.toks):
            tok = self.toks[i]
            starts = tok.free and (tok.digit or tok.low in _STARTERS)
            found = (self._phone(i) or self._number(i)) if starts else None
            if found is None:
                i += 1
                continue
            start, end, replacement, i = found
            out += [self.text[pos:start], replacement]
            pos = end
        out.append(self.text[pos:])
        return "".join(out)

    # token helpers

    def _joined(self, k: int) -> bool:
        """Token k is free and continues the run begun before it."""
        if k >= len(self.toks) or not self.toks[k].free:
            return False
        return _sep(self.text, self.toks[k - 1], self.toks[k]) in (_Sep.SPACE, _Sep.HYPHEN)

    def _next(self, k: int) -> str:
        """The word at k if a plain space separates it from the token before, else ""."""
        ok = 0 < k < len(self.toks) and self.toks[k].free
        if ok and _sep(self.text, self.toks[k - 1], self.toks[k]) is _Sep.SPACE:
            return self.toks[k].low
        return ""

    def _prev(self, i: int, back: int = 1) -> str:
        """The word `back` places before token i, across plain spaces only."""
        k = i - back
        if k < 0 or not self._next(k + 1):
            return ""
        return self.toks[k].low

    def _word(self, k: int) -> _Word | None:
        return _WORDS.get(self.toks[k].low) if self._joined(k) else None

    # grammar

    def _segment(self, k: int, after: int, fraction: bool = False) -> _Seg | None:
        """The digit, "oh", "double X" or cardinal at k; `after` segments precede it."""
        tok = self.toks[k]
        if not tok.free:
            return None
        if tok.digit:
            return _Seg(tok.low, int(tok.low), 0, k + 1)
        if tok.low in _OH:
            if fraction or (after and (self._digitish(k + 1) or after >= 2)):
                return _Seg("0", 0, 1, k + 1, cls="zero")
            return None
        if tok.low in _REPEAT and self._digitish(k + 1):
            oh = self.toks[k + 1].low in _OH
            if oh and not after and not (self._digitish(k + 2) and self.toks[k + 2].low not in _OH):
                return None  # "double oh oh" alone is words; "double oh seven" is 007
            if not after and not self._digitish(k + 2) and self._next(k + 2) not in _REPEAT:
                return None  # "the triple 4 panel": a model's name, not the digits 444
            digit = self._segment(k + 1, after=1)
            if digit is not None and len(digit.digits) == 1:
                return _Seg(digit.digits * _REPEAT[tok.low], 0, 2, k + 2, cls="zero")
            return None
        return self._cardinal(k, fraction)

    def _digitish(self, k: int) -> bool:
        if not self._joined(k):
            return False
        low = self.toks[k].low
        word = _WORDS.get(low)
        return (
            self.toks[k].digit or low in _OH or (word is not None and word.cls in ("ones", "zero"))
        )

    def _cardinal(self, k: int, unscaled: bool = False) -> _Seg | None:
        """The longest well-formed cardinal at k ("twenty six", "a hundred and five").

        `unscaled` stops before "hundred"/"thousand": digits after "point" never scale.
        """
        total = cur = words = 0
        last = first = ""
        cap = 10**12
        scaled = ordinal = False
        j = end = k
        while j < len(self.toks) and (j == k or self._joined(j)):
            low = self.toks[j].low
            if j == k and low == "a":
                nxt = self._word(j + 1)
                if nxt is None or nxt.cls not in ("hundred", "scale"):
                    return None
                cur, last, j = 1, "a", j + 1
                # "a hundred" is clearly a number; "thanks a million" is not.
                words += 1 if nxt.value <= 1000 else 0
                continue
            if low == "and":
                nxt = self._word(j + 1)
                if last in ("hundred", "scale") and nxt and nxt.cls in ("ones", "teens", "tens"):
                    last, j = "and", j + 1
                    continue
                break
            word = _WORDS.get(low)
            if word is None or (unscaled and word.cls in ("hundred", "scale")):
                break
            if word.cls == "zero":
                if j == k:
                    return _Seg("0", 0, 1, k + 1, cls="zero")
                break
            if word.cls == "ones" and last in ("", "tens", "hundred", "scale", "and"):
                if last == "hundred" and (
                    (total == 0 and self._digitish(j + 1)) or self._next(j + 1) == "hundred"
                ):
                    break  # "eight hundred five five five" is 800 then digits
                cur += word.value
            elif word.cls in ("teens", "tens") and last in ("", "hundred", "scale", "and"):
                cur += word.value
            elif word.cls == "hundred" and last in ("a", "ones", "teens", "tens") and cur < 100:
                cur *= 100
                scaled = True
            elif word.cls == "scale" and last not in ("", "and") and cur > 0 and word.value < cap:
                total, cur, cap, scaled = total + cur * word.value, 0, word.value, True
            else:
                break
            first = first or word.cls
            last, words, j, end = word.cls, words + 1, j + 1, j + 1
            if word.ordinal:
                ordinal = True
                break
        if end == k:
            return None
        value = total + cur
        return _Seg(str(value), value, words, end, first or "ones", scaled, ordinal)

    def _run(self, i: int, fraction: bool = False) -> _Run | None:
        """Consecutive segments from token i; scaled cardinals are never concatenated."""
        key = (i, fraction)
        if key not in self._runs:
            self._runs[key] = self._parse_run(i, fraction)
        return self._runs[key]

    def _parse_run(self, i: int, fraction: bool) -> _Run | None:
        segs: list[_Seg] = []
        k = i
        while k < len(self.toks) and (not segs or self._joined(k)):
            seg = self._segment(k, len(segs), fraction)
            if seg is None or (fraction and seg.ordinal):
                break
            if segs and (not _joinable(segs[-1], seg) or (seg.ordinal and seg.words == 1)):
                break
            segs.append(seg)
            k = seg.end
            if seg.ordinal:
                break
        return _Run(tuple(segs), k) if segs else None

    # rules

    def _phone(self, i: int) -> tuple[int, int, str, int] | None:
        """Digit groups spoken with pauses between them, in a phone number's shape."""
        groups: list[_Run] = []
        k = i
        while len(groups) < 4 and k < len(self.toks):
            run = self._group(k) if groups else self._run(k)
            if run is None or not run.plain or self._next(run.end) == "point":
                break
            groups.append(run)
            k = run.end
            if k >= len(self.toks) or _sep(self.text, self.toks[k - 1], self.toks[k]) != _Sep.COMMA:
                break
        lengths = tuple(len(g.digits) for g in groups)
        for shape in _PHONE_SHAPES:
            if lengths[: len(shape)] == shape and len(groups) >= len(shape):
                used = groups[: len(shape)]
                phone = "-".join(g.digits for g in used)
                end = used[-1].end
                return self.toks[i].start, self.toks[end - 1].end, phone, end
        return None

    def _group(self, k: int) -> _Run | None:
        """A later phone group, which may begin with "oh" for zero ("…, oh one nine nine")."""
        tok = self.toks[k]
        if not (tok.free and tok.low in _OH):
            return self._run(k)
        zero = _Seg("0", 0, 1, k + 1, cls="zero")
        rest = self._run(k + 1) if self._joined(k + 1) else None
        if rest is None or not rest.plain:
            return _Run((zero,), k + 1)
        return _Run((zero, *rest.segs), rest.end)

    def _number(self, i: int) -> tuple[int, int, str, int] | None:
        run = self._run(i)
        if run is None:
            return None
        k = run.end
        number = run.digits
        words, written = run.words, run.written
        fraction = False
        if not run.segs[-1].ordinal and not self._idiom_one_point(i, run):
            decimal = self._decimal(k)
            if decimal is not None:
                number, k, extra = f"{number}.{decimal[0]}", decimal[1], decimal[2]
                words += extra
                fraction = True
                scale = self._word(k) if self._next(k) else None
                if scale is not None and scale.cls == "scale" and not scale.ordinal:
                    number = _decimal_str(Decimal(number) * scale.value)
                    k += 1
            elif self._next(k) == "and" and self._next(k + 1) == "a":
                half = {"half": "5", "quarter": "25"}.get(self._next(k + 2))
                if half:
                    number, k, fraction = f"{number}.{half}", k + 3, True
        lone = words == 1 and written == 0
        if not (words >= 2 or words + written >= 3 or lone):
            return None
        if lone and not fraction and not self._lone_ok(i, run):
            return None
        start = self.toks[i].start
        if run.segs[-1].ordinal:
            return start, self.toks[k - 1].end, number + _ordinal_suffix(number), k
        if run.digits == "247" and [s.digits for s in run.segs] == ["24", "7"]:
            return start, self.toks[k - 1].end, "24/7", k
        clock = None if fraction else self._clock(i, run)
        if clock is not None:
            return start, self.toks[k - 1].end, clock, k
        text, k = self._with_unit(number, k, run, i)
        return start, self.toks[k - 1].end, text, k

    def _idiom_one_point(self, i: int, run: _Run) -> bool:
        """ "at one point" is a phrase, not 1.x."""
        return self._prev(i) == "at" and self.toks[i].low == "one" and len(run.segs) == 1

    def _decimal(self, k: int) -> tuple[str, int, int] | None:
        """ "point two five" after a number: (digits, index after, number words)."""
        if self._next(k) != "point" or not self._joined(k + 1):
            return None
        frac = self._run(k + 1, fraction=True)
        if frac is None:
            return None
        return frac.digits, frac.end, frac.words

    def _lone_ok(self, i: int, run: _Run) -> bool:
        """A single number word counts only with a unit, place, street or month around it."""
        seg = run.segs[0]
        k = run.end
        prev = self._prev(i)
        # Lower-case "may" is usually the verb: "we may first ...".
        month = prev in _MONTHS and (
            prev != "may"
            or self.text[self.toks[i - 1].start].isupper()
            or (seg.ordinal and seg.value > 2)
        )
        if seg.ordinal:
            after_the = prev == "the" and (
                self._prev(i, 2) in _MONTHS
                or (self._next(k) == "of" and self._next(k + 1) in _MONTHS)
            )
            return month or after_the
        nxt = self._next(k)
        if nxt in _UNITS or (nxt == "per" and self._next(k + 1) == "cent"):
            return True
        if nxt in ("or", "to") and self._word(k + 1) and self._next(k + 2) in _UNITS:
            return True  # "five or six windows", "two to three days"
        if prev in _PLACE_WORDS:
            return True
        if month and 1 <= seg.value <= 31:
            return True
        return self._street_ahead(k)

    def _street_ahead(self, k: int) -> bool:
        """One or two name words and then a street word: "two oak lane"."""
        for names in (1, 2):
            words = [self._next(k + n) for n in range(names + 1)]
            if not all(words):
                return False
            if words[-1] in _STREETS and all(
                w.isalpha() and w not in _WORDS and w not in _NOT_STREET_NAMES for w in words[:-1]
            ):
                return True
        return False

    def _clock(self, i: int, run: _Run) -> str | None:
        """ "three thirty" after "at"/"by"/... or before am/pm, as 3:30."""
        segs = run.segs
        if run.written or run.segs[-1].ordinal:
            return None
        hour = segs[0]
        if hour.words != 1 or not 1 <= hour.value <= 12:
            return None
        if len(segs) == 2 and segs[1].cls in ("teens", "tens") and 10 <= segs[1].value <= 59:
            minutes = f"{segs[1].value:02d}"
        elif len(segs) == 3 and segs[1].digits == "0" and segs[2].cls == "ones":
            minutes = f"0{segs[2].value}"
        else:
            return None
        timed = self._prev(i) in _TIME_WORDS or self._next(run.end) in _AM_PM
        if not timed or self._street_ahead(run.end):
            timed = self._day_part_ahead(run.end) and not self._street_ahead(run.end)
        if not timed or self._street_ahead(run.end):
            return None
        return f"{hour.value}:{minutes}"

    def _day_part_ahead(self, k: int) -> bool:
        """ "one thirty in the afternoon", "nine fifteen tonight": a part of the day after
        the number makes it a time as firmly as "pm" does."""
        first = self._next(k)
        if first in _DAY_PARTS:
            return True
        if first in ("in", "this") and k + 1 < len(self.toks):
            second = self._next(k + 1)
            if first == "in" and second == "the" and k + 2 < len(self.toks):
                return self._next(k + 2) in _DAY_PARTS
            return first == "this" and second in _DAY_PARTS
        return False

    def _with_unit(self, number: str, k: int, run: _Run, i: int) -> tuple[str, int]:
        """Attach "$", "%" or an apartment letter, consuming the words that said it."""
        nxt = self._next(k)
        if nxt in _MONEY:
            k += 1
            if "." not in number:
                cents = self._cents(k)
                if cents is not None:
                    number, k = f"{number}.{cents[0]:02d}", cents[1]
            return "$" + _money(number), k
        if nxt == "grand":
            return "$" + _money(_decimal_str(Decimal(number) * 1000)), k + 1
        if nxt == "percent":
            return number + "%", k + 1
        if nxt == "per" and self._next(k + 1) == "cent":
            return number + "%", k + 2
        if self._prev(i) in _LETTER_PLACES and run.plain and len(nxt) == 1 and nxt.isalpha():
            tok = self.toks[k]
            closing = tok.end == len(self.text) or self.text[tok.end] in _SENTENCE_PUNCT
            if nxt not in ("a", "i") or closing:
                return number + nxt.upper(), k + 1
        return number, k

    def _cents(self, k: int) -> tuple[int, int] | None:
        """ "and fifty cents" after dollars: (cents, index after)."""
        if self._next(k) != "and" or not self._next(k + 1):
            return None
        seg = self._cardinal(k + 1)
        if seg is None or seg.ordinal or seg.value > 99 or self._next(seg.end) not in _CENTS:
            return None
        return seg.value, seg.end + 1


def _decimal_str(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _money(number: str) -> str:
    """ "12000" → "12,000", "8.5" → "8.50"."""
    whole, _, cents = number.partition(".")
    grouped = f"{int(whole):,}"
    if not cents:
        return grouped
    return f"{grouped}.{cents.ljust(2, '0')}"


def _ordinal_suffix(number: str) -> str:
    n = int(number[-2:])
    if 11 <= n <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# --- emails ------------------------------------------------------------------------

_TLDS = _words("com net org io co us biz info edu gov uk ca au nz ie de fr me ai app dev tv")
_JOINERS = {"dot": ".", "underscore": "_", "dash": "-", "hyphen": "-"}
# Words that end a local part: "email him at ...", "look at ...".
_NOT_LOCAL = _words("""
    at dot me him her them us you it i we they she he is was are be been to the a an
    and or of for in on my his our their your this that email mail e-mail reach
    contact write message text send look looking check visit go site website online
    there here back work office home also still now
    """)
_NOT_DOMAIN = _words("at dot the a an my his her our their your this that and or to for of")
_CHUNK = re.compile(r"\S+")
_LOCAL_CHUNK = re.compile(r"([\"'(“]*)([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)")
# "bob's roofing" → bobsroofing, "o'brien's exteriors" → obriensexteriors
_DOMAIN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
_TLD_CHUNK = re.compile(r"([a-z0-9]+)([.,!?;:)\"'”]*)")


@dataclass(frozen=True, slots=True)
class _Chunk:
    low: str
    start: int
    end: int


def _email_pass(text: str) -> str:
    """Rewrites every "<local> at <domain> dot <tld>" in the text."""
    if " at " not in text.lower() or " dot " not in text.lower():
        return text
    chunks = [_Chunk(m.group().lower(), m.start(), m.end()) for m in _CHUNK.finditer(text)]
    out: list[str] = []
    pos = 0
    for j, chunk in enumerate(chunks):
        if chunk.low != "at" or chunk.start < pos:
            continue
        domain = _domain(chunks, j + 1)
        if domain is None:
            continue
        address, end = domain
        local = _local(chunks, j - 1)
        if local is not None and local[1] >= pos:
            name, start = local
            out += [text[pos:start], f"{name}@{address}"]
        else:
            out += [text[pos : chunks[j + 1].start], address]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _spoken_char(word: str) -> str:
    """A lone number word left by the number pass ("two") as its digits."""
    found = _WORDS.get(word)
    if found is not None and not found.ordinal and found.cls != "scale":
        return str(found.value)
    return word


def _domain(chunks: list[_Chunk], k: int) -> tuple[str, int] | None:
    """The domain after "at": (written domain, text index where it ends)."""
    first: list[str] = []
    while k < len(chunks) and chunks[k].low != "dot":
        low = chunks[k].low
        if low in ("dash", "hyphen") and first:
            first.append("-")
        elif low == "and" and first and first[-1] != "-":
            first.append(low)  # "bob's siding and windows dot net" → bobssidingandwindows.net
        elif _DOMAIN_WORD.fullmatch(low) and low not in _NOT_DOMAIN and len(first) < 6:
            first.append(_spoken_char(re.sub(r"['’]", "", low)))
        else:
            return None
        k += 1
    named = [w for w in first if w not in ("-", "and")]
    if not first or first[-1] in ("-", "and") or len(named) > 3:
        return None
    labels = ["".join(first)]
    best: tuple[str, int] | None = None
    while k + 1 < len(chunks) and chunks[k].low == "dot":
        match = _TLD_CHUNK.fullmatch(chunks[k + 1].low)
        if match is None:
            break
        labels.append(match[1])
        if match[1] in _TLDS:
            best = ".".join(labels), chunks[k + 1].end - len(match[2])
        if match[2]:
            break
        k += 2
    return best


def _local(chunks: list[_Chunk], k: int) -> tuple[str, int] | None:
    """The local part ending at chunk k: (written local part, text index where it starts)."""
    pieces: list[str] = []  # right to left
    start: int | None = None
    free_word = False
    after_joiner = False
    while k >= 0:
        match = _LOCAL_CHUNK.fullmatch(chunks[k].low)
        if match is None:
            break
        opener, body = match[1], match[2]
        if body in _JOINERS and pieces and not after_joiner and not opener:
            pieces.append(_JOINERS[body])
            after_joiner = True
            k -= 1
            continue
        kind = _local_kind(body, chunks, k, pieces)
        if kind is None or (kind == "word" and free_word and not after_joiner):
            break
        free_word = free_word or (kind == "word" and not after_joiner)
        pieces.append(_spoken_char(body))
        start = chunks[k].start + len(opener)
        after_joiner = False
        k -= 1
        if opener:
            break
    if after_joiner:
        pieces.pop()
    if not pieces or start is None:
        return None
    return "".join(reversed(pieces)), start


def _local_kind(body: str, chunks: list[_Chunk], k: int, pieces: list[str]) -> str | None:
    """How a chunk may join a local part: "letter", "number", "word" or not at all."""
    if len(body) == 1 and body.isalpha():
        if body not in ("a", "i"):
            return "letter"
        before = chunks[k - 1].low if k > 0 else ""
        spelled = (pieces and len(pieces[-1]) == 1 and pieces[-1].isalpha()) or (
            len(before) == 1 and before.isalpha()
        )
        return "letter" if spelled else None
    if body.isdigit() or _spoken_char(body) != body:
        return "number"
    if body in _NOT_LOCAL or body in _WORDS:
        return None
    return "word"
