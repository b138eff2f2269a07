"""Reading the question: its key terms, the figures it names and the kind it asks for,
whether it is a yes or no, the attribute asked, a pitch said aloud, the unit it ends on."""

from __future__ import annotations

import re

from hard_e.brain.reading.words import _FRAMING, _MEASURES, _PARTICLES
from hard_e.text.number_words import below_twenty, tens
from hard_e.text.search import tokenize

_SUM = r"(?:deposit|discount|down payment|fee|rebate|surcharge|markup|dealer fee)s?"
"""A sum of money: "how big a *deposit*" asks for an amount or a share, not a size."""


_ASKS: tuple[tuple[str, str], ...] = (
    (  # asking what something costs — not a price mentioned ("my price is too high")
        r"\bwhat(?:'s|s| is| are) the (?:[\w-]+ ){0,2}?amount\b|"  # "the rebate amount": a sum
        r"\bhow much\b[^.?!]*\b(?:cost|costs|charge|charges|run|pay|price)\b|"
        r"\bhow much (?:is|are|would|will)\b(?![^.?!]*\b(?:weigh|cover|overlap|gap|hold|take|"
        r"lap|grow|shrink|expand|move)\b)|"
        r"\bwhat(?:'s|s| is| are| does| do| would| will)?\b[^.?!]{0,40}\b(?:cost|costs|price|"
        r"prices|priced|pricing|charge)\b|\b(?:price|cost|costs) (?:per|of|for|on|to)\b|"
        r"\bhow much (?:extra |more )?(?:to|for) (?!(?:long|many)\b)|\bupcharge\b|"
        r"\b(?:is there|are there|any)\b[^.?!]*\b(?:discounts?|fees?|surcharges?)\b|"
        r"\bhow (?:big|large|small) (?:of )?(?:a |an )?" + _SUM + r"\b",  # "how big a deposit"
        "price",
    ),
    (
        r"\bhow (?:long|soon) (?:does|do|did|will|would|is it|until|before|till|to)\b"
        r".*\b(?:take|get|ship|wait|arrive|last|have|register|file)\b|\blead time\b|\bhow soon\b|"
        r"\bhow many (?:days|weeks|months|years|hours)\b|\bhow (?:fast|quickly|quick)\b|"
        r"\bhow much (?:longer|sooner|later)\b|\bfor how long\b|"
        r"\bhow long (?:is|are|does|do) (?:[\w-]+ ){0,4}?"
        r"(?:warranty|warranties|period|coverage|guarantee|lead|quote|bid|offer|good|valid|last|"
        r"take|wait|warrantied|warranted|guaranteed|covered)\b|"
        # "what's the warranty on the clips", "warranty on X": a term is what it is
        r"^\W*(?:what(?:'s|s| is| are)? (?:the |our |your |their )?)?(?:[\w-]+ )?"
        r"(?:warranty|warranties|guarantee) (?:on|for)\b",
        "duration",
    ),
    (
        r"\bhow (?:thick|wide|tall|high|deep|far|close|long|tight|loose|snug|"
        r"big(?! (?:of )?(?:a |an )?" + _SUM + r"\b))\b|"
        r"\bwhat(?:'s|s| is| are)?(?: the)? "
        r"(?:size|sizes|width|widths|length|thickness|gap|clearance|spacing|exposure|reveal|"
        r"overlap|depth|frame depth)\b|"
        r"\bhow many (?:inches|feet|ft)\b|\bhow much (?:gap|overlap|clearance|space)\b|"
        # "how much *shorter* than the opening": a difference in length ("1/4 in short")
        r"\bhow much (?:shorter|wider|narrower|taller|thicker|thinner|deeper|higher|lower|"
        r"bigger|smaller|further|farther|closer)\b|"
        r"\b(?:widest|narrowest|tallest|shortest|thickest|thinnest|deepest|shallowest)\b",
        "length",
    ),
    (r"\bhow heavy\b|\bweigh|\bweight\b", "weight"),
    (
        r"\bwhere (?:\w+ )?(?:does|do|should|must|can|is|are) (?:\w+ ){1,5}(?:go|goes|sit|sits|"
        r"start|starts|end|ends|land|lands|placed|put|located)\b",
        "place",
    ),
    (r"\bwind (?:rating|speed)|\bmph\b|\bhow windy\b|\bwindiest\b", "speed"),
    (
        r"\btemperature\b|\bdegrees\b|\bhow (?:cold|hot|warm)\b|\b(?:coldest|hottest|warmest)\b",
        "temperature",
    ),
    (r"\bpercent|\bwaste\b|\bhow much more\b", "share"),
    (r"\bhow long\b", "duration"),  # "how long is the plank": a length first, then a time
    (
        r"\bhow many\b|\bhow much\b|\bminimum\b|\bmaximum\b|\blowest\b|\bhighest\b|\bwhat(?:'s| is)"
        r" the (?:[\w-]+ ){0,3}?(?:rating|r[- ]?value|u[- ]?factor|shgc|lrv)\b|"
        r"\bwhat (?:gauge|gage)\b",  # a gauge: a number of its own
        "count",
    ),
)


