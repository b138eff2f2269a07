"""Answering a product question without a language model — or admitting it can't.

The passages come ranked by BM25. Each one that is about what was asked (its key terms
covered, any figure asked about present, no product the documents never name) is cut
into sentences, list items and table rows, and every one of those is scored: how much
of the question's weighted key terms it says (rare words weigh more than the words the
passages all share; the heading counts a little), whether it holds the kind of figure
asked for ("how long" → a duration or a length, "how heavy" → lb, "how much does it
cost" → a price), and a little for BM25's order. The best one is read out with the
condition that follows it ("If…", "Only…") — never a document's introduction. A price
asked for that no sentence states, or a sentence that says too little of the
question, is no answer: the brain then says the documents don't cover it.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from hard_e.brain.answerable import about_other_kind, carries, unknown_name
from hard_e.brain.asked import asked_question
from hard_e.knowledge.shared_library import DOCUMENT_ID_PREFIX, library_chunks, library_version
from hard_e.knowledge.synonyms import equivalents, phrase_words, term_equivalents
from hard_e.text import STOP_WORDS
from hard_e.text.english import is_english, is_everyday, zipf
from hard_e.text.fuzzy import closest
from hard_e.text.number_words import below_twenty
from hard_e.text.search import tokenize
from hard_e.text.shorthand import CHAT

# Words that frame a question rather than say what it is about (as search terms).
_FRAMING = frozenset(
    tokenize(
        "tell say answer respond handle know need want customer customers homeowner "
        "homeowners client clients ask asks asked question explain much many get got use "
        "give make kind type sort please thing anyone someone somebody people wants "
        "hard-e hey guy guys folks us our we come comes came go goes went put puts happen "
        "happens exactly actually really best good better right way far long much take "
        "takes work works look looks mean means sure possible available ever every also "
        "need needs now what's whats there here one's anything something doing done use "
        "say says said think thinks told tell them they she he her his inch inches in ft "
        "feet foot lb lbs pound pounds degrees ok okay just like gonna going still "
        "lot lots wanna thing stuff quick longer shorter bigger smaller more less spec "
        "specify fast quickly soon often usually normally typically generally theyll youll "
        "itll thats theres whats hows own um uh er dont don't instead "
        "thx thnx thanks pls plz btw fyi hi hello lol idk imo tbh approx esp tmrw "
        "yall whatcha prolly cuz bc cus aint youre theyre doesnt isnt wasnt werent hasnt "
        "havent didnt shouldnt wouldnt couldnt okey alrighty supposed already never"
    )
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n\s*\n|\n(?=\s*[-*•#A-Z]|\s*\d+[.)])")
_RULER = re.compile(r"^\|?[\s:|-]+\|?$")
_CONDITION = re.compile(
    r"^(if|unless|only|provided|when|except|but|this applies|not |it must|must|requires?|"
    r"as long as|in that case|otherwise)\b",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(this (guide|document|section|sheet|page|booklet|handbook)|in this (guide|section)|"
    r"the following|below (you|are|is)|read this|use this|overview)\b",
    re.IGNORECASE,
)
# What kind of figure a question asks for, and how a sentence says one.
_DURATION = (
    r"\d[\d.,]*(?: to \d[\d.,]*)?[ -](?:business |working |calendar )?"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?)\b|lifetime|for life|\b(?:the )?same day\b|"
    r"\bnext day\b|\bovernight\b|\bby (?:noon|tomorrow)\b|"
    r"\b(?:a|an|one|two|three|four|five|six|half a|a half|a full|a couple of|a few) (?:full )?"
    r"(?:business |working )?(?:days?|weeks?|months?|years?|hours?)\b"
)
_LENGTH = (
    r"\d[\d./]*(?: \d/\d+)? ?(?:in|ft|inch|inches|feet|foot|miles?|yards?|mm|cm)\b|\d\"|"
    r"\d+ ?x ?\d+"
)
_FIGURES: dict[str, str] = {
    "duration": _DURATION,
    "length": _LENGTH,
    "weight": r"\d[\d.,]* ?(?:lb|lbs|pounds?|kg)\b",
    "speed": r"\d+ ?mph\b",
    "temperature": r"\d+ ?°[FC]?|\d+ degrees",
    "share": r"\d+(?:\.\d+)? ?(?:%|percent)",
    # a share is a price only when it changes one ("12% more", "5% off", "a 2.5% fee"),
    # not when it measures something ("3 to 5% of the job cost")
    "price": r"\$ ?\d|\d+ dollars|(?:\b(?:discounts?|fees?|deposits?|surcharges?)\b[^.;]*)"
    r"\d+(?:\.\d+)? ?(?:%|percent)|\d+(?:\.\d+)? ?(?:%|percent)(?=[^.;]*\b(?:more|less|off|"
    r"fees?|discounts?|deposits?|surcharges?)\b)",
    "count": r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|"
    r"third|quarter|dozen|single|double|every|each)\b",
    "place": r"\b(?:between|above|below|down from|up from|from the (?:top|bottom|edge|end|"
    r"corner)|inside|within|behind|beneath|under|over|centred|centered)\b",
}
_FIGURE_FREE = frozenset({"place"})
"""The kinds of question a sentence may answer without a figure; every other kind
("how long", "what size", "how heavy") needs a number stated, and a time or a price
(`_STRICT`) one of its own kind, and so a weight: "how heavy" is never "12 in"."""
_STRICT = frozenset({"duration", "price", "weight"})
_ASKS: tuple[tuple[str, str], ...] = (
    (  # asking what something costs — not a price mentioned ("my price is too high")
        r"\bwhat(?:'s|s| is| are) the (?:[\w-]+ ){0,2}?amount\b|"  # "the rebate amount": a sum
        r"\bhow much\b[^.?!]*\b(?:cost|costs|charge|charges|run|pay|price)\b|"
        r"\bhow much (?:is|are|would|will)\b(?![^.?!]*\b(?:weigh|cover|overlap|gap|hold|take|"
        r"lap|grow|shrink|expand|move)\b)|"
        r"\bwhat(?:'s|s| is| are| does| do| would| will)?\b[^.?!]{0,40}\b(?:cost|costs|price|"
        r"prices|priced|pricing|charge)\b|\b(?:price|cost|costs) (?:per|of|for|on)\b|"
        r"\b(?:is there|are there|any)\b[^.?!]*\b(?:discounts?|fees?|surcharges?)\b",
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
        r"\bhow (?:thick|wide|tall|high|deep|far|close|long|tight|loose|snug|big)\b|"
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
    r"\b(?:can|could|should|may|do|does) (?:we|i|you|they|it|he|she)\b",
    re.I,
)
# "how many days does it take": a question for a figure, not a yes or no.
_WH = re.compile(r"^\W*(?:how|what|what's|whats|which|where|when|who|why)\b", re.I)
TRADE_WORDS = frozenset(
    tokenize(
        "job jobs crew crews deposit discount financing permit dumpster referral contract "
        "travel charge fee tear-off leak downspout downspouts hanger hangers guard guards "
        "coil tarp tarping storm adjuster inspection inspections claim claims insurance "
        "door doors sill jamb threshold hinge hinges sidelite sidelites transom storm screen "
        "closer deadbolt lockset weatherstrip deck decking railing porch shutter shutters "
        "stucco brick masonry chimney skylight vent vents insulation sheathing header "
        "siding roof roofing shingle shingles window windows vinyl fiber cement plank lap "
        "panel trim soffit fascia gutter gutters flashing caulk housewrap wrap nail nails "
        "fastener exposure reveal warranty warranties colour color colours colors texture "
        "install installation installer underlayment ice water shield drip edge starter "
        "ridge vent attic glass glazing u-factor shgc low-e frame sash casement double-hung "
        "hail wind fire rating objection objections price cheaper quote quotes expensive "
        "door doors insulation r-value sheathing j-channel corner primer paint stain cure"
    )
)
COVERAGE = 0.5
"""Share of the question's key terms the answering passage itself must contain."""
SAYS = 0.4
"""Share of the question's key-term weight the answer (with its heading) must say."""
ROW = 1.0
"""A table row reads badly aloud: a sentence that says as much wins by this."""
CONTEXT = 0.85
"""What a key term is worth when the heading (or a table's column) says it, not the
sentence: nearly as much — the heading says what the sentences under it are about."""
CLOSE = 0.8
"""A sentence next to the best one, scoring at least this share of it, is read out too."""
OPENING = 1.5
"""What the first sentence under a heading that is the question gains: it says the
answer the rest explains ("I need to think about it" → "This is almost always a hidden
objection.")."""
COLUMN = 1.0
"""What a table row gains when the question asks for one of its columns and names no
row: the column, read down, answers for every product ("bundles per square")."""
NAMED = 0.75
"""What a sentence gains for naming the product asked about itself (not only its
passage does), and, for a yes/no question, for saying a condition or a limit."""
_RESTRICTS = re.compile(r"\b(?:only|unless|except|provided|special order)\b", re.I)
OURS = 1.0
"""What a passage of the company's own documents gains when the rep asks about "our"
or "we": the company's terms, not the industry library's."""
OWN = 3.0
"""What a passage of the company's own documents gains over the industry library's
anyway: when both say it, the company's sheet is what its reps sell ("Staples are never
allowed on any Timberforge product" over a library siding's staple rule)."""
HEADED = 0.6
"""A heading saying this share of the question is the question ("I need to think
about it"): the sentences under it answer it, even those that don't repeat it."""


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
_RANGE = re.compile(
    r"(\d[\d,]*(?:[.:]\d+)?)(?: ?[a-z°%]+\.?){0,2} ?(?:to|up to|through|and|-|–)"
    r" (?:\$ ?)?(\d[\d,]*(?:[.:]\d+)?)"
)


