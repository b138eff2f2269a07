"""Does this sentence carry what the question asks for — or only the words around it?

A rep's "what's the *late fee* on a Keystone payment" shares "Keystone", "payment" and
"late" with a sentence about a late payment that names no fee; "what's Keystone's
*phone number*" shares "phone" with "applies on their own phone". The product name and
the everyday words carry the match, the thing asked for is missing, and reading the
sentence out is a confident wrong answer — worse than saying the documents don't cover
it. This module finds the thing asked for (the object of "what's the X", "is there a
X", "what X owns …") and says whether a sentence, list item or table row states it: its
words said (a measure — a number, a thickness — by a figure), a compound said together
when only a word meaning its head is there, and a word that reads as a name ("a
*larsen* storm door") said by the documents at all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping

from hard_e.text.english import is_english, zipf
from hard_e.text.search import tokenize

_DETERMINERS = r"(?:the |a |an |our |your |their |its |this |that )?"
_POSSESSOR = r"(?:[\w-]+'s |[\w-]+s' )?"  # "keystone's phone number": the owner is the topic
_STOP = (
    r"on|of|for|with|to|in|per|at|from|that|which|if|when|we|i|you|they|or|and|than|by|"
    r"is|are|do|does|can|will|would|should|available|offered|included|allowed"
)
_WORD = rf"(?!(?:{_STOP})\b)[\w-]+"
_THERE = re.compile(rf"\b(?:is|are) there (?:a|an|any) (?P<np>{_WORD}(?: {_WORD}){{0,3}})", re.I)
_WHAT = re.compile(
    rf"\bwhat(?:'s|s| is| are| was)? {_DETERMINERS}{_POSSESSOR}"
    rf"(?P<np>(?:{_WORD} ){{0,2}}?{_WORD})(?: (?:on|of|for|with|to|in|per)\b|\W*$)",
    re.I,
)
_WHAT_IS = re.compile(  # "what *thickness* is the film", "what *r value* do the windows get"
    r"\bwhat (?P<np>(?!(?:is|are|was|do|does|did|if|about|else|kind|type|sort|would|will|"
    r"can|should|happens|time|day)\b)[\w-]+(?: [\w-]+)?) (?:do|does|did|is|are)\b",
    re.I,
)
_WHAT_DOES = re.compile(  # "what *bank owns* keystone": a maker, owner, backer asked for
    r"\bwhat (?P<np>[a-z]+) (?P<verb>(?!(?:is|was|has|does|goes|comes|works|takes|means|"
    r"needs|looks|happens|fits|gets|helps)\b)[a-z]{3,}s)\b"
    r"(?! (?:can|could|do|does|did|is|are|will|would|should|we|they|i|you|he|she)\b)",
    re.I,
)

MEASURES = frozenset(
    tokenize(
        "number size thickness weight length width height depth amount temperature gap "
        "clearance spacing gauge value factor mil minimum maximum min max"
    )
)
"""Heads of a thing asked for that a figure states: "what's the phone *number*" is
answered by digits, "what *thickness*" by a size — never by a sentence without one."""
_FIGURE = re.compile(r"\d")
_SIZE = re.compile(r"\d(?:[\d./]| \d/)*(?: ?(?:in|ft|inch|inches|feet|foot|mm|cm|mil)\b|\")", re.I)
"""A figure of a size: "0.032 in", "1 1/2 in", "8 mil", '3"'."""
_RATED = re.compile(r"\b([RU])[- ]?(?:values?|factors?)\b", re.I)
"""An R-value or U-factor asked for ("what r value", "the u-factor")."""
_FILLER = frozenset(
    tokenize(
        "whats what's thing stuff kind type sort best good right exact actual real usual "
        "normal standard typical regular current new one ones"
    )
)

NAME_ZIPF = 2.0
"""How common (Zipf) a dictionary word may be and still read as a name: "larsen" 1.7,
"pella" 1.5 — a maker's name in the dictionary — not "hurricane" 3.5 or "white" 5.1."""


def asked_thing(question: str) -> tuple[list[str], str | None]:
    """The terms of the thing the question asks for, in order, and the verb of "what
    bank *owns* …" when it asks who does something; empty when it asks for none."""
    terms, verb, _ = _asked(question)
    return terms, verb


