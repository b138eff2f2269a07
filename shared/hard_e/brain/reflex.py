"""The reflex brain: answers without a language model, from rules it is sure about.

It serves when no Claude key is set or Claude fails, and as the fast path for drafts.
A turn, in order: "cancel" drops whatever is open; a pending "are you sure?" is
decided; an open draft takes the message as its answer unless the message asks for
something else (that is answered, and the draft offered again); a pending "which
one?" or missing value is filled; then the intent rules (``rules``) or a follow-up of
the last intent ("and the Baxter job?", "what about tomorrow?"); then a remembered
fact or a document passage that really answers; otherwise it says plainly what it
can't do. The handlers (``answers``) call tools through the same gated belt as Claude.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hard_e.brain.answers import (
    ASK,
    CHOICE,
    CONFIRM,
    DONE_NOW,
    DRAFTED,
    HANDLERS,
    LAST,
    PICKED,
    SAY_TOOL,
    Act,
    admit_action,
    asked_again,
    call,
    first_name,
    move_stage,
    teammate,
)
from hard_e.brain.calendar_changes import (
    CHANGE_HANDLERS,
    CONFIRMED,
    corrected_move,
)
from hard_e.brain.coaching import coaching_answer, coaching_query, is_coaching
from hard_e.brain.confirm import decision
from hard_e.brain.drafts import NewCustomerDraft, SalesScriptDraft, keep_draft, open_draft
from hard_e.brain.frames import topic_only
from hard_e.brain.names import names_someone
from hard_e.brain.new_time import loosened, new_start
from hard_e.brain.port import Brain, BrainReply, TextSink, Turn
from hard_e.brain.product_again import ask_of, named_again, names_a_product, product_names
from hard_e.brain.reader import warm as warm_reader
from hard_e.brain.reading import extractive_answer
from hard_e.brain.rewording import Rewording, as_sentence, rewording
from hard_e.brain.rules import (
    PROTECTED,
    VOCABULARY,
    Intent,
    cancels,
    read,
    read_frame,
    two_asks,
    unread_ask,
    without_hesitation,
)
from hard_e.brain.scripts import ScriptRequest, ScriptWriter, TemplateScriptWriter
from hard_e.brain.slots import booked_kind, first_named, from_parts, needs, scored_intent
from hard_e.text import STOP_WORDS, correct, terms
from hard_e.text.clauses import clauses
from hard_e.text.corrections import corrected
from hard_e.text.dates import (
    asked_clock,
    day_span,
    find_day,
    find_time,
    rewhen,
    say_day,
    say_time,
)
from hard_e.text.dictation import dictated, steered_to
from hard_e.text.english import is_english
from hard_e.text.follow_up import FOLLOW_UP
from hard_e.text.recipient import addressed
from hard_e.text.said_to_me import Addressed, spoken_to, without_lead_in
from hard_e.text.shorthand import for_spelled, one_spelled, to_spelled
from hard_e.text.spoken import cardinal_words, ordinal_value
from hard_e.text.syllables import syllables_joined
from hard_e.text.word_order import plain_order
from hard_e.text.words import word_set

_I = re.IGNORECASE
# Another task like the one just added: "and one for Brianna to chase the Underwood bid".
_ANOTHER_TASK = re.compile(
    r"^\W*(?:(?:and|also|plus|ok|okay|now)[, ]+)*(?:make |add |do |put in )?(?:one more|another"
    r"(?: one)?|one|same|a task)(?: for (?P<for>[a-z]+))?(?: to| about|:)? (?P<title>\w.{3,})$",
    _I,
)
# A follow-up said as just the new value: "beckett?", "tmrw?".
_BARE_REF = re.compile(r"^\W*(?P<ref>[a-z][\w'.-]*(?: [a-z][\w'.-]*)?)\W*$", _I)
# A share of the pipeline just listed: "how much of that belongs to Tasha", "how many are hers".
# "by rep", "and split by salesperson": the last pipeline answer, broken down another way
_BROKEN_DOWN = re.compile(
    r"^\W*(?:and |now |ok |okay |so )*(?:(?:broken|break it|split(?: it)?|sorted) (?:down )?)?"
    r"(?:by|per|for each|each) (?:rep|reps|salesperson|sales rep|person|stage)\W*$",
    _I,
)
# After a job was set up: another, said as just its trade and whose ("siding job for nancy
# jensen", "and a roof one for the baxters")
_ANOTHER_JOB = re.compile(
    r"^\W*(?:(?:and|also|plus|ok|okay|now|then)\W+)*(?:a |an |one more |another )?(?:new )?"
    r"(?P<trade>roof(?:ing)?|siding|windows?|gutters?|seamless gutters|(?:entry )?doors?|soffits?)"
    r" (?:job|project|one) (?:for|with) (?P<who>[\w' .-]+?)\W*$",
    _I,
)
# "… the Ellison roof, the one in punch list": which of a customer's jobs, said after it
_THE_ONE_IN = re.compile(
    r",?\s+(?:i mean |you know )?the (?:one|job) (?:that's |that is |thats |sitting |still )?"
    r"(?:in|at) (?:the )?(?P<which>[a-z][\w' &/-]+?)(?: stage| column)?\W*$",
    _I,
)
# "any of those T's", "which of them are Marcus's": the list just given, one teammate's
_THOSE_OF = re.compile(
    r"^\W*(?:and |so |ok |okay )*(?:any|which|how many|are any)(?: ones)? of (?:those|them|these|"
    r"that list)(?: (?:are|is|for|belong to|from))? [A-Za-z][\w.-]*(?:'s|s')\W*$",
    _I,
)
_SHARE_OF = re.compile(
    r"\bhow (?:much|many)\b.{0,20}\b(?:of (?:that|it|those|them|this)|belongs?|(?:is|are) "
    r"(?:his|hers|theirs|[A-Z]?[a-z]+'s))\b",
    _I,
)
# A change to what was just done: "no wait make that eleven", "could we make it 9:30 instead".
_CHANGE = re.compile(
    r"^\W*(?:(?:no|nah|nope|wait|actually|sorry|oh|uh|um|hmm|ok|okay|hold on|hang on)\W+)*"
    r"(?:(?:could|can) (?:we|you) |"
    r"let'?s |please )?(?:make (?:that|it)|change (?:that|it) to|move (?:that|it) to|"
    r"switch (?:that|"
    r"it) to)\s+(?P<to>.+?)(?: instead)?\W*$",
    _I,
)
# A follow-up that asks for the same again, on another job ("same for the Crowley roof").
_SAME = re.compile(
    r"^\W*(?:(?:and|ok|okay|oh)\W+)?(?:same|ditto|the same)(?: thing| note)? "
    r"(?:for|on|with|to)\b",
    _I,
)
# One more note, right after a job's notes were read: "add: HOA letter rcvd 12/4".
_ADD_TO_NOTES = re.compile(
    r"^\W*(?:and |also |ok |okay )?(?:add|note|add note)\s*[:\-–—]\s*(?P<note>\S.*)$", _I
)
_REASKS = 2  # how many other questions an open question waits through
# A value the rep hasn't got, in answer to a draft's question: "no email", "none", "n/a".
_NO_VALUE = re.compile(
    r"^\W*(?:no|none|skip|n/?a|nope|don'?t have (?:one|it|an?))(?: (?:e-?mail|phone|cell|number|"
    r"address|street|last name))?(?: (?:on file|for (?:her|him|them)|yet|given))?\W*$",
    _I,
)
# A follow-up's new value is a name or a day, not a new question ("and what's the weather").
_NOT_A_REF = re.compile(
    r"^(?:what|whats|what's|how|hows|how's|when|where|who|why|which|is|are|can|could|do|does)\b",
    _I,
)
_NOT_NAMES = frozenset({"hmm", "huh", "what", "why", "ok", "okay", "sure", "cool", "nice", "wow"})
_JOB_INTENTS = frozenset(
    {"job_stage", "job_money", "job_overview", "list_notes", "move_stage", "find_job", "job_rep"}
)
_CUSTOMER_INTENTS = frozenset({"customer_phone", "customer_email", "find_customer", "send_text"})
_DAY_INTENTS = frozenset({"appointments", "day_briefing", "tasks"})
_LIST_INTENTS = frozenset({"call_today", "stale_estimates", "approvals", "day_briefing"})
# Requests for a CRM, messaging or scheduling action: never answered with a passage.
_ACTION_WORDS = re.compile(
    r"\b(text|txt|sms|e-?mail|call|phone|message|schedule|book|reschedule|cancel|appointment|"
    r"calendar|remind|task|job|customer|client|lead(?! times?\b)|balance|owe|paid|invoice|deposit|"
    r"crm|leap|move|stage|status|note|assign|rep|pipeline|estimate|bid|quote|proposal|"
    r"follow up|follow-up|contract|sign|signed|payment|refund|order|deliver\w*|crew|"
    r"install date|permit|tomorrow|today|monday|tuesday|wednesday|thursday|friday)\b",
    _I,
)
_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|also|but|oh|wait|hey)\W+)*(?:what|what's|whats|how|how's|who|who's|when|where|where's|why|which|can|could|"
    r"does|do|is|are|should|will|would|tell me|show me|give me|any)\b",
    _I,
)
_DAY_AFTER = re.compile(
    r"^(?:the )?day after(?: that| (?P<tomorrow>tomorrow))?$|^(?:the )?next day$", _I
)
# A question about the trade in general ("how long does a siding job take"): one for the
# documents even when it says "job", as long as it names no one and asks about no record
# (nothing of ours, nothing that happened: "how many hours did the crew work").
_GENERAL = re.compile(
    r"^\W*(?:how (?:long|many|much|often|soon|far|big|heavy|thick|wide)|what(?:'s|s| is) "
    r"(?:the|a) (?:typical|usual|average|normal|standard))\b"
    r"(?!.*\b(?:my|our|we|us|i|me|did|was|were|last|yesterday|ago|this (?:week|month|year))\b)",
    _I,
)
# The world outside the company, which its documents never answer.
_OUTSIDE = re.compile(
    r"\b(?:weather|forecast|temperature outside|traffic|stock (?:price|market)|sports?|"
    r"(?:game|match) (?:score|tonight)|scores?|news|headlines|horoscope|lottery|joke)\b",
    _I,
)
# Other companies' prices and jobs, which the CRM never holds ("compitition" typed too).
_RIVALS = re.compile(
    r"\bcomp[ei]t[ei]t[ei]on\b|\bcompetitors?(?:'s?)?\b|\bother (?:companies|"
    r"contractors|roofers|outfits)\b",
    _I,
)
# The weather asked about a day on the calendar: the world's, never the calendar's answer.
_WEATHER = re.compile(
    r"\b(?:weather|forecast|temperature|rain(?:ing)?|snow(?:ing)?)\b(?! gutters?)", _I
)
_PROPER = re.compile(r"\b[A-Z][a-z]+")
_SMALLTALK = frozenset({"greeting", "thanks", "wellbeing", "goodbye", "identity"})
_COUNTS = cardinal_words()


def _position(word: str) -> int | None:
    """ "second", "2nd", "two" or "2" → 1 (a zero-based place in a list). "one" is left
    out on purpose: "the roof one" names an option, it does not count."""
    if word.isdigit():
        return int(word) - 1
    value = ordinal_value(word) or (_COUNTS.get(word) if word != "one" else None)
    return value - 1 if value else None


# What is asked of one teammate and can be asked again of another: "and Brianna?".
_PER_REP = frozenset(
    {"pipeline", "stale_estimates", "call_today", "appointments", "tasks", "day_briefing"}
)
_MATE_AGAIN = re.compile(
    r"^\W*(?:(?:and|an|n|now|ok|okay|so|then|also|what about|how about|(?:the )?same for|"
    r"(?:the )?same with|(?:the )?same (?:thing|question|again) for|wat about|wht about)[, ]+)*"
    r"(?P<name>[a-z]+)(?: (?P<family>[a-z]+))??(?:['\u2019]?s)?"
    r"(?: (?:stale|cold|old|open|overdue|ones?|bids?|estimates?|quotes?|pipeline|numbers|board|"
    r"calendar|schedule|day|list|jobs?|tasks?|then|too|as well|please|pls))*"
    # "and Luis Ortega, same day?", "and the same for Tasha's bids, if you would"
    r"(?:[, ]+(?:(?:the )?same (?:day|time|question|again|thing)|for (?:the )?same day|"
    r"if you would|if you could|if you can|please|too|as well))*\W*$",
    _I,
)


async def _teammate_follow_up(act: Act, message: str, state: dict[str, Any]) -> Intent | None:
    """ "marcus?", "and luis's stale ones" after a teammate's pipeline, bids, calendar or
    tasks: the same question of the teammate now named (the handlers read whose it is
    from the message), with the day asked before kept."""
    last = state.get(LAST, {})
    m = _MATE_AGAIN.match(message)
    if m is None or last.get("intent") not in _PER_REP:
        return None
    if m["name"].lower() in STOP_WORDS | VOCABULARY or await teammate(act, m["name"]) is None:
        return None
    if m["family"] and m["family"].lower() not in str(await teammate(act, m["name"])).lower():
        return None  # "and Luis Smith": another Luis, not the teammate
    slots = {k: v for k, v in dict(last.get("slots", {})).items() if k == "day"}
    if not slots and last.get("intent") == "appointments" and last.get("day"):
        slots = {"day": str(last["day"])}  # "tomorrow", read from the words, not a slot
    return Intent(str(last["intent"]), slots)


def _gives_a_day(asking: dict[str, Any], message: str) -> bool:
    """ "Is next Tuesday at 9 am possible?" answers "what day?" though it is a question;
    "move the Lindqvist site visit to thurs" names a booking of its own to change."""
    if asking.get("slot") not in ("day", "time") or not (find_day(message) or find_time(message)):
        return False
    other = read(message)
    booking = other.get("what") if other is not None and other.name in _CHANGES_A_BOOKING else ""
    return not booking or _PRONOUN_ONLY.match(booking) is not None


# Requests that change a booking already made, and a booking named only by a pronoun.
_CHANGES_A_BOOKING = frozenset(
    {"reschedule_appointment", "cancel_appointment", "reassign_appointment"}
)
_PRONOUN_ONLY = re.compile(r"^(?:it|that|this|that one|this one|the one|them)$", _I)


PRODUCT_ASKED = "product"  # in LAST: the product question just answered
PRODUCT_NAMES = "product_names"  # and the names its passages give things


async def _product_again(act: Act, message: str) -> str | None:
    """The product question just answered, asked of the product a short follow-up names
    ("and the estate one"); None for a day, a customer or anything else."""
    previous = act.state.get(LAST, {}).get(PRODUCT_ASKED)
    said = named_again(message) if previous else None
    if not said or find_day(said) or await names_someone(act, said):
        return None
    found = await act.turn.tools.run("search_knowledge", {"query": said})
    passages = [] if found.is_error else [r for r in found.content["results"] if r["score"] > 0]
    names = frozenset(product_names(passages)) | frozenset(act.state[LAST].get(PRODUCT_NAMES, []))
    if not names_a_product(said, names):
        return None  # "and the price?": no product named
    return ask_of(str(previous), said, names)


def _warm() -> None:
    """The reader's index and the English word list (typo reading), before a turn needs them."""
    warm_reader()
    is_english("warm")


