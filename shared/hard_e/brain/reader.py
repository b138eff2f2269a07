"""What a rep means when no rule is sure: the labelled example it is nearest to.

The rules (``rules``) are exact and come first; this reader is asked only when they find
nothing, for phrasing nobody wrote a rule for ("any chance you know what Peterson still
owes"). It holds short labelled examples per intent (``exemplars.txt``), the families
intents belong to (``families.txt``) and ordinary and out-of-scope requests that anchor
"say plainly I can't" (``ordinary.txt``, family ``admit``), and scores a message by
TF-IDF cosine to its nearest example — over words, word pairs and letter runs, so a typo
("hwo much is owd") still lands near its word. Names, days, times and numbers are read as
what they are, not as words ("the Keller job" and "the Ochoa job" are the same request).

An intent is taken only on clear evidence: the best example scores at least ``ACCEPT`` and
beats the best of every other family by ``MARGIN``; an action (send, move, create, book)
needs ``ACT_ACCEPT`` and ``ACT_MARGIN``. Anything nearer an ordinary request, a product
question, or too close to call is left alone: the brain then admits it (or the documents
answer it), because a wrong confident answer is worse than admitting.

Letters and words miss phrasing that shares no word with any example ("anything overdue
for Luis" is "any tasks overdue"), so the reader also scores by meaning: the cosine of
sentence embeddings (``hard_e.text.meaning``) of the message and each example, masked
the same way. Meaning alone is not evidence (static embeddings put "play some music" near
"what's our total in play"), so it decides only with the words: a message the words left
undecided is taken when both point at the same intent, the words at least
``MEANING_SUPPORT`` and meaning at ``MEANING_ACCEPT`` with ``MEANING_MARGIN`` (stronger for
an action); and an intent the words took is left alone when meaning is nearer an
ordinary or out-of-scope request by ``MEANING_VETO``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from hard_e.text import STOP_WORDS, stem
from hard_e.text.dates import find_day, find_time
from hard_e.text.fuzzy import closest
from hard_e.text.meaning import available, embed
from hard_e.text.polite import unwrap
from hard_e.text.shorthand import CHAT
from hard_e.text.words import word_set

ACCEPT = 0.4
MARGIN = 0.1
ACT_ACCEPT = 0.5
ACT_MARGIN = 0.15
STOP_WEIGHT = 0.4  # a small word ("how", "is") says less than "owe" or "stage"
PAIR_WEIGHT = 0.7  # and a pair with a small word in it less than two real words
PLACE_WEIGHT = 0.6  # "<name>" says a name was there, not which request
UNEXPLAINED = 0.85  # the score kept for each meaningful word the example doesn't have
PLAIN_ACCEPT = 0.7  # the bar for a message of only small words
UNKNOWN_PENALTY = 0.6  # the score kept for each name more than the example's
# By meaning (see the module): measured on the reader's calls over every labelled set.
MEANING_SUPPORT = 0.3
MEANING_ACCEPT = 0.65
MEANING_MARGIN = 0.1
ACT_MEANING_ACCEPT = 0.75
ACT_MEANING_MARGIN = 0.15
MEANING_VETO = 0.1
# Requests that change something, reach a customer or open a draft: a stronger bar.
ACTIONS = frozenset(
    {
        "send_text",
        "send_email",
        "move_stage",
        "add_note",
        "create_task",
        "book_appointment",
        "create_job",
        "new_customer",
        "sales_script",
    }
)
# Families whose nearest example means "not for the reader to claim".
LEAVE = frozenset({"admit", "product"})

_WORD = re.compile(r"<\w+>|[a-z0-9]+(?:'[a-z]+)?|#(?![\w-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"\$?\d[\d,.:]*(?:\s?(?:am|pm|a\.m\.|p\.m\.))?")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CAPITAL = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:'s)?")
_DAYS = word_set(
    "today tonight tomorrow tmrw yesterday monday tuesday wednesday thursday friday saturday "
    "sunday mon tue tues thu thur thurs fri weekend"
)


# Where the words for a customer, a note or a task begin ("… saying we're late", "… that
# the gate is locked", "a task for Marcus to call …"): what follows is content, not request.
_BODY = re.compile(
    r"\b(?:saying|to say|that says|tell(?:ing)? (?:him|her|them)(?: that)?|"
    r"let(?:ting)? (?:him|her|them) know(?: that)?)\s+|:\s+|"
    r"\bthat (?=(?:we|we're|we'll|i|i'm|i'll|the|your|his|her|their|our|it|it's|she|he|they|"
    r"you|there|there's)\b)|"
    r"\b(?:task|to-?do|reminder|remind (?:me|\w+))\b.*?\bto (?=\w)",
    re.IGNORECASE,
)


def split_body(message: str) -> tuple[str, str]:
    """(the request, the content it carries): "text Linda saying we're late" →
    ("text Linda", "we're late"); (message, "") when it carries none. A task keeps its
    "… for Marcus to" in the request."""
    m = _BODY.search(message)
    if m is None or not message[m.end() :].strip(" .!?"):
        return message, ""
    task = m.group().rstrip().endswith(" to")
    if m.start() == 0 and not task:
        return message, ""
    head = message[: m.end()] if task else message[: m.start()]
    return head.strip(), message[m.end() :].strip(" .!?")


@dataclass(frozen=True)
class Reading:
    """The reader's verdict: the intent (None when it leaves the message alone), how near
    the best example was, and how far ahead of the next family."""

    intent: str | None
    score: float
    margin: float
    example: str


def _lines(name: str) -> list[str]:
    text = resources.files("hard_e.brain").joinpath(name).read_text(encoding="utf-8")
    return [s for s in (line.strip() for line in text.splitlines()) if s and s[0] != "#"]


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Every word the examples use: a word outside them is probably a name."""
    words: set[str] = set(STOP_WORDS)
    for line in _lines("exemplars.txt") + _lines("ordinary.txt"):
        said = line.rpartition("=>")[0] if "=>" in line else line
        words.update(w for w in _WORD.findall(_PLACEHOLDER.sub(" ", said.lower())))
    return frozenset(words)


