"""Key-term correction for the offline recogniser: words it heard that sound like one of
the call's key terms (the company's product and customer names) become that term.

Moonshine tiny-en knows English, not a remodeler's customers: "Pruitt" comes back as
"prute", "Ochoa" as "Hacho-a", "StoneLap" as "stone lap". Each run of one to three heard
words is compared with each term (and each uncommon word of a term: "Pruitt" of "Karen
Pruitt") by its spelling (rapidfuzz) and its sound (jellyfish's metaphone and
match-rating codes); the closest match, if close enough, replaces the words. What was
really said is left alone:

- a heard word that is ordinary English (Zipf frequency in wordfreq at or above
  ``ORDINARY_ZIPF``) is never replaced, and the more common a rarer word is, the closer
  its match must be; a key term heard right (or its plural) blocks any change around it;
- a run of several words becomes a term of as many words ("Anish Imanski"), each heard
  word rare or heard right, or a one-word term its letters spell, at most one letter off
  ("stone lap" → "StoneLap");
- words and sounds must start alike; numbers, words with digits or inner capitals
  ("StoneFlash", spelled on purpose) and anything across punctuation are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

ORDINARY_ZIPF = 3.0  # "gents" 3.2, "baskets" 3.5; the names we correct to sit at 2.5-3.9
COMMON_TARGET_ZIPF = 4.0  # a name's word this common ("Robert") is heard right
MIN_TARGET_LETTERS = 4
MAX_SPAN = 3
BASE_SCORE = 0.60  # what a heard non-word needs; each Zipf point above 0 adds SCORE_PER_ZIPF
SCORE_PER_ZIPF = 0.06  # "dunnage" (1.6) is not "Donna", "pallets" (3.0) not "Palette"
MIN_COMPOUND_LETTERS = 6  # a one-word term that two or three heard words may spell
# first sounds (metaphone's first letter) a recogniser confuses with each other
_ONSETS = {c: "V" for c in "AEIOUHWY"} | {"B": "P", "0": "T", "D": "T", "X": "S", "N": "M"}
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\S")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")  # "StoneFlash": a name spelled on purpose
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class Correction:
    """One replacement: the words heard and the key term written in their place."""

    heard: str
    term: str
    score: float


@dataclass(frozen=True)
class _Target:
    text: str  # as it is written in the key term
    letters: str
    sound: str  # metaphone
    codex: str  # match-rating codex
    words: tuple[str, ...]  # each word's letters


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int  # of the word, without a possessive "'s"
    is_word: bool


@lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    """How common ``word`` is in English: log10 of its uses per billion words (0: never)."""
    return float(zipf_frequency(word, "en"))


def warm() -> None:
    """Load wordfreq's English list (~1 s) ahead of the first transcript."""
    zipf("the")


def _letters(text: str) -> str:
    return _LETTERS.sub("", text.lower())


def _sound(letters: str) -> str:
    return str(jellyfish.metaphone(letters)) if letters else ""


def _target(text: str) -> _Target:
    letters = _letters(text)
    words = tuple(_letters(w) for w in text.split())
    return _Target(text, letters, _sound(letters), _codex(letters), words)


def _codex(letters: str) -> str:
    return str(jellyfish.match_rating_codex(letters)) if letters else ""


def targets(terms: Iterable[str]) -> list[_Target]:
    """What heard words may turn into: each key term of one to three words, and each
    word of a term that English does not use much ("Pruitt" of "Karen Pruitt") — but
    not a person's first name alone ("Renee", whom "Read me" misheard would become)."""
    out: dict[str, _Target] = {}
    for term in terms:
        words = term.split()
        if any(ch.isdigit() for ch in term):
            words = [w for w in words if w.isalpha()]
        elif 1 < len(words) <= MAX_SPAN:
            out.setdefault(_letters(term), _target(term))
            if all(w[:1].isupper() for w in words):  # a name: "Karen Pruitt"
                words = words[1:]
        # a one-word term that is an English word ("Palette", "Crest") is heard as one;
        # a surname as common is still worth writing as the CRM has it
        common = ORDINARY_ZIPF if len(term.split()) == 1 else COMMON_TARGET_ZIPF
        for word in words:
            letters = _letters(word)
            if len(letters) >= MIN_TARGET_LETTERS and zipf(letters) < common:
                out.setdefault(letters, _target(word))
    return list(out.values())