def typed_right(message: str) -> str:
    """``message`` with typos of everyday and request words fixed ("annd", "tht"), its
    other words (names) as typed, lower-cased."""
    return correct(message, VOCABULARY, PROTECTED).text


def _not_a_when(asking: dict[str, Any], message: str) -> bool:
    """An answer to "what day?" or "what time?" names a day or a time; anything else
    ("calculate our estimated tax") is another request, and a long question that merely
    mentions a day ("is the post office open on Saturday?") is one too."""
    if asking.get("slot") not in ("day", "time"):
        return False
    fixed = correct(message, VOCABULARY, PROTECTED).text  # "thursdya"
    if not (find_day(message) or find_time(message) or find_day(fixed) or find_time(fixed)):
        return True
    long_question = bool(_QUESTION.match(message)) and len(message.split()) > 7
    return long_question and not _PROPOSES.match(message)


# "would next Tuesday around one in the afternoon work?": a day offered, not a question
_PROPOSES = re.compile(
    r"^\W*(?:(?:would|will|does|do|is|could|can|how about|what about)\b.{3,80}?\b"
    r"(?:work|works|do|suit|(?:be )?(?:ok|okay|fine|good|possible|alright|all right))"
    r"(?: (?:for|with) (?:you|me|us|them|him|her|everyone|the \w+))?|how about\b.{3,80}?)\W*$",
    _I,
)


