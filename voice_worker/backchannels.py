"""Whether what the rep says over Hard-E's reply asks for nothing (issue 8): a
backchannel ("uh-huh", "okay", "right right"), a hum, or words that ask for nothing
alone ("you", "but") — also as the offline recogniser mishears them. Moonshine writes a
Piper "mm-hmm" as "Amen.", "Mama." or "M. M. M.", an "hm" as "Hm.", "right right" as
"Fight right.", "uh huh" as "Ah, ha.", "gotcha" as "That's it.", a laugh or a cough as
"You"; which one depends on where the sound falls against the VAD's windows.

A transcript asks for nothing when it holds none of the words a rep cuts in with
(``TAKES_THE_FLOOR``: a negation, a command, a question word), no digit or number word
and none of the call's key terms (its customers' and products' names), and it is

- only backchannels and words that ask for nothing alone (``EMPTY_WORDS``), or
- at most ``SHORT`` words that sound like a backchannel: a hum (letters read aloud
  or a word whose only consonants are m, n and h, with an m or an h: "amen", "mama",
  "hm", "mhn"), one word that is a syllable said twice run together ("Churchur." of
  "sure sure": a word repeated is agreement, the shape of "right right", "yeah yeah",
  unless the word itself asks or denies: "nono") or close in spelling to one
  (rapidfuzz, ``CLOSE``: "fight right", "ah ha").

Decided: "huh?" alone asks (it is "what?"), "hang on" (Moonshine: "Anon.") takes the
floor; "go" alone is "go on" and keeps it ("go back" takes it); a name Moonshine writes
that hums ("Emma") keeps it unless it is one of the call's key terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jellyfish
from rapidfuzz import fuzz, process

# Said while the bot speaks, these keep the floor with the bot (LiveKit's default idea).
BACKCHANNELS = frozenset(
    {
        "uh huh",
        "uhhuh",
        "mhm",
        "mm hmm",
        "mm hm",
        "mmhmm",
        "mhmm",
        "uh hm",
        "mm",
        "hmm",
        "hm",
        "uh",
        "um",
        "ah",  # how the offline recogniser often hears an "uh-huh"
        "aha",
        "oh",
        "ha",  # a laugh
        "haha",
        "heh",
        "yeah",
        "yep",
        "yup",
        "yes",
        "ok",
        "okay",
        "right",
        "exactly",
        "gotcha",
        "sure",
        "got it",
        "i see",
        "cool",
        "alright",
        "all right",
        "that's it",  # how the offline recogniser hears "gotcha"
        "go on",  # asking Hard-E to do what it is doing: a continuer, not a request
        "go ahead",
        "keep going",
        "go",  # alone, "go on" ("go back", "go to the permit" say more)
    }
)
# Said alone, these ask for nothing and deny nothing (a pronoun, an article, a
# conjunction, a preposition). They are also what the offline recogniser writes for a
# short sound that was not words — a cough as "You", an "uh-huh" as "But" — so over
# Hard-E's reply they take the floor no more than a backchannel does.
EMPTY_WORDS = frozenset(
    str.split(
        """i you he she it we they me him us them a an the this that that's it's is and
        but or so then of to in on at for with"""
    )
)
# What a rep cuts in with, however short: never a backchannel.
TAKES_THE_FLOOR = frozenset(
    str.split(
        """no nope nah not don't never none nothing wait stop hold hang pause listen
        repeat again slow skip cancel actually sorry excuse pardon hey hello question
        what why how who where when which whose"""
    )
)
ASKS_ALONE = frozenset({"huh", "eh"})  # said alone, "huh?" is "what?" (in "uh huh" it is not)
NUMBER_WORDS = frozenset(
    str.split(
        """zero one two three four five six seven eight nine ten eleven twelve
        thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty
        forty fifty sixty seventy eighty ninety hundred thousand"""
    )
)
SHORT = 3  # words: longer than this, a transcript is the rep saying something
CLOSE = 85  # rapidfuzz ratio to a backchannel (or two in a row), spaces left out
_SOUNDALIKES = tuple(
    sorted(
        {b.replace(" ", "") for b in BACKCHANNELS} | {b.replace(" ", "") * 2 for b in BACKCHANNELS}
    )
)
_HUMMED = re.compile(r"[mnh]+")


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("-", " "))


def key_words(terms: Iterable[str]) -> frozenset[str]:
    """The words of the call's key terms ("Keller", "StoneLap"), as :func:`words_of`
    writes them."""
    return frozenset(w for term in terms for w in words_of(term))


def _backchannels(words: list[str], *, partial: bool = False) -> bool:
    """Whether ``words`` are one backchannel or a few in a row ("okay okay", "uh huh
    yeah"); ``partial``: the last may be only begun ("all" of "all right")."""
    if not words or len(words) > 6:
        return False
    for n in (1, 2):
        head = " ".join(words[:n])
        rest = words[n:]
        if (
            len(words) >= n
            and head in BACKCHANNELS
            and (not rest or _backchannels(rest, partial=partial))
        ):
            return True
    return partial and any(b.startswith(" ".join(words) + " ") for b in BACKCHANNELS)


def _say_nothing(words: list[str], *, partial: bool = False) -> bool:
    """Whether ``words`` are only backchannels and words that ask for nothing alone
    (``EMPTY_WORDS``): "uh huh", "okay okay", "you", "but", "ah you"."""
    if not words or _backchannels(words, partial=partial):
        return True
    meant = [w for w in words if w not in EMPTY_WORDS]
    return not meant or _backchannels(meant, partial=partial)


def _hums(word: str) -> bool:
    """Whether ``word`` sounds like a hum: its only consonants (metaphone) are m, n and
    h, one of them an m or an h ("amen", "mama", "hm", "mhn"; not "no", "nine")."""
    consonants = re.sub(r"[^A-Z]|[AEIOU]", "", str(jellyfish.metaphone(word)))
    return bool(_HUMMED.fullmatch(consonants.lower())) and bool(set(consonants) & {"M", "H"})


def _said_twice(word: str) -> str | None:
    """The syllable of a word that is one syllable said twice, run together ("churchur"
    of "sure sure", "yeahyeah"), else None."""
    half = len(word) // 2
    return word[:half] if len(word) >= 4 and word[:half] == word[half:] else None


def _sounds_like_a_backchannel(words: list[str], key_terms: frozenset[str] = frozenset()) -> bool:
    """Whether a few ``words`` are a backchannel misheard: hums, one short word said
    twice over (the shape of "sure sure", "right right": agreement, unless the word asks
    or denies), or close in spelling to one or two backchannels ("fight right", "ah ha")."""
    if all(len(w) == 1 for w in words):  # letters read out: "M. H. M."
        words = ["".join(words)]
    meant = [w for w in words if w not in EMPTY_WORDS]
    if not meant or len(words) > 2 * SHORT:
        return not meant
    if all(_hums(w) for w in meant):  # "Mm-m-m-m."
        return True
    twice = _said_twice(meant[0]) if len(meant) == 1 else None
    if twice is not None and not _asks(twice, key_terms):
        return True
    if len(words) > SHORT:
        return False
    match = process.extractOne("".join(meant), _SOUNDALIKES, scorer=fuzz.ratio)
    return match is not None and match[1] >= CLOSE


def asks_for_nothing(
    text: str, *, key_terms: frozenset[str] = frozenset(), partial: bool = False
) -> bool:
    """Whether ``text``, said over Hard-E's reply, asks for nothing (see the module's
    description); ``partial``: an interim transcript, whose last word may be only begun
    ("all" of "all right"). Nothing said asks for nothing."""
    words = words_of(text)
    if len(words) == 1 and words[0] in ASKS_ALONE:
        return False
    if re.search(r"\d", text) or any(_asks(w, key_terms) for w in words):
        return False
    if _say_nothing(words, partial=partial):
        return True
    return not partial and _sounds_like_a_backchannel(words, key_terms)


def _asks(word: str, key_terms: frozenset[str]) -> bool:
    """Whether ``word`` alone, in any transcript, is the rep taking the floor: a
    negation, a command, a question word, a number or one of the call's key terms."""
    return word in TAKES_THE_FLOOR or word in NUMBER_WORDS or word in key_terms
