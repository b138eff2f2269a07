"""Which thing the question asks about: the object of "the X on Y", a yes/no question's
subject, what is offered, priced or counted, the kind it ends on, a thing named in two."""

from __future__ import annotations

import itertools
import re

from hard_e.brain.reading.words import _FRAMING, _MEASURES, _PARTICLES, _RELATIONS
from hard_e.text.search import tokenize


def _compound(question: str, asked: set[str], names: set[str] | None = None) -> set[str]:
    """Key terms said right beside another, with no word between: one thing named in
    two words ("metal roof", "roofing nails", "aluminium soffit") — not a product's name
    and its kind ("DoubleLock panels"), where the name alone says which."""
    return set().union(*_compounds(question, asked, names))


def _compounds(
    question: str, asked: set[str], names: set[str] | None = None
) -> list[tuple[str, str]]:
    """The two-word things of `_compound`, each as a pair ("casement", "flanker")."""
    terms = [tokenize(word) for word in re.findall(r"[\w'/.:-]+", question)]
    out: list[tuple[str, str]] = []
    for a, b in itertools.pairwise(terms):
        pair = (a[-1], b[0]) if a and b else ("", "")
        if pair[0] != pair[1] and set(pair) <= asked and not set(pair) & (names or set()):
            out.append(pair)
    return out


_KINDS = frozenset({"warranty", "warranties", "guarantee", "guarantees", "coverage"})
"""What the trade has many of, told apart by the word before: "the *no-leak* warranty",
"our *workmanship* guarantee", "the *paint* warranty"."""


def _which_kind(question: str) -> set[str]:
    """The word that says which warranty or guarantee the question asks about, when it
    names one: an answer about another one (the gutters' warranty, a heat cable's) is
    no answer, however much else it shares."""
    said = re.findall(r"[\w'/.:-]+", question.lower())
    return {
        term
        for a, b in itertools.pairwise(said)
        if b in _KINDS and (terms := tokenize(a))
        for term in terms[-1:]
        if not term[0].isdigit() and term not in _FRAMING | _SPANS
    }


_SPANS = frozenset(tokenize("year years month months day days week weeks"))


def _last_thing(question: str) -> tuple[str, str] | None:
    """The question's last two words when both are search terms: the thing it ends on,
    and the word that says which kind ("a mobile home", "a google review")."""
    said = re.findall(r"[\w'/.:-]+", question)
    terms = [tokenize(w) for w in said[-2:]]
    if len(terms) != 2 or any(len(t) != 1 for t in terms) or terms[0][0][0].isdigit():
        return None
    if len(said) > 2 and said[-3].lower() in _SUBJECTS:  # "if it *starts raining*": a verb
        return None
    if terms[1][0] in _FRAMING | _PARTICLES:  # "when it's cold out", "where does it go"
        return None
    if terms[0][0] in _PARTICLES | _RELATIONS:  # "go *through insurance*": no kind of it
        return None
    if terms[0][0] in _FRAMING:  # "should it *get inspected*": a verb, no kind of it
        return None
    return terms[0][0], terms[1][0]


_SUBJECTS = frozenset({"i", "you", "we", "they", "it", "he", "she", "who", "that"})


_OBJECT = re.compile(
    r"\bwhat(?:'s|s| is| are)? (?:the |a |an |our |your |their )?(?:[\w-]+ ){0,2}?[\w-]+"
    r" (?:on|of|for) (?:the |a |an |our |your |their |this |that )?"
    r"(?P<o>[\w-]+(?: (?:and )?[\w-]+){0,3})",
    re.I,
)


_OBJECT_END = re.compile(
    r"\b(?:is|are|do|does|did|can|should|will|would|when|if|in|on|at|from|after|before|"
    r"we|i|you|they|it)\b.*",
    re.I,
)


def _object_of(question: str) -> set[str]:
    """What "what's the *X* on/of/for …" asks X of: "the fire rating on *board and
    batten*", "the warranty on *aluminium soffit*"; an answer must be about it."""
    found = _OBJECT.search(question)
    if not found:
        return set()
    phrase = _OBJECT_END.sub("", found.group("o"))
    return {
        t
        for t in tokenize(phrase)
        if t not in _FRAMING | _MEASURES | _PARTICLES | _RELATIONS and not t[0].isdigit()
    }


_SUBJECT = re.compile(
    r"^\W*(?:can|could|should|may|will|would|do|does) (?:we|i|you|they|the crew) "
    r"(?:use|put|install|run|lay|apply|hang) (?:the|a|an|our|their|this|that) "
    r"(?P<s>[\w-]+(?: [\w-]+){0,2}?) (?=(?:as|on|over|under|behind|in|for|with|to)\b)|"
    r"^\W*(?:can|could|should|may|will|would|do|does|is|are) (?:the|a|an|our|their|this|that) "
    r"(?P<t>[\w-]+(?: [\w-]+){0,2}?) (?=(?:go|goes|be|get|stay|sit|work|run|hold)\b)",
    re.I,
)


def _subject(question: str) -> set[str]:
    """What a yes/no question asks about: "can we use *the wrap* as …", "can *the house
    wrap* go on over foam" — a passage that never says it is about something else."""
    found = _SUBJECT.search(question)
    if not found:
        return set()
    phrase = found.group("s") or found.group("t")
    return {t for t in tokenize(phrase) if t not in _FRAMING and not t[0].isdigit()}


_OFFER = re.compile(
    r"^\W*(?:do|does|did|can|will|would)\b.*?\b(?:come|comes) with|"
    r"^\W*(?:do|does|did|can|will|would)\b(?: \w+){1,3} (?:make|sell|offer|carry|stock)\b",
    re.I,
)