def spoken_figures(question: str) -> str:
    """A roof pitch said aloud ("a three twelve pitch", which the speech normaliser makes
    "312 pitch", or "3 in 12") written the way the documents write it: "3:12 pitch"."""
    spelled = _SPELLED_PITCH.sub(lambda m: f"{_SMALL[m.group(1).lower()]} in 12", question)
    return _PITCH.sub(r"\1:12", spelled)


_SMALL = below_twenty()
_SPELLED_PITCH = re.compile(
    r"\b(" + "|".join(list(_SMALL)[1:13]) + r") (?:in|on|over) twelve\b", re.I
)


def _value(figure: str) -> float | None:
    """A figure term's value: "8.25" → 8.25, "3:12" (a pitch) → 0.25, "1,500" → 1500."""
    figure = figure.replace(",", "")
    top, colon, bottom = figure.partition(":")
    try:
        return float(top) / float(bottom) if colon else float(figure)
    except (ValueError, ZeroDivisionError):
        return None


def _in_range(figure: str, text: str) -> bool:
    """Whether the text states a range the figure lies in ("between 60 and 90 miles"
    holds 70; "2:12 up to 4:12" holds a 3:12 pitch). Not for an amount of money
    ("$15,000" in "loans from $3,000 to $75,000"): what a sum buys is stated for it."""
    value = _value(figure)
    if value is None or value >= _MONEY:
        return False
    for low, high in _RANGE.findall(text):
        lo, hi = _value(low), _value(high)
        if lo is not None and hi is not None and lo <= value <= hi:
            return True
    for side, bound in _BOUND.findall(text):  # "discounts above 10%" holds 12
        limit = _value(bound)
        if limit is not None and (value > limit if side.lower() in _ABOVE else value < limit):
            return True
    return False