def _asked(question: str) -> tuple[list[str], str | None, list[tuple[str, str]]]:
    """The thing asked for, its verb, and its participle compounds ("hurricane rated")."""
    for pattern in (_THERE, _WHAT_DOES, _WHAT_IS, _WHAT):
        found = pattern.search(question)
        if found and pattern is _WHAT_DOES and reads_as_name(found.group("np")):
            continue  # "what *hailguard* protects against": what a product does
        if found:
            verb = tokenize(found.groupdict().get("verb") or "")
            said = found.group("np").lower().split()
            terms = [t for t in tokenize(found.group("np")) if t not in _FILLER]
            pairs = [
                (a[0], b[0])
                for x, y in itertools.pairwise(said)
                if y.endswith("ed") and (a := tokenize(x)) and (b := tokenize(y))
            ]
            return terms, verb[0] if verb else None, pairs
    return [], None, []


def reads_as_name(word: str) -> bool:
    """Whether a word the rep said reads as a name, not English in common use: no
    dictionary has it ("provia"), or it lists it as rarely as a surname ("larsen")."""
    if not is_english(word):
        return True
    return all(zipf(base) < NAME_ZIPF for base in _base_forms(word.lower()))


_ENDINGS: tuple[tuple[str, str], ...] = (
    ("iest", "y"), ("ier", "y"), ("ies", "y"), ("est", ""), ("er", ""), ("ing", ""),
    ("ed", ""), ("es", ""), ("s", ""), ("ly", ""),
)  # fmt: skip
"""Endings of a word's forms, and what its base form ends in instead."""


def _base_forms(word: str) -> set[str]:
    """The word and what it may be a form of ("windiest" → "windy"): a rare form of a
    common word ("windiest") is no name."""
    forms = {word}
    for ending, base in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(base) >= _SHORTEST:
            forms.add(word[: -len(ending)] + base)
    return forms


_SHORTEST = 3


def unknown_name(word: str, question: str, known: set[str]) -> bool:
    """Whether a word of the question no passage says reads as a name the documents
    lack — not one half of a name they say, split by speech ("alder line center vent"
    for Alderline, "hail guard" for HailGuard)."""
    if not reads_as_name(word):
        return False
    spoken = re.findall(r"[a-z]+", question.lower())
    for i, said in enumerate(spoken):
        if said != word:
            continue
        joined = [spoken[j] + spoken[j + 1] for j in (i - 1, i) if 0 <= j < len(spoken) - 1]
        if any(set(tokenize(w)) <= known for w in joined):
            return False
    return True


def carries(
    question: str,
    text: str,
    says: set[str] | frozenset[str],
    words: Mapping[str, frozenset[str]],
    *,
    yes_no: bool = False,
    figured: bool = False,
) -> bool:
    """Whether the unit (its ``text``; ``says``: its terms with its labels and heading)
    states the thing the question asks for: each of its terms said (a measure by a
    figure), the verb of "what bank owns …" said too, and a compound whose head is said
    only by a word meaning it ("late … charged" for "late fee") said together. A unit
    ``figured`` (holding the kind of figure asked for: "180 mph" for "what wind speed")
    states it by that figure."""
    terms, verb, pairs = _asked(question)
    if not terms:
        return True
    sized = figured or bool(_SIZE.search(text))
    if _dimension_unsaid(terms, says, figured=sized):
        return False  # "what *thickness* is the glass": a frame depth is no thickness
    if figured and not yes_no:
        return True
    terms = [t for t in terms if t in words or t in MEASURES]  # not "best", "way"
    ways = {t: words.get(t, frozenset({t})) for t in terms}
    content = [t for t in terms if t not in MEASURES and not t[0].isdigit()]
    if any(not ways[t] & says for t in content):
        return False  # "is there a *hurricane* rated storm door": never said
    if any(said_as_verb(ways[t], text, says) for t in content):
        return False  # "what *screws*": "hangers must screw through the fascia"
    spoken = [set(tokenize(w)) for w in text.split()]
    if verb is not None:
        verbs = words.get(verb, frozenset({verb}))
        if not verbs & says or not _near(spoken, verbs, ways.get(terms[0], frozenset())):
            return False  # "what company *owns* …": "their own agent", a company far off
    for first, second in pairs:  # "fire rated": said as one ("fire-rated"), not apart
        if not _near(spoken, ways.get(first, {first}), ways.get(second, {second}), 1):
            return False
    measured = [t for t in terms if t in MEASURES]
    if measured and not yes_no:
        if not _FIGURE.search(text):
            return False  # "what's the phone *number*": no digit, no number
        if only_the_case(question, text):
            return False  # "what size dumpster for a *30 square* job": "over 10 squares"
        if not _rated_as_asked(question, text, says):
            return False  # "what *r value*": a row of U-factors is no R-value
    return _together(content, text, says, ways)


