"""Every sentence that could answer the question, scored and filtered, best first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hard_e.brain.answerable import (
    about_another_product,
    about_other_kind,
    carries,
    covered_unsaid,
    done_as_verb,
    frequency_unsaid,
    kind_unsaid_under_title,
    order_unsaid,
    product_unsaid,
    said_apart,
    speech_unsaid,
    step_unsaid,
    subject_unsaid,
    undone_unsaid,
)
from hard_e.brain.reading.coverage import _may_miss, _unknown_names, covers
from hard_e.brain.reading.figures import _FEET, _FIGURES, _INCHES, _STRICT, _counts
from hard_e.brain.reading.fits import (
    FIGURE_NEXT,
    _about,
    _company_kind,
    _denies,
    _names_one,
    _names_thing,
    _other_kind,
    _told_next,
)
from hard_e.brain.reading.passages import (
    _INTRO,
    _LISTED,
    _library,
    _terms_of,
    _text_terms,
    _topic,
    _Unit,
    _units,
)
from hard_e.brain.reading.products import _abbreviated, _brands, _proper, _titled
from hard_e.brain.reading.question import (
    _WH,
    _YES_NO,
    _asks_for,
    _setting,
    _unit_asked,
    asked_attribute,
    key_terms,
    spoken_figures,
)
from hard_e.brain.reading.scoring import HEADED, ROW, _score
from hard_e.brain.reading.tables import _column, _names_row
from hard_e.brain.reading.thing import (
    _amount_of,
    _compound,
    _compounds,
    _counted,
    _counted_head,
    _head,
    _last_thing,
    _object_of,
    _offered,
    _priced,
    _serviced,
    _subject,
    _which_kind,
)
from hard_e.brain.reading.weights import _share, _unsaid_everyday, _weights
from hard_e.brain.reading.wording import _apart, _defined, _expand, _rated
from hard_e.brain.reading.words import (
    _CATEGORIES,
    _EVERYDAY,
    _FRAMING,
    _MATERIALS,
    _MEASURES,
    _PARTICLES,
    _PRICES,
    _RELATIONS,
    TRADE_WORDS,
)
from hard_e.text.search import tokenize

SAYS = 0.4
"""Share of the question's key-term weight the answer (with its heading) must say."""


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
_FORBIDS = re.compile(r"\b(?:never|may not|must not|do not|don't|not allowed)\b", re.I)
_PERMISSION = re.compile(
    r"\b(?:can|could|may) (?:we|i|they|he|she|the (?:homeowner|customer|crew|rep))\b"
    r"|\bis (?:it|that|this) (?:ok|okay|allowed|alright)\b"
    r"|\b(?:if|whether) (?:we|i|they) (?:can|could|may)\b",
    re.I,
)


OURS = 1.0
"""What a passage of the company's own documents gains when the rep asks about "our"
or "we": the company's terms, not the industry library's."""


OWN = 3.0
"""What a passage of the company's own documents gains over the industry library's
anyway: when both say it, the company's sheet is what its reps sell ("Staples are never
allowed on any Timberforge product" over a library siding's staple rule)."""


def _title_of(passage: dict[str, Any]) -> str:
    """The document's title: the library's name for it, an upload's first heading."""
    if _library(passage):
        return str(passage["document"])
    return str(passage.get("heading") or passage["document"]).split(" › ")[0]


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
    abbreviations = _abbreviated(passages)  # "what's the PRA": a form the documents name
    if len(asked) == 1 and not asked & (TRADE_WORDS | titles | names | abbreviations | products):
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
    permission = yes_no and bool(_PERMISSION.search(question))
    sized = yes_no and bool(_FEET.search(question) or _INCHES.search(question))
    unit_asked = _unit_asked(question)
    kinds = _asks_for(question)
    words = _defined(_expand(asked, question), passages)
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
    serviced = _serviced(question) & asked
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
        headline = _title_of(passage)  # the title whose product the document is about
        headings = {  # the headings over the passage, not the title (nor a file's name)
            t
            for part in str(passage.get("heading") or "").split(" › ")
            if part != headline
            for t in tokenize(part)
        }
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
            if frequency_unsaid(question, " ".join((unit.text, *unit.header))):
                continue  # "how often … a downspout": what one does is no interval
            if covered_unsaid(question, unit.terms | unit.labels | unit.kind | headings, rated):
                continue  # "cover *storm damage*": a warranty against leaks (answerable.py)
            if step_unsaid(question, f"{unit.text} {passage.get('heading') or ''}"):
                continue  # "what do we do *before* blowing …": no step (answerable.py)
            named_by = unit.terms | unit.labels | unit.kind | headings
            if subject_unsaid(question, " ".join((unit.text, *unit.cells)), named_by, rated):
                continue  # "how much do the *laps* overlap": panel ends (answerable.py)
            if done_as_verb(question, unit.text, says, rated):
                continue  # "do a storm *inspection*": "Inspect any wall …" (answerable.py)
            if undone_unsaid(question, unit.text):
                continue  # "what if they *never* register": what a done one gives
            if speech_unsaid(question, unit.text):
                continue  # "can I *tell* them insurance pays": how a rider pays (answerable.py)
            if order_unsaid(question, unit.text, named_by, rated):
                continue  # "before or after the *gutters*": no gutters (answerable.py)
            if any(not words[t] & (says | held) for t in products):
                continue  # about another product
            if any(t not in says | held and not words[t] & _text_terms(passage) for t in subject):
                continue  # "can we use *the wrap* as …": never said, but for an "Ice Barrier"
            if offered and not _names_thing(unit, section, offered, words, topic):
                continue  # "does it come with a *bug screen*": the answer names that thing
            if serviced and not _about(unit, section, serviced, words, topic):
                continue  # "do we install *skylights*": flashing around them is no answer
            if thing and not any(words[t] & (says | held) for t in thing):
                continue  # what it says is of another thing ("the fire rating *on siding*")
            if _other_kind(unit, kind_asked, words, topic, section):
                continue  # "the rainscreen *tape*": a row of the wraps is no tape
            own = unit.terms | unit.labels | unit.kind
            if _library(passage) and _company_kind(pairs, own, document[rank], words, company):
                continue  # "a casement *flanker*": the library's casements are another thing
            # "what does it *cost*": a row's price under a "Daily fee" column says it
            fee = priced and bool(unit.labels & _PRICES)
            stated = {
                t for t in content if rated[t] & own or apart[t] & topic or (fee and t in _PRICES)
            }
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
            if product_unsaid(question, content, own, topic, words):
                continue  # "the coil on the *gutters*": a fascia row (answerable.py)
            if said_apart(question, unit.text, words):
                continue  # "the *seam tape*": seams lapped, then taped (answerable.py)
            # "It melts channels … gutters": "it" is the product the sentence before names
            before = units[unit.position - 1].text if unit.follows else ""  # what "It" is
            if about_another_product(question, content, unit.text, words, headline, before):
                continue  # "*gutter guards*": "Never put Frostline cable …" (answerable.py)
            if kind_unsaid_under_title(question, content, own, headline, words):
                continue  # "a run of *gutter*": a heat cable guide's kit row (answerable.py)
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
            if then and said_apart(question, f"{unit.text} {units[unit.position + 1].text}", words):
                continue  # "the *seam tape*": "… lap seams 12 in." + "Tape every seam …"
            things = frozenset().union(*(words[t] for t in counted)) if counted else frozenset()
            if counted and not (things & (unit.labels | unit.kind) or _counts(unit.text, things)):
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
            elif permission and _FORBIDS.search(unit.text):
                score += NAMED  # "can we pay her deductible": "Never offer to … pay …"
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
