"""Sales coaching questions, offline: "how do I handle a customer who thinks it costs too
much?" is a question for the objection handbook, not a CRM lookup — even though it says
"customer" and "job".

``is_coaching`` tells such a question from a request; ``coaching_answer`` reads the
handbook section whose heading is the objection asked about, when the sentence reader
(``reading``) found no single sentence: a handbook's heading is the homeowner's own
words ("I need to think about it") and its opening sentences are the advice. Hand-written
(a few patterns) because no library knows how reps ask for coaching.
"""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.reading.passages import cite
from hard_e.brain.rules import PROTECTED, VOCABULARY
from hard_e.text import correct
from hard_e.text.search import tokenize

_I = re.IGNORECASE
_HOW = (
    r"handle|answer|respond(?: to)?|reply to|deal with|overcome|get past|get around|counter|"
    r"close|convince|win over|push back on|talk to|approach|tackle|address|react to|sell to|"
    r"turn around|save|work with|reassure|persuade"
)
_WHO = (
    r"customers?|homeowners?|clients?|buyers?|prospects?|people|folks|they|he|she|the wife|"
    r"the husband|a couple|somebody|someone|them"
)
_COACHING = re.compile(
    r"\bhow (?:do|should|can|would|could|to|does one) (?:i |we |you )?(?:best )?(?:" + _HOW + r")"
    r" (?:a |an |the |that |this |my |those |these )?(?:" + _WHO + r"|objections?|pushback)\b"
    r"|\bhow (?:do|should|can|would) (?:i|we|you) get (?:a |an |the |my |them |him |her )?"
    r"(?:(?:" + _WHO + r") )?to (?:sign|commit|decide|buy|say yes|move forward|close|trust)\b"
    r"|\bhow (?:do|should|can|would) (?:i|we|you) (?:best )?(?:" + _HOW + r")\b.{0,12}"
    r"\b(?:when|if)\b"
    r"|\bhow (?:do|should|can|would) (?:i|we|you) (?:" + _HOW + r") (?:it|that|this)"
    r" (?:when|if)\b"
    r"|\bwhat (?:do|should|can|would|could) (?:i|we|you) (?:say|tell (?:them|him|her|em|'em)|"
    r"answer|respond|reply|do)\b.{0,40}\b(?:when|if|to (?:a|an|the|someone|somebody|"
    r"customers?|homeowners?|people))\b"
    r"|\bwhat(?:'s| is) (?:a |the |my )?(?:good |best |right )?(?:way|response|answer|comeback|"
    r"rebuttal|reply|line) (?:to|for|when|if)\b"
    r"|\b(?:objections?|rebuttals?|comebacks?|pushback)\b"
    r"|\b(?:" + _WHO + r")\b.{0,40}\b(?:says?|said|keeps? saying|thinks?|wants? to (?:think|wait|"
    r"shop|talk|get|compare)|needs? to (?:think|talk|ask|check)|is (?:worried|concerned|on the "
    r"fence|hesitant|not sure|stalling)|won'?t (?:sign|commit|decide))\b.{0,60}"
    r"\b(?:what (?:do|should|can) i|how (?:do|should|can) i|how i (?:should|can|could|might|"
    r"ought to|would)|any (?:tips|ideas?|thoughts|suggestions)|advice|help me)\b"
    r"|\bhow (?:do|should|can|would|could) (?:i|we|you) (?:have )?(?:handled|answered|"
    r"responded|" + _HOW + r")(?: to)? (?:it|that|this|her|him|them)\b"
    r"|\bhow (?:should|would|could) (?:i|we|you) have (?:handled|answered|responded|replied)\b"
    r"|\b(?:idea|ideas|tips?|advice|know) (?:on )?how (?:i|we) (?:should|can|could|would|might|"
    r"do|to) (?:best )?(?:" + _HOW + r")\b"
    r"|\b(?:tips|advice|coaching|help) (?:on|for|with) (?:closing|selling|handling|objections?|"
    r"(?:a |an )?(?:" + _WHO + r"))\b",
    _I,
)
# How reps say an objection, and how a handbook's headings say the same one.
_SAID_AS = (
    (
        r"\b(?:costs?|priced?|charg\w*|is) (?:way |a bit |a little )?too (?:much|high)\b|"
        r"\btoo (?:expensive|pricey|steep|rich)\b|\bover (?:their|the) budget\b|"
        r"\bsticker shock\b|\b(?:cheaper|lower|better) (?:price|quote|bid|number)\b|"
        r"\bbeat (?:your|our|the|my) (?:price|quote|bid)\b|\bprice (?:objections?|pushback|"
        r"concerns?|complaints?)\b",
        "price too high",
    ),
    (r"\bthink (?:it )?over\b|\bsleep on it\b|\bmull it over\b", "think about it"),
    (
        r"\bshop(?:ping)? (?:it )?around\b|\b(?:other|more|few|couple|multiple|several|"
        r"two|three|four|2|3|4) "
        r"(?:quotes|bids|estimates)\b|\bcompare (?:prices|quotes|bids)\b",
        "three quotes",
    ),
    (r"\b(?:husband|wife|spouse|partner|better half)\b", "spouse"),
    (
        r"\bto sign\b|\bsign (?:today|now|tonight|on the spot|up)\b|\bclose (?:the|a|more) "
        r"(?:deal|sale|deals|sales)\b|\bget (?:a|the) (?:yes|signature)\b",
        "closing",
    ),
    (r"\b(?:home depot|lowe'?s|menards|a big box|big box stores?)\b", "big-box store"),
    (r"\bnext (?:year|season)|\bin the spring\b|\bwait (?:a while|till|until)\b", "wait spring"),
)
# Words every coaching question says: they never tie it to one heading.
_FRAMING = frozenset(tokenize("customer homeowner client job people want say tell get handle"))
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_SENTENCES = 2
_CHARS = 140