def _one_option_says_all(message: str, options: list[str]) -> bool:
    """Whether every word the answer says is in one option alone: "the site visit" to
    "Site visit — Baxter … or Install start — Baxter …?" picks, though it could be read as
    asking for the site visits."""
    said = set(re.findall(r"[a-z0-9#-]+", message.lower())) - STOP_WORDS - {"one", "please"}
    if not said:
        return False
    holding = [o for o in options if said <= set(re.findall(r"[a-z0-9#-]+", o.lower()))]
    return len(holding) == 1


# "the later one", "the earlier", "the latter" of two: the options are asked soonest first.
_LATER = frozenset({"later", "latter", "second"})
_EARLIER = frozenset({"earlier", "former", "sooner"})
_ORDER_WORDS = frozenset({"the", "one", "day", "date", "time", "please", "pls", "uh", "um"})


def picked_in_order(message: str, values: list[str]) -> str | None:
    """The option an answer of a few words picks by its place ("the later one", "the
    earlier", "the second"), or None. Read before anything else in it: "later" here is
    no goodbye, "earlier" no name."""
    words = re.findall(r"[a-z0-9#-]+", message.lower())
    said = set(words) - _ORDER_WORDS
    if len(values) == 2 and len(said) == 1 and said <= _LATER | _EARLIER:
        return values[-1] if said <= _LATER else values[0]
    ordinal = [p for p in map(_position, words) if p is not None and p >= 0]
    if len(words) <= 3 and ordinal and ordinal[0] < len(values):
        return values[ordinal[0]]
    return None


def pick_option(message: str, options: list[str], values: list[str]) -> str | None:
    """Which option an answer like "the second one" or "install underway" names, if any."""
    words = re.findall(r"[a-z0-9#-]+", message.lower())
    if not words:
        return None
    if "last" in words:
        return values[-1]
    placed = picked_in_order(message, values)
    if placed is not None:
        return placed
    said = set(words) - STOP_WORDS - {"one", "job", "stage", "please"}
    scores = []
    for option, value in zip(options, values, strict=True):
        option_words = set(re.findall(r"[a-z0-9#-]+", option.lower())) | {value.lower()}
        scores.append((len(said & option_words), value))
    scores.sort(key=lambda x: -x[0])
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


def memory_answer(question: str, memories: list[dict[str, Any]]) -> str | None:
    """A remembered fact that plainly answers the question, if there is one."""
    asked = set(terms(question))
    best = max(
        ((len(asked & set(terms(m["text"]))), m) for m in memories if m.get("active", True)),
        key=lambda pair: pair[0],
        default=(0, None),
    )
    if best[1] is None or best[0] < 2:
        return None
    return f"From what your team told me: {best[1]['text'].rstrip('.')}."


# A request said after a story: "…, so could we move …", "…, could you take it off …".
_ASKED_LAST = re.compile(
    r"^\W*(?:(?:so|and|but|then)\s+)?(?:(?:could|can|would|will) (?:you|we|u)\b|please\b)", _I
)
_STORY_PRONOUN = re.compile(
    r"^(?P<it>it|that|this|that one|this one|him|her|them|his|their|she|he|they)"
    r"(?P<rest>(?: (?:roof|siding|windows?|gutters?|doors?|job|project))?)$",
    _I,
)
# A job said by whose it is in a story ("the crew got started on Richard Thornton's roof"):
# the job the story's "it" means, never the person who told of it ("Wes says …").
_A_JOB_OWNED = re.compile(
    r"\b(?P<name>[A-Z][\w-]+(?: [A-Z][\w-]+)?)(?:['\u2019]s|s['\u2019])? (?P<trade>roof|siding|"
    r"windows?|gutters?|(?:entry )?doors?|trim|soffits?)\b"
)
_A_FAMILY = re.compile(r"\bthe (?P<name>[A-Z][\w-]+?)(?:s|'s| family| household)\b")
# A text's, an email's or a note's words are the message's own: never re-read by parts.
_DICTATING = frozenset({"send_text", "send_email", "add_note", "remember", "forget"})


def _request_in_the_story(message: str, intent: Intent) -> Intent | None:
    """The request a story ends with ("Mrs. Novak called and said Saturday doesn't work,
    so could we move the Novak walkthrough to Monday?" moves it; the whole message only
    mentions a day), its "him" or "her windows" the person the story names ("Mrs.
    Beckett called …, how much does she still owe on her windows?"), never the customer
    talked about before. "Could you find that?" after a question finds no customer."""
    said, note = intent.get("job").strip(), intent.get("note")
    story = intent.name == "add_note" and note and message.find(note) < message.rfind(said)
    pronoun = _STORY_PRONOUN.match(said) if story else None  # the note told before its job
    named = first_named(note) if pronoun else ""
    if pronoun and named:  # "I spoke with Mr. Thornton …, note that on his roof job"
        return Intent(intent.name, intent.slots | {"job": named + pronoun["rest"]})
    if intent.name in _DICTATING or intent.name in _SMALLTALK:
        return intent
    parts = clauses(message)
    if not parts:
        return intent
    if _ASKED_LAST.match(parts[0]):
        asked = read(parts[0])
        if asked is not None and asked.name not in _SMALLTALK | _DICTATING:
            intent = asked
    for slot in ("job", "who", "what"):
        said = intent.get(slot)
        pronoun = _STORY_PRONOUN.match(said.strip())
        if pronoun is None:
            continue
        if intent.name == "find_customer" and pronoun["it"].lower() in ("it", "that", "this"):
            return None  # "could you find that?": the question, not a customer
        named = first_named(message.replace(said, " "))
        owned = _A_JOB_OWNED.search(message) if slot == "job" else None
        if owned is not None:  # "Wes says the crew started on Richard Thornton's roof": his
            return Intent(intent.name, intent.slots | {slot: f"{owned['name']} {owned['trade']}"})
        family = _A_FAMILY.search(message) if slot == "job" and pronoun["rest"] else None
        if family is not None:  # "Marcus says the Duffys signed, move their roof": theirs
            return Intent(intent.name, intent.slots | {slot: family["name"] + pronoun["rest"]})
        kind = booked_kind(message) if slot == "what" else ""  # "the Baxter site visit"
        if named:
            value = f"{named} {kind}" if kind else named + pronoun["rest"]
            return Intent(intent.name, intent.slots | {slot: value})
    return intent


_OTHER_ONE = "other_one"
# "and the other one?", "what about the other 1": the one of two not picked just before
_THE_OTHER = re.compile(
    r"^\W*(?:(?:and|ok|okay|now|also)\W+)*(?:what about |how about |same for |and )?"
    r"the other (?:one|job)\W*$",
    re.I,
)
# Said of a job, never of a product: "the Keller siding", "his roof", "the Crowley job", "#123".
_A_JOB_SAID = re.compile(r"\b(?:job|jobs|project|it|that one|this one)\b|[#\d]", re.I)
_OWNER = r"\b(?:the|that|this|his|her|their|our|my|its|[a-z]+'s)"


def _same_person(steered: str, slots: dict[str, Any]) -> bool:
    """Whether the name a "back to …" steers to is the one the waiting message is for."""
    said = set(steered.lower().split())
    return bool(said & set(str(slots.get("to") or slots.get("who") or "").lower().split()))


def _text_correction(act: Act, done: dict[str, Any], change: str) -> str:
    """A change to a text that went at once ("actually make that Tuesday at 8"): it can't
    be unsent, so a follow-up to the same customer is offered — the text with the new day
    and time, shown whole and sent only on a yes, or, when there is nothing to swap, its
    words asked for."""
    fixed = rewhen(done["sms"]["body"], asked_clock(change))  # "make it 830": 8:30
    if fixed is None or fixed == done["sms"]["body"]:
        return _follow_up_text(act, done, None)
    return _follow_up_text(act, done, f"Correction: {fixed[:1].lower()}{fixed[1:]}")