_BOUND = re.compile(
    r"\b(above|over|more than|greater than|exceeds?|beyond|longer than|wider than|larger than|"
    r"bigger than|taller than|higher than|heavier than|below|under|less than|fewer than|"
    r"shorter than|narrower than|smaller than|lower than|lighter than)"
    r" (?:\$ ?)?(\d[\d,]*(?:[.:]\d+)?)",
    re.I,
)
_ABOVE = frozenset(
    {"above", "over", "more than", "greater than", "exceed", "exceeds", "beyond"}
    | {
        f"{word} than"
        for word in ["longer", "wider", "larger", "bigger", "taller", "higher", "heavier"]
    }
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


# What a figure says, not a word the answer must repeat ("what *size* frieze board":
# "5/4 x 7.25 in"); and the everyday "normal", "usual" of "the normal lead time".
def _unknown_names(
    question: str, asked: set[str], words: dict[str, frozenset[str]], known: set[str]
) -> set[str]:
    """The words of the question that name something — no English dictionary has them
    ("frostline", "doublelock", "kynar") — which no passage found says, nor a word
    meaning it: the documents are about other products, and have no answer."""
    out = set()
    for word in re.findall(r"[a-z]{3,}", question.lower()):
        terms = set(tokenize(word)) & asked
        if (
            terms
            and not any(words[t] & known for t in terms)
            and unknown_name(word, question, known)
        ):
            out.add(word)
    return out


_MEASURE_WORDS = (
    "size sizes room space length width height depth thickness weight time distance "
    "amount number normal usual standard typical regular average current big wide "
    "thick heavy tall high deep temperature inch ft lb degrees gap clearance spacing "
    # a bound a figure states with its rule ("Below 2:12: may not be installed")
    "minimum maximum lowest highest smallest largest least"
)
_MEASURES = frozenset(tokenize(_MEASURE_WORDS))


_EVERYDAY = frozenset(tokenize("normal usual standard typical regular average current"))


def _may_miss(
    n: int, missing: set[str], named: set[str], products: frozenset[str] = frozenset()
) -> bool:
    """Whether the answer with its heading may leave out these of a question's n content
    terms (not its figures or measure words): half of a long question's; one of three,
    but never a word of a thing named in two ("a metal *roof*", "*roofing* nails",
    "*aluminium* soffit": another thing), which a verb or a setting is not ("*fix* the
    siding", "after the *appointment*")."""
    if missing & products:
        return False  # what it is made of, or which product: never left to guess
    if n > _SHORT:
        return len(missing) <= n // 2
    return not missing or (n == _SHORT and len(missing) == 1 and not missing & named)


_SHORT = 3


_MATERIALS = frozenset(
    tokenize(
        "fiber cement vinyl asphalt aluminium steel stainless wood cedar foam glass metal "
        "copper galvanized fiberglass composite plastic polypropylene rubber concrete"
    )
)
"""What a product is made of: a passage about it may leave it to the rest of its
document ("A 4 ft x 10 ft panel weighs 92 lb" under a fiber cement spec sheet)."""

_CATEGORIES = frozenset(
    tokenize(
        "shingle shingles siding window windows door doors gutter gutters soffit fascia "
        "trim roof roofing skylight skylights shutter shutters railing railings "
        "deck decking fence fencing"
    )
)
"""What kind of product a question is about: an answer about another kind ("the wind
rating on the *shingles*" answered from a siding sheet) is no answer."""

_MONEY = 1000.0
"""A figure this large in a question is an amount of money or a count of things, not a
size or a distance; it is never taken as lying inside a range."""
_NUMBER_WORD = re.compile(_FIGURES["count"], re.I)


def _counts(unit_text: str, things: frozenset[str]) -> bool:
    """Whether a number stands within a few words of the thing counted ("4 bundles per
    square", "choices to three"), not elsewhere in the sentence ("store bundles flat …
    stack pallets two high")."""
    words = unit_text.split()
    spots = [i for i, w in enumerate(words) if _NUMBER_WORD.search(w)]
    for i, word in enumerate(words):
        if set(tokenize(word)) & things and any(abs(i - j) <= _NEAR for j in spots):
            return True
    return False


_NEAR = 6


@dataclass(frozen=True)
class _Unit:
    """One sentence, list item or table row of a passage, as it would be read out."""

    text: str
    terms: frozenset[str]
    labels: frozenset[str]  # a table row's column headings, or what "It …" refers to
    position: int
    follows: bool = False  # it starts "It …", "They …": read out after the one before
    row: bool = False
    cells: tuple[str, ...] = ()  # a table row's cells, and its table's header row
    header: tuple[str, ...] = ()

    @property
    def kind(self) -> frozenset[str]:
        """What a table row is, as its first column's heading says ("Board": "Lap 38 or
        Lap 716, 8 in" is a board) — said by the row, though never weighed as a label."""
        return frozenset(tokenize(self.header[0])) if self.row and self.header else frozenset()


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    header: list[str] = []
    lines = text.splitlines()
    rows: dict[int, tuple[str, frozenset[str], tuple[str, ...], tuple[str, ...]]] = {}
    for i, line in enumerate(lines):  # tables first: a header row labels the rows below
        stripped = line.strip()
        if not stripped.startswith("|"):
            header = []
            continue
        if _RULER.match(stripped):
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if not header and i + 1 < len(lines) and _RULER.match(lines[i + 1].strip()):
            header = cells
            rows[i] = ("", frozenset(), (), ())  # the header row itself is no answer
            continue
        rows[i] = (
            _row(cells),
            frozenset(tokenize(" ".join(header[1:]))),
            tuple(cells),
            tuple(header),
        )
    prose: list[str] = []
    for i, line in enumerate([*lines, ""]):
        if i in rows or i == len(lines) or _RULER.match(line.strip() or "x"):
            units += _prose_units("\n".join(prose), len(units))
            prose = []
            if i in rows and rows[i][0]:
                row_text, labels, row_cells, head = rows[i]
                units.append(
                    _Unit(
                        row_text,
                        frozenset(tokenize(row_text)),
                        labels,
                        len(units),
                        row=True,
                        cells=row_cells,
                        header=head,
                    )
                )
            continue
        prose.append(line)
    return units


def _prose_units(text: str, start: int) -> list[_Unit]:
    parts = [" ".join(p.split()).strip(" -*•\t#") for p in _SENTENCE.split(text)]
    kept = [p for p in parts if len(p) > 12]
    units: list[_Unit] = []
    for n, part in enumerate(kept):
        terms = frozenset(tokenize(part))
        if n and _PRONOUN.match(part):  # "It ships in 2 to 3 weeks": "it" is said before
            units.append(_Unit(part, terms, units[-1].terms | units[-1].labels, start + n, True))
        else:
            units.append(_Unit(part, terms, frozenset(), start + n))
    return units


_PRONOUN = re.compile(r"^(?:it|its|they|their|this|these|both|each|that)\b", re.IGNORECASE)


def _row(cells: list[str]) -> str:
    """A table row read as words: "| Heartland | 2 to 3 weeks |" → "Heartland: 2 to 3 weeks"."""
    cells = [c for c in cells if c]
    return cells[0] + ": " + ", ".join(cells[1:]) if len(cells) > 1 else "".join(cells)


def cite(passage: dict[str, Any]) -> str:
    where = (
        f"{passage['document']} › {passage['heading']}"
        if passage.get("heading")
        else str(passage["document"])
    )
    return where + (f", p. {passage['page']}" if passage.get("page") else "")


def _topic(passage: dict[str, Any]) -> set[str]:
    return set(tokenize(f"{passage['document']} {passage.get('heading') or ''}"))


def _library(passage: dict[str, Any]) -> bool:
    return str(passage.get("chunk_id", "")).startswith(DOCUMENT_ID_PREFIX)


def _text_terms(passage: dict[str, Any]) -> set[str]:
    return set(tokenize(passage["text"]))


def _terms_of(passage: dict[str, Any]) -> set[str]:
    return _topic(passage) | set(tokenize(passage["text"]))


def _expand(asked: set[str], question: str = "") -> dict[str, frozenset[str]]:
    """Each key term with the words that say the same thing in the documents (and those
    of a phrase of the question it is part of: "back out" → "cancel"); a length in feet
    also in inches, and inches in feet ("an 8 foot door" is "36 x 96 in")."""
    phrases = term_equivalents(tokenize(question)) if question else {}
    found = {
        t: equivalents(t) | phrases.get(t, frozenset()) | _FORMS.get(t, frozenset()) for t in asked
    }
    words = {t: frozenset({t} | phrase_words(found[t], asked)) for t in asked}
    for figure, other in _converted(question):
        if figure in words:
            words[figure] |= {other}
    return words


def _rated(words: dict[str, frozenset[str]], question: str) -> dict[str, frozenset[str]]:
    """The key terms' words with a rating's letter for the rating ("the r value": the
    sheet's "R-5.7"): enough to cover the question, never to outrank a sentence that
    says the rating in words ("Insulating value: R-2.7")."""
    rated = dict(words)
    for letter, rating in _RATED.findall(question):
        for t in set(tokenize(rating)) & set(words):
            rated[t] = words[t] | {letter.lower()}
    return rated


_RATED = re.compile(r"\b([RrUu])[- ]?(values?|factors?)\b")
"""A rating named by its letter ("r value", "U-factor"), which a sheet states as the
letter and the figure ("R-5.7 per inch", "U-0.27"): the letter says the rating."""


# A verb's irregular forms, which no stemmer joins ("laid" is not "lay"+ed): the question
# is read with all of them, the index keeps the shared tokeniser's own ("a 'laid at'
# question finds 'lay the shakes at'"). No lemma library is installed; the trade's few.
_IRREGULAR = (
    "lay laid",
    "pay paid",
    "sell sold",
    "build built",
    "hang hung",
    "shoot shot",
    "freeze froze frozen",
    "tear tore torn",
    "wear wore worn",
    "buy bought",
    "stick stuck",
    "break broke broken",
    "fall fell fallen",
    "get got gotten",
    "hold held",
    "run ran",
    "throw threw thrown",
    "blow blew blown",
    "grow grew grown",
    "bend bent",
    "hide hid hidden",
)
_FORMS = {
    stem: family
    for forms in _IRREGULAR
    for family in [frozenset(tokenize(forms))]
    for stem in family
    if len(family) > 1
}


def _apart(words: dict[str, frozenset[str]], question: str) -> dict[str, frozenset[str]]:
    """The key terms' equivalents less the other key terms the question says apart from
    them: a heading that says "Gutter" says the "gutter" of "what size *downspout* goes
    with a five inch *gutter*", not the downspout too (the sentence under it may say
    either in its own words: "transferred" for "sell")."""
    beside = _beside(question)
    return {t: frozenset({t}) | (w - (set(words) - beside.get(t, set()))) for t, w in words.items()}


def _beside(question: str) -> dict[str, set[str]]:
    """Each search term of the question with the terms said right next to it: the other
    word of a thing named in two ("credit card"), which may stand for it."""
    said = [tokenize(w) for w in re.findall(r"[\w'/.:-]+", question)]
    out: dict[str, set[str]] = {}
    for a, b in itertools.pairwise(said):
        if a and b:
            out.setdefault(a[-1], set()).add(b[0])
            out.setdefault(b[0], set()).add(a[-1])
    return out


_FEET = re.compile(r"\b(\d+(?:\.\d+)?) ?(?:ft|foot|feet|')(?![\w'])", re.I)
_INCHES = re.compile(r"\b(\d+(?:\.\d+)?) ?(?:in|inch|inches|\")(?!\w)", re.I)


def _converted(question: str) -> list[tuple[str, str]]:
    """(figure as asked, the same length in the other unit) for feet and whole feet."""
    out = []
    for m in _FEET.finditer(question):
        out.append((_number(m.group(1)), _number(str(float(m.group(1)) * 12))))
    for m in _INCHES.finditer(question):
        if float(m.group(1)) >= 12 and float(m.group(1)) % 12 == 0:
            out.append((_number(m.group(1)), _number(str(float(m.group(1)) / 12))))
    return out


def _number(text: str) -> str:
    """A figure as the tokeniser writes it: "96.0" → "96", "7.50" → "7.5"."""
    value = float(text)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def covers(
    asked: set[str],
    passage: dict[str, Any],
    known: set[str],
    *,
    yes_no: bool = False,
    words: dict[str, frozenset[str]] | None = None,
) -> bool:
    """Whether the passage is about what was asked: it shares a word with the question's
    topic (its document's title or heading, or the trade's own words), holds every
    figure asked about (a yes/no question may ask about one it doesn't have: "can I get
    it in 7.25?"), and half of the question's key terms (or words that mean them)."""
    found = _terms_of(passage)
    topic = _topic(passage)
    words = words or _expand(asked)
    # what the documents lack (a figure has its own test; "out" of "70 miles out" is none)
    # nor a measure ("what *sizes*": a figure says it)
    priced = bool(re.search(_FIGURES["price"], passage["text"], re.I))  # "$150 per day"
    stated = _PRICES if priced else frozenset()  # a price stated says "cost"
    unknown = sum(
        1 for t in asked - _figures(asked) - _PARTICLES - _MEASURES - stated if not words[t] & known
    )
    holds = {
        t
        for t in asked
        if words[t] & found
        or (priced and t in _PRICES)
        or (t in _figures(asked) and _in_range(t, passage["text"]))  # year 8 of "6 to 50"
    }
    held = len(holds)
    # a product name the passage itself says ("StoneCorner") anchors it as well
    brands = _brands([passage])
    # a model number it holds ("a 3046") anchors it too, not an everyday figure
    models = {f for f in _figures(asked) if len(f) >= _MODEL and f.isdigit()} & found
    # most of what names the thing asked ("what *size* are the walkway pads": a figure says
    # the size, and "out" or "up" names nothing)
    naming = asked - _MEASURES - _PARTICLES or asked
    anchored = (
        bool(asked & (topic | brands | TRADE_WORDS) or models)
        or held >= max(2, 0.75 * len(asked))
        or len(holds & naming) >= max(2, 0.75 * len(naming))
    )
    return (
        anchored
        and unknown <= (len(asked) - 1) // 3
        and (yes_no or all(f in found or _in_range(f, passage["text"]) for f in _figures(asked)))
        and held >= COVERAGE * len(asked)
    )


_TYPED = re.compile(r"\b[a-z]{4,}\b")


def spelled(question: str, passages: list[dict[str, Any]]) -> str:
    """The question with a typo of a word the passages use spelled as they spell it
    ("lead tiem" → "lead time", "woodgrian" → "woodgrain"): a word no passage says is
    otherwise taken as something the documents don't cover. Capitalised names are left.
    Texting shorthand is spelled out ("wats" → "whats"); a word no dictionary has
    may also be a typo of a word the trade's library says ("minmum" → "minimum") or of a
    name it says, spelled by ear ("northlite" → "northlight"). A brand the library never
    names ("frostline") stays as typed: the documents don't cover it. A name said as two
    words is the one word the passages write ("clear guard" → "clearguard")."""
    text = " ".join(f"{p['text']} {p.get('heading') or ''} {p['document']}" for p in passages)
    surface = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
    known = set(tokenize(" ".join(surface)))
    question = joined_names(question, surface)
    common = set(re.findall(r"\b[a-z]+\b", text))  # never a capitalised name

    def fix(found: re.Match[str]) -> str:
        word = found.group(0)
        if word in CHAT:  # a shorthand of four letters or more; not "r" of "r value"
            return CHAT[word]
        terms = set(tokenize(word))
        if terms <= known | _FRAMING or any(
            phrase_words(equivalents(t), terms) & known for t in terms
        ):
            return word  # a word the passages say, or say in their own words
        if is_everyday(word):
            return word  # "constant", "pictures": meant, not a typo of "contain"
        near = closest(word, surface) or sounded(word, common)
        if near or is_english(word):
            return near or word
        library = _library_words(library_version())
        heard = sounded(word, {w for w in library if w[:_HEARD] == word[:_HEARD]})
        if heard and len(heard) < len(word):
            heard = None  # "hardie's" is no "hard": a name's ending heard, not cut off
        return closest(word, library) or heard or _asking_word(word) or word

    return _TYPED.sub(fix, question)


def _asking_word(word: str) -> str | None:
    """The one small word or measure of a question ("many", "degrees") that a typed word
    misses by one letter ("meny", "degres"): never a word the reader weighs as a name."""
    near = [
        w
        for w in _ASKING_WORDS
        if w[0] == word[0]
        and (
            (len(w) == len(word) and sum(a != b for a, b in zip(w, word, strict=True)) == 1)
            or (len(w) == len(word) + 1 and any(w[:i] + w[i + 1 :] == word for i in range(len(w))))
        )
    ]
    return near[0] if len(near) == 1 else None


_ASKING_WORDS = frozenset(
    STOP_WORDS | set(_MEASURE_WORDS.split()) | {"many", "much", "long", "often", "soon"}
)

_HEARD = 5
"""Letters a name spelled by ear must begin with as typed ("northlite" → "northlight")."""


@functools.lru_cache(maxsize=1)
def _library_words(version: object) -> frozenset[str]:
    """Every word of four letters or more the trade's library says, lower-cased."""
    text = " ".join(c.text for c in library_chunks())
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text))