def shape(message: str) -> list[str]:
    """The words of a message as the reader compares them: without its polite wrapper,
    lower case, typos of known words fixed, and names, days, times, numbers and addresses
    as placeholders. A word nobody taught the reader is a name; spelled with a capital
    inside the message it is one for sure, and its letters are not compared."""
    return [w for w, _ in _shaped(message)]


def _shaped(message: str) -> list[tuple[str, str]]:
    return list(_shaped_once(message))


@lru_cache(maxsize=512)
def _shaped_once(message: str) -> tuple[tuple[str, str], ...]:
    """(placeholder or known word, the word as typed when it was not recognised)."""
    head, body = split_body(unwrap(message))
    text = _EMAIL.sub(" <email> ", head) + (" <body>" if body else "")
    text = _PLACEHOLDER.sub(lambda m: f" <{m[1]}> ", text)
    text = _NUMBER.sub(" <num> ", text)
    capitals = {m.group().lower() for m in _CAPITAL.finditer(text)}
    known = _known()
    words: list[tuple[str, str]] = []
    for word in _WORD.findall(text.lower()):
        if word.startswith("<"):
            words.append((word, ""))
            continue
        bare = word[:-2] if word.endswith("'s") else word
        if bare in _DAYS:
            words.append(("<day>", ""))
        elif bare in known and bare not in capitals:
            words.append((bare, ""))
        elif bare in capitals:
            if words and words[-1][0] == "<name>":
                continue
            words.append(("<name>", ""))
        else:
            fixed = _typo_of(bare)
            if fixed in _DAYS:
                words.append(("<day>", ""))
            elif fixed:
                words.extend((w, "") for w in fixed.split())  # "gimme": "give me"
            elif words and words[-1][0] == "<name>":  # "Linda Albright": one name
                words[-1] = ("<name>", f"{words[-1][1]} {bare}".strip())
            else:
                words.append(("<name>", bare))
    return tuple(words)