def _follow_up_text(act: Act, done: dict[str, Any], body: str | None) -> str:
    """A follow-up to a text that went: ``body`` offered, sent only on a yes (or the
    rep's own words instead), or with no body, its words asked for."""
    act.intent = "send_text"
    sms = done["sms"]
    first = sms["to"].split()[0]
    gone = f"That text has gone already — {done['said']}"
    slots = {"who": sms["who"], "to": sms["to"]}
    if body is None:
        question = f"What should the follow-up text to {first} say?"
        act.ask(Intent("send_text", slots), "body", question)
        return f"{gone} {question} (or say cancel)"
    # a yes sends it; words of the rep's own instead are the follow-up ("the windows ship …")
    act.ask(Intent("send_text", slots), "body", f"What should the follow-up text to {first} say?")
    offer = {"intent": "send_text", "slots": slots | {"body": body}, "offered": True}
    act.state[CONFIRM] = offer | {"or_words": True}
    kind = "a correction" if body.startswith("Correction: ") else "a follow-up"
    return f'{gone} Send {first} {kind}: "{body}"? Say yes to send it, or no.'


def _retimed(act: Act, pending: dict[str, Any], message: str) -> str | None:
    """ "nah make it 11" while a booking waits for "which job?": the booking's new time,
    kept, and the question asked again (nothing is booked until the job is picked)."""
    change = _CHANGE.match(message)
    args = pending.get("args", {})
    if change is None or pending.get("tool") != "create_appointment" or "start" not in args:
        return None
    start = new_start(act.today, str(args["start"]), asked_clock(change["to"]))
    if start is None:
        return None
    act.state[CHOICE] = pending | {"args": args | {"start": start}}
    act.intent = "book_appointment"
    when = date.fromisoformat(start[:10])
    at = say_time(int(start[11:13]), int(start[14:16]))
    return f"Okay, {say_day(when)} at {at}. {asked_again(pending)}"


def _too_late(done: dict[str, Any]) -> str:
    """A no to what the turn before did at once: what was done, and what can still be."""
    said = str(done["said"]).removeprefix("Done: ").removeprefix("Changed it. ")
    if said.startswith("Texted "):
        return (
            f"Too late to stop it, sorry — texts go at once: {said} Send a follow-up to correct it."
        )
    if done.get("intent") == "move_stage":
        return f"That's done already — {said} Say 'move it back to …' to undo it."
    return f"That's done already — {said} Say 'cancel it' or 'move it to …' to change it."


def _holds(args: dict[str, Any], shown: dict[str, Any]) -> bool:
    """Whether a held call does exactly what the question showed the rep."""
    return all(args.get(key, "") == value for key, value in shown.items())


# "no, don't send her anything" to "what should the text say?": a no, never the text itself
_DONT_SEND = re.compile(
    r"^\W*(?:(?:hmm|um|uh|oh|ah|no|nah|nope|wait|hold on|actually|sorry|ok|okay)\W+)*"
    r"(?:please\W+)?(?:don'?t|dont|do not)\s+send\b(?!.*\bcancel)",
    _I,
)


# Words of a booking's "for the Zimmerman siding" that are no part of the family's name.
_NOT_A_NAME = word_set("the a my her his him them their me roof siding window door gutter trim job")


def _ask_is_about(asking: dict[str, Any], state: dict[str, Any]) -> None:
    """A question put between a booking's (or a message's) question and its answer: "his",
    "her roof" mean the customer the waiting question is about."""
    slots = asking["slots"]
    said = next((slots[k] for k in ("ref", "to", "job") if slots.get(k)), "")
    if not isinstance(said, str) or said.strip()[:1].isdigit():
        return
    names = [w for w in said.split() if w.lower().rstrip("s") not in _NOT_A_NAME]
    if not names:
        return
    said = " ".join(names)
    last = state.setdefault(LAST, {})
    if names[-1].lower() not in str(last.get("family", "")).lower().split():
        last["family"] = said
        last.pop("job", None)
        last.pop("who", None)


def _put_on_calendar(message: str) -> str:
    """The teammate "put it on Luis's calendar" names (and nothing else), or ""."""
    said = read(message)
    if said is None or said.name != "book_appointment" or set(said.slots) != {"assign"}:
        return ""
    return said.get("assign")


def _cancels_a_booking(message: str) -> bool:
    """ "cancel my appointment" with nothing open: a booked one to cancel, not a draft."""
    said = read(message)
    return said is not None and said.name == "cancel_appointment"


# Pleased thanks ("Perfect, thank you.", "great, thanks so much"): an OK of what was done.
_PLEASED = re.compile(
    r"^\W*(?:perfect|great|excellent|lovely|brilliant|wonderful|super|awesome|that'?s (?:great|"
    r"perfect|lovely|fine)|sounds (?:good|great|perfect))[\s,.!-]+(?:thanks|thank you|cheers)"
    r"(?: (?:so much|very much|a lot))?\W*$",
    _I,
)
_CALENDAR_DONE = frozenset({"book_appointment", "reschedule_appointment", "reassign_appointment"})
_NO_THEN = re.compile(r"^\W*(?:no|nope|nah|not that)\b[\s,.;:!-]*", _I)


def _picked_day(act: Act, pending: dict[str, Any], message: str) -> str | None:
    """The day picked from "Tuesday the 8th or the 15th?" by saying one ("tomorrow",
    "this Tuesday", "the 15th"), or None."""
    if pending.get("field") != "day":
        return None
    said = find_day(loosened(act.today, message))
    span = day_span(said, act.today) if said else None
    if span is None or span.days != 1:
        return None
    picked = span.first.isoformat()
    if picked in pending["values"]:
        return picked
    said_time, asked = find_time(message), read(message)
    instead = asked is None or (  # "no, thursday at 1", "push that to thursday at 1"
        asked.name == "reschedule_appointment"
        and asked.get("what").lower() in ("it", "that", "this", "that one", "this one")
    )
    if said_time and instead and pending.get("intent") == "book_appointment":
        pending["slots"] = dict(pending["slots"]) | {"time": said_time}
        return picked
    return None


_POINTED = frozenset({"it", "that", "this", "that one", "this one", "that job", "this job"})


def _about_the_scripts_job(intent: Intent, draft: SalesScriptDraft, last: dict[str, Any]) -> Intent:
    """ "what stage is that one in" while a script for the Jensen bid is drafted: the
    Jensen job, when no other job was talked about."""
    said, customer = intent.get("job").lower(), str(draft.data.get("customer") or "")
    if "job" not in intent.slots or said not in _POINTED or last.get("job") or not customer:
        return intent
    return Intent(intent.name, intent.slots | {"job": customer})


def _said_to(asking: dict[str, Any] | None, message: str) -> Addressed | None:
    """For an answer to "what should it say?": whether it talks to Hard-E ("me"), may be
    the customer's question ("maybe_them"), or is the message's words (None)."""
    if asking is None or asking.get("slot") != "body":
        return None
    slots = asking.get("slots", {})
    return spoken_to(message, str(slots.get("to") or slots.get("who") or ""))


def _is_it_the_body(act: Act, asking: dict[str, Any], message: str) -> str:
    """A question that may be for the customer ("are we still on for Thursday?"): asked
    about, never sent blind — a yes sends it, a no or other words keep the question open."""
    body = message.strip()
    slots = dict(asking["slots"]) | {"body": body}
    act.state[CONFIRM] = {"intent": asking["intent"], "slots": slots, "asking": asking}
    act.intent = asking["intent"]
    kind = "email" if asking["intent"] == "send_email" else "text"
    named = str(asking["slots"].get("to") or asking["slots"].get("who") or "").split()
    to = named[0].title() if named else "them"
    return (
        f'Is this the {kind} for {to}: "{body}" — yes to go on with it, '
        "or tell me what it should say."
    )