_PAIR = re.compile(r"\b([A-Za-z]{3,}) ([A-Za-z]{3,})\b")


def joined_names(question: str, written: set[str]) -> str:
    """The question with two words said apart that the documents write as one name
    ("clear guard", "stone lap") written as they write it; the words stay as typed
    when the documents say them apart too."""

    at = 0
    while found := _PAIR.search(question, at):
        one = (found.group(1) + found.group(2)).lower()
        if one in written and not is_english(one):
            question = question[: found.start()] + one + question[found.end() :]
            at = found.start() + len(one)
        else:  # the next pair may start with this one's second word
            at = found.start(2)
    return question


_SOUNDED = 6
"""Letters a word needs before it may be spelled by ear ("skylite")."""
SOUNDS_LIKE = 80.0
"""The similarity (rapidfuzz's ratio, 0-100) a word spelled by ear keeps to the real one."""


def sounded(word: str, known: set[str]) -> str | None:
    """The one word of ``known`` that ``word`` spells by ear, more than an edit or two away
    ("skylite" → "skylight"): same first letter, about as long, and no other word as close."""
    if len(word) < _SOUNDED:
        return None
    near = [k for k in known if k[0] == word[0] and abs(len(k) - len(word)) <= 2]
    found = process.extract(word, near, scorer=fuzz.ratio, score_cutoff=SOUNDS_LIKE, limit=2)
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):
        return None
    return str(found[0][0])


_MODEL = 3
"""Digits a figure needs to name a model or a size code ("3046", "700"), not a count."""