_BEFORE_VERB = frozenset(
    {"must", "should", "can", "cannot", "will", "would", "may", "might", "to", "never"}
    | {"always", "not", "don't", "do", "does", "we", "they", "you", "i"}
)
"""Words after which a thing's word is a verb: "hangers *must* screw through"."""
_OBJECT = frozenset(
    {"the", "a", "an", "any", "every", "each", "all", "it", "them", "both", "through", "into"}
    | {"over"}
)
"""Words after which a sentence's first word is an order ("*Tape* every seam")."""


def said_as_verb(
    ways: Collection[str], text: str, says: set[str] | frozenset[str] = frozenset()
) -> bool:
    """Whether the text says the thing asked for ("what *screws*") only as a verb:
    after a modal, "to" or a person ("hangers must *screw* through the fascia") or as an
    order opening it ("*Nail* every 16 in") — a way to fasten, not which fastener. Not
    when its heading or a column says the thing."""
    spoken = text.split()
    at = [i for i, w in enumerate(spoken) if set(tokenize(w)) & set(ways)]
    if not at or set(ways) & (set(says) - set(tokenize(text))):
        return False
    for i in at:
        before = spoken[i - 1].lower().strip(",.;:()") if i else ""
        after = spoken[i + 1].lower().strip(",.;:()") if i + 1 < len(spoken) else ""
        ordered = not i and after in _OBJECT
        if not (before in _BEFORE_VERB or ordered):
            return False  # said as a thing at least once
    return True


_COUNTED = re.compile(r"(?<![\w.])\d[\d.,/]*(?:-| )?([a-z]+)", re.I)
"""A figure and the word it counts: "30 square", "10 squares", "20-yard"."""


def only_the_case(question: str, text: str) -> bool:
    """Whether every figure of the text counts what the question's own figures count
    ("what size dumpster for a *30 square* tear off": "more than *10 squares*"): the
    question's case restated as a threshold, not the measure asked. A size ("6 in") may
    be both the case and the answer ("2 in nails for 5/8 in trim"), so never counts."""
    case = {
        t
        for word in _COUNTED.findall(question)
        for t in tokenize(word)
        if not _SIZE.search(f"1 {word}")
    }
    counted = [set(tokenize(word)) for word in _COUNTED.findall(text)]
    return bool(case and counted) and all(c and c <= case for c in counted)


def _rated_as_asked(question: str, text: str, says: set[str] | frozenset[str]) -> bool:
    """An R-value asked is stated as one ("R-value about 6", "R-13", an "R-value"
    column), never by a U-factor (nor the other way round)."""
    asked = _RATED.search(question)
    if asked is None:
        return True
    letter = asked.group(1).lower()
    stated = re.compile(rf"\b{letter}[- ]?(?:values?|factors?)\b|\b{letter}-\d", re.I)
    return bool(stated.search(text)) or (letter in says and bool({"valu", "factor"} & says))


_NEAR = 5
"""Words apart a compound's modifier and the word meaning its head may stand."""

_DIMENSIONS = tuple(
    frozenset(tokenize(group))
    for group in ("thickness thick", "width wide", "height tall high", "depth deep", "length long")
)


def _dimension_unsaid(terms: list[str], says: set[str] | frozenset[str], *, figured: bool) -> bool:
    """Whether the dimension asked ("what *thickness*") is not what the unit states:
    another one is ("frame *depth*: 3.25 in"), or neither it nor a length is ("the glass
    seal … 10 years")."""
    for group in _DIMENSIONS:
        if group & set(terms) and not group & says:
            return not figured or any(other & says for other in _DIMENSIONS if other is not group)
    return False