class ReflexBrain(Brain):
    name = "reflex"

    def __init__(self, *, script_writer: ScriptWriter | None = None) -> None:
        self._writer = script_writer or TemplateScriptWriter()
        # the scored reader's index, built beside the first turns rather than inside one
        threading.Thread(target=_warm, name="reader-warm-up", daemon=True).start()

    def match(self, message: str) -> Intent | None:
        return read(message)

    def has_draft(self, turn: Turn) -> bool:
        return open_draft(turn.state) is not None

    def waits_for_answer(self, turn: Turn) -> bool:
        """Whether this brain asked something the next message may answer (a draft's
        question, "which one?", "are you sure?", a missing value)."""
        return self.has_draft(turn) or any(k in turn.state for k in (CHOICE, ASK, CONFIRM))

    def is_sure(self, turn: Turn) -> bool:
        """True when the fast path should answer even with Claude available."""
        state = turn.state
        if self.has_draft(turn) or any(k in state for k in (CHOICE, ASK, CONFIRM)):
            return True
        if cancels(turn.message):
            return True
        intent = read(turn.message)
        return intent is not None and intent.name in ("new_customer", "sales_script")

    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        # "text Linda — no wait, Karen …", "whos rep on that 1", "a roof job 4 him", "o cho a"
        spelled = to_spelled(for_spelled(one_spelled(turn.message)))
        said = plain_order(corrected(syllables_joined(spelled)))
        act = Act(replace(turn, message=said) if said != turn.message else turn, self._writer)
        text = await self._answer(act)
        if act.took:  # "(I took 'Albrite' to mean Albright.)": a close name said back first
            text = " ".join(dict.fromkeys(act.took)) + " " + text
        if on_text is not None:
            await on_text(text)
        return BrainReply(
            text=text,
            brain=self.name,
            tool_calls=act.tool_calls,
            approvals=act.approvals,
            intent=act.intent,
            approved_as_shown=act.approved_as_shown,
            replaces=act.replaces,
        )

    async def _answer(self, act: Act) -> str:
        turn, state = act.turn, act.turn.state
        message = turn.message
        opened_now = any(k in state for k in ("draft", CHOICE, ASK, CONFIRM))
        done = state.pop(DONE_NOW, None)  # made at once by the turn before, if anything
        other = state.pop(_OTHER_ONE, None)  # the job not picked from two, the turn before
        last = state.get(LAST, {})
        if other is not None and _THE_OTHER.match(message) and last.get("intent") in _JOB_INTENTS:
            the_other = Intent(last["intent"], dict(last.get("slots", {})) | {"job": other})
            return await self._dispatch(act, the_other)
        change = _CHANGE.match(message) if done is not None and "sms" in done else None
        if change:  # "actually make that tuesday at 8" after a text: it went, offer a fix
            return _text_correction(act, done, change["to"])
        reworded = None if opened_now else rewording(message)
        if reworded is not None and DRAFTED in state:  # "make it friendlier": the email waiting
            return await self._redraft(act, state[DRAFTED], reworded)
        if reworded is not None and done is not None and "sms" in done:  # "can you shorten it"
            more = as_sentence(addressed(message, reworded.more)) if reworded.more else None
            return _follow_up_text(act, done, more)
        if cancels(message) and (opened_now or not _cancels_a_booking(message)):
            offer = state.get(CONFIRM, {})
            writing = state.get(ASK, {}).get("slot") == "body" or bool(
                offer.get("offered") and offer.get("intent") in ("send_email", "send_text")
            )
            # "no, don't send that" to "what should it say?" or to "did you mean Kimberly
            # Crowley?": a no to the message, as it is to one waiting for an OK; said with
            # "cancel" it is a cancel
            act.intent = "deny" if writing and _DONT_SEND.match(message) else "cancel"
            opened = [k for k in ("draft", CHOICE, ASK, CONFIRM) if state.pop(k, None)]
            if not opened and done is not None:  # "no hold on don't send it": it has gone
                act.intent = "deny"
                return _too_late(done)
            return "Okay, dropped it." if opened else "Okay. Nothing was open, so nothing changed."
        confirming = state.pop(CONFIRM, None)
        if confirming is not None and "asking" in confirming:  # "is that the text for …?"
            return await self._body_or_not(act, confirming)
        if confirming is not None:
            verdict = decision(message)
            if verdict is not None and confirming.get("or_words"):
                state.pop(ASK, None)  # the offer decided: its "or your own words" is closed
            if verdict == "approve":  # an offer on a close name ("did you mean …?") approved
                act.intent = "approve" if confirming.get("offered") else confirming["intent"]
                if "tool" in confirming:  # "did you mean the Keller job?" — yes
                    tool = confirming["tool"]
                    return await call(act, tool, confirming["args"], SAY_TOOL[tool])
                confirmed = Intent(confirming["intent"], confirming["slots"])
                if confirmed.name in CONFIRMED:
                    return await CONFIRMED[confirmed.name](act, confirmed, sure=True)
                if confirmed.name == "move_stage":
                    return await move_stage(act, confirmed, sure=True)
                return await HANDLERS[confirmed.name](act, confirmed)  # "did you mean Linda?"
            if verdict == "deny":
                act.intent = "deny" if confirming.get("offered") else "cancel"
                moving = confirming["intent"] == "move_stage" or confirming["intent"] in CONFIRMED
                return "Okay, I left it where it is." if moving else "Okay, I didn't do it."
        draft = open_draft(state)
        if isinstance(draft, NewCustomerDraft) and draft.data.get("duplicate"):
            act.intent = draft.kind
            return await self._duplicate_answer(act, draft)
        if draft is not None:
            other = self._other_request(message)
            if isinstance(other, Intent) and other.name in _SMALLTALK and decision(message):
                other = None  # "yep that's everything": the draft's answer, no goodbye
            if other is None:
                act.intent = draft.kind
                return await self._continue(act, draft, draft.absorb(message))
            if isinstance(other, Intent) and isinstance(draft, SalesScriptDraft):
                other = _about_the_scripts_job(other, draft, last)
            answer = (
                await self._dispatch(act, other)
                if isinstance(other, Intent)
                else (await self._fallback(act))
            )
            question = draft.next_question()
            keep_draft(state, draft)
            label = "new customer" if isinstance(draft, NewCustomerDraft) else "sales script"
            return f"{answer}\n\nBack to the {label}: {question} (or say cancel)"
        pending = state.pop(CHOICE, None)
        mate = _put_on_calendar(message) if pending is not None else None
        if pending is not None and mate and pending.get("tool") == "create_appointment":
            return await self._booking_goes_to(act, pending, mate)
        retimed = _retimed(act, pending, message) if pending is not None else None
        if retimed is not None:
            return retimed
        day = _picked_day(act, pending, message) if pending is not None else None
        if pending is not None and day is not None:  # "tomorrow", "this Tuesday", "the 15th"
            if day not in pending["values"]:  # another day and time said instead
                slots = dict(pending["slots"]) | {"day": day}
                return await self._dispatch(act, Intent(pending["intent"], slots))
            return await self._picked(act, pending, day)
        placed = picked_in_order(message, pending["values"]) if pending is not None else None
        if pending is not None and placed is not None:  # "the later one" to "the 8th or 15th?"
            return await self._picked(act, pending, placed)
        if pending is not None and decision(message) == "deny":  # "leave it" to "which one?"
            act.intent = "deny"
            return "Okay, dropped it — nothing changed."
        if pending is not None and pending.get("field") == "day" and decision(message):
            state[CHOICE] = pending  # "yes, book it" to "the 8th or the 15th?" picks neither
            act.intent = pending.get("intent", "")
            return f"Which one — {' or '.join(pending['options'])}?"
        if (
            pending is not None
            and not _one_option_says_all(message, pending["options"])  # "the site visit"
            and (
                isinstance(self._other_request(message), Intent) or from_parts(message) is not None
            )
        ):  # "…, move it to final invoice sent" is no pick from the list
            asked = pending.get("args", pending.get("slots", {})).get("job")
            if isinstance(asked, str) and asked:  # "and what does she owe?": the job just asked
                last = state.setdefault(LAST, {})
                last["job"] = asked
                if asked.split()[0] not in str(last.get("family", "")).split():
                    last["family"] = asked.split()[0]  # "his number": that family's
                    last.pop("who", None)
            pending = None
        if pending is not None:
            picked = pick_option(message, pending["options"], pending["values"])
            if picked is not None:
                return await self._picked(act, pending, picked)
            if decision(message) == "approve":  # "confirm" to "which job?": still which one
                state[CHOICE] = pending
                asked = pending.get("intent") or pending["tool"]
                act.intent = state.get(LAST, {}).get("intent") or asked
                return f"I still need to know which one. {asked_again(pending)}"
        asking = state.pop(ASK, None)
        if asking is not None and asking.get("slot") == "time":
            message = asked_clock(message)  # "one thirty", written "130" by the speech reader
        refused = asking is not None and asking["slot"] == "body" and _DONT_SEND.match(message)
        if asking is not None and (decision(message) == "deny" or refused):
            act.intent = "deny"  # "no" to "what should the text say?" sends nothing
            return "Okay, dropped it."
        if asking is not None and asking["slot"] == "body" and decision(message) == "approve":
            state[ASK] = asking  # "looks good, send it" to "what should it say?" is no message
            act.intent = asking["intent"]
            return f"There's nothing in it yet. {asking['question'] or 'What should it say?'}"
        if asking is not None and asking.get("question") and decision(message) == "approve":
            state[ASK] = asking  # "yes" to "which customer?" names no one: asked again
            act.intent = asking["intent"]
            return f"I still need that: {asking['question']}"
        body = dictated(message) if asking is not None and asking["slot"] == "body" else None
        steered = steered_to(message) if body else None
        if steered and asking is not None and not _same_person(steered, asking["slots"]):
            state[ASK] = asking  # "back to Keller, tell him …" while Underwood's text waits
            act.intent = asking["intent"]
            to = asking["slots"].get("to") or "someone else"
            wrong = f"The text waiting is for {to}, not {steered.title()}, so I sent nothing."
            return f"{wrong} {asking['question']}"
        if asking is not None and body:  # "ok msg: …", "back to the email, tell her …"
            slots = dict(asking["slots"]) | {"body": body}
            return await self._dispatch(act, Intent(asking["intent"], slots))
        to_whom = _said_to(asking, message)
        if asking is not None and to_whom == "maybe_them" and read(message) is None:
            return _is_it_the_body(act, asking, message)
        if to_whom == "me":  # "hang on, which number do you have for her": read what's asked
            message = without_lead_in(message)
        if asking is not None and (
            to_whom == "them"
            or (
                to_whom is None
                and not _not_a_when(asking, message)
                and (self._other_request(message) is None or _gives_a_day(asking, message))
            )
        ):
            slots = dict(asking["slots"]) | {asking["slot"]: message.strip()}
            return await self._dispatch(act, Intent(asking["intent"], slots))
        verdict = decision(message) if asking is None else None
        pleased = done is not None and verdict is None and _PLEASED.match(message) is not None
        if pleased and done is not None and done["intent"] in _CALENDAR_DONE:
            act.intent = done["intent"]  # "perfect, thank you" to a booking just changed: its OK
            said = str(done["said"]).removeprefix("Done: ").removeprefix("Changed it. ")
            return f"You're welcome, {first_name(turn)} — that's all set: {said}"
        if verdict is not None and done is not None:  # "yes" to a booking made already
            act.intent = done["intent"] if verdict == "approve" else verdict
            said = str(done["said"]).removeprefix("Done: ").removeprefix("Changed it. ")
            if verdict == "approve":
                return f"That's done already, no OK needed — {said}"
            return _too_late(done)
        if verdict is not None:  # a yes or a no, and nothing here waits for one
            act.intent = verdict
            return (
                "There's nothing waiting for a yes right now — what's done is done. "
                "Say what you'd like next."
                if verdict == "approve"
                else "Okay. Nothing was waiting, so nothing changed."
            )
        if asking is not None:  # "hold on, what's the stage on his windows": whom it asks about
            _ask_is_about(asking, state)
        plain = without_hesitation(message) or message
        both = two_asks(message)
        again = None if both else await _product_again(act, plain)
        if again is not None:  # "and the estate one" after a product's answer: its question
            act.turn = replace(act.turn, message=again, knowledge=[])
        mate_asked = None if both or again else await _teammate_follow_up(act, plain, state)
        intent = (
            None
            if both or again
            else mate_asked
            or read(message)
            or self._qualified(act, plain)
            or (
                None
                if is_coaching(message)
                else from_parts(plain)
                or self._follow_up(plain, state)
                or self._follow_up(typed_right(plain), state)  # "annd the becket one?"
                or read_frame(plain)
            )
        )
        if intent is not None and not both:
            intent = _request_in_the_story(plain, intent)  # reply() corrected the message
        if intent is not None and intent.name in _JOB_INTENTS and _RIVALS.search(message):
            intent = Intent("unsupported")  # "what does the competition charge": not our jobs
        if intent is not None and intent.name in _DAY_INTENTS and _WEATHER.search(message):
            intent = None  # "what's the weather look like for the install fri": not our calendar
        scored = None
        if intent is None and not both and not again and not self._outside_or_coaching(message):
            scored = intent = scored_intent(plain)  # no rule knows it: the nearest example
        missing = needs(scored, state.get(LAST, {})) if scored is not None else None
        if (
            asking is not None
            and intent is not None
            and intent.name == asking["intent"] == "book_appointment"
            and set(intent.slots) <= {"assign"}
        ):  # "put it on Luis's calendar" while the booking waits for a day or time
            intent = Intent(intent.name, dict(asking["slots"]) | intent.slots)
        if both:
            answer = await self._both(act, *both)
        elif act.pick and intent is not None:  # "…, the one in punch list": that job of several
            answer = await self._dispatch(act, intent)
            pending = state.get(CHOICE)
            picked = (
                pick_option(act.pick, pending["options"], pending["values"]) if pending else None
            )
            if pending is not None and picked is not None:
                state.pop(CHOICE)
                asked = {"intent": intent.name, "slots": intent.slots}  # answered as asked
                answer = await self._picked(act, pending | asked, picked)
        elif scored is not None and missing is not None:  # "which job?", never a guess
            act.intent = scored.name
            answer = act.ask(scored, *missing)
        else:
            answer = await (
                self._dispatch(act, intent) if intent is not None else self._fallback(act)
            )
            rest = unread_ask(message, intent.name) if intent is not None else None
            if rest is not None:  # "… and did the permit come in": offered back, not dropped
                answer += (
                    f'\n\n(I only took in the first part; "{rest}" I didn\'t catch — say it alone.)'
                )
        times = int(asking.get("reasked") or 0) if asking is not None else 0
        reask = (
            asking is not None
            and asking.get("question")
            and times < _REASKS
            and act.intent != asking["intent"]  # "tell her …" did what was being asked
        )
        if reask and not (ASK in state or CHOICE in state or CONFIRM in state):
            state[ASK] = asking | {"reasked": times + 1}  # asked again, then dropped
            return f"{answer}\n\nBack to it: {asking['question']} (or say cancel)"
        if reask and CHOICE in state and not (ASK in state or CONFIRM in state):
            state[ASK] = asking | {"reasked": times + 1}  # "which job?" first; kept for "back to …"
        return answer

    async def _redraft(self, act: Act, drafted: dict[str, Any], change: Rewording) -> str:
        """The email waiting, written again as asked ("friendlier", "add that …"); the new
        draft stands in for the old one, which is withdrawn."""
        slots = dict(drafted["slots"])
        slots |= {"tone": change.tone} if change.tone else {}
        slots |= {"more": change.more} if change.more else {}
        answer = await self._dispatch(act, Intent("send_email", slots))
        if act.state.get(DRAFTED, {}).get("approval") != drafted["approval"]:
            act.replaces.append(str(drafted["approval"]))
        return answer

    async def _body_or_not(self, act: Act, confirming: dict[str, Any]) -> str:
        """The answer to "is that the text for …?": yes goes on with those words; a no
        asks for them again; anything else is answered as the open question's answer."""
        message, asking = act.turn.message, confirming["asking"]
        verdict = decision(message)
        if verdict == "approve":
            act.intent = confirming["intent"]
            return await self._dispatch(act, Intent(confirming["intent"], confirming["slots"]))
        act.state[ASK] = asking
        instead = _NO_THEN.sub("", message)  # "no, tell her the crew comes at 8"
        if instead != message and dictated(instead) is not None:
            act.turn = replace(act.turn, message=instead)
        elif verdict == "deny":
            act.intent = confirming["intent"]
            return f"Okay, not that. {asking['question'] or 'What should it say?'}"
        return await self._answer(act)

    @staticmethod
    def _outside_or_coaching(message: str) -> bool:
        """The weather, a rival's prices, a selling question: never the reader's to read."""
        return bool(_OUTSIDE.search(message) or _RIVALS.search(message)) or is_coaching(message)

    async def _both(self, act: Act, first: str, second: str) -> str:
        """Two requests in one message: each answered as if said alone, in order — unless
        the first needs an answer from the rep first (then the second is named as next)."""
        whole = act.turn
        try:
            act.turn = replace(whole, message=first)
            answer = await self._dispatch(act, read(first) or Intent("admit"))
            understood = act.intent
            if any(k in act.state for k in (ASK, CHOICE, CONFIRM)):
                return f'{answer}\n\n(After that, ask me again: "{second}".)'
            act.turn = replace(whole, message=second)
            more = await self._dispatch(act, self._about_same(second, understood))
        finally:
            act.turn = whole
        act.intent = understood
        return f"{answer}\n\n{more}"

    @staticmethod
    def _about_same(second: str, first: str) -> Intent:
        """The second of two requests, about the first's job when it names none ("what
        stage is the Keller job in and who's the rep": the rep on that job)."""
        topic = topic_only(typed_right(second))
        said = read(second) or (ReflexBrain._same_job(topic, {}) if topic else Intent("admit"))
        if first in _JOB_INTENTS and said.name not in _JOB_INTENTS:
            for tail in (" on it", " for it"):
                on_it = read(second.rstrip(" ?.!") + tail)
                if on_it is not None and on_it.name in _JOB_INTENTS:
                    return on_it
        return said

    def _other_request(self, message: str) -> Intent | bool | None:
        """Whether a message in an open draft asks for something else (an intent, or a
        question) rather than answering it."""
        if _NO_VALUE.match(message):  # "no email", "none": the draft's answer, no lookup
            return None
        frame = read_frame(message)
        if frame is not None and frame.name == "job_overview":
            frame = None  # a bare "the Ochoa job" answers "which job?", it asks nothing
        plain = without_lead_in(message)  # "hold on, which stage is this one in"
        plain = plain if _QUESTION.match(plain) else message  # "no email on him" answers
        intent = read(message) or frame or (read(plain) if plain != message else None)
        asked_for = intent is not None and intent.name in ("customer_phone", "customer_email")
        if asked_for and re.search(r"\d{3}|@", message):  # "her number is 614 555 0133"
            return None  # an answer to the draft's question
        if intent is not None and intent.name not in ("new_customer", "sales_script"):
            return intent
        words = message.split()
        asking = bool(_QUESTION.match(plain)) or message.strip().endswith("?")
        return True if asking and len(words) >= 3 else None

    async def _dispatch(self, act: Act, intent: Intent) -> str:
        act.intent = intent.name
        if intent.name == "new_customer":
            draft = NewCustomerDraft.start(act.turn.message)
            return await self._continue(act, draft, None)
        if intent.name == "sales_script":
            draft_s = SalesScriptDraft.start(act.turn.message)
            return await self._continue(act, draft_s, None)
        if intent.name == "job_overview" and await self._a_topic(act, str(intent.get("job"))):
            return await self._fallback(act)  # "tell me about vinyl siding": the documents'
        last = {
            k: v
            for k, v in act.state.get(LAST, {}).items()
            if k not in (PRODUCT_ASKED, PRODUCT_NAMES)
        }
        act.state[LAST] = last | {"intent": intent.name, "slots": intent.slots}
        handler = CHANGE_HANDLERS.get(intent.name) or HANDLERS[intent.name]
        return await handler(act, intent)

    async def _picked(self, act: Act, pending: dict[str, Any], picked: str) -> str:
        said = pending.get("slots", pending.get("args", {})).get(pending["field"])
        if isinstance(said, str) and not said.startswith("#"):
            act.state.setdefault(PICKED, {})[said.lower()] = picked
        others = [v for v in pending["values"] if v != picked]
        if pending["field"] == "job" and len(others) == 1:  # "and the other one?" next
            act.state[_OTHER_ONE] = others[0]
        if "intent" in pending:
            slots = dict(pending["slots"]) | {pending["field"]: picked}
            return await self._dispatch(act, Intent(pending["intent"], slots))
        args = pending["args"] | {pending["field"]: picked}
        if pending["tool"] == "move_job_stage":  # the picked move is checked like any other
            return await self._dispatch(
                act, Intent("move_stage", {k: str(v) for k, v in args.items()})
            )
        last = act.state.get(LAST, {}).get("intent", "")
        act.intent = last or pending["tool"]
        said = await call(act, pending["tool"], args, SAY_TOOL[pending["tool"]])
        whose = pending.get("whose")  # "put it on Luis's calendar" said while asked which
        return f"{said} It's on {whose}'s calendar." if whose and CHOICE not in act.state else said

    @staticmethod
    async def _booking_goes_to(act: Act, pending: dict[str, Any], said: str) -> str:
        """ "put it on Luis's calendar" while a booking waits for "which job?": the
        booking will be his, and the question stays open."""
        act.state[CHOICE] = pending
        act.intent = "book_appointment"
        mate = await teammate(act, said)
        if mate is None or "id" not in mate:
            return f"I don't know which teammate {said.title()} is. {asked_again(pending)}"
        pending["args"] = dict(pending["args"]) | {"user_id": int(mate["id"])}
        pending["whose"] = mate["name"]
        return f"It'll go on {mate['name']}'s calendar. {asked_again(pending)}"

    def _follow_up(self, message: str, state: dict[str, Any]) -> Intent | None:
        """ "and the Baxter job?" / "what about tomorrow?": the last intent, new value."""
        last = state.get(LAST, {})
        if "intent" not in last:
            return None
        fixed = correct(message, VOCABULARY, PROTECTED).text  # "what about fri", "tmrw?"
        change = _CHANGE.match(fixed)
        if change and last["intent"] == "book_appointment":  # "no wait make that eleven"
            return Intent("book_appointment", {"change": change["to"]})
        if change and last["intent"] == "reschedule_appointment":  # "make it 11 instead"
            return corrected_move(last.get("slots", {}), change["to"])
        another = _ANOTHER_TASK.match(message)
        if another and last["intent"] == "create_task":  # "and one for Brianna to chase …"
            slots = {"title": another["title"], "for": another["for"] or ""}
            return Intent("create_task", {k: v for k, v in slots.items() if v})
        added = _ADD_TO_NOTES.match(message)
        if added and last["intent"] in ("list_notes", "add_note", "job_overview"):
            job = str(last.get("slots", {}).get("job") or "it")  # "add: …": on the job just read
            return Intent("add_note", {"job": job, "note": added["note"].strip()})
        if last["intent"] == "pipeline" and _SHARE_OF.search(fixed):
            return Intent("pipeline", {})  # "and how much of that belongs to Tasha?"
        another_job = _ANOTHER_JOB.match(fixed)
        if another_job and last["intent"] == "create_job":  # "siding job for nancy jensen"
            as_said = _ANOTHER_JOB.match(message)  # the name in the rep's own spelling
            who = (as_said or another_job)["who"].strip(" .!?")
            return Intent("create_job", {"trade": another_job["trade"], "who": who})
        if last["intent"] in _LIST_INTENTS | {"pipeline"} and _THOSE_OF.match(message):
            return Intent(last["intent"], {})  # "any of those T's": that teammate's share
        if last["intent"] in ("pipeline", "stage_value") and _BROKEN_DOWN.match(fixed):
            return Intent("pipeline", {})  # "by rep": the pipeline just given, per rep
        topic = topic_only(fixed.strip())
        if topic is not None and last["intent"] in _JOB_INTENTS | _CUSTOMER_INTENTS:
            return self._same_job(topic, last)  # "$ on it", "rep?": the job just asked about
        m = FOLLOW_UP.match(message) or FOLLOW_UP.match(fixed)
        bare = None if m else _BARE_REF.match(fixed)
        if bare is not None and not find_day(bare["ref"]):
            said = set(bare["ref"].split())
            if said & (STOP_WORDS | VOCABULARY | _NOT_NAMES) or last["intent"] not in (
                _JOB_INTENTS | {"customer_phone", "customer_email"}
            ):
                return None  # "beckett?" after a job's stage: that job's stage; not "ok?"
            bare = _BARE_REF.match(message)
        m = m or bare
        if m is None or _NOT_A_REF.match(m["ref"]) or len(m["ref"].split()) > 5:
            return None
        ref, name = m["ref"].strip(), last["intent"]
        slots = dict(last.get("slots", {}))
        after = _DAY_AFTER.match(ref)
        if after and (after["tomorrow"] or last.get("date")) and name in _DAY_INTENTS:
            base = date.fromisoformat(last.get("date") or "1970-01-01")
            ref = (
                "in 2 days" if after["tomorrow"] else (base + timedelta(days=1)).isoformat()
            )  # "what about the day after?": the day after the one just listed
        if find_day(ref):
            if name not in _DAY_INTENTS and name != "book_appointment":
                name = "appointments"
            return Intent(name, slots | {"day": ref})
        if name in _JOB_INTENTS:
            return Intent(name, slots | {"job": ref})
        if name == "add_note" and _SAME.match(message) and slots.get("note"):
            return Intent(name, slots | {"job": ref})  # "same for the Crowley roof": that note
        if name in _CUSTOMER_INTENTS:
            return Intent(name, slots | {"who": ref})
        if name == "pipeline":  # "and Luis?": that rep's pipeline
            return Intent(name, {})
        if name == "stage_value":  # "and contract signed?"
            return Intent(name, {"stage": ref})
        if name in _LIST_INTENTS:  # "what about Keller?" after a list of jobs: that job
            return Intent("job_overview", {"job": ref})
        return None

    @staticmethod
    def _qualified(act: Act, message: str) -> Intent | None:
        """A job question that says which of a customer's jobs it means after the job
        ("the Ellison roof the one in punch list"): the question, and the pick kept."""
        which = _THE_ONE_IN.search(message)
        found = read(message[: which.start()]) if which else None
        if which is None or found is None or found.name not in _JOB_INTENTS:
            return None
        act.pick = which["which"]
        return found

    @staticmethod
    def _same_job(topic: tuple[str, str], last: dict[str, Any]) -> Intent:
        """A topic asked of the job (or its customer) just talked about: "it", or "his
        roof" when a trade is said (that family's job of that trade)."""
        name, trade = topic
        if name in ("customer_phone", "customer_email"):
            return Intent(name, {"who": "them"})
        return Intent(name, {"job": f"his {trade}" if trade else "it"})

    async def _continue(
        self, act: Act, draft: NewCustomerDraft | SalesScriptDraft, complaint: str | None
    ) -> str:
        question = draft.next_question()
        if question is not None:
            keep_draft(act.state, draft)
            return f"{complaint} {question}" if complaint else question
        keep_draft(act.state, None)
        if isinstance(draft, SalesScriptDraft):
            request = ScriptRequest(
                customer=draft.data["customer"],
                product=draft.data["product"],
                key_points=list(draft.data.get("key_points", [])),
                variant=draft.data["variant"],
                rep_name=act.turn.speaker.name,
            )
            return await act.writer.write(request, act.turn.tenant)
        if not draft.data.get("duplicate_ok"):
            same = await self._existing(act, draft)
            if same is not None:
                draft.data["duplicate"] = same
                keep_draft(act.state, draft)
                return (
                    f"Heads up: {same['name']} (customer #{same['id']}) already has that "
                    f"{same['matched']}. Say 'use existing' to work with them, or 'create "
                    "anyway' for a new customer."
                )
        outcome = await act.tool("create_customer", draft.tool_input())
        if outcome.is_error:
            return str(outcome.content).rstrip(".") + "."
        shown = draft.data.get("saved_as_shown")
        if outcome.approval and shown and _holds(outcome.approval["args"], shown):
            act.approved_as_shown.append(outcome.approval["id"])  # decided by the chat
            act.intent = "approve"
            return ""
        summary = outcome.approval["summary"] if outcome.approval else "the new customer"
        return f"Ready: {summary}. That needs approval — say yes to create it, or no to cancel."

    async def _existing(self, act: Act, draft: NewCustomerDraft) -> dict[str, Any] | None:
        """A customer already on file with the new one's phone or email, if any."""
        data = draft.data
        phone = re.sub(r"\D", "", data.get("phone", ""))[-10:]
        email = str(data.get("email") or "").lower()
        for query in (email, str(data.get("last_name") or "")):
            if not query:
                continue
            outcome = await act.tool("search_customers", {"query": query, "limit": 20})
            if outcome.is_error:
                continue
            for c in outcome.content["customers"]:
                numbers = {re.sub(r"\D", "", p["number"])[-10:] for p in c["phones"]}
                if email and c["email"].lower() == email:
                    return {"id": c["id"], "name": c["name"], "matched": "email address"}
                if phone and phone in numbers:
                    return {"id": c["id"], "name": c["name"], "matched": "phone number"}
        return None

    async def _duplicate_answer(self, act: Act, draft: NewCustomerDraft) -> str:
        same = draft.data["duplicate"]
        message = act.turn.message.lower()
        if re.search(r"\b(existing|use (him|her|them|that|it)|that one|the old one)\b", message):
            keep_draft(act.state, None)
            act.state.setdefault(LAST, {})["who"] = f"#{same['id']}"
            return f"Okay, using {same['name']} (customer #{same['id']}); no new customer created."
        if re.search(r"\b(anyway|new one|create (it|new|them)|yes)\b", message):
            draft.data.pop("duplicate")
            draft.data["duplicate_ok"] = True
            return await self._continue(act, draft, None)
        keep_draft(act.state, draft)
        return f"Say 'use existing' for {same['name']}, or 'create anyway' (or cancel)."

    @staticmethod
    async def _a_topic(act: Act, said: str) -> bool:
        """A product or trade said bare ("tell me about vinyl siding", "pull up hailguard"):
        no "the"/"his" before it, no "job", no figure, and no customer of that name on file
        (a misheard one is found close: "kelor" is Keller)."""
        message = act.turn.message
        ref = re.escape(said.strip())
        said_here = re.search(rf"\b{ref}\b", message, _I)  # not a follow-up's "it"
        if (
            not said_here
            or _A_JOB_SAID.search(message)
            or re.search(rf"{_OWNER}\s+{ref}", message, _I)
        ):
            return False
        return not await names_someone(act, said)

    async def _fallback(self, act: Act) -> str:
        """A remembered fact or a passage that really answers; otherwise say so plainly."""
        turn = act.turn
        remembered = memory_answer(turn.message, turn.memories)
        if remembered is not None:
            act.intent = "recall"  # answered from what the team said, as a recall is
            return remembered
        if _OUTSIDE.search(turn.message):  # the weather, the news: never in the documents
            act.intent = "admit"
            return (
                f"Sorry {first_name(turn)}, that's outside what I know: I work from your "
                "documents and your CRM. Ask me about your products, customers, jobs, calendar "
                'or pipeline — or say "what can you do?"'
            )
        coaching = is_coaching(turn.message)
        general = _GENERAL.match(turn.message) is not None and not _PROPER.search(turn.message[1:])
        if _ACTION_WORDS.search(turn.message) and not (coaching or general):
            return admit_action(act)
        passages = turn.knowledge or await self._search(act)
        found = None
        if coaching:  # the handbook's section on that objection, found as it words it
            query = coaching_query(turn.message)
            more = await self._search(act, query) if query != turn.message else []
            found = coaching_answer(turn.message, more + passages)
        found = found or extractive_answer(turn.message, passages)
        if found is not None:
            act.intent = "product"
            last = act.state.setdefault(LAST, {})
            last[PRODUCT_ASKED] = turn.message  # for "and the estate one?"
            last[PRODUCT_NAMES] = sorted(product_names(passages))
            return found
        act.intent = "admit"
        return (
            f"Sorry {first_name(turn)}, your documents don't cover that, and it isn't something "
            "I can do while I'm running without my language model. Ask me about your "
            'products, customers, jobs, calendar or pipeline — or say "what can you do?"'
        )

    async def _search(self, act: Act, query: str = "") -> list[dict[str, Any]]:
        """The documents, searched when nothing else understood the message."""
        query = (query or act.turn.message)[:500]
        outcome = await act.turn.tools.run("search_knowledge", {"query": query})
        if outcome.is_error:
            return []
        act.tool_calls.append(
            {"name": "search_knowledge", "input": {"query": query}, "status": "ok"}
        )
        return [r for r in outcome.content["results"] if r["score"] > 0]