def _share(
    unit: _Unit,
    topic: set[str],
    core: set[str],
    words: dict[str, frozenset[str]],
    weight: dict[str, float],
) -> float:
    """The share of the question's key-term weight (not its "after", "down") the unit
    says with its labels and heading; a figure asked counts when a range holds it, and
    "cost" when it states a price."""
    says = unit.terms | unit.labels | unit.kind | topic
    if re.search(_FIGURES["price"], unit.text, re.I):
        says |= _PRICES
    total = sum(weight[t] for t in core)
    said = sum(weight[t] for t in core if words[t] & says or _in_range(t, unit.text))
    return said / total if total else 1.0


_WHEN = re.compile(
    r"\b(?:after|before|during|until|since)\b (?:the |a |an |their |our |your |it )?([\w-]+)",
    re.I,
)


def _setting(question: str) -> set[str]:
    """When the question is set ("after *the appointment*", "before *signing*"): an
    answer need not say it."""
    return set(tokenize(" ".join(_WHEN.findall(question))))


WEAK = 0.6
"""An answer saying less than this share of the question's key-term weight (with its
heading) is read out only when it scores at least `SURE` otherwise — by holding the
figure asked for, naming the product, being under the heading that is the question. A
sentence that shares a word or two with the question and nothing more is most often
from a document about something else ("how thick is the coil on the six inch gutters"
answered with a fascia board's row)."""
SURE = 6.5