_YES_NO = re.compile(
    r"^\W*(?:can|could|is|are|does|do|should|will|would|may|am)\b|\bok\b|\ballowed\b|"
    r"\b(?:can|could|should|may|do|does) (?:we|i|you|they|it|he|she)\b|"
    r"\b(?:if|whether) (?:we|i|you|they|he|she) (?:can|could|may|should)\b",  # asked if we can
    re.I,
)


# "how many days does it take": a question for a figure, not a yes or no.
_WH = re.compile(r"^\W*(?:how|what|what's|whats|which|where|when|who|why)\b", re.I)


def key_terms(question: str) -> set[str]:
    """What the question is about: its search terms without the framing words (all of
    them when that leaves nothing: "they need to think about it, what now?"); a framing
    word after "the" or "a" names a thing ("does *the handle* come with the door")."""
    question = _MADE_OF.sub(" ", question)  # what it is made of: a material, not "made"
    found = [t for t in tokenize(question) if len(t) > 1 or t.isdigit()]
    named = set(tokenize(" ".join(_NAMED_AFTER.findall(question)))) & _THINGS
    return {t for t in found if t not in _FRAMING or t in named} or set(found) - _BARE


_MADE_OF = re.compile(r"\b(?:made|manufactured|built) (?:of|from|out of|with)\b", re.I)


_NAMED_AFTER = re.compile(r"\b(?:the|a|an|our|your|its|their) ([\w-]+)", re.I)


_THINGS = frozenset(tokenize("handle handles finish look work quote spec"))


_BARE = frozenset(tokenize("now then what ok okay hey so well tell told say said"))


def _figures(asked: set[str]) -> set[str]:
    """The figures a question names that an answer must hold: "7.25", "24", "5/4" —
    not the "one" or "two" of everyday speech ("one tube", "a two story")."""
    return {t for t in asked if t[0].isdigit() and not re.fullmatch(r"[012]", t)}


def _asks_for(question: str) -> list[str]:
    """The kinds of figure the question asks for, most specific first."""
    found = [kind for pattern, kind in _ASKS if re.search(pattern, question, re.IGNORECASE)]
    return list(dict.fromkeys(found))


_PITCH = re.compile(
    r"\b(\d{1,2})(?:[ -]?(?:in |on |over |and )?| ?/ ?)12(?= ?(?:[a-z]+ )?(?:pitch|slope|roof)\b)"
)


def spoken_figures(question: str) -> str:
    """A roof pitch said aloud ("a three twelve pitch", which the speech normaliser makes
    "312 pitch", or "3 in 12") written the way the documents write it: "3:12 pitch"; and
    thousands said short ("on 10k", "a $2.5k job") written out: "10,000", "$2,500"; and
    amps as "20 A"."""
    spelled = _SPELLED_PITCH.sub(lambda m: f"{_SMALL[m.group(1).lower()]} in 12", question)
    return _AMPS.sub(_amps, _THOUSANDS.sub(_thousands, _PITCH.sub(r"\1:12", spelled)))


_AMP_NUMBERS = {**below_twenty(), **tens()}
_AMPS = re.compile(r"\b(\d+|" + "|".join(_AMP_NUMBERS) + r") ?-?amps?\b", re.I)
"""A breaker or circuit said in amps ("a twenty amp breaker") as a spec sheet writes
it: "a 20 A breaker"."""


_THOUSANDS = re.compile(r"\b(\d{1,3}(?:\.\d{1,2})?) ?k\b", re.I)


def _amps(match: re.Match[str]) -> str:
    said = match.group(1).lower()
    return f"{_AMP_NUMBERS.get(said, said)} A"


def _thousands(match: re.Match[str]) -> str:
    return f"{round(float(match.group(1)) * 1000):,}"


_SMALL = below_twenty()


_SPELLED_PITCH = re.compile(
    r"\b(" + "|".join(list(_SMALL)[1:13]) + r") (?:in|on|over) twelve\b", re.I
)