def _offered(question: str) -> set[str]:
    """What a question asks whether a product comes with or a maker sells: "do vented
    skylights come with *a bug screen*", "does Palisade make *metal shingles*" — the
    answer must name that thing itself."""
    return _thing_after(_OFFER, question, _UNTIL)


# where the thing asked after a verb ends: "come with *a bug screen* for the patio door"
_UNTIL = r"\b(?:if|when|for|on|in|at|to|with|so)\b|[?.!,]"


def _thing_after(asking: re.Pattern[str], question: str, until: str) -> set[str]:
    """The words of the thing said after what ``asking`` finds, up to ``until``."""
    found = asking.search(question)
    if not found:
        return set()
    rest = re.split(until, question[found.end() :])[0]
    return {t for t in tokenize(rest) if t not in _FRAMING and not t[0].isdigit()}


# "do we *install* skylights", "do you guys put in gutter guards": work we take on
_SERVICE = re.compile(
    r"^\W*(?:do|does|can|will|would|could)\s+(?:we|you|you guys|y'?all|our (?:crews?|guys))\s+"
    r"(?:ever |even |also |still )?(?:install|do|put in|put on|put up|handle|work on|"
    r"replace|repair|fix|service|take on)\b",
    re.I,
)


def _serviced(question: str) -> set[str]:
    """What a question asks whether the company does as work: "do we install
    *skylights*" — a passage about other work that lists skylights (flashing around
    them) is no answer; one about skylights is."""
    return _thing_after(_SERVICE, question, r"\bor\b|" + _UNTIL)  # "skylights or not"


_PRICED = re.compile(
    r"\bhow much (?:does|do|is|are|would|will) (?:a |an |the |one |our )?(?P<x>[\w -]+?)"
    r" (?:cost|costs|run|go for|sell for)\b|"
    r"\bwhat(?:'s|s| is| does)? (?:the )?(?:price|cost) (?:of|on|for) (?:a |an |the |one )?"
    r"(?P<y>[\w -]+)|"
    r"\bhow much (?:is|are) (?:a |an |the |one |our )?(?P<w>[\w -]+?)"
    r"(?= (?:for|on|in|at|with)\b|\W*$)|"
    r"\bhow much (?:should|do|can|would|will) (?:we|i|you) (?:charge|ask|quote|bill)"
    r"(?: (?:a|an|the|our|their) [\w-]+)? (?:for|per) (?:a |an |the |one )?(?P<z>[\w -]+)",
    re.I,
)


def _priced(question: str) -> set[str]:
    """What a question asks the price of: "how much does *a replacement dome* for a sun
    tunnel cost", "how much is *a post cap* for …", "how much should we charge per *square
    installed*" — a price of something else (the tunnel's, the delivery's) is no answer."""
    found = _PRICED.search(question)
    if not found:
        return set()
    phrase = re.split(r"\b(?:for|on|with|in|at|if|per)\b", next(g for g in found.groups() if g))[0]
    phrase = _PACKED.sub("", phrase)  # "a *roll* of the drain wrap": the wrap is priced
    return {t for t in tokenize(phrase) if t not in _FRAMING | _MEASURES and not t[0].isdigit()}


_PACKED = re.compile(
    r"^\s*(?:roll|rolls|box|boxes|bundle|bundles|pallet|pallets|case|cases|bag|bags|tube|tubes|"
    r"sheet|sheets|piece|pieces|pail|pails|bucket|buckets|carton|cartons) of (?:the |a |an |our )?",
    re.I,
)


def _head(question: str, thing: set[str]) -> str | None:
    """The last word the question says of a thing, its kind: "the rainscreen *tape*" (the
    caller leaves out what names a maker or a material: "the heritage *vinyl*")."""
    said = [t for t in tokenize(question) if t in thing]
    return said[-1] if said else None


def _amount_of(question: str, asked: set[str]) -> str | None:
    """What "how much …" measures, the last word of its noun ("how much attic
    *ventilation* do we need"); None for a price or when it isn't a key term."""
    found = re.search(
        r"\bhow much ((?:[\w-]+ ){0,2}?[\w-]+?)(?= (?:do|does|did|is|are|can|should|will|would|"
        r"goes|go|we|i|you|they|in|on|for|of|per|to)\b|[?.!,]|$)",
        question,
        re.I,
    )
    if not found:
        return None
    terms = [t for t in tokenize(found.group(1)) if t not in _FRAMING | _MEASURES]
    return terms[-1] if terms and terms[-1] in asked else None


_HOW_MANY = re.compile(
    r"\bhow many ((?:[\w-]+ ){0,3}?[\w-]+?)(?= (?:do|does|did|is|are|can|"
    r"should|will|would|go|come|comes|fit|make|in|on|per|for|to|of|get|"
    r"we|i|you|they)\b|[?.!,]|$)",
    re.I,
)


def _counted(question: str) -> set[str]:
    """What "how many …" counts: "how many *bundles* fit on a pallet", "how many
    *StoneFlash pieces* in a box"; any of its words may be the one counted."""
    found = _HOW_MANY.search(question)
    return set(tokenize(found.group(1))) - _FRAMING - _MEASURES - _PARTICLES if found else set()


def _counted_head(question: str) -> str | None:
    """The thing "how many …" counts, the last word of its noun: "how many post cap
    *lights*" — what the answer's number must be of ("up to 30 lights")."""
    found = _HOW_MANY.search(question)
    skip = _FRAMING | _MEASURES | _PARTICLES  # "how many weeks *out*": the weeks are counted
    terms = [t for t in tokenize(found.group(1)) if t not in skip] if found else []
    return terms[-1] if terms else None