def extractive_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The sentence (and its condition) that answers the question, and where it is
    from; None when no passage answers it."""
    question = _DIFFERENCE.sub(r"\g<what> between", spelled(asked_question(question), passages))
    ranked = candidates(question, passages)
    if not ranked:
        return None
    best = ranked[0]
    if _weak(best):  # a near-tied sentence that says the question may answer instead
        sure = [
            c
            for c in ranked[1:]
            if c.score >= CLOSE * best.score and c.share >= best.share + MORE and not _weak(c)
        ]
        if not sure:
            return None  # says little of the question, and nothing else vouches for it
        best = sure[0]
        ranked = [best] + [c for c in ranked if c is not best]
    column = _column_answer(question, best)
    if column is not None:
        return f"{column} (Source: {cite(best.passage)})"
    units = best.units
    at = best.unit.position
    chosen = {at}
    for other in ranked[1:]:  # a neighbour that says nearly as much: one answer in two
        if other.passage is best.passage and abs(other.unit.position - at) == 1:
            if other.score - other.own >= CLOSE * (best.score - best.bonus - best.own):
                chosen.add(other.unit.position)
            break
    if best.unit.follows:
        chosen.add(at - 1)
    if best.then:
        chosen.add(at + 1)
    after = max(chosen) + 1
    if after < len(units) and (
        _CONDITION.match(units[after].text) or units[after - 1].text.endswith(":")
    ):
        chosen.add(after)
    text = " ".join(units[i].text for i in sorted(chosen))
    return f"{text} (Source: {cite(best.passage)})"


_DIFFERENCE = re.compile(r"\bthe differences? (?:in (?P<what>[\w-]+) )?between\b", re.I)
"""A comparison asked ("the difference in thickness between Classic and Heritage") is
answered by the figures or the step the documents state, which never say "difference":
it asks for the thickness of both."""

MORE = 0.2
"""How much more of the question's weight a near-tied sentence must say to answer when the
best-scored one is too weak to ("another maker's tape keeps its wrap warranty" for "if
we use another brand of tape is the wrap still covered", over the warranty's general
terms): clearly more, so a sentence barely different is still no reason to answer."""


def _weak(candidate: Candidate) -> bool:
    """Says little of the question, and nothing else vouches for it."""
    return candidate.share < WEAK and candidate.score - candidate.own < SURE and not candidate.then


def _column_answer(question: str, best: Candidate) -> str | None:
    """A table asked about by one of its columns and none of its rows ("what's the wind
    rating on the shingles", "how many bundles per square") is read down that column,
    naming it: "Wind rating — Ridgeback: 110 mph, …; Tempest IR: 130 mph, …" — every
    row, so the rule comes with its exceptions. None when a row is named (then the row
    is the answer) or no single column is what was asked."""
    unit = best.unit
    asked = key_terms(spoken_figures(question))
    at = _column(unit, best.units, asked, _expand(asked, question))
    if at is None:
        return None
    table = [u for u in best.units if u.row and u.header == unit.header]
    values = "; ".join(f"{u.cells[0]}: {u.cells[at]}" for u in table if len(u.cells) > at)
    return f"{unit.header[at]} — {values}"


def _column(
    unit: _Unit, units: list[_Unit], asked: set[str], words: dict[str, frozenset[str]]
) -> int | None:
    """The one column of the row's table that the question asks for, when it names none
    of the table's rows; else None."""
    if not unit.row or len(unit.header) < _MIN_COLUMNS or len(unit.cells) != len(unit.header):
        return None
    table = [u for u in units if u.row and u.header == unit.header]
    said = set().union(*(words[t] for t in asked)) if asked else set()
    if any(set(tokenize(u.cells[0])) & said for u in table):
        return None  # "the wind rating on Ridgeback": that row
    scores = sorted(
        (
            (sum(1 for t in asked - _RELATIONS if words[t] & set(tokenize(name))), n)
            for n, name in enumerate(unit.header[1:], start=1)
        ),
        reverse=True,
    )
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    at = scores[0][1]
    figures = _figures(asked)
    holding = [u for u in table if len(u.cells) > at and figures & set(tokenize(u.cells[at]))]
    if holding and len(holding) < len(table):
        return None  # "fits rafters *16 in* on center": the row with that value answers
    heads = set(tokenize(" ".join(unit.header)))
    for t in asked - _MEASURES - _figures(asked):
        if words[t] & heads:
            continue
        rows = [u for u in table if words[t] & set(tokenize(" ".join(u.cells)))]
        if rows and len(rows) <= len(table) // 2:
            return None  # "the *kynar* paint": the row that says it answers
    return at


_MIN_COLUMNS = 3


def _names_row(
    unit: _Unit, asked: set[str], words: dict[str, frozenset[str]], title: str = ""
) -> bool | None:
    """Whether the question says the row's name (its first cell) whole (True) or only
    part of it (False: "the Beam 10" of the "Beam 22 Flex" row); None when it says none.
    The maker the document's title names goes without saying: "the shakes" of the
    Ardmore sheet name its row "Ardmore Shake", not "Ardmore Hip and Ridge, shake"."""
    name = set(tokenize(unit.cells[0])) if unit.cells else set()
    said = set().union(*(words[t] for t in asked)) if asked else set()
    if not name & said:
        return None
    return name <= said | set(tokenize(title))


@dataclass(frozen=True)
class Candidate:
    score: float
    unit: _Unit
    units: list[_Unit]
    passage: dict[str, Any]
    bonus: float = 0.0  # for opening a passage whose heading is the question
    then: bool = False  # the next sentence says the rest of what was asked
    share: float = 0.0  # of the question's key-term weight the unit says with its heading
    own: float = 0.0  # for being the company's own document: it ranks, it vouches for nothing


def candidates(question: str, passages: list[dict[str, Any]]) -> list[Candidate]:
    """Every sentence that could answer the question, best first; empty when none does."""
    question = spoken_figures(question)
    asked = key_terms(question)
    if not asked or not passages:
        return []
    known = set().union(*(_terms_of(p) for p in passages))
    names = set(tokenize(" ".join(re.findall(r"(?<=\s)[A-Z][a-z]+\w*", question))))
    if names - known - _FRAMING:  # a product or brand the documents never name: not theirs
        return []
    products = names | (asked & (_brands(passages) | _proper(passages) | _titled(passages)))
    products -= _FRAMING | TRADE_WORDS
    kind = _last_thing(question)
    kind_words = _expand(set(kind), question) if kind else {}
    if kind and not kind_words[kind[0]] & known and kind_words[kind[1]] & known:
        return []  # a kind of thing the documents never name: "a *mobile* home"
    titles = set(tokenize(" ".join(str(p["document"]) for p in passages)))
    if len(asked) == 1 and not asked & (TRADE_WORDS | titles | names):
        return []  # one everyday word ("what's waiting on me") is not a product question
    # "…, which metal do we use": a choice asked for, not a yes or no
    yes_no = bool(_YES_NO.search(question)) and not (
        _WH.search(question) or re.search(r"\bwhich\b", question, re.I)
    )
    lasting = bool(  # how long a piece of work takes, not how soon something comes
        re.search(
            r"\bhow (?:long|many (?:minutes|hours|days|weeks))"
            r" (?:does|do|will|would|did) .*\btake\b",
            question,
            re.I,
        )
        and not re.search(r"\btake to (?:get|ship|arrive|come|deliver|show)\b", question, re.I)
    )
    ours = bool(re.search(r"\b(?:our|ours|we|us)\b", question, re.I))
    sized = yes_no and bool(_FEET.search(question) or _INCHES.search(question))
    unit_asked = _unit_asked(question)
    kinds = _asks_for(question)
    words = _expand(asked, question)
    apart = _apart(words, question)
    if _unknown_names(question, asked, words, known):
        return []  # "does *frostline* pay labour": a name no passage found says
    attribute = asked_attribute(question) & asked
    head = _counted_head(question)
    if head in asked and attribute <= _counted(question):  # "how many post cap *lights*"
        attribute = {head}
    counted = _counted(question) & asked
    thing = _object_of(question) & asked
    offered = (_offered(question) | _priced(question)) & asked
    subject = _subject(question) & asked if yes_no else set()
    kind_asked = _head(question, (thing | offered) - products - _MATERIALS)
    amount = _amount_of(question, asked)
    which = _which_kind(question)
    choice = bool(re.search(r"\bwhich\b", question, re.I))  # a choice: a name answers
    content = {
        t for t in asked if t not in _MEASURES | _PARTICLES | _RELATIONS and not t[0].isdigit()
    }
    named = content & (products | _MATERIALS | _CATEGORIES)  # the document may say these
    # a count is of one thing in one place ("how many nails in a *box*"): all of it said
    joined = _compound(question, content, products)
    pairs = _compounds(question, content, products)
    company = set().union(*(_terms_of(p) for p in passages if not _library(p)))
    compound = content if counted else joined
    case = joined & _MATERIALS if yes_no else set()
    everyday = _unsaid_everyday(question, asked, words, known)
    rated = _rated(words, question)
    readable = [
        (rank, p, _units(p["text"]))
        for rank, p in enumerate(passages)
        if covers(asked, p, known, yes_no=yes_no, words=rated)
    ]
    everything = [u for _, _, units in readable for u in units]
    by_document: dict[str, set[str]] = {}
    for p in passages:
        by_document.setdefault(str(p["document"]), set()).update(_terms_of(p))
    document = [by_document[str(p["document"])] for p in passages]
    weight = _weights(asked, words, everything, everyday)
    # "the *regular* crank one", "the *normal* lead time": no part of what is asked
    total = sum(w for t, w in weight.items() if t not in _EVERYDAY)
    # what the answer is judged on: not a measure, nor "after *the appointment*" (when)
    core = asked - _MEASURES - _PARTICLES - _RELATIONS - _setting(question)
    found: list[Candidate] = []
    for rank, passage, units in readable:
        topic = _topic(passage)
        held = _terms_of(passage)
        section = set(tokenize(str(passage.get("heading") or "").split(" › ")[-1]))
        # the opening under the document's title: its introduction, what it is about
        # (an upload's is under its title, the one heading above it: no section's)
        intro = " › " not in str(passage.get("heading") or "") and str(
            passage.get("chunk_id", ":0000")
        ).endswith(":0000")
        section = set() if intro else section
        headed = sum(weight[t] for t in asked if words[t] & topic) >= HEADED * total
        listed_headed = sum(weight[t] for t in asked if words[t] & section) >= HEADED * total
        title = str(passage["document"])
        picked = {  # the tables one of whose rows the question names ("the shake")
            u.header for u in units if u.row and _names_row(u, asked, words, title) is not None
        }
        whole = {u.header for u in units if u.row and _names_row(u, asked, words, title)}
        # the words by which it names them ("the *comfort* film"), the document's own
        # name for them all aside ("ClearVue")
        naming = (
            set().union(
                *(
                    set(tokenize(u.cells[0]))
                    for u in units
                    if u.row and u.header in picked and u.cells
                )
            )
            & set().union(*(words[t] for t in asked)) - set(tokenize(title)) - topic
        )
        for unit in units:
            scored = _score(unit, asked, words, weight, topic, kinds, yes_no, lasting, apart)
            if scored is None or _INTRO.match(unit.text) or (intro and unit.position < 3):
                continue  # a document's introduction says what it is about, not the answer
            if unit.text.rstrip("*").endswith("?") and not unit.row:
                continue  # an FAQ's own question ("Do they come with screens?") asks, not tells
            if unit_asked and not re.search(unit_asked, unit.text, re.I):
                continue  # "how thick is it *in mil*": a figure in mil, or no answer
            if sized and not re.search(r"\d", unit.text):
                continue  # "can I get an *8 ft* door": yes or no, it says a size (8 or 7)
            says = unit.terms | unit.labels | unit.kind | topic
            priced = bool(re.search(_FIGURES["price"], unit.text, re.I))
            if any(not rated[t] & says and not (priced and t in _PRICES) for t in attribute):
                continue  # not what was asked about
            figured = bool(kinds) and kinds[0] in _STRICT | {"speed", "temperature", "length"}
            figured = figured and bool(re.search(_FIGURES[kinds[0]], unit.text, re.I))
            if not carries(question, unit.text, says, rated, yes_no=yes_no, figured=figured):
                continue  # "the late *fee*": a late payment, no fee (answerable.py)
            if any(not words[t] & (says | held) for t in products):
                continue  # about another product
            if any(t not in says | held and not words[t] & _text_terms(passage) for t in subject):
                continue  # "can we use *the wrap* as …": never said, but for an "Ice Barrier"
            if offered and not _names_thing(unit, section, offered, words, topic):
                continue  # "does it come with a *bug screen*": the answer names that thing
            if thing and not any(words[t] & (says | held) for t in thing):
                continue  # what it says is of another thing ("the fire rating *on siding*")
            if _other_kind(unit, kind_asked, words, topic, section):
                continue  # "the rainscreen *tape*": a row of the wraps is no tape
            own = unit.terms | unit.labels | unit.kind
            if _library(passage) and _company_kind(pairs, own, document[rank], words, company):
                continue  # "a casement *flanker*": the library's casements are another thing
            stated = {t for t in content if rated[t] & own or apart[t] & topic}
            missing = {t for t in content - named if t not in stated}
            # "can we … on a *metal* fascia": a yes/no question's case is the thing said
            # with its material, which must be said of it here; else the document may
            missing |= {
                t
                for t in content & named
                if t not in stated and not words[t] & (held if t in case else document[rank])
            }
            if about_other_kind(content, own, topic, words):
                continue  # "cut the *soffit* panels": a J-channel row (answerable.py)
            if any(not words[t] & own and t not in topic for t in which & content):
                continue  # "the *workmanship* guarantee": another warranty is no answer
            then = False
            if not _may_miss(len(content), missing, compound, frozenset(named)):
                # the next sentence may say the rest, and is read out too: "StoneTrim …
                # comes in every Heartland colour" / "Trim in Highland colours is …"
                after = units[unit.position + 1].terms if unit.position + 1 < len(units) else set()
                rest = {t for t in missing if not words[t] & after}
                if not _may_miss(len(content), rest, compound, frozenset(named)):
                    continue
                then = True
            told = _told_next(unit, units, kinds, content, words) if not (then or yes_no) else False
            then = then or told
            things = frozenset().union(*(words[t] for t in counted)) if counted else frozenset()
            if counted and not (things & unit.labels or _counts(unit.text, things)):
                continue  # a number, but not of the thing counted
            if amount and not (
                words[amount] & (unit.labels | section) or _counts(unit.text, words[amount])
            ):
                continue  # "how much attic *ventilation*": a figure of something else
            said, score = scored
            score += FIGURE_NEXT if told else 0.0
            if said < SAYS * total:
                continue  # says too little of what was asked
            score -= 0.4 * rank + 0.02 * unit.position
            if products and products <= {t for t in products if words[t] & says}:
                score += NAMED  # says the product asked about itself
            row_named = _names_row(unit, asked, words, title) if unit.row else None
            if row_named is False:
                score -= NAMED  # "the Beam 10": not the row of the "Beam 22 Flex"
            elif row_named is None and unit.row and unit.header in whole:
                continue  # "the comfort film": another row names it whole (answerable.py)
            elif row_named is None and unit.row and unit.header in picked:
                if naming and not naming & unit.terms:
                    continue  # "the *comfort* film": another row of its table is that one
                score -= NAMED  # "the shakes": another row of its table names them ("Slate")
            if unit.row and _column(unit, units, asked, words) is not None:
                score += ROW + COLUMN  # read down the column: every row, rule and exceptions
            denied = _denies(unit.text, asked, words) if not yes_no else set()
            if denied:  # "which metal by the ocean": not the one "not for coastal homes"
                score -= NAMED + sum(weight[t] for t in denied)
            if choice and not unit.row and not _names_one(unit.text, asked):
                score -= NAMED  # "which blend …": "Ohio Buff is …", not "Not every blend …"
            if yes_no and _RESTRICTS.search(unit.text):
                score += NAMED  # "can I get 16 ft planks": "made only in …, by special order"
            upload = not _library(passage)
            if ours and upload:
                score += OURS  # "our labor warranty": the company's own document says it
            score -= 1.5 if intro and unit.position < 3 else 0.0
            opening = (
                headed
                and (not kinds or bool(re.search(_FIGURES[kinds[0]], unit.text, re.I)))
                and not yes_no
                and unit is units[0]
                and not intro
                and (not _LISTED.match(passage["text"].lstrip()) or listed_headed)
            )  # a list's first item is one rule of several unless its own heading is the
            # question ("Before We Blow Insulation"), not the title ("… House Wrap")
            bonus = OPENING if opening else 0.0  # the heading is the question: it opens
            share = _share(unit, topic, core, rated, weight)
            mine = OWN if upload else 0.0  # ranks the company's sheet first, vouches for nothing
            found.append(
                Candidate(score + bonus + mine, unit, units, passage, bonus, then, share, mine)
            )
    found.sort(key=lambda c: -c.score)
    return found


_LISTED = re.compile(r"(?:[-*•]|\d+[.)])\s")

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


FIGURE_NEXT = 2.0
"""What a sentence gains when the figure asked for is in the next one, about the same
thing, read out with it ("… bought as StoneCorner one-piece corners. StoneCorner has two
3.5 in faces …, is 10 ft long"): it makes up for the figure it lacks itself."""


def _told_next(
    unit: _Unit,
    units: list[_Unit],
    kinds: list[str],
    content: set[str],
    words: dict[str, frozenset[str]],
) -> bool:
    """Whether the unit lacks the figure asked for and the next sentence, about one of
    the same key terms, states it."""
    if not kinds or kinds[0] in _FIGURE_FREE or re.search(_FIGURES[kinds[0]], unit.text, re.I):
        return False
    if unit.row or unit.position + 1 >= len(units):
        return False
    after = units[unit.position + 1]
    return (
        not after.row
        and bool(re.search(_FIGURES[kinds[0]], after.text, re.I))
        and any(words[t] & after.terms & unit.terms for t in content)
    )


_NAME_SAID = re.compile(r"(?<=\S )[A-Z][\w-]*")


def _names_one(text: str, asked: set[str]) -> bool:
    """Whether a sentence names something the question doesn't (a name after its first
    word, or a figure): what a "which" question asks for."""
    named = any(set(tokenize(m)) - asked for m in _NAME_SAID.findall(text))
    return named or bool(re.search(r"\d", text))


_DENIED = re.compile(r"\b(?:not|never|no) (?:for|on|in|near|with|within|by)? ?([\w-]+)", re.I)


def _denies(text: str, asked: set[str], words: dict[str, frozenset[str]]) -> set[str]:
    """What of the question the unit says only to rule it out ("not for coastal
    homes"): for a question that asks which to use, that is the wrong choice."""
    ruled_out = set(tokenize(" ".join(_DENIED.findall(text))))
    return {t for t in asked if words[t] & ruled_out}


_PRICES = frozenset(tokenize("cost costs price prices charge fee rate"))
"""What a price asked about is called: a sentence stating a price says it ("rents
from the supplier for $150 per day" for "what does it cost to rent the seamer")."""


def _brands(passages: list[dict[str, Any]]) -> set[str]:
    """The product names the passages use, run together the way brands are
    ("StoneShake", "HailGuard", "TrueDeck"): a question that says one, even in lower
    case, is about that product."""
    text = " ".join(str(p["text"]) for p in passages)
    return set(tokenize(" ".join(re.findall(r"\b[A-Z][a-z]+[A-Z]\w*", text))))


_CAPITAL = re.compile(r"(?<=[a-z0-9,)] )[A-Z][a-z]+\b")
_LOWER = re.compile(r"\b[a-z][a-z]+\b")


def _proper(passages: list[dict[str, Any]]) -> set[str]:
    """Names the passages give things: a capitalised word inside a sentence that they
    never write in lower case ("the Beam 10", "Palisade panels"); a question that says
    one, even in lower case, is about that thing."""
    text = "\n\n".join(str(p["text"]) for p in passages)
    lower = set(tokenize(" ".join(_LOWER.findall(text))))
    return set(tokenize(" ".join(_CAPITAL.findall(text)))) - lower


def _titled(passages: list[dict[str, Any]]) -> set[str]:
    """The makers and lines the passages' titles and headings name ("Timberforge", "Lakeshore"):
    a capitalised word no English dictionary has, which no passage writes in lower case. A
    question that says one is about that maker's products, not another's."""
    titles = " ".join(f"{p['document']} {p.get('heading') or ''}" for p in passages)
    text = "\n\n".join(str(p["text"]) for p in passages)
    lower = set(tokenize(" ".join(_LOWER.findall(text))))
    found = {w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", titles) if not is_english(w.lower())}
    return set(tokenize(" ".join(found))) - lower


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


def _company_kind(
    pairs: list[tuple[str, str]],
    own: frozenset[str],
    document: set[str],
    words: dict[str, frozenset[str]],
    company: set[str],
) -> bool:
    """Whether the unit says the first word of a thing named in two ("a casement
    *flanker*") whose kind only the company's own documents say: the library's casements
    are not the company's bay flankers."""
    return any(words[a] & own and not words[b] & document and words[b] & company for a, b in pairs)


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
_RELATIONS = frozenset(tokenize("after before during between without within since until per"))
"""Words that relate what a question is about ("back out *after* they sign"): an answer
need not repeat them."""
_PARTICLES = frozenset(tokenize("out up down off in on over back away around through"))


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
    found = _OFFER.search(question)
    if not found:
        return set()
    rest = re.split(r"\b(?:if|when|for|on|in|at|to|with|so)\b|[?.!,]", question[found.end() :])[0]
    return {t for t in tokenize(rest) if t not in _FRAMING and not t[0].isdigit()}


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


def _other_kind(
    unit: _Unit,
    head: str | None,
    words: dict[str, frozenset[str]],
    topic: set[str],
    section: set[str],
) -> bool:
    """Whether a table row is of another kind than the thing asked about, both kinds the
    document's title names: a "Wrap" row of a "House Wrap and Flashing Tape" guide is no
    answer about "the Rainscreen *tape*", though it names Rainscreen."""
    if head is None or not unit.row or not unit.kind & topic:
        return False
    own = unit.terms | unit.labels | unit.kind | section
    return not words[head] & own and bool(words[head] & topic)


def _names_thing(
    unit: _Unit,
    section: set[str],
    thing: set[str],
    words: dict[str, frozenset[str]],
    topic: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether the unit (or its section's heading) names the thing: every word of it,
    and a thing of several words said as one ("metal shingles", not "a metal roof costs
    more than shingles"). One word of several may be the kind the document's title
    names, the unit the rest ("the *drain* wrap" → "WeatherVeil Drain, … roll: $214"
    in a house wrap guide)."""
    kind = {t for t in thing if not words[t] & (unit.terms | unit.labels | section)}
    names = set(tokenize(" ".join(re.findall(r"\b[A-Z][\w-]*", unit.text))))
    if len(kind) == 1 and words[next(iter(kind))] & topic and thing - kind <= names:
        thing = thing - kind  # the rest is the name the unit gives it ("Drain")
    if any(not words[t] & (unit.terms | unit.labels | section) for t in thing):
        return False
    if len(thing) < 2 or all(words[t] & section for t in thing):
        return True
    said = tokenize(unit.text)
    spots: dict[str, list[int]] = {}
    for t in thing:  # the word itself where the unit says it, else a word meaning it
        own = [i for i, w in enumerate(said) if w == t]
        spots[t] = own or [i for i, w in enumerate(said) if w in words[t]]
    return any(
        abs(i - j) <= _PHRASE
        for a, b in itertools.combinations(sorted(spots), 2)
        for i in spots[a]
        for j in spots[b]
    )


_PHRASE = 2


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


def _weights(
    asked: set[str],
    words: dict[str, frozenset[str]],
    units: list[_Unit],
    everyday: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """A key term weighs more the fewer of the passages' sentences say it; an everyday
    word none says weighs as little as one every sentence says."""
    n = len(units) or 1
    out = {}
    for t in asked:
        df = sum(1 for u in units if words[t] & (u.terms | u.labels))
        out[t] = 1.0 if t in everyday else 1.0 + math.log((n + 1) / (df + 1))
    return out


def _library_terms() -> frozenset[str]:
    """Every term the trade's library says somewhere (its current version's)."""
    return _terms_of_library(library_version())


@functools.lru_cache(maxsize=1)
def _terms_of_library(version: object) -> frozenset[str]:
    return frozenset().union(*(tokenize(c.text) for c in library_chunks()))


EVERYDAY_ZIPF = 4.5
"""A word this common in English ("save", "money", "laid", "kid": Zipf 4.5 and up) that no
passage found says is the rep's everyday speech, not a term of the trade an answer must
repeat; rarer words no passage says ("grill", "tub", "garage") still weigh fully."""


def _unsaid_everyday(
    question: str, asked: set[str], words: dict[str, frozenset[str]], known: set[str]
) -> frozenset[str]:
    """The key terms the rep says in everyday words that neither the passages found nor
    the trade's library ever says ("fix", "kid", "laid"; not "sun", which the library
    does: a passage that lacks it is not about it)."""
    out: set[str] = set()
    for word in re.findall(r"[a-z]+", question.lower()):
        for t in set(tokenize(word)) & asked - TRADE_WORDS:
            said = words[t] & known or words[t] & _library_terms()
            if not said and zipf(word) >= EVERYDAY_ZIPF:
                out.add(t)
    return frozenset(out)


def _score(
    unit: _Unit,
    asked: set[str],
    words: dict[str, frozenset[str]],
    weight: dict[str, float],
    topic: set[str],
    kinds: list[str],
    yes_no: bool = False,
    lasting: bool = False,
    apart: dict[str, frozenset[str]] | None = None,
) -> tuple[float, float] | None:
    """(weight of the question said by the unit with its heading, the unit's score);
    None when the unit can't be the answer. The heading says a term by itself or its
    equivalents less the question's other terms (``apart``)."""
    own = {t for t in asked if words[t] & unit.terms}
    own |= {t for t in _figures(asked) - own if _in_range(t, unit.text)}
    labelled = {t for t in asked - own if words[t] & (unit.labels | unit.kind)}
    heading = {t for t in asked - own - labelled if (apart or words)[t] & topic}
    if not yes_no and _figures(asked) - own - labelled - heading:
        return None  # "a box of *triple 4*": the figure picks the thing; not said here
    measured: set[str] = set()  # "what *sizes*": a length stated says it, weighing nothing
    if kinds and kinds[0] not in _FIGURE_FREE and re.search(_FIGURES[kinds[0]], unit.text, re.I):
        measured = asked & _MEASURES - own - labelled - heading
    if len(own | labelled | heading | measured) < min(2, len(asked)):
        return None
    if not own | labelled and sum(weight[t] for t in heading) < HEADED * sum(weight.values()):
        return None  # says nothing asked, under a heading that isn't the question
    said = sum(weight[t] for t in own | labelled | heading | measured)
    score = sum(weight[t] for t in own) + CONTEXT * sum(weight[t] for t in labelled | heading)
    if kinds:
        wanted = kinds[0]
        if wanted == "price" and not re.search(_FIGURES["price"], unit.text, re.I):
            return None  # a price asked for and not stated here
        needed = [k for k in kinds if k not in _FIGURE_FREE]
        if needed and not yes_no:  # a figure asked for and none stated here: no answer
            # a time or a price must be one ("how many days"); a size may be said in
            # the trade's own units ("two stud bays apart", "stack two high")
            if needed[0] in _STRICT:
                stated = re.search(_FIGURES[needed[0]], unit.text, re.I)
                if not stated:
                    return None
                deadline = rf"\bwithin (?:about )?(?:{_FIGURES['duration']})"
                if lasting and not re.search(
                    _FIGURES["duration"], re.sub(deadline, " ", unit.text, flags=re.I), re.I
                ):
                    return None  # "how long does an inspection take": not "within 48 hours"
            else:  # a number, and not one that is a time or a price ("in 2 days")
                other = "|".join(_FIGURES[k] for k in _STRICT if k not in kinds)
                rest = re.sub(other, " ", unit.text, flags=re.I) if other else unit.text
                if not re.search(_FIGURES["count"], rest, re.I):
                    return None
        if re.search(_FIGURES[wanted], unit.text, re.I):
            score += 3.0
        elif any(re.search(_FIGURES[k], unit.text, re.I) for k in kinds[1:]):
            score += 1.5
        elif wanted == "count" and re.search(r"\d", unit.text):
            score += 0.5
        else:
            score -= 2.0
    if unit.row:
        score -= ROW
    label = unit.text.partition(":")[0]
    if label != unit.text and len(label) < 40 and asked & set(tokenize(label)):
        score += 1.0  # "Thickness: 0.044 in" — a label, then its value
    return said, score