def _near(
    spoken: list[set[str]], first: Collection[str], second: Collection[str], apart: int = _NEAR
) -> bool:
    """Whether words saying ``first`` and ``second`` stand within ``apart`` words of each
    other in the text — or one of them is not in the text (its heading or column says it)."""
    at_first = [i for i, w in enumerate(spoken) if w & set(first)]
    at_second = [i for i, w in enumerate(spoken) if w & set(second)]
    if not at_first or not at_second:
        return True
    return any(abs(i - j) <= apart for i in at_first for j in at_second)


def _together(
    content: list[str], text: str, says: set[str] | frozenset[str], ways: dict[str, frozenset[str]]
) -> bool:
    """A compound ("late fee") whose head the text says only by a word meaning it
    ("charged") must be said together, not a modifier here and a verb far off."""
    if len(content) < 2:
        return True
    spoken = [set(tokenize(w)) for w in text.split()]
    modifier, head = content[-2], content[-1]
    if any(head in w for w in spoken):
        return True  # the head itself is said
    at_head = [i for i, w in enumerate(spoken) if w & ways[head]]
    at_modifier = [i for i, w in enumerate(spoken) if w & ways[modifier]]
    if not at_head or not at_modifier:
        return True  # one of them said by the heading or a column: that is its topic
    return any(abs(i - j) <= _NEAR for i in at_head for j in at_modifier)


PRODUCT_KINDS = frozenset(
    tokenize(
        "shingle shingles siding window windows door doors gutter gutters downspout "
        "downspouts soffit fascia skylight skylights shutter shutters railing railings "
        "deck decking fence fencing insulation cable cables stucco veneer"
    )
)
"""The kinds of product a contractor sells and a document is about ("Palisade Standing
Seam Metal *Roofing*", "Frostline … De-Icing *Cable*"). Not the roof or the wall a
product goes on, which every document speaks of as its setting."""