# Words too common in requests to show which one is meant ("how much is a permit" is no
# "how much is {name} owing").
_WEAK = word_set(
    "much many long need want know tell give show get see look find check let make think go "
    "going good right one ones thing please thanks quick"
)


def _content(shaped: list[tuple[str, str]]) -> frozenset[str]:
    """The words that carry meaning (not small or common ones, not placeholders), stemmed."""
    return frozenset(
        stem(w)
        for w, _ in shaped
        if not w.startswith("<") and w not in STOP_WORDS and w not in _WEAK
    )


def _names_in(shaped: list[tuple[str, str]]) -> int:
    return sum(1 for w, _ in shaped if w == "<name>")


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*")
_NOT_NAMES = frozenset({"i", "i'm", "i'll", "i'd", "hard-e", "leap", "ok", "okay"})


def names(message: str) -> list[tuple[str, int]]:
    """The names a message says, in its own spelling, each with where it ends: runs of
    words the reader does not know (or that are written with a capital inside the
    message), days left out. "could you text Linda Albright's husband" → Linda Albright."""
    capitals = {m.start() for m in _CAPITAL.finditer(message)}
    known = _known()
    found: list[tuple[str, int]] = []
    start = end = -1
    for m in _TOKEN.finditer(message):
        word = m.group().lower().rstrip(".")
        bare = re.sub(r"['\u2019]s$", "", word)
        day = bare in _DAYS or _typo_of(bare) in _DAYS
        unknown = bare not in known and _typo_of(bare) is None
        name = not day and bare not in _NOT_NAMES and (m.start() in capitals or unknown)
        if name and start >= 0 and message[end : m.start()].strip() == "":
            end = m.start() + len(re.sub(r"['\u2019]s\.?$|\.$", "", m.group()))
        elif name:
            if start >= 0:
                found.append((message[start:end], end))
            start, end = m.start(), m.start() + len(re.sub(r"['\u2019]s\.?$|\.$", "", m.group()))
        elif start >= 0:
            found.append((message[start:end], end))
            start = -1
        if name and word != bare and start >= 0:  # "Beckett's": the name ends here
            found.append((message[start:end], end))
            start = -1
    if start >= 0:
        found.append((message[start:end], end))
    return found