def _whole(sentences: list[str]) -> bool:
    """Whether every quotation opened in these sentences is closed."""
    text = " ".join(sentences)
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def is_coaching(message: str) -> bool:
    """Whether the message asks how to sell or answer a homeowner, not for a record."""
    return _COACHING.search(correct(message, VOCABULARY, PROTECTED).text) is not None


def coaching_query(question: str) -> str:
    """What to search the handbook for: the objections the question says, as its headings
    say them ("shop it around" → "three quotes"; the rep's "customer says … what do I tell
    her" would drown them); the question itself when it says none."""
    found = [means for pattern, means in _SAID_AS if re.search(pattern, question, _I)]
    return " ".join(found) if found else question


def _as_documents_say(question: str) -> str:
    """The question with a rep's way of saying an objection put as documents say it."""
    said = question
    for pattern, means in _SAID_AS:
        said = re.sub(pattern, f" {means} ", said, flags=_I)
    return " ".join(said.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _run(asked: list[str], heading: list[str]) -> int:
    """The longest run of words the question and the heading share, in order, when it
    holds a word that means something ("think about it", not "it is")."""
    best, previous = 0, [0] * (len(heading) + 1)
    for a in asked:
        current = [0] * (len(heading) + 1)
        for j, h in enumerate(heading, start=1):
            if a == h:
                current[j] = previous[j - 1] + 1
                run = heading[j - current[j] : j]
                if current[j] > best and tokenize(" ".join(run)):
                    best = current[j]
        previous = current
    return best


def coaching_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The opening advice under the heading that names the objection asked about, or
    None when no heading names it: two of its words, or a run of two words said alike."""
    query = _as_documents_say(question)
    asked, words = set(tokenize(query)), _words(query)
    best: tuple[int, dict[str, Any]] | None = None
    for passage in passages:
        heading = passage.get("heading") or ""
        quoted = _QUOTED.findall(heading)
        if quoted:  # the homeowner's words: two of them said, or two in a row
            objection = " ".join(quoted)
            shared = max(len(asked & set(tokenize(objection))), _run(words, _words(objection)))
            enough = shared >= 2
        else:  # a section about doing something ("Closing After the Objection")
            topic = set(tokenize(heading.split("›")[-1])) - _FRAMING
            shared = len(asked & topic)
            enough = shared >= 1 and 2 * shared >= len(topic)
        if enough and (best is None or shared > best[0]):
            best = (shared, passage)
    if best is None:
        return None
    passage = best[1]
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(passage["text"].split())) if s]
    said: list[str] = []
    for sentence in sentences:  # the opening advice: a few sentences, a quote kept whole
        said.append(sentence)
        if len(said) >= _SENTENCES and sum(map(len, said)) >= _CHARS and _whole(said):
            break
    text = " ".join(said)
    return f"{text} (Source: {cite(passage)})" if text else None