def about_other_kind(
    content: Collection[str],
    own: Collection[str],
    topic: Collection[str],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether a short question about one kind of product ("how much shorter than the
    opening do i cut the *soffit* panels") is read from a sentence that leaves some of
    its words unsaid (``own``: the sentence's terms), under a document and heading that
    say none of them: a siding guide's J-channel row ("3/4 in opening, for use … along
    soffits") is about the channel, never an answer about cutting soffit. A sentence
    saying every word is judged on its own ("a crew caps about 12 to 15 *windows* a
    day" on a trim-coil sheet)."""
    kinds = {t for t in content if t in PRODUCT_KINDS}
    if len(kinds) != 1 or len(content) > _VAGUE:
        return False  # "the siding and the gutter ends": one kind is where the other goes
    ways = [words.get(t, frozenset({t})) for t in content]
    if all(way & set(own) for way in ways):
        return False
    return not any(way & set(topic) for way in ways)


_VAGUE = 4
"""At most this many content words: a short question, whose one kind of product is what
it is about, not the setting of a longer one ("the neighbour's low-E windows")."""


def product_unsaid(
    question: str,
    content: Collection[str],
    own: Collection[str],
    topic: Collection[str],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether the product the question is about is said by neither the unit (``own``)
    nor its heading (``topic``): its kind ("the coil on the six inch *gutters*" read from
    a fascia row), or the word that kind names with it ("gutter *guards*", "deck
    *frame*", not the gutter of a heat cable guide's title). After "can", "does" the next
    word may be the verb ("does heat cable *attach*") or the thing ("can gutter *guards*
    go"): the unit itself says one of the two. Another kind that means it ("gutter" for
    "downspout") is another product, not a word for it."""
    mine, said = set(own), set(own) | set(topic)
    for kind, after, asked in _products(question, content):
        ways = [{t} | (words.get(t, frozenset()) - PRODUCT_KINDS) for t in (kind, after) if t]
        if asked and after:
            if not ways[0] & said or not (ways[0] | ways[1]) & mine:
                return True
        elif not ways[-1] & said:
            return True
    return False


def _products(question: str, content: Collection[str]) -> list[tuple[str, str, bool]]:
    """Each product kind the question names, the key term right after it that may name
    a thing with it ("gutter *guards*"), or "", and whether they follow "can", "does"."""
    said = re.findall(r"[\w'/.:-]+", question.lower())
    terms = [tokenize(w) for w in said]
    out = []
    for i, term in enumerate(terms):
        if len(term) != 1 or term[0] not in PRODUCT_KINDS or term[0] not in content:
            continue
        after = terms[i + 1] if i + 1 < len(terms) else []
        named = len(after) == 1 and after[0] in content and after[0] not in _NOT_NAMED
        asked = any(w in _AUXILIARIES for w in said[max(0, i - 2) : i])
        out.append((term[0], after[0] if named else "", asked))
    return out


_NOT_NAMED = PRODUCT_KINDS | frozenset(
    tokenize(
        "style styles type types kind kinds model models series line lines option options "
        "themselves yourself yourselves ourselves"
    )
)
"""Words after a product's kind that say which of it, or who, not a thing of its own:
"which *window style*" is a window, "paints the *door themselves*" a door."""


_AUXILIARIES = frozenset(
    {"do", "does", "did", "can", "could", "will", "would", "should", "may", "must", "is", "are"}
)
"""Words that open a question's verb phrase: the product after them comes before its verb."""


_MEASURED = re.compile(
    r"\bhow (?:thick|wide|tall|high|deep|long|big|heavy|far apart|far) (?:is|are) "
    r"(?:the |a |an |our |their )?(?P<np>[\w-]+ [\w-]+)\W*$",
    re.I,
)
"""A dimension asked of a thing named in two words: "how wide is the *seam tape*",
"how far apart are the *cap nails*"."""

_PHRASE = 2
"""Words apart the two words of a thing may stand and still name it ("seam tape",
"tape for the seams")."""


def said_apart(question: str, text: str, words: Mapping[str, frozenset[str]]) -> bool:
    """Whether the unit says both words of the thing whose dimension is asked, but
    never together and in that order: "lap house wrap *seams* at least 6 in and *tape*
    them" (or "*tape* every *seam*") says how far the seams lap, not how wide the seam
    tape is."""
    found = _MEASURED.search(question)
    if not found:
        return False
    pair = [t for w in found.group("np").split() for t in tokenize(w)]
    if len(pair) != 2 or pair[0] == pair[1]:
        return False
    spoken = [set(tokenize(w)) for w in text.split()]
    first, second = (words.get(t, frozenset()) | {t} for t in pair)
    if any(w[:1].isupper() and set(tokenize(w)) & first for w in text.split()):
        return False  # "the *Guardian* frame": a name, said of the doors that have it
    at_first = [i for i, w in enumerate(spoken) if w & first]
    at_second = [i for i, w in enumerate(spoken) if w & second]
    if not at_first or not at_second:
        return False  # one of them said by the heading or a column: judged elsewhere
    return not any(0 < j - i <= _PHRASE for i in at_first for j in at_second)


def about_another_product(
    question: str,
    content: Collection[str],
    text: str,
    words: Mapping[str, frozenset[str]],
    title: str = "",
    before: str = "",
) -> bool:
    """Whether the sentence is about another product than the kind asked: the first
    kind it names is none the question names, and it comes right after a name the
    question doesn't say ("can we put *gutter guards* on a low roof": "Never put
    *Frostline cable* inside a gutter guard …") or is the kind its document's ``title``
    is about ("a *vented skylight*": "Keep *cable* 6 in from any skylight curb" in a
    heat cable guide; "how many *windows* a day": "a crew installs 150 ft of *soffit* …
    and caps 12 to 15 windows" in a soffit sheet). A sentence opening "It …" is about
    what the one ``before`` it is ("Heat cable does not stop ice dams. It … keeps
    gutters open")."""
    asked = {t for t in content if t in PRODUCT_KINDS}
    if not asked:
        return False
    ways = set().union(*({t} | words.get(t, frozenset()) for t in asked))
    if before and _first_kind(question, before.split(), ways, title) == "title":
        return not _verb_asked(text.split(), ways, set(tokenize(question)))
    return _first_kind(question, text.split(), ways, title) in {"title", "named"}


def _first_kind(question: str, spoken: list[str], ways: set[str], title: str) -> str:
    """What the first product kind the sentence names is: "asked", the kind its title is
    about ("title"), another named product ("named"), or "" (none, or unnamed)."""
    said = set(tokenize(question))
    documented, named_title = _names_title(question, title)
    for at, word in enumerate(spoken):
        kinds = set(tokenize(word)) & PRODUCT_KINDS
        if not kinds:
            continue
        if kinds & ways:
            return "asked"
        if kinds & documented and not named_title:
            # the document's own product, unless the question asks the very thing it
            # says of the kind asked ("how many windows can a crew *cap*": "… caps
            # about 12 to 15 windows")
            return "" if _verb_asked(spoken, ways, said) else "title"
        name = spoken[at - 1].strip(",.;:()") if at else ""
        # a capital opening the sentence is grammar ("Keep cable …"), unless no
        # dictionary has the word ("Frostline cable …")
        named = name[:1].isupper() and (at > 1 or reads_as_name(name))
        return "named" if named and not set(tokenize(name)) & said else ""
    return ""


_QUANTIFIERS = frozenset(
    {"a", "an", "the", "every", "each", "all", "any", "about", "up", "to", "per", "of", "new"}
)
"""Words between a verb and the thing it is said of ("caps *about 12 to 15* windows")."""


def _verb_asked(spoken: list[str], ways: Collection[str], said: Collection[str]) -> bool:
    """Whether the word a sentence says the kind asked with (the word before it, past
    figures and quantifiers: "*caps* about 12 to 15 windows") is one the question says;
    none when the kind is one of a list ("plastic vent, skylight curb")."""
    for at, word in enumerate(spoken):
        if not set(tokenize(word)) & set(ways):
            continue
        for before in reversed(spoken[:at]):
            if before[-1:] in ",;:(" or before.lower() in {"and", "or"}:
                break
            if before[:1].isdigit() or before.lower() in _QUANTIFIERS:
                continue
            if set(tokenize(before)) & set(said):
                return True
            break
    return False


_LISTED_WITH = frozenset({"and", "or", "&", ","})
"""What follows a kind a title lists as one of its subjects ("Soffit*,* Fascia *and* Trim
Coil"), not as the setting of a kind after it ("Gutter De-Icing Cable")."""


def title_kinds(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """The kinds of product a document's title is about, and the names it gives them
    (its words no dictionary has): "Frostline Roof and Gutter De-Icing *Cable*" is about
    cable, named Frostline — the gutter is where the cable goes, a kind named only to
    modify a later one. Only the title's name counts, not what follows its dash ("Sales
    Objection Handbook — Siding, Roofing and Windows")."""
    said = re.findall(r"[\w'-]+|[,&]", title.split(" — ")[0])
    kinds: set[str] = set()
    for at, word in enumerate(said):
        found = set(tokenize(word)) & PRODUCT_KINDS
        after = said[at + 1].lower() if at + 1 < len(said) else ","
        later = any(set(tokenize(w)) & PRODUCT_KINDS for w in said[at + 1 :])
        if found and (after in _LISTED_WITH or not later):
            kinds |= found
    names = {  # "Frostline", not "De-Icing", whose "icing" is a word
        t
        for w in said
        if w[:1].isupper() and all(reads_as_name(part) for part in w.split("-") if part)
        for t in tokenize(w)
    }
    return frozenset(kinds), frozenset(names - kinds)


def _names_title(question: str, title: str) -> tuple[frozenset[str], bool]:
    """The kinds the title is about, and whether the question names them or the title's
    product by its name ("does *Frostline* go down the downspout")."""
    kinds, names = title_kinds(title)
    return kinds, bool((kinds | names) & set(tokenize(question)))


def kind_unsaid_under_title(
    question: str,
    content: Collection[str],
    own: Collection[str],
    title: str,
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether the kind of product asked ("a 50 ft run of *gutter*") is none the
    document's title is about ("Frostline Roof and Gutter De-Icing *Cable*") and the
    unit itself (``own``) doesn't say it: there its headings name the kind only as where
    the title's product goes, so a cable kit's row is no answer about gutters."""
    asked = {t for t in content if t in PRODUCT_KINDS}
    kinds, named = _names_title(question, title)
    if not asked or not kinds or named:
        return False
    return any(not ({t} | (words.get(t, frozenset()) - PRODUCT_KINDS)) & set(own) for t in asked)


_HOW_OFTEN = re.compile(r"\bhow often\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:every|each|per|once|twice|daily|weekly|monthly|yearly|annually|seasonally|"
    r"spring|autumn|fall)\b|\btimes? a\b|\ba (?:year|month|week|day|season)\b|"
    r"\d[\d.,/]*(?: to \d[\d.,/]*)? ?(?:years?|months?|weeks?|days?|hours?|seasons?|ft|in)\b",
    re.I,
)
"""How often a thing is done or placed: "every 35 ft", "twice a year", "each fall",
"4 years" (a table's repaint column)."""


def frequency_unsaid(question: str, text: str) -> bool:
    """Whether a question asks how often ("how often do we need a downspout") and the
    unit states no frequency or interval: "a blocked downspout turns a gutter into an
    ice trough" says what a downspout does, not how often one goes in."""
    return bool(_HOW_OFTEN.search(question)) and not _FREQUENCY.search(text)


_COVERS = re.compile(
    r"\b(?:does|do|did|will|would|can|is|are)\b(?: [\w'-]+){1,5}? "
    r"(?:cover|covers|include|includes|pay for|pays for) (?:the |a |an |any |our |their )?"
    r"(?P<thing>[\w'-]+(?: [\w'-]+){0,2}?)(?= (?:if|when|on|in|at|after|before|under|from|"
    r"with|for|during|because)\b|\W*$)",
    re.I,
)
"""What a yes/no question asks is covered or paid for: "does our workmanship guarantee
cover *storm damage*", "does the wrap warranty pay for *labor*"."""


def covered_unsaid(
    question: str, says: set[str] | frozenset[str], words: Mapping[str, frozenset[str]]
) -> bool:
    """Whether the question asks if something is covered ("… cover *storm damage*") and
    the unit (``says``: its terms with its labels and heading) never says that thing: a
    warranty against leaks and sagging says nothing of storm damage, either way."""
    found = _COVERS.search(question)
    if not found:
        return False
    thing = [t for t in tokenize(found.group("thing")) if not t[0].isdigit()]
    return any(not _names(t, says, words) for t in thing)


_STEP_ASKED = re.compile(
    r"\bwhat (?:do|does|should|must|would) (?:we|i|you|they|the crew|our crew) (?:do|check) "
    r"(?P<order>before|after|first|prior to) (?P<then>[\w'-]+)",
    re.I,
)
"""A step asked by when it comes: "what do we do *before blowing* the insulation"."""

_ORDER = re.compile(
    r"\b(?:before|after|first|then|prior|until|once|ahead|beforehand|next|step|steps)\b", re.I
)


def step_unsaid(question: str, text: str) -> bool:
    """Whether the question asks what is done before or after something ("what do we
    do before *blowing* the insulation") and the unit (its text and headings) says
    neither an order (before, first, once …) nor that thing: "R-2.7 is not a
    replacement for wall insulation" is about insulation, not a step before it."""
    found = _STEP_ASKED.search(question)
    if not found:
        return False
    if _ORDER.search(text):
        return False
    return not set(tokenize(found.group("then"))) & set(tokenize(text))


_MEASURED_SUBJECT = re.compile(
    r"\bhow (?:much|far|long|wide|thick|tall|high|deep|heavy|big|many [\w-]+) "
    r"(?:do|does|did|should|must|will|can) (?:the |a |an |our |their |your )"
    r"(?P<np>[\w-]+(?: [\w-]+)?) (?P<verb>[\w-]+)\W*$",
    re.I,
)
"""A measure asked of a thing that does something: "how much do the horizontal *laps*
overlap", "how long does the *warranty* last"."""


def _names(term: str, says: set[str] | frozenset[str], words: Mapping[str, frozenset[str]]) -> bool:
    """Whether the unit (``says``) names the term, in its own word or one that says it."""
    return bool(({term} | words.get(term, frozenset())) & says)


_AMOUNT = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|half|twice|double|"
    r"lifetime|life)\b",
    re.I,
)
"""How a measure is stated: a figure, a number said in words, a lifetime."""


def subject_unsaid(
    question: str,
    text: str,
    says: set[str] | frozenset[str],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether a measure is asked of a thing ("how much do the horizontal *laps*
    overlap") that the unit (``says``: its terms, labels and headings, not the title)
    never names — "Overlap horizontal panel ends by 1 in" measures panel ends — or
    whose ``text`` states no amount ("never caulk the lap where planks overlap")."""
    found = _MEASURED_SUBJECT.search(question)
    if not found:
        return False
    head = tokenize(found.group("np").split()[-1])
    if head and not _names(head[0], says, words):
        return True
    return not _AMOUNT.search(text)


_ORDER_OF = re.compile(
    r"\b(?:before or after|after or before|ahead of or after) (?:the |a |an |our |their )?"
    r"(?P<other>[\w-]+)",
    re.I,
)
"""Which of two things comes first: "does the fascia go on before or after the *gutters*"."""


def order_unsaid(
    question: str,
    text: str,
    says: set[str] | frozenset[str],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether the question asks if something comes before or after another thing ("…
    before or after the *gutters*") and the unit names that thing nowhere (its terms,
    labels and headings, not the title) or its ``text`` says no order: "the crew lead
    calls the office before hanging anything" orders nothing against the gutters, and
    "fascia is not rated to carry a gutter" orders nothing at all."""
    found = _ORDER_OF.search(question)
    if not found:
        return False
    other = tokenize(found.group("other"))
    if other and not _names(other[0], says, words):
        return True
    return not _ORDER.search(text)


_DONE_THING = re.compile(
    r"\b(?:we|i|you|they|crews?) (?:do|get|schedule|book|run|make|order) "
    r"(?:a|an|the|our|their|your) "
    r"(?P<np>[\w-]+(?: [\w-]+)?)\W*$",
    re.I,
)
"""A thing a question ends on as what is done: "how quick do we do a storm *inspection*"."""


def done_as_verb(
    question: str,
    text: str,
    says: set[str] | frozenset[str],
    words: Mapping[str, frozenset[str]],
) -> bool:
    """Whether the thing the question ends on as what is done ("do a storm
    *inspection*") is said by the unit only as a verb ("*Inspect* any wall left
    uncovered after a wind storm"): an order to the crew, not the service asked."""
    found = _DONE_THING.search(question)
    if not found:
        return False
    head = tokenize(found.group("np").split()[-1])
    return bool(head) and said_as_verb({head[0]} | words.get(head[0], frozenset()), text, says)


_MAY_SAY = re.compile(
    r"\b(?:can|may|could|should|shall) (?:i|we|reps?|the reps?|our reps?) "
    r"(?:tell|say|promise|mention|guarantee|advertise)\b",
    re.I,
)
"""A rep asking whether they may say something: "can I tell the homeowner insurance will
pay", "can we promise a dollar amount"."""

_SAYING = re.compile(
    r"\b(?:tell|tells|told|telling|say|says|said|saying|promise|promises|promised|"
    r"promising|mention|mentions|mentioned|describe|describes|described|quote|quotes|"
    r"quoted|advertise|advertised|explain|explains|explained|call it|call them|"
    r"guarantee|guarantees|guaranteed|represent|represents)\b",
    re.I,
)
"""What a rule about what reps say says: "never *tell* a homeowner …", "never *promise*
approval", "never *call it* burglar-proof"."""


def speech_unsaid(question: str, text: str) -> bool:
    """Whether a rep asks if they may say something ("can I tell the homeowner insurance
    will pay for it") and the unit says nothing of saying, telling or promising:
    "HailGuard pays after the insurance claim is settled" is how a rider pays, not
    whether a rep may promise that insurance will."""
    return bool(_MAY_SAY.search(question)) and not _SAYING.search(text)


_NOT_DONE = re.compile(
    r"\bwhat (?:happens )?if (?:they|we|i|you|he|she|the [\w-]+) "
    r"(?:never|don't|dont|do not|doesn't|doesnt|does not|didn't|didnt|did not|can't|cant|"
    r"won't|wont|forget to|fail to|miss)\b",
    re.I,
)
"""A question about something left undone: "what if they *never* register the system"."""

_ABSENT = re.compile(
    r"\b(?:without|not|never|no|unless|only|fails?|failure|lose|loses|lost|void|voids|"
    r"voided|miss|misses|missed|late|left|lapse|lapses|expire|expires|expired|refuse|"
    r"refuses|refused|refusal|decline|declines|declined|un[a-z]{4,})\b|n't\b",
    re.I,
)
"""How a sentence speaks of something not done: "*without* registration", "an
*unregistered* deck", "if any balance is *left*", "if the homeowner *refuses* to sign"."""


def undone_unsaid(question: str, text: str) -> bool:
    """Whether the question asks what happens when something is not done ("what if they
    never register the system") and the unit speaks of nothing missing, left undone or
    lost: "the Full System warranty … registered by the contractor" is what a done
    registration gives, not what its absence costs."""
    return bool(_NOT_DONE.search(question)) and not _ABSENT.search(text)