@lru_cache(maxsize=1)
def _by_letter() -> dict[str, list[str]]:
    """The known words by first letter (a typo keeps its first letter, see ``closest``)."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for word in sorted(_known()):
        grouped[word[:1]].append(word)
    return grouped


@lru_cache(maxsize=4096)
def _typo_of(word: str) -> str | None:
    """The known word ``word`` is a typo (or chat spelling) of: as ``closest`` says, or a
    short word with one letter left out ("gve" is "give")."""
    if word in CHAT:  # "hw much does duffy owe", "who shud i call"
        return CHAT[word]
    if len(word) < 3:
        return None
    found = closest(word, _by_letter().get(word[:1], []))
    if found is None and len(word) == 3:
        found = next(
            (
                k
                for k in _by_letter().get(word[:1], [])
                if len(k) == 4 and any(k[:i] + k[i + 1 :] == word for i in range(1, 4))
            ),
            None,
        )
    return found


def _features(shaped: list[tuple[str, str]]) -> dict[str, float]:
    """Words (stemmed), word pairs, and letter runs of the words (of a word not
    recognised too, so "whoo" is still near "who" — but not of a capitalised name)."""
    feats: dict[str, float] = defaultdict(float)
    content = [w if w.startswith("<") else stem(w) for w, _ in shaped]
    for w, (said, _) in zip(content, shaped, strict=True):
        feats[f"w:{w}"] += (
            STOP_WEIGHT if said in STOP_WORDS else PLACE_WEIGHT if w[0] == "<" else 1.0
        )
    for (a, b), (x, y) in zip(pairwise(content), pairwise(shaped), strict=True):
        small = int(x[0] in STOP_WORDS) + int(y[0] in STOP_WORDS)
        if small < 2:  # "what are": no evidence; "how much": a little
            feats[f"b:{a} {b}"] += PAIR_WEIGHT if small else 1.0
    for word, typed in shaped:
        letters = typed or word
        if letters.startswith("<") or letters in STOP_WORDS:
            continue
        for part in letters.split():
            padded = f" {part} "
            for i in range(len(padded) - 3):
                feats[f"c:{padded[i : i + 4]}"] += 0.25
    return feats


@dataclass
class _Index:
    labels: list[str]
    examples: list[str]
    family: dict[str, str]
    idf: dict[str, float]
    names: NDArray[np.float32]
    content: list[frozenset[str]]
    postings: dict[str, tuple[NDArray[np.intp], NDArray[np.float32]]]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Built once (at warm-up): every example's weighted features, by feature."""
    family: dict[str, str] = {}
    for line in _lines("families.txt"):
        name, _, members = line.partition(":")
        for intent in members.split():
            family[intent] = name.strip()
    labels, examples = [], []
    for line in _lines("exemplars.txt"):
        said, _, intent = line.rpartition("=>")
        labels.append(intent.strip())
        examples.append(said.strip())
    for line in _lines("ordinary.txt"):
        labels.append("admit")
        examples.append(line)
    family.setdefault("admit", "admit")
    shaped = [_shaped(e) for e in examples]
    vectors = [_features(x) for x in shaped]
    named = np.array([_names_in(x) for x in shaped], dtype=np.float32)
    df: dict[str, int] = defaultdict(int)
    for v in vectors:
        for f in v:
            df[f] += 1
    n = len(vectors)
    idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
    rows: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, v in enumerate(vectors):
        weighted = {f: (1 + math.log(x)) * idf[f] if x >= 1 else x * idf[f] for f, x in v.items()}
        norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
        for f, x in weighted.items():
            rows[f].append((i, x / norm))
    postings = {
        f: (np.array([i for i, _ in r], dtype=np.intp), np.array([x for _, x in r], np.float32))
        for f, r in rows.items()
    }
    content = [_content(x) for x in shaped]
    return _Index(labels, examples, family, idf, named, content, postings)


def _said(shaped: list[tuple[str, str]]) -> str:
    """The words meaning is read from: the reader's own (typos fixed), placeholders left
    out, so "the Keller job" and "the {name} job" read alike."""
    return " ".join(w for w, _ in shaped if not w.startswith("<"))


@lru_cache(maxsize=1)
def _meanings() -> NDArray[np.float32]:
    """Every example's meaning, one unit row each (a row of zeros for an example of only
    placeholders)."""
    vectors = embed([_said(_shaped(e)) for e in _index().examples])
    return np.nan_to_num(vectors, nan=0.0)


def meaning_scores(message: str) -> list[tuple[float, str, str]]:
    """(cosine by meaning, intent, example) for the best example of each intent, best
    first; a name more than the example has room for counts against it, as in ``scores``.
    Empty without the model (a Lambda bundle): the words decide alone."""
    if not available():
        return []
    index = _index()
    shaped = _shaped(message)
    said = _said(shaped)
    if not said:
        return []
    vector = embed([said])[0]
    if not np.isfinite(vector).all():
        return []
    cosine = _meanings() @ vector
    extra = np.maximum(0.0, _names_in(shaped) - index.names)
    cosine *= np.power(np.float32(UNKNOWN_PENALTY), extra)
    best: dict[str, tuple[float, str]] = {}
    for i in np.argsort(-cosine):
        label = index.labels[int(i)]
        if label not in best:
            best[label] = (float(cosine[int(i)]), index.examples[int(i)])
    return sorted(((s, label, e) for label, (s, e) in best.items()), reverse=True)


def warm() -> None:
    """Build the index now, so the first turn that needs it does not pay for it."""
    _index()
    _by_letter()
    if available():
        _meanings()