_ATTRIBUTE = re.compile(
    r"\bwhat(?:'s|s| is| are| does| do)? (?:the |a |an |our |your |their )?"
    r"(?P<a>(?:[\w-]+ ){0,2}?[\w-]+)"
    r" (?:on|of|for|with|to|in|per)\b|"
    r"\bhow (?:much|many) (?!(?:do|does|did|is|are|was|will|would|can|should|of|more|less|"
    r"longer|bigger|extra)\b)(?P<b>[\w-]+(?: (?!(?:do|does|did|is|are|can|should|will|would|"
    r"goes|go|we|i|you|they|in|on|for|of|per|to)\b)[\w-]+)?)|"
    r"\bwhat (?:size|kind of|type of|sort of|brand of) (?P<c>[\w-]+)|"
    r"\b(?:what|which) (?P<d>(?!(?:is|are|was|do|does|did|if|about|else|kind|type|size)\b)[\w-]+)"
    r"(?: [\w-]+)? (?:do|does|did|should|can|is|are|goes|go|will|would)\b|"  # "what *gauge* wire"
    r"^\W*(?:the |a |an |our )?(?P<e>(?!(?:how|what|which|who|where|when|why|can|do|does|is|"
    r"are|will|should)\b)[\w-]+(?: [\w-]+)?) (?:on|of|for) ",  # shorthand: "warranty on X"
    re.I,
)


def asked_attribute(question: str) -> set[str]:
    """The key terms of what the question asks about, which the answer must say: "the
    *warranty* on aluminium soffit", "how many *crews*", "what size *dumpster*"."""
    found = _ATTRIBUTE.search(question)
    if not found:
        return set()
    phrase = next(g for g in found.groups() if g)
    rating = _RATED.search(question)
    if rating and phrase.lower() == rating.group(1).lower():
        phrase = rating.group(2)  # "what *r value* do the windows get": the rating asked
    # "how many weeks *out*": a particle says nothing the answer must repeat
    return {
        t
        for t in tokenize(phrase)
        if t not in _FRAMING | _MEASURES | _PARTICLES and not t[0].isdigit()
    }


_RATED = re.compile(r"\b([RrUu])[- ]?(values?|factors?)\b")
"""A rating named by its letter ("r value", "U-factor"), which a sheet states as the
letter and the figure ("R-5.7 per inch", "U-0.27"): the letter says the rating."""


_WHEN = re.compile(
    r"\b(?:after|before|during|until|since)\b (?:the |a |an |their |our |your |it )?([\w-]+)",
    re.I,
)


def _setting(question: str) -> set[str]:
    """When the question is set ("after *the appointment*", "before *signing*"): an
    answer need not say it."""
    return set(tokenize(" ".join(_WHEN.findall(question))))


_IN_UNIT = re.compile(
    r"\bin (mils?|inch(?:es)?|feet|foot|millimet(?:er|re)s|mm|centimet(?:er|re)s|cm|pounds|"
    r"lbs?|kilos|kg|gauge|degrees)\s*\??$",
    re.I,
)


_UNIT_SAID = {
    "mil": r"\d ?mils?\b",
    "inch": r"\d ?(?:in\b|inch|\")",
    "feet": r"\d ?(?:ft\b|feet|foot|')",
    "foot": r"\d ?(?:ft\b|feet|foot|')",
    "millimet": r"\d ?(?:mm\b|millimet)",
    "mm": r"\d ?(?:mm\b|millimet)",
    "centimet": r"\d ?(?:cm\b|centimet)",
    "cm": r"\d ?(?:cm\b|centimet)",
    "pound": r"\d ?(?:lbs?\b|pounds?)",
    "lb": r"\d ?(?:lbs?\b|pounds?)",
    "kilo": r"\d ?(?:kg\b|kilo)",
    "kg": r"\d ?(?:kg\b|kilo)",
    "gauge": r"\d+ ?(?:-?gauge|ga\b)|\bgauge \d",
    "degree": r"\d ?(?:°|degrees?)",
}


def _unit_asked(question: str) -> str:
    """How a figure in the unit the question ends on is written ("how thick is the film *in
    mil*": "8 mil"); empty when it names none. An answer in another unit is no answer."""
    found = _IN_UNIT.search(question)
    if not found:
        return ""
    word = found.group(1).lower()
    key = next((k for k in _UNIT_SAID if word.startswith(k)), "")
    return _UNIT_SAID.get(key, "")