def _tokens(text: str) -> list[_Token]:
    """Words and the marks between them, with their places in ``text``; a word spelled
    with a capital inside it is left as a mark (never corrected)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        is_word = word[0].isalpha() and not _INNER_CAPITAL.search(word)
        out.append(_Token(word, m.start(), m.start() + len(word), is_word))
    return out


def _spans(tokens: list[_Token]) -> Iterable[tuple[int, int]]:
    """Runs of one to ``MAX_SPAN`` words with only spaces or hyphens between them."""
    for i, first in enumerate(tokens):
        if not first.is_word:
            continue
        j = i
        words = 0
        while j < len(tokens) and words < MAX_SPAN:
            if tokens[j].is_word:
                words += 1
                yield i, j + 1
            elif tokens[j].text not in "-‐":
                break
            j += 1


def _onset(sound: str) -> str:
    return _ONSETS.get(sound[:1], sound[:1])


def score(heard: _Target, target: _Target) -> float:
    """How alike what was heard and a target are, 0..1: spelling, and sound (the closer
    of their metaphone and match-rating codes), half each; 0 when they start with sounds
    a recogniser does not mix up ("gutters" is not "Peterson")."""
    if not heard.letters or _onset(heard.sound) != _onset(target.sound):
        return 0.0
    spelled = fuzz.ratio(heard.letters, target.letters) / 100
    sounded = max(
        Levenshtein.normalized_similarity(heard.sound, target.sound),
        Levenshtein.normalized_similarity(heard.codex, target.codex),
    )
    return (spelled + sounded) / 2


@dataclass(frozen=True)
class _Candidate:
    value: float
    first: int  # token indices [first, last)
    last: int
    target: _Target


class TermCorrector:
    """Corrects transcripts towards one call's key terms (an empty list changes nothing)."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._targets = targets(terms)
        self._known = {t.letters for t in self._targets}

    def __bool__(self) -> bool:
        return bool(self._targets)

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        """``text`` with the runs that sound like a key term replaced by it."""
        if not self._targets or not text:
            return text, []
        tokens = _tokens(text)
        found: list[_Candidate] = []
        for first, last in _spans(tokens):
            if any(self._is_term(_letters(t.text)) for t in tokens[first:last] if t.is_word):
                continue  # a key term heard right, or part of one
            # the words as the recogniser spaced them: "Hacho-a" is one
            best = self._best(text[tokens[first].start : tokens[last - 1].end].split())
            if best is not None:
                found.append(_Candidate(best[0], first, last, best[1]))
        chosen: list[_Candidate] = []
        for cand in sorted(found, key=lambda c: -c.value):
            if all(c.last <= cand.first or cand.last <= c.first for c in chosen):
                chosen.append(cand)
        chosen.sort(key=lambda c: c.first)
        # a name is not said twice in a row: "Elson Estimon" is Ellison and an estimate
        chosen = [
            c
            for n, c in enumerate(chosen)
            if not any(
                o.target == c.target and o.value > c.value and abs(o.first - c.first) <= 3
                for o in chosen[max(0, n - 1) : n + 2]
            )
        ]
        out, corrections, at = [], [], 0
        for cand in chosen:
            start, end = tokens[cand.first].start, tokens[cand.last - 1].end
            out += [text[at:start], cand.target.text]
            corrections.append(Correction(text[start:end], cand.target.text, round(cand.value, 3)))
            at = end
        out.append(text[at:])
        return "".join(out), corrections

    def _is_term(self, word: str) -> bool:
        """``word`` is a target as it is, or its plural ("palettes")."""
        return any(
            word.endswith(end) and word[: len(word) - len(end)] in self._known
            for end in ("", "s", "es")
        )

    def _best(self, words: list[str]) -> tuple[float, _Target] | None:
        """The target these heard words may be, with its score, if any is close enough:
        as many rare words as the target has, or words whose letters spell a one-word
        term."""
        # a hyphenated word is as rare as its rarest part ("pre-cut" is English, "Hacho-a" not)
        freqs = [min(zipf(_letters(p)) for p in re.split(r"[-‐]", w)) for w in words]
        words = [_letters(w) for w in words]
        joined = "".join(words)
        heard = _target(joined)  # its sound codes, once for every target
        need = BASE_SCORE + SCORE_PER_ZIPF * min(freqs)
        best: tuple[float, _Target] | None = None
        for target in self._targets:
            if (
                len(words) > 1
                and len(target.words) == 1
                and len(target.letters) >= MIN_COMPOUND_LETTERS
                and Levenshtein.distance(joined, target.letters) <= 1
            ):
                value = 1.0 - Levenshtein.distance(joined, target.letters) / 10
            elif len(words) == len(target.words) and all(
                f < ORDINARY_ZIPF or w in target.words for w, f in zip(words, freqs, strict=True)
            ):  # each heard word rare, or heard right ("Karen prute" → "Karen Pruitt")
                value = score(heard, target)
                if value < need:
                    continue
            else:
                continue
            if best is None or value > best[0]:
                best = (value, target)
        return best