def scores(message: str) -> list[tuple[float, str, str]]:
    """(cosine, intent, example) for the best example of each intent, best first. An
    example that shares no meaningful word with the message ("how ya holding up" and
    "how's {name} doing on sales" share only "how") does not count, unless neither has
    one ("how are things going")."""
    index = _index()
    shaped = _shaped(message)
    feats = _features(shaped)
    weighted = {
        f: ((1 + math.log(x)) if x >= 1 else x) * index.idf[f]
        for f, x in feats.items()
        if f in index.idf
    }
    norm = math.sqrt(sum(x * x for x in weighted.values()))
    if not norm:
        return []
    postings = [index.postings[f] for f in weighted]
    rows = np.concatenate([r for r, _ in postings])
    values = np.concatenate(
        [v * np.float32(x / norm) for (_, v), x in zip(postings, weighted.values(), strict=True)]
    )
    total = np.bincount(rows, weights=values, minlength=len(index.labels)).astype(np.float32)
    # a word nobody taught the reader, beyond the names an example has room for, is
    # evidence against it ("how tall is the Eiffel tower" is no "how's {name} doing")
    extra = np.maximum(0.0, _names_in(shaped) - index.names)
    total *= np.power(np.float32(UNKNOWN_PENALTY), extra)
    said = _content(shaped)
    best: dict[str, tuple[float, str]] = {}
    top = np.argpartition(-total, 30)[:30] if len(total) > 30 else np.arange(len(total))
    for i in top[np.argsort(-total[top])]:
        label, has = index.labels[int(i)], index.content[int(i)]
        if not (said & has or not (said or has)):
            continue
        score = float(total[int(i)]) * UNEXPLAINED ** len(said - has)  # "how *thick* is …"
        if label not in best or score > best[label][0]:
            best[label] = (score, index.examples[int(i)])
    return sorted(((s, label, e) for label, (s, e) in best.items()), reverse=True)


def _lead(ranked: list[tuple[float, str, str]]) -> tuple[float, str, str, float]:
    """The best (score, intent, example) and how far it is ahead of the next family."""
    family = _index().family
    score, intent, example = ranked[0]
    mine = family.get(intent, intent)
    other = next((s for s, i, _ in ranked[1:] if family.get(i, i) != mine), 0.0)
    return score, intent, example, score - other


def reading(message: str) -> Reading:
    """The intent ``message`` is nearest to, when the evidence is clear (see the module)."""
    ranked = scores(message)
    if not ranked:
        return Reading(None, 0.0, 0.0, "")
    family = _index().family
    score, intent, example, margin = _lead(ranked)
    accept, ahead = (ACT_ACCEPT, ACT_MARGIN) if intent in ACTIONS else (ACCEPT, MARGIN)
    if not _content(_shaped(message)):  # only small words ("how are things going"): near
        accept = max(accept, PLAIN_ACCEPT)
    if family.get(intent, intent) in LEAVE:
        return Reading(None, score, margin, example)
    by_meaning = meaning_scores(message)
    if score >= accept and margin >= ahead:
        if by_meaning and family.get(by_meaning[0][1]) in LEAVE:
            near = next((s for s, i, _ in by_meaning if i == intent), 0.0)
            if by_meaning[0][0] - near >= MEANING_VETO:  # means an ordinary request
                return Reading(None, score, margin, example)
        return Reading(intent, score, margin, example)
    if not by_meaning or score < MEANING_SUPPORT or by_meaning[0][1] != intent:
        return Reading(None, score, margin, example)
    near, _, like, ahead_by = _lead(by_meaning)
    accept, ahead = (
        (ACT_MEANING_ACCEPT, ACT_MEANING_MARGIN)
        if intent in ACTIONS
        else (MEANING_ACCEPT, MEANING_MARGIN)
    )
    if near < accept or ahead_by < ahead:
        return Reading(None, score, margin, example)
    return Reading(intent, near, ahead_by, like)


def day_and_time(message: str) -> dict[str, str]:
    """The day and time a message names, as the handlers read them."""
    day, time = find_day(message), find_time(message)
    return {k: v for k, v in (("day", day or ""), ("time", time or "")) if v}
