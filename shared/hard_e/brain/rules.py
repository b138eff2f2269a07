"""What a rep means, without a language model: intent rules over forgiving text.

A message is lower-cased and its typos of known words are fixed (``hard_e.text.fuzzy``);
each rule is a named pattern over that text. Values read out of it (a name, a text's
body, a note) come back in the person's own words and case. The order of ``RULES`` is
the order of precedence: the specific before the general, and every CRM, messaging and
scheduling request before anything that could fall through to the documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from hard_e.brain.frames import bare_topic, job_topic, topic_only
from hard_e.text import STOP_WORDS, Corrected, correct
from hard_e.text.polite import unwrap

_I = re.IGNORECASE


@dataclass(frozen=True)
class Intent:
    """What one message asks for, and the values it named."""

    name: str
    slots: dict[str, str] = field(default_factory=dict)

    def get(self, slot: str) -> str:
        return self.slots.get(slot) or ""


@dataclass(frozen=True)
class Rule:
    name: str
    source: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use, not at import: a cold start doesn't pay for every rule."""
        return re.compile(self.source, _I | re.DOTALL)


# Pieces of patterns. Names and job references are lazy: what follows them ends them.
_WHO = (
    r"(?!(?:the|a|an|this|that|his|her|their|my|your|our) (?:phone|number|cell|mobile|e-?mail|"
    r"contact)\b)(?!(?:me|myself|us|address|addy|and|also|so|ok|okay|then|now)\b)"
    r"(?!(?:what|whats|who|whos|where|wheres|how|hows)(?:'s)?(?![\w']))"  # a question, no name
    r"(?!(?:the |a |an )?(?:best|right|good|main|primary|correct|new|old|other)\b)"
    r"(?!(?:my|your|our) )"
    r"(?P<who>[a-z][\w'.-]*(?: (?!(?:for|of|about|in|at|with|from|to|on|and)\b)[a-z][\w'.-]*)"
    r"{0,3}?)"
)
_NOT_NAME = (
    r"(?!(?:of|for|a|an|my|your|our|is|are|to|in|on|with|and|me|it|the|about|from|we|i|you|"
    r"they|he|she|us|them|still|left|got|gotta|what's|whats|what|how's|hows|where's|by|per|each|"
    r"every)(?![\w']))"
)
# "a new roof", "new windows": the thing a homeowner buys, not the name of a job
_NOT_A_NEW_TRADE = r"(?!(?:brand )?new (?:roof|siding|windows?|gutters?|doors?|trim)\b)"
_JOB = (
    r"(?:the |that |this )?(?P<job>(?:it|that one|this one|she|he|they|them|him|her)(?=\W|$)|"
    + _NOT_A_NEW_TRADE
    + _NOT_NAME
    + r"[\w'#&.-]+(?: "
    + _NOT_NAME
    + r"[\w'#&.-]+){0,4}?)(?:'s)?(?: (?:job|project))?"
)
_DAY = (
    r"(?P<day>today|tonight|this morning|this afternoon|this evening|tomorrow|yesterday|"
    r"this week|next week|this weekend|"
    r"(?:next |this |on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:on )?\d{4}-\d{2}-\d{2}|(?:on )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]* \d{1,2}(?:st|nd|rd|th)?|in \d+ days)"
)
_TIME = r"(?:at |@ ?)?(?P<time>\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon)"
# Words that may open a request for a named customer's detail ("and", "get me" …).
_LEAD = (
    r"^\W*(?:(?:and|also|ok|okay|hey|so|um|uh|what about|how about|gimme|get me|give me|"
    r"pull up|i need|need|send me|find me|can i get|can i have|lemme get|let me get|"
    r"can you|could you|please|show me|look up|find|get)\s+)*"
)
_ON_FILE = r"(?: (?:on file|we have|we've got|we got|in the crm|in leap))?"
_FIELD_END = r"(?: (?:please|pls|plz|real quick|quick|again|on file))*\W*$"
# A time said after a day, as typed or spoken ("tomorrow at 9", "monday at nine thirty").
_AT_HOUR = (
    r"(?: at (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?::\d{2}| o'?clock| thirty| fifteen| forty[- ]five)?(?: ?(?:am|pm|a\.m\.|p\.m\.))?|"
    r" at noon| (?:in the )?(?:morning|afternoon|evening))?"
)
_BODY_START = (
    r"(?: that | saying | to say |\s*:|\s*,|\s+-|\s+and (?:say|tell (?:them|him|her))(?: that)? |"
    r" (?:and )?(?:letting|to let|let) (?:them|him|her) know (?:that )?|"
    r" (?:and )?(?:telling|to tell) (?:them|him|her) (?:that )?)"
)
# How a message to a customer usually opens, when nothing separates it from the name.
_BODY_OPENERS = (
    r"(?:we|we're|we'll|were|i|i'm|im|i'll|ill|the|your|you|you're|youre|our|crew|just|"
    r"running|on my way|tomorrow|today|tonight|hi|hey|hello|thanks|thank|it|it's|its|she|he|"
    r"they|they're|theyre|her|his|can|could|will|please|sorry|good|great|no|yes|ok|okay|"
    r"don't|dont|see you)"
)
_MONEY_WORDS = (
    r"balance|balanced(?= (?:on|for) )|owe|owes|owed|owing|paid|pay|payment|payments|"
    r"contract amount|contract value|"
    r"contract price|money|invoiced?|collected|outstanding|financials?|deposit|how much|"
    r"left to collect|to collect|paid off|paid up|settled up|squared away|collect|contract|"
    r"contract total|job price|sale price|sold price|"
    r"numbers|figures|invoices?|receivables?|billing"
)
_STAGE_WORDS = r"stages?|status|phase|step"
# A stage named in a question about the money in it ("in bid presented", not "in each stage").
_A_STAGE = (
    r"(?!.*\b(?:pipe ?line|by (?:stage|rep)|per (?:stage|rep))\b)"
    r"(?!(?:each|every|all|any|our|my|the|total|at|in|per|by)\b)(?![\w' &/-]*\b(?:each|every)\b)"
    r"(?P<stage>[a-z][\w' &/-]+?)(?: stage| column)?"
    r"(?: right now| now| today| currently| at the moment)?"
)
# A stage said in the words workflows are named with ("install sched", "contract signed",
# "punchlist"): what a move without a verb must say after its job.
_STAGE_WORD = (
    r"(?:lead\w*|intake|new|site|visit\w*|book\w*|measur\w*|estimat\w*|bids?|propos\w*|"
    r"present\w*|being|buil[dt]\w*|contract\w*|sign\w*|material\w*|mat'?ls|mats?|order\w*|instal\w*|sched\w*|"
    r"under ?way|progress|punch\w*|final|invoic\w*|paid|complet\w*|closed?|lost|won|"
    r"permit\w*|approv\w*|inspect\w*|appt|appointment|production|deliver\w*|warranty|hold)"
)
_STAGE_SAID = (
    _STAGE_WORD + r"(?: (?:" + _STAGE_WORD + r"|list|full|sent|set|up|in|on|of|&|and|out))*"
)
# What a task says to do, when nothing but its verb opens it ("call carol re color").
_TASK_VERBS = (
    r"(?:call|ring|phone|email|e-mail|text|chase|follow up|check (?:on|in)|send|order|drop off|"
    r"pick up|get|meet|visit|stop by|measure|review|ask|confirm|schedule|book|collect|bring|"
    r"reach out|remind|finish|update|submit|pull|file)"
)
# What may follow a move said as where a job should be: a request to do it ("…, can you
# update that") or why ("… i measured it yesterday").
_WHY_OR_ASK = (
    r"(?:\W+(?:(?:can|could|would|will) you |please )?(?:update|change|move|fix|do|switch) "
    r"(?:that|it|this)(?: for me)?| (?:i|we|she|he|they)\b.*|,? (?:since|because|cause|as) .*)?"
)
# Words a job's name never opens with: a verb or a question ("remind Keller to sign").
_NOT_AN_ORDER = (
    r"(?!(?:remind|tell|ask|text|txt|sms|e-?mail|call|send|shoot|write|go|get|need|want|have|has|"
    r"had|how|what|when|where|who|why|is|are|do|does|did|can|could|would|should|will|i|we|you|"
    r"they|he|she|time|ready|able|going|trying|about|back|up|down|out|welcome|due|set|plan|"
    r"planning|supposed|move|moved|talk|speak|reply|respond|drive|head|come|came|went|push|bump|"
    r"book|schedule|add|put|make|let|please|remember|note|log|mark|drop|first|next|then|not)\b)"
)
# A number of days or weeks, in digits or words ("10 days", "two weeks", "a week").
_SPAN_OF_DAYS = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|twenty|thirty) (?:days?|weeks?)"
)
_NOTE_VERBS = r"add|put|leave|make|log|drop|write|jot|throw|stick|slap|pop|toss|save|record|enter"
_APPOINTMENT_WORDS = (
    r"appointments?|appts?|meetings?|calendar|schedule|site visits?|inspections?|"
    r"walkthroughs?|measures?|bid reviews?|visits?"
)
_KINDS = (
    r"(?P<kind>inspection|appointment|appt|site visit|visit|measure|measurement|estimate|"
    r"walkthrough|walk-through|final walkthrough|site walk|meeting|consultation|consult|bid review|"
    r"install(?:ation)?|follow[- ]?up (?:call|visit|meeting)|check[- ]?in(?: call)?|"
    r"phone call|call)"
)
# An email's recipient: a person named (``who``) or an address said outright.
_TO = r"(?:(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|" + _WHO + ")"


def _rule(name: str, *patterns: str) -> Rule:
    """One rule from alternative patterns; their groups are numbered apart ("who",
    "who1"…) because a pattern may not repeat a group name, and read back as one."""
    numbered = [re.sub(r"\(\?P<(\w+?)\d*>", rf"(?P<\g<1>{n}>", p) for n, p in enumerate(patterns)]
    return Rule(name, "|".join(f"(?:{p})" for p in numbered))


# A booked appointment named for a change: by its kind ("the Beckett inspection"), its
# time ("my 2pm"), or its day ("tomorrow's"). "Move the Keller job to install" names none.
_BOOKED = (
    r"(?=[\w' ,.@:#-]*?\b(?:appointments?|appts?|meetings?|site visits?|visits?|inspections?|"
    r"measures?|measurements?|walk-?throughs?|consult(?:ation)?s?|bid reviews?|installs?|"
    r"installations?|estimates?|huddles?|(?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)(?: thirty| fifteen| forty[- ]five)? ?(?:am|pm|a\.m\.|p\.m\.|"
    r"o'?clock)|"
    r"\d{1,2}:\d{2}|noon|(?:today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)'s)\b)"
    r"(?![\w' ]*\b(?:jobs?|projects?|e-?mails?|texts?|drafts?|messages?|notes?|tasks?|"
    r"customers?|orders?|subscriptions?|payments?|invoices?|contracts?)\b)"
)
# "change *the time of* the Thornton visit to …": the visit is what moves
# "the time of", and "the term of" as a learner of English may say it
_TIME_OF = r"(?:the (?:time|date|day|hour|start time|start|term|timing) (?:of|for|on) )?"
# "… go instead of Tasha to the Caldwell visit? please change": a teammate going instead
_GOES = (
    r" go (?:instead of [a-z]+ )?(?:to|on) "
    + _BOOKED
    + r"(?P<what>[\w' ,.@:#-]+?)(?: instead(?: of [a-z]+)?)?"
    r"(?:\W+(?:please )?(?:change (?:it|that|him|her)?|do (?:it|that)|switch (?:it|them)))?\W*$"
)
_WHEN_TO = (
    r"(?=.*?(?:\d|\bnoon\b|\b(?:today|tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|tues?|thu(?:rs?)?|fri|next week|morning|afternoon|evening|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|lunch|lunchtime|first thing|eod|"
    r"end of (?:the )?day|close of business)\b))"
)
# A new time that opens the phrase after "to" ("move it to Friday", not "to final invoice").
_WHEN_FIRST = (
    r"(?=(?:(?:on|at|around|by) )?(?:the \d|a week|two weeks|\d|noon\b|lunch|after lunch|"
    r"before lunch|first thing|end of|eod\b|close of|(?:next |this )?(?:today|tomorrow|tmrw|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues?|thu(?:rs?)?|fri|week)\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d))"
)
# A teammate named to go instead ("have Luis take it"); "can you cover it" names no one.
_MATE = r"(?!(?:you|i|we|he|she|they|it|someone|somebody|anyone|anybody)\b)(?P<mate>[a-z]+)"
_MOVE_VERBS = (
    r"(?:re-?schedule|move|push|bump|shift|slide|change|switch|postpone|push back|bump back|"
    r"move back|move up|pull up)"
)
_ASK_LEAD = (
    r"^\W*(?:(?:ok|okay|hey|so|and|also|actually|please|can you|could you|would you|will you|"
    r"can we|could we|"
    r"go ahead and|i need to|we need to|i have to|we have to|i gotta|we gotta|let'?s|"
    r"i(?:'d| would) like to|i want to|need to)[, ]+)*"
)
CALENDAR_CHANGES: list[Rule] = [
    _rule(
        "reschedule_appointment",
        _ASK_LEAD + r"(?:re-?schedule|move|push|bump|shift|slide|change|switch|postpone|"
        r"push back|bump back|move back|move up|pull up) "
        + _TIME_OF
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?) (?:(?:out|back|up|ahead|forward|off|over) )?(?:to|till|"
        r"until|for|into) " + _WHEN_TO + r"(?P<to>.+?)(?: instead)?\W*$",
        _ASK_LEAD + r"(?:re-?schedule|postpone|push back|bump back) " + _BOOKED + r"(?P<what>[\w'"
        r" ,.@:#-]+?)\W*$",
        # "push my 2pm back an hour", "move the Novak walkthrough up 30 minutes"
        _ASK_LEAD
        + r"(?:push|bump|move|shift|slide|change|set|make) "
        + _TIME_OF
        + _BOOKED
        + r"(?P<what2>[\w' ,.@:#-]+?) "
        r"(?P<shift>(?:(?:back|up|forward|later|earlier) (?:by )?)?(?:an?|one|two|three|half an?|"
        r"\d{1,3}) ?(?:hours?|hrs?|minutes?|mins?)(?: (?:later|earlier|back|up|forward))?)\W*$",
        # "shift the Keller site visit a little earlier that day, say noon": the time said last
        _ASK_LEAD
        + r"(?:maybe |just )?(?:re-?schedule|move|push|bump|shift|slide|change) "
        + _BOOKED
        + r"(?P<what4>[\w' .@#-]+?),? (?:(?:a )?(?:little|bit|touch|tad) |slightly )?(?:earlier|"
        r"later|sooner)(?: (?:that|the same|in the) day)?,? (?:say|like|maybe|around|to|at|make "
        r"it) (?P<to4>.+?)(?: instead)?\W*$",
        # "the visit of Zimmerman, please move to Tuesday at 2": the visit said first
        r"^\W*(?P<what5>(?:the |my |our )?(?:appointment|appt|visit|site visit|measure|"
        r"walk-?through|inspection|install|meeting|consult(?:ation)?|bid review) (?:of|with|for|"
        r"at) [\w' .-]+?),? (?:please |pls |can you |could you )*"
        + _MOVE_VERBS
        + r" (?:it |that |this )?(?:to|till|until|for) "
        + _WHEN_FIRST
        + r"(?P<to5>.+?)(?: instead)?\W*$",
        # "move it to Friday": the one last talked about (or asked which)
        _ASK_LEAD + _MOVE_VERBS + r" (?P<what3>it|that|this|that one|this one) (?:to|till|until|"
        r"over to|back to|for) " + _WHEN_FIRST + r"(?P<to3>.+?)(?: instead)?\W*$",
    ),
    _rule(
        "cancel_appointment",
        _ASK_LEAD
        + r"(?:cancel|call off|scrap|scratch|drop|delete|remove|take off) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)(?: off (?:the|my|our) (?:calendar|schedule))?"
        r"(?:,? (?:please|pls|for me|thanks))*\W*$",
        _ASK_LEAD + r"take " + _BOOKED + r"(?P<what2>[\w' ,.@:#-]+?) off (?:the|my|our) "
        r"(?:calendar|schedule|books)\W*$",
        # "could you take it off the calendar?": the one just named (or told in a story)
        _ASK_LEAD + r"take (?P<what3>it|that|this|that one|this one) off (?:the|my|our|his|her) "
        r"(?:calendar|schedule|books)(?:,? (?:please|pls|for me|thanks))*\W*$",
    ),
    _rule(  # who attends: "put Marcus on the Keller site visit instead"
        "reassign_appointment",
        _ASK_LEAD
        + r"(?:put|send|have|get|stick|switch|swap|move|assign) "
        + _MATE
        + r" (?:on|to|onto|at|for|over to) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)"
        r"(?: instead(?: of (?:me|him|her|them|[a-z]+))?)?\W*$",
        _ASK_LEAD
        + r"(?:give|hand|hand off|pass|switch|swap|move|assign|reassign) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?) (?:over )?to (?!"
        + _WHEN_FIRST[3:-1]
        + r")"
        + _MATE
        + r"(?: instead)?\W*$",
        _ASK_LEAD + r"(?:swap|switch|change) (?:out )?(?:the |who'?s? )?(?:rep|person|guy|attendee|"
        r"salesperson|going|attending|covering) (?:on|for|at|to|of) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)(?: (?:to|with|for) "
        + _MATE
        + r")?\W*$",
        _ASK_LEAD
        + r"(?:have|let|get) "
        + _MATE
        + r" (?:take|cover|run|do|handle) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)(?: instead)?\W*$",
        r"^\W*(?:can|could) "
        + _MATE
        + r" (?:take|cover|run|do|handle) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)(?: instead)?\W*$",
        # "can Marcus go instead of Tasha to the Caldwell visit?", "Marcus can go to it instead"
        r"^\W*(?:can|could|should) " + _MATE + _GOES,
        r"^\W*" + _MATE + r" (?:can|could|should|will|is going to)" + _GOES,
        r"^\W*" + _MATE + r" (?:is taking|will take|'ll take|can take|is covering|will cover|"
        r"can cover|takes|covers|is doing|will do) "
        + _BOOKED
        + r"(?P<what>[\w' ,.@:#-]+?)(?: instead)?\W*$",
    ),
]


# A contract, an invoice or the books named anywhere in a message, and a request to do
# something ("is there a way to", "could you", "please"): said before the verb.
_PAPERWORK = (  # not inside a message or a note to write ("text Keller we'll fix the bill")
    r"^(?!\W*(?:please |can you |could you )?(?:text|txt|sms|e-?mail|message|shoot|send|draft|"
    r"write|tell|let|remind|note|add|put|leave|log|jot|remember|make a note)\b)"
    r"(?=.*\b(?:contracts?|invoices?|estimates?|quotes?|bills?|receipts?|statements?|"
    r"change orders?|proposals?|quickbooks|books|numbers)\b)"
)
_ASKED_TO = (
    r".*?(?:^\W*|\b(?:please|pls|can you|could you|would you|will you|can i|could i|way to|"
    r"how (?:do|can|would|should) (?:i|we|you)|how to|(?:i |we )?(?:need|want) (?:you )?to|"
    r"you to)\s+)"
)


# A request to change something, said first ("oops", "pls", "can you"): never a message's
# words ("text Keller we'll lower the price").
_CHANGE_ASKED = (
    r"^\W*(?:(?:please|pls|can you|could you|would you|will you|can we|could we|ok|okay|oops|"
    r"actually|hey|go ahead and|i need (?:you )?to|i want (?:you )?to)\W+)*"
)


# A text or an email to someone: its words are the message, not a question about bids.
_NOT_A_MESSAGE = (
    r"^(?!\W*(?:please )?(?:text|txt|sms|e-?mail|message|shoot|send) [a-z]+(?: [a-z]+)?"
    r"(?: a (?:text|note|email|message))? (?:that|saying|to say|and (?:tell|say))\b)"
    # "text karen beckett the estimate is sitting in her inbox": the words follow the name
    r"(?!\W*(?:please )?(?:text|txt|sms) (?!(?:me|us|the|a|an|all|every|everyone)\b)[a-z]+"
    r"(?: [a-z]+){0,2}? " + _BODY_OPENERS + r"\b)"
)

RULES: list[Rule] = [
    *CALENDAR_CHANGES,
    _rule(
        "unsupported",
        r"^\W*(?:please |can you |could you |go ahead and )?(?:refund|delete|remove|void|"
        r"reassign|charge|reschedule|order|file|post|call|dial|ring|sign|pay|invoice|print|fax|sca"
        r"n|"
        r"export|download|upload|attach|notari[sz]e|"
        r"cancel (?:my|the|our|that|this) |send (?!(?:a |an |the )?(?:quick )?(?:text|sms|"
        r"message|txt|e-?mail|email)\b)(?:the |an? |my )?\w+ (?:\w+ )?(?:to|contract|invoice))",
        # a message to a whole list: texts and emails go to one customer at a time
        r"^\W*(?:please |can you |could you |go ahead and )?(?:(?:mass |bulk |group )?(?:text|"
        r"sms|txt|message|msg|e-?mail)|send (?:out )?(?:a |an )?(?:mass |bulk |group )?(?:text|sms|"
        r"message|e-?mail|blast)(?: out)? to) (?P<crowd>(?:all|every|each)(?: of)?"
        r"(?: (?:my|our|the|your|his|her|their))? (?:\w+ )?(?:customers?|clients?|homeowners?|"
        r"leads?|contacts?|"
        r"people|jobs?|bids?)|everyone|everybody)\b",
        r"\b(?:mass|bulk|group) (?:text|txt|sms|e-?mail|message)s?\b",
        # a job's reps changed: Leap's job has one sales rep, set in Leap
        r"^\W*(?:please |can you |could you )?(?:add|make|put|set|list) (?:me|him|her|[a-z]+) "
        r"(?:on )?(?:as (?:a |the |an )?|the )(?:2nd|second|another|co-?|additional|extra|backup|"
        r"new) ?(?:sales ?)?rep\b",
        r"^\W*(?:please |can you |could you )?add (?:me|him|her|[a-z]+) (?:on )?as (?:a |an )?"
        r"(?:sales ?)?rep\b",
        r"\b(?:text|e-?mail|sms) blast\b",
        r"\bchange my password\b",
        # something done to a contract, an invoice or the books, asked anywhere in the
        # message ("is there a way to print the Eckert contract", "…, could you cancel one
        # of them?"): no lookup of the money on a job
        _PAPERWORK + _ASKED_TO + r"(?:print|void|cancel|make|create|generate|translate|fax|"
        r"scan|upload|download|export|pull(?! up\b)|edit|fix|redo|re-?send|re-?issue|refund|"
        r"split|delete|remove|attach|forward|duplicate)\b",
        # a report sent as a file, or the pipeline mailed to someone: no such tool
        _NOT_A_MESSAGE + r".*\b(?:as|in|into|on) (?:a |an )?(?:spreadsheets?|csv|excel(?: file"
        r"| sheet)?|pdf|attachment|word doc(?:ument)?)\b",
        r"^\W*(?:please |can you |could you )?(?:e-?mail|text|send|forward|shoot) (?:me |him |her "
        r"|them |[a-z]+ )?(?:the |my |our |a |this )?(?:whole |full |entire )?(?:pipeline|"
        r"report|spreadsheet)\b",
        r"\bcommissions?\b",
        r"\b(?:what|how much) (?:does|do|is|are|would|will) (?!(?:we|you|i|us|our|my|it|they)\b)"
        r"[a-z][\w&'.-]*(?: [a-z][\w&'.-]*){0,2} (?:charg(?:e|es|ing)|want(?:s|ing)?|ask(?:s|ing)?|"
        r"quot(?:e|es|ing)) (?:for|per|on)\b",
        r"\b(?:run|process|do|submit|approve) (?:the |this week'?s |our )?payroll\b",
        r"\b(?:lawyer|attorney|sue|suing|lawsuit|legal advice|small claims|lien on)\b",
        # tax, legal and loan advice: not a product question even when it names a product
        r"\b(?:deduct(?:ed|ing|ion|ions|ible)?|tax (?:credits?|breaks?|write-?offs?|returns?|"
        r"deductions?|rebates?)|write (?:it|them|that|those|this) off|write-?offs?|irs|"
        r"(?:on|in|with|for) (?:their|his|her|my|our|your|the) (?:income )?taxe?s?|"
        r"(?:is|it's|would it be) (?:it )?(?:legal|illegal|against the law)|liab(?:le|ility)|"
        r"home equity|heloc|credit scores?|refinanc\w*|(?:take|taking) out (?:a )?(?:loan|"
        r"second mortgage))\b",
        r"\b(?:rename|change|edit|add|delete|remove|reorder)\b.{0,20}\b(?:stage names?|workflow|"
        r"pipeline stages|the stages)\b",
        # the workflow itself changed: "create a new pipeline stage called 'Waiting on HOA'"
        r"\b(?:add|create|make|set up|insert|build|open)\b.{0,12}\b(?:new|another|extra|a) "
        r"(?:pipeline |workflow |job )?(?:stage|column|step)s?\b(?! of\b)",
        # a job's money changed: "change the contract amount on the Baxter windows to 11,200",
        # "lower the balance by 500" — no tool writes a job's money
        r"\b(?:change|update|set|adjust|lower|raise|reduce|increase|bump|edit|correct|fix|knock|"
        r"drop|cut|make)\b (?:the |his |her |their )?(?:contract (?:amount|price|value|total)|"
        r"balance|deposit(?: amount)?|job (?:price|total|amount)|sale price|price|total|"
        r"invoice (?:amount|total))\b.{0,60}\b(?:to|by|down|up)\b.{0,6}\$?\d",
        # the books, kept outside the CRM: QuickBooks, invoices re-sent, ad spend
        r"\bquick ?books\b",
        r"\b(?:i'?d like|i would like|i want|i need|please have|"
        r"(?:can|could|would) you (?:have|get))\b.{0,40}"
        r"\b(?:contract|invoice|estimate|quote|bill|receipt|statement|proposal)s?\b"
        r".{0,40}\b(?:re-?sent|re-?issued|voided|printed|faxed|scanned|redone|refunded|"
        r"cancell?ed|deleted|forwarded|e-?mailed|mailed|sent (?:out|over|again))\b",
        r"\b(?:spen[dt]|spending|budget(?:ed)?|cost (?:us|per lead))\b.{0,30}\b(?:ads?|advertising|"
        r"marketing|google|facebook|yelp|angi|homeadvisor|thumbtack|mailers?|billboards?|"
        r"radio|seo)\b",
        r"\b(?:ad|advertising|marketing) (?:spend|budget|costs?)\b",
        r"\b(?:take|run|process|charge) (?:a |the |their |his |her )?(?:credit |debit )?(?:card|"
        r"credit card)(?: payment)?\b|\btake (?:a |the )?payment\b",
        # a payment recorded ("mark the Whitaker invoice paid", "log her deposit check"):
        # money on the books, not a move of the job to a stage
        r"^\W*(?:please |can you |could you |go ahead and )?(?:mark|flag|set|record|log|enter|"
        r"post|apply)\b(?: [\w'.-]+){0,4}? (?:invoice|payment|deposit|check|cheque)s?"
        r"(?: (?:as|is|was))? (?:paid|received|collected|cleared|deposited|in)\b",
        r"^\W*(?:please |can you |could you |go ahead and )?(?:record|log|enter|post|apply) "
        r"(?:a |an |the |her |his |their |that |this )?(?:[\w'.-]+ )?(?:payment|deposit|check|"
        r"cheque)s?\b",
        r"\b(?:make|create|draw|render|design|generate) (?:me )?(?:a |an )?(?:3-?d |three-d )?(?:p"
        r"icture|"
        r"image|rendering|render|drawing|mock-?up|photo|model|visuali[sz]ation)\b",
        r"^\W*(?:please |can you )?(?:schedule|book|reserve|set up) (?:the |a |an |our )?"
        r"(?:company |work )?(?:truck|van|trailer|car|vehicle|dumpster rental|(?:install )?crew'?s"
        r"? "
        r"(?:overtime|hours|time off|vacation)|overtime|time off|vacation|pto|flight|hotel)\b",
        # a job's money changed ("lower the Lindqvist balance by 500"): the CRM's amounts are
        # read here, never written — not a lookup of a job called "500"
        _CHANGE_ASKED + r"(?:lower|raise|reduce|increase|bump|knock|drop|cut|discount|adjust|"
        r"change|update|edit|set|fix|correct|mark (?:down|up))\b(?: \S+){0,4}? (?:balance|price|"
        r"contract(?: amount| price| total| value)?|amount|deposit|total|cost|invoice|bill)\b"
        r".{0,40}?(?:\b(?:by|to)\s+\$?\d|\b(?:down|up)\b)",
        _CHANGE_ASKED + r"(?:knock|take|shave|cut|drop|give (?:them|him|her) )\s*\$?\d[\d,.]*k? "
        r"off\b",
        # a day off asked for ("can i take fri off"): not the day's calendar
        _CHANGE_ASKED + r"(?:i (?:need|want|would like|'d like) (?:to (?:take|have|get|book|"
        r"request) )?|(?:(?:can|could|may|should) i )?(?:take|have|get|book|request|put in for) )"
        r"(?:a |the |next |this |some |my )?"
        r"(?:whole )?(?:day|days|week|weekend|afternoon|morning|time|[a-z]+day|\d+ days?|"
        r"\d{1,2}(?:st|nd|rd|th)) off\b"
        r"(?! (?:the|of|from|my|his|her)\b)",
    ),
    # --- what was just said, kept: "…, could you note that on his roof job?" -------------
    _rule(
        "add_note",
        r"^(?P<note>[^?]{8,}?)[,.;]?\s+(?:so |and )?(?:(?:could|can|would|will) you |please |pls )*"
        r"(?:note|log|jot|put|write|add|stick) (?:that|this|it)(?: down)?(?: as a note)? "
        r"(?:on|in|to|for|under) " + _JOB + r"\W*$",
    ),
    _rule(
        "forget",
        r"^(?P<text>[^?]{8,}?)[,.;]?\s+(?:so |and )*(?:you can |you may |please |go ahead and |"
        r"(?:could|can|would) you )*(?:forget|stop remembering|drop) (?:that|it|about (?:it|that))"
        r"(?: now| then| already| for me)?\W*$",
    ),
    # --- memory -----------------------------------------------------------------------
    _rule(
        "remember",
        r"^\W*(?:please |hey |ok |okay )*(?:remember|keep in mind|don't forget|note that|"
        r"make a note that)(?: this| that)?\s*[:,-]?\s*(?:that )?(?P<text>.{3,})$",
        r"^\W*(?:from now on|going forward),? (?P<text>.{3,})$",
        # a code to keep, said as "save …" or "hang on to that": read, then refused
        r"^\W*(?:please |can you |could you )?(?:save|store|keep|log|hang on ?to|hold on ?to) "
        r"(?P<text2>.{0,40}\b(?:codes?|combos?|combinations?|passwords?|pins?)\b.*)$",
        r"^(?P<text3>.*\b(?:codes?|combos?|combinations?|passwords?|pins?)\b.*?)\W+(?:(?:could|can|"
        r"would|will) you |please )*(?:hang on ?to|hold on ?to|keep|save|store|remember|write "
        r"down) (?:that|it|this|those)\b.{0,20}$",
    ),
    _rule(
        "forget",
        r"^\W*(?:you can |you may |please |go ahead and )*(?:forget|stop using|don't remember)"
        r"(?: what i (?:said|told you)(?: about)?| that| about| the fact that)?"
        r"\s*[:,-]?\s*(?P<text>.{2,})$",
    ),
    _rule(
        "recall",
        r"^\W*what do you (?:know|remember)(?: about (?P<text>.+?))?\W*$",
        r"^\W*what did i (?:tell|say to) you(?: about (?P<text>.+?))?\W*$",
        r"^\W*what (?:\w+ )?(?:did|have) i (?:say|said|tell you|told you)\b(?P<text2>.+?)\W*$",
        r"^\W*what have you learn(?:ed|t)\b",
        # "what did I ask you to remember about big bids?"
        r"^\W*what (?:\w+ )?(?:did|have) (?:i|we) (?:ask(?:ed)?|tell|told|get|got) you to "
        r"(?:remember|keep in mind|note down|hang on to|hold on to)(?: about (?P<text6>.+?))?\W*$",
        r"^\W*(?:what|when|where|why) (?:\w+ )?(?:did|have) i (?:say|said|tell you|told you|mention"
        r"(?:ed)?)\b(?P<text3>.+?)\W*$",
        r"^\W*what (?:was|were) (?:that|those)\b(?P<text4>.+?)(?: again)?\W*$",
        # a code asked for: never kept, and recall says so (see memory.guards)
        r"^\W*(?:what(?:'s|s| is| was)|whats)(?P<text5>.{0,30}\b(?:gate|door|lock ?box|garage|"
        r"alarm|key ?pad) (?:code|combo|combination)s?\b.*?)(?: again)?\W*$",
    ),
    # --- sales director -----------------------------------------------------------------
    _rule(
        "follow_up_rules",
        r"\b(?:how (?:long|soon|many days|quickly|fast)|policy|rule|supposed to|expected to)\b"
        r".{0,50}\bfollow(?:ing|s)?[- ]?(?:up|ups)\b.{0,40}\b(?:bids?|estimates?|quotes?|"
        r"proposals?|leads?|visits?)\b",
        r"\bwhen (?:does|do|is|are) (?:a |an )?(?:bid|estimate|quote|proposal|lead|job|appointment|"
        r"visit)s? (?:count(?:ed)?|need|needing|considered)\b.{0,20}\b(?:stale|cold|overdue|stuck|"
        r"follow[- ]?up|call)\b",
        r"\b(?:make|set|change|put)\b.{0,20}\b(?:stale|cold|overdue)\b.{0,5}\b(?P<what3>bids?|"
        r"estimates?|quotes?|proposals?|leads?|visits?|jobs?)\b.{0,15}?\b(?:to |at )?(?P<days3>\d+"
        r") "
        r"days?\b",
        r"\b(?:rules?|thresholds?|cut-?offs?|settings?|limits?)\b.{0,30}\b(?:stale|cold|follow[- ]?"
        r"ups?|overdue|stuck)\b|\b(?:stale|cold|follow[- ]?ups?|overdue|stuck)\b.{0,30}\b(?:rules?|"
        r"thresholds?|cut-?offs?|settings?|limits?)\b",
        r"\bhow (?:long|many days|old) (?:before|until|till|does|do|is|can|should)\b.{0,40}\b(?:st"
        r"ale|"
        r"cold|overdue|stuck)\b",
        r"\bwhen (?:does|do|is) (?:a |an )?(?:bid|estimate|quote|proposal|lead|job)s? (?:count(?:e"
        r"d)?"
        r"|go|get|become|considered|turn)\b.{0,15}\b(?:stale|cold|overdue|stuck)\b",
        r"\b(?:treat|count|call|consider|mark|make)\b.{0,30}\b(?P<what>bids?|estimates?|quotes?|"
        r"proposals?|leads?|visits?|jobs?)\b.{0,30}\b(?:stale|cold|stuck|overdue|due)\b.{0,20}"
        r"\b(?:after|at|past|over) (?P<days>" + _SPAN_OF_DAYS + r")\b",
        r"\b(?P<what2>bids?|estimates?|quotes?|proposals?|leads?|visits?|jobs?)\b.{0,30}\b(?:are|g"
        r"o|"
        r"get|become|count as) (?:stale|cold|stuck|overdue)\b.{0,20}\b(?:after|at|past|over) "
        r"(?P<days2>" + _SPAN_OF_DAYS + r")\b",
        # "how many days before we chase a bid", "after how many days is an estimate old",
        # "how long do we give a bid before it counts as going cold": the rule, not the list
        r"(?=.*\b(?:bids?|estimates?|quotes?|proposals?|leads?)\b)\b(?:how (?:long|many days|many "
        r"weeks|soon)|after how (?:many|long))\b.{0,60}\b(?:before|until|till|til|is|are|does|do|"
        r"counts?|goes|go|gets?|turns?)\b.{0,40}\b(?:stale|cold|old|overdue|stuck|chase|follow)",
        # "when does a bid count as old here", "at what point is an estimate stale"
        r"^\W*(?:when|at what point) (?:does|do|is|are|would|will) (?:a |an |our |the )?"
        r"(?:bids?|estimates?|quotes?|proposals?|leads?) (?:count as |considered |get |go |"
        r"become |turn |be )?(?:stale|cold|old|overdue|too old)\b",
    ),
    _rule(
        "stage_value",
        r"\bpipe ?line(?:'s)? (?:worth|value|total|dollars)(?: is)? (?:in|at|for) (?:the )?"
        r"(?!(?:each|every|all)\b)(?P<stage6>[a-z][\w' &/-]+?)(?: stage| column)?\W*$",
        r"\bhow (?:much|many)(?: money| value| business| dollars| revenue| work| jobs| deals)?"
        r"(?:'s| (?:is|are|do we have|have we got|we got|we have|'s))?"
        r"(?: (?:sitting|tied up|parked|stuck|waiting|sat|held))? (?:in|at) (?:the )?"
        + _A_STAGE
        + r"(?: right now| now| today)?"
        r"\W*$",
        r"\bwhat(?:'s|s| is)(?: the)?(?: total| combined| dollar)? (?:value|worth|total|amount)"
        r"(?: of)?(?: (?:the )?jobs)?(?: (?:in|at))? (?:the )?"
        + _A_STAGE.replace("<stage>", "<stage2>")
        + r"\W*$",
        r"\bwhat(?:'s|s| is) (?:the )?" + _A_STAGE.replace("<stage>", "<stage3>") + r" worth\W*$",
        r"^\W*(?:the )?(?:total|combined|sum of)?(?: the)? ?(?:dollars|value|money|revenue|amount)"
        r" (?:in|at|sitting in) (?:the )?"
        + _A_STAGE.replace("<stage>", "<stage5>")
        + r"(?: (?:across|for|in) (?:the |our )?(?:company|business|team)| company[- ]wide| overal"
        r"l)?"
        r"\W*$",
        r"^\W*what(?:'s|s| is| do we have)(?: sitting| still)? in (?:the )?"
        r"(?!(?:notes?|comments?|file|folder|calendar|inbox|email|texts?)\b)"  # a job's notes
        + _A_STAGE.replace("<stage>", "<stage4>")
        + r"\W*$",
        # "$ in install scheduled", "and final invoice sent how much is out there": the stage
        # said in stage words, then how much is in it
        r"^\W*(?:\$|dollars|money|value|revenue) (?:in|at|sitting in) (?:the )?"
        r"(?P<stage7>" + _STAGE_SAID + r")(?: stage| column)?\W*$",
        r"^\W*(?:and |what about |how about |now )*(?:the )?(?P<stage8>" + _STAGE_SAID + r")"
        r"(?: stage| column)?,? (?:how much|what(?:'s|s| is) the (?:total|value|amount)|"
        r"what(?:'s|s| is) (?:that|it) worth)\b(?!.*\b(?:on|for) (?:the |that |this )?[a-z]+ "
        r"(?:job|roof|siding|windows?)\b).*$",
    ),
    _rule(
        "stale_estimates",
        _NOT_A_MESSAGE
        + r"^(?!\W*(?:is|are|has|was) (?!there\b|any\b)[a-z]+(?: [a-z]+)? (?:still |already |now )?"
        r"(?:sitting |stuck |parked )?(?:in|at) )(?!.*\b(?:rules?|thresholds?)\b).*\b(?:stale|old|"
        r"cold|aging|ageing|dead|forgotten|outstanding|open|unanswered|"
        r"sitting|pending)\b.{0,20}\b(?:estimates?|bids?|quotes?|proposals?)\b",
        _NOT_A_MESSAGE
        + r".*?\b(?:estimates?|bids?|quotes?|proposals?)\b.{0,40}\b(?:stale|gone cold|going cold|"
        r"getting old|getting stale|aging|ageing|old|"
        r"no answer|not heard|haven't heard|heard back|no response|sitting|too long|"
        r"no decision|waiting|(?:haven't|have not|hasn't|not|never) (?:closed|signed|been signed|"
        r"come back|gone anywhere)|still open|unsigned)\b",
    ),
    _rule(
        "call_today",
        r"^\W*(?:who|which (?:\w+ ){0,3}?(?:reps?|of us|salespeople|people))\b.{0,20}\b(?:should|"
        r"need to|needs to|ought to|has to|have to)\b (?:be )?"
        r"(?:mak(?:e|ing) (?:calls|phone calls)|"
        r"call(?:ing)?|phon(?:e|ing)|chas(?:e|ing)|follow(?:ing)? up)\b.{0,30}\btoday\b",
        r"\bwho(?:'s| is| are)? (?:worth|due|ready|good) (?:calling|a call|chasing|phoning|a "
        r"follow[- ]?up)\b",
        r"\bwho (?:would|do|should|could) you (?:suggest|recommend|think|advise)\b.{0,20}\b(?:call|"
        r"phone|ring|contact|follow up|reach out)",
        r"\bwho (?:should|do|must|could|can|shall) (?:i|we) (?:call|phone|ring|follow up with|"
        r"reach out to|contact|chase|hit up)\b",
        # "who would you have me phone first this morning?"
        r"\bwho (?:would|should|do|will) you (?:have|want|need|like) (?:me|us) (?:to )?(?:call|"
        r"phone|ring|contact|chase|follow up with|reach out to|get hold of)\b",
        r"\bwho (?:needs|wants|deserves|is waiting for) (?:a )?(?:call|follow[- ]?up|callback)\b",
        r"\bwho(?:'s| is| are)? (?:over ?due|due|waiting|ready|up) for (?:a )?(?:call|"
        r"follow[- ]?up|callback|check[- ]?in|touch ?point)\b",
        r"\bwho (?:should|do|must) (?:i|we|(?:the|my|our) (?:guys|team|crew|reps|salespeople|"
        r"sales team)) (?:be )?(?:calling|phoning|contacting|chasing|following up with|"
        r"reaching out to)\b",
        r"\bwho needs (?:attention|a push|a nudge|help|work|love|chasing)\b",
        r"\b(?:what|which|any) (?:leads|customers|jobs|people|homeowners|deals) (?:need|needs|"
        r"want|are waiting for) (?:a )?(?:call|follow[- ]?up|callback|attention|a push)\b",
        r"\bwho(?:'s| is| has|'ve| have)? (?:gone|going|getting) (?:cold|quiet|dark)\b",
        r"\bwho (?:haven't|have not|didn't|did not) (?:i|we) (?:followed up|follow up|called|"
        r"call|heard from|talked to)\b",
        r"\bwho (?:do|should|must) (?:i|we) (?:need|have|want|got) to (?:call|phone|follow up "
        r"with|reach out to|contact|chase)\b",
        r"\b(?:who|what jobs?|which jobs?|which customers?) (?:are|is) (?:stuck|stalled|"
        r"going cold|slipping|overdue)\b",
        r"\b(?:my )?(?:call list|calls? (?:to make )?today|follow[- ]?ups?(?: (?:due|today|"
        r"list|to do))?|priorities)\W*$",
        r"\bwho (?:should|do) i (?:talk to|see|visit) (?:today|first|next)\b(?!.*\b(?:tomorrow|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week)\b)",
        r"\b(?:stuck|stalled) (?:jobs?|deals?)\b",
        r"\b(?:which|what|any) (?:leads|customers|homeowners|people|jobs) (?:haven't|have not|"
        r"hasn't|never|still haven't) (?:been )?(?:called|contacted|reached|heard from|followed up|"
        r"touched)\b",
        r"\b(?:who(?:'s| is)?|which|what(?:'s| is)?)(?: the| my| our)? (?:hottest|best|warmest|top|"
        r"biggest|most urgent|first|next|likeliest|most likely) (?:leads?|customers?|deals?|jobs?|"
        r"calls?|ones?|prospects?)\b(?!.*\b(?:warranty|shingle|siding|window|roof)\b)",
        r"\bwhich (?:deals|jobs|customers) need (?:attention|a push|work|a call)\b",
    ),
    _rule(
        "day_briefing",
        r"\bwhat(?:'s| does| is)? (?:my(?: own)?|the) day (?:look|looks|looking) like\b",
        r"\bon my plate\b(?!.*\b(?:appointment|appt|calendar|schedule|meeting|visit)s?\b)",
        r"\b(?:how|what)(?:'s|s| is| does)? "
        r"(?:(?:my(?: own)?|the|today's) (?:day|morning|afternoon)|today) "
        r"(?:look|looking|shaping up|shape up|going to look|gonna look|stack up|stacking up)\b",
        r"\bwhat(?:'s|s| is) my day\b",
        r"^\W*(?:my|the|today'?s?) day\W*$",
        # "give me the day before I get on 270": said with why or when it is wanted
        r"^\W*(?:give|tell|show) me (?:my |the )?(?:day|morning|rundown|briefing)(?: today)?"
        r"(?: (?:before|while|since|so|cause|because|till|until) .*)?\W*$",
        r"\b(?:brief me|briefing|morning report|daily (?:brief|rundown|summary)|plan my day|"
        r"my day today|start my day|today's (?:plan|rundown)|what'?s on (?:for )?today)\b",
        r"\bwhat do i have (?:going on )?today\b",
        r"\b(?:walk|run|take) me through (?:my|the|today'?s?) ?(?:day|morning|schedule)?\b",
        r"\bgo over (?:my|the) day\b",
        r"\b(?:anything|what) (?:(?:should|do|must) i|i (?:should|need to|must|gotta)) "
        r"(?:need to )?"
        r"know(?: about)? (?:for )?(?:today|this morning)\b",
        r"^\W*(?:what(?:'s|s| is)|anything) new(?: today| this morning)?\W*$",
        r"\bwhat did i miss\b",
        r"\bmy (?:agenda|priorities) (?:for )?today\b",
        r"\b(?:my|the|today's) (?:plan|game plan|plan of attack)"
        r"(?: (?:for )?(?:today|the day))?\W*$",
        r"\b(?:rundown|run-down|summary|overview|briefing|recap|picture|rundown) (?:of|for|on) "
        r"(?:my |the |to)(?:day|morning)\b",
    ),
    _rule(
        "pipeline",
        r"^(?!\W*where\b).*\bpipe ?line\b",
        r"\bjobs (?:are )?in each stage\b|\bhow many jobs\b|\bjobs per stage\b",
        r"\b(?:value|worth|dollars|money|total)\b.{0,25}\b(?:at|in|for|per|by) (?:each|every) (?:s"
        r"tage|"
        r"column|step)\b|\b(?:value|worth|dollars|money)\b.{0,25}\b(?:per|by) (?:stage|column|step"
        r")\b",
        r"\b(?:sales|jobs|numbers|totals|breakdown|counts?|value|money|dollars|deals) "
        r"(?:by|per|for each|in each) (?:rep|stage|salesperson|column)\b",
        r"\bhow(?:'s| is| are)? (?!(?:it|that|this|the|my|our|your|things|you)\b)[a-z]+ (?:doing|"
        r"going|looking|tracking|performing|trending)(?: on| with| in| for)? (?:sales|numbers|"
        r"(?:the |his |her |their )?pipe ?line|(?:his |her |their )?numbers|quota|this month)\W*$",
        r"\bhow many (?:jobs|deals|bids) (?:does|do|has|have) [a-z]+ (?:have|got|running|open)\b",
        # "the pipe" said for the pipeline ("hows the pipe lookin", "brianna pipe?"), never
        # a pipe boot or a vent pipe
        r"\bhow(?:'s|s| is| does)? (?:the |our |my |(?:\w+)'s )?pipe\b(?! ?(?:boots?|flash\w*|"
        r"jacks?|vents?|collars?|seals?))",
        r"^\W*(?:and |what about |how about )?[a-z]+(?:'s)? pipe\W*$",
        # a teammate's open deals: "what's Luis sitting on right now", "whats tasha got open"
        r"^\W*(?:so |and |ok |okay )?what(?:'s|s| is| has| does)? (?!(?:the|it|that|this|he|she|"
        r"they|we|you|i)\b)[a-z]+ (?:got )?(?:sitting on|got open|have open|got going|got in play|"
        r"carrying|holding)(?: (?:right now|now|today|at the moment))?\W*$",
        r"\bhow (?:much|many) (?:is|are|have|has) (?:each rep|every rep|\w+) (?:got )?"
        r"(?:in play|in the works|open|selling)\b",
    ),
    _rule(
        "approvals",
        r"\b(?:pending|open|waiting|outstanding) approvals?\b",
        # "approvals q", "my approvals pls", "something is waiting that I must approve?"
        r"^\W*(?:my |the |any )?approvals?(?: (?:q|queue|list|pls|please|waiting))?\W*$",
        r"\b(?:something|anything|what) (?:is )?(?:waiting|pending|there) (?:that|which|what) "
        r"i (?:must|need to|have to|should|got to|gotta) (?:approve|ok|okay|sign off)\b",
        r"\bapprovals?\b.{0,20}\b(?:pending|waiting|open|queue)\b",
        r"\b(?:anything|what(?:'s|s| is)?|something) (?:waiting|pending) (?:for|on) "
        r"(?:my |an? )?(?:approval|ok|okay|sign[- ]?off|yes)\b",
        r"\b(?:anything|what) (?:do i need|needs|for me) to (?:approve|ok|sign off)\b",
        r"\bwhat needs my (?:approval|ok|okay|sign[- ]?off)\b",
        r"\b(?:what(?:'s|s| is)?|anything|stuff|who(?:'s| is)?) (?:still )?(?:waiting|pending|held)"
        r" (?:on|for) (?:me|my (?:ok|okay|approval|sign[- ]?off|yes|say-?so))\W*$",
        r"\b(?:anything|what|stuff) (?:do )?i (?:need|have|got) to (?:approve|ok|okay|sign off)\b",
        r"\b(?:anything|something|stuff|what)\b.{0,20}\b(?:i|me) (?:need|have|got|must|should) to "
        r"(?:approve|ok|okay|sign(?: off)?|sign-off|review)\W*$",
        r"^\W*(?:my )?approvals\W*$",
        r"\b(?:anything|something|stuff|what)\b.{0,20}\b(?:waiting|pending) (?:on|for) (?:me|my)\b"
        r".{0,20}\b(?:approv\w*|ok|okay|sign[- ]?off|yes|say-?so)\b",
        r"\b(?:in|on|from) (?:my |the |our )?approvals?(?: queue| list| pile)?\W*$",
        # "is anything sitting in the queue waiting for me to sign off on?"
        r"\b(?:anything|something|stuff|what)\b.{0,40}\bwaiting (?:for|on) (?:me|my|us) to "
        r"(?:approve|ok|okay|sign(?: off)?|sign-off|look over|say yes)\b",
        r"^\W*(?:what(?:'s|s| is)|anything) (?:still )?pending\W*$",
    ),
    _rule(
        "job_rep",
        r"\bwho(?:'s|s| is| was)? (?:the |our )?(?:sales ?)?(?:rep|salesperson|salesman|"
        r"saleswoman|sales rep|sales guy|sales gal|sales lady|sales person|account manager|"
        r"estimator|project manager|pm)(?: assigned)? "
        r"(?:on|for|of|assigned to|handling|running) " + _JOB + r"\W*$",
        r"\bwho(?:'s|s| is)? (?:handling|running|working|selling|managing|covering|assigned "
        r"to|in charge of)(?: on)? " + _JOB + r"\W*$",
        r"\bwho(?:'s|s| is)? on (?:the |that |this )?(?P<job6>[a-z][\w'-]*(?: [a-z][\w'-]*)?)"
        r"(?:'s)? (?:job|project|roof|siding|windows?|gutters?|door)\W*$",
        r"\bwho(?:'s|s| has)? (?:sold|owns|has|got|is selling|closed|signed) " + _JOB + r"\W*$",
        r"\bwhose (?:job|deal|project|lead|customer) is (?:the )?" + _JOB + r"\W*$",
        r"\b(?:rep|salesperson|sales rep) (?:on|for) " + _JOB + r"\W*$",
        r"^\W*(?:and |so |ok )?who(?:'s|s| is)? (?P<job7>his|her|their) (?:sales ?)?(?:rep|"
        r"salesperson|sales rep|sales guy|sales gal|estimator|project manager|pm)\W*$",
    ),
    _rule(  # before the team: "which tasks are overdue for the team" asks for tasks
        "tasks",
        r"^\W*(?:which|what|any|show|list|are there)\b.{0,20}\b(?:tasks?|to-?dos?)\b.{0,30}\b"
        r"(?:overdue|late|past due|due|open|outstanding|left)\b",
        # "anything overdue for Luis", "what's late with Tasha" (a teammate's, read by name)
        r"^\W*(?:is |are )?(?:there )?(?:anything|something|what(?:'s|s| is)?)(?: still)? "
        r"(?:overdue|past due|late)(?: (?:for|with) (?!a\b|an\b|the\b|my\b)[a-z]+(?:'s)?)?\W*$",
    ),
    _rule(
        "team",
        r"\b(?:list|show|name|give me)(?: me)? (?:everyone|everybody|all|the people|the folks) (?:"
        r"on|in|"
        r"at) (?:the |our )?(?:team|company|office)\b",
        r"^(?!.*\b(?:" + _APPOINTMENT_WORDS + r")\b)"
        r".*\bwho(?:'s|s| is| are)? (?:on )?(?:the |our |my )?(?:sales )?(?:team|crew|staff|reps|"
        r"sales ?reps|estimators|salespeople|office)\b",
        r"\b(?:list|show|name|tell me)(?: me)? (?:the |our |all )?(?:the )?(?:team|reps|"
        r"sales ?reps|estimators|users|people|staff|employees)\b",
        r"\bwho (?:else )?works (?:here|for us|at|with me|with us)\b",
        # "who works in our company and what they do?", "who do we have for estimators"
        r"^\W*who (?:all |else )?works (?:in|for) (?:our|the|this) (?:company|office|team|shop)\b",
        r"^\W*who (?:do|have) we (?:got |have )?(?:for|as) (?:our )?(?:estimators?|reps?|"
        r"sales ?reps?|salespeople|sales|project managers?|office staff)\W*$",
        r"^\W*(?:the |my |our )?(?:sales )?(?:team|reps|staff|crew list)\W*$",
        # "which reps do we have", "how many estimators have we got": who they are
        r"^\W*(?:which|what|how many) (?:sales ?)?(?:reps|salespeople|estimators|people|staff|"
        r"users|teammates) (?:do|have) (?:we|i) (?:have|got)(?: (?:here|on the team|in the "
        r"company|working))?\W*$",
        r"\bwho (?:does|do|handles|runs|is in charge of|takes care of|is over) (?:the |our |all "
        r"(?:the |our )?)?(?:estimates|estimating|production|sales|office|installs|scheduling|"
        r"billing|measures|crews)\W*$",
        r"\bwho(?:'s|s| is)? (?:our|the) (?:production|office|install|sales|estimating|permit|"
        r"scheduling|billing)(?: guy| gal| lady| person| manager| coordinator| lead)\b"
        r"(?: (?:again|here))?\W*$",
        r"\bwho(?:'s|s| is| are)? (?:our|the|my) (?:estimators?|production manager|office manager|"
        r"owner|office coordinator|coordinator|sales ?reps?|salespeople|manager|boss|reps?)"
        r"(?: (?:again|here|now|around here))?\W*$",
        r"^(?!.*\b(?:" + _APPOINTMENT_WORDS + r")\b).*\b(?:our|the) (?:team|sales team|reps|"
        r"estimators)\W*$",
    ),
    # --- messaging ----------------------------------------------------------------------
    _rule(
        "customer_email",
        r"^\W*(?:and |plus |also |oh and |ok )?(?:the |(?P<who2>his|her|their) )?(?:e-?mail|"
        r"email address)(?: (?:too|as well|also|please|then))+\W*$",  # "email too", after a number
        # "also his mail": a learner's word for the email of the customer just named
        r"^\W*(?:and |plus |also |oh and |ok )?(?P<who3>his|her|their) (?:e-?)?mail(?: address)?"
        r"(?: (?:too|as well|also|please|then))*\W*$",
        r"\bwhat(?:'s|s| is)(?: the)? (?:e-?mail|email address)(?: address)?"
        + _ON_FILE
        + r" (?:for|of|on) (?:the )?"
        + _WHO
        + _FIELD_END,
        r"\bwhat(?:'s|s| is) " + _WHO + r"(?:'s|s'|s)? (?:e-?mail|email address)",
        r"\b(?:get|give|find|need|send) me " + _WHO + r"(?:'s|s') (?:e-?mail|email address)",
        _LEAD + _WHO + r"(?:'s|s')? (?:e-?mail|email)(?: address)?" + _FIELD_END,
        _LEAD
        + r"(?:the |an? )?(?:e-?mail|email)(?: address| addy)?"
        + _ON_FILE
        + r" (?:for|of|on) "
        + _WHO
        + _FIELD_END,
        r"\b(?:do|did) (?:we|you|i) (?:have|got|keep) (?:an? |the |any )?(?:e-?mail|email)"
        r"(?: address)?(?: on file)? (?:for|on) " + _WHO + _FIELD_END,
        r"\bwhat (?:e-?mail|email)(?: address)? (?:do we have|have we got|we got|we have|is there)"
        r"(?: on file)? (?:for|on) " + _WHO + _FIELD_END,
    ),
    _rule(
        "send_email",
        r"^\W*(?:please |can you |could you )?(?:send |shoot )?(?:e-?mail|email) "
        + _WHO
        + r" (?:a |an )?(?:quick |friendly |short )?(?:reminder|note|heads[- ]?up|update|message|"
        r"line|follow[- ]?up)(?: that| saying| to say|:| -)\s*(?P<body0>.+)$",
        r"^\W*(?:please |can you |could you |go ahead and )?(?:send |write |draft |shoot )?"
        r"(?:an? |the )?(?:e-?mail|email)(?: over| out)?(?: to)? "
        + _TO
        + _BODY_START
        + r"\s*(?P<body>.+)$",
        r"^\W*(?:please |can you |could you )?(?:e-?mail|email) "
        + _TO
        + r" (?:about|re|regarding) (?P<about>.+)$",
        r"^\W*(?:please |can you |could you )?(?:send |write |draft |shoot )?(?:an? )?(?:e-?mail|e"
        r"mail)"
        r"(?: to)? " + _TO + r" (?P<body6>(?:confirming|reminding|thanking|letting|asking|telling|"
        r"welcoming|congratulating|apologi[sz]ing)\b.+)$",
        r"^\W*(?:please |can you |could you )?(?:send|shoot|write|drop) "
        + _TO
        + r" (?:a |an )?(?:quick )?(?:e-?mail|email|note by email)"
        + _BODY_START
        + r"\s*(?P<body5>.+)$",
        r"^\W*(?:please |can you |could you )?(?:send|write|draft|shoot) (?:an? )?(?:e-?mail|email)"
        r"(?: over| out)? to " + _TO + r"(?: (?:about|re|regarding) (?P<about2>.+))?\W*$",
        # "email Jason the revised numbers are coming tomorrow": a sentence (its subject
        # then a verb) is the message, not what the email is about
        r"^\W*(?:please |can you |could you )?(?:e-?mail|email) "
        + _TO
        + r" (?P<body8>(?:the|our|her|his|their|my|your|a|an|some|all) (?:[\w'-]+ ){0,4}"
        r"(?:is|are|isn't|aren't|was|were|will|won't|has|have|had|got|gets|came|comes|coming|"
        r"went|goes|needs?|should|can|could|shipped|ships|arrived?|arrives|looks?|passed|"
        r"landed|showed|shows)\b.+)$",
        r"^\W*(?:please |can you |could you )?(?:e-?mail|email) "
        + _TO
        + r" (?P<about3>(?:the|our|her|his|their|my|a|an|some) .+)$",
        r"^\W*(?:please |can you |could you )?(?:e-?mail|email) " + _TO + r"\W*$",
    ),
    _rule(
        "send_text",
        r"^\W*(?:please |can you |could you )?(?:text|txt|message|msg) "
        + _WHO
        + r" (?:a |an )?(?:quick |friendly |short )?(?:reminder|note|heads[- ]?up|update|message|"
        r"line)(?: that| saying| to say|:| -)\s*(?P<body0>.+)$",
        r"^\W*(?:please |can you |could you |go ahead and )?(?:text|sms|txt|message|msg) "
        + _WHO
        + _BODY_START
        + r"\s*(?P<body>.+)$",
        r"^\W*(?:please |can you |could you )?(?:(?:send|shoot|fire off) (?:over )?(?:a |an )?"
        r"(?:quick )?(?:text|sms|message|txt)|(?:write|compose|type) (?:a |an )?(?:quick )?"
        r"(?:text|sms|txt))(?: message)? (?:over |out )?to "
        + _WHO
        + r"(?:"
        + _BODY_START
        + r"\s*(?P<body2>.+))?\W*$",
        r"^\W*(?:please |can you |could you )?(?:shoot|send|fire off|drop) "
        + _WHO
        + r" (?:a |an )?(?:quick )?(?:text|txt|sms|message)"
        + _BODY_START
        + r"\s*(?P<body4>.+)$",
        # "shoot Karen Beckett a text the last two windows go in tomorrow": the words follow
        r"^\W*(?:please |can you |could you )?(?:shoot|send|fire off|drop) "
        + _WHO
        + r" (?:a |an )?(?:quick )?(?:text|txt|sms)(?: message)?(?: (?P<body10>"
        + _BODY_OPENERS
        + r"\b.+))?\W*$",
        r"^\W*(?:please |can you |could you )?tell "
        + _WHO
        + r" (?:that )?(?P<body7>"
        + _BODY_OPENERS
        + r"\b.+)$",
        r"^\W*(?:please |can you |could you )?let "
        + _WHO
        + r" know (?:that )?(?P<body3>(?:we|we're|we'll|the|they|their|i|i'm|it|it's|our|"
        r"your|his|her|crew|tomorrow|today)\b.+)$",
        r"^\W*(?:please |can you |could you )?(?:text|sms|txt) " + _WHO + r"\W*$",
        r"^\W*(?:please |can you |could you )?(?:text|sms|txt|message) "
        + _WHO
        + r" (?P<body6>"
        + _BODY_OPENERS
        + r"\b.+)$",
        r"^\W*(?:please |can you |could you )?(?:send|shoot|fire off) (?:over )?(?:a |an )?"
        r"(?:quick )?(?:text|sms|message|txt)(?: message)? (?:over |out )?to (?!(?:me|us|myself)\b)"
        r"(?P<who9>[a-z][\w'.-]*(?: \S+){2,})$",
        # anything else after "text": the CRM tells the name from the message (split_name)
        r"^\W*(?:please |can you |could you )?(?:text|sms|txt) (?!(?:me|us|myself)\b)"
        r"(?!(?:my|your|our) )(?P<who8>[a-z][\w'.-]*(?: \S+){2,})$",
    ),
    # --- scheduling -------------------------------------------------------------------
    _rule(
        "create_task",
        r"^\W*(?:new |add (?:a )?)?(?:task|to-?do|reminder)(?: for (?P<for>[a-z]+))?\s*[:,-]\s*"
        r"(?P<title4>.+?)(?:,? (?:due|by|on|for) " + _DAY + r")?\W*$",
        r"^\W*(?:please |can you )?remind me to (?P<title>.+?)(?: " + _DAY + r")?\W*$",
        r"^\W*(?:please |can you )?remind me " + _DAY + _AT_HOUR + r" to (?P<title3>.+?)\W*$",
        r"\b(?:add|create|make|set|put in|set up|give me) (?:a |an |me a )?(?:new )?"
        r"(?:task|to[- ]?do|reminder|follow[- ]?up task)(?: for me)?(?: to|:|,| for| -)? "
        r"(?P<title2>.+?)(?: " + _DAY + r")?\W*$",
        # "todo call carol novak re color mon", "task for brianna call lisa re the bid",
        # "and one for Luis chase the Maddox bid": a task said as what to do, no separator
        r"^\W*(?:(?:and|also|plus) )?(?:new |add (?:a )?|another )?(?:task|to-?do|reminder|one)"
        r"(?: for (?P<for5>[a-z]+))? (?P<title5>" + _TASK_VERBS + r"\b.+?)\W*$",
        # "remind me fri call jennifer duffy abt siding colors"
        r"^\W*(?:please |can you )?remind me (?:on )?(?:"
        + _DAY.replace("?P<day>", "?P<day6>")
        + r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
        + _AT_HOUR
        + r" (?:to )?(?P<title6>.+?)\W*$",
        # "have Brianna call the Fitzgeralds about the gutter bid tomorrow": a teammate's task
        r"^\W*(?:please |can you |could you )?(?:have|get) (?!(?:me|us|it|them|him|her)\b)"
        r"(?P<for7>[a-z]+) (?:to )?(?P<title7>" + _TASK_VERBS + r"\b.+?)\W*$",
        # "I'd like a to-do to drop off the lien waiver …, if that's possible"
        r"^\W*(?:i'?d like|i would like|i want|i need|i'?ll need|we need) (?:a |an )?(?:new )?"
        r"(?:task|to-?do|reminder) (?:to |: ?|for me to )(?P<title8>.+?)"
        r"(?:,? if (?:that'?s|that is|it'?s|it is) (?:possible|ok|okay|alright|all right))?\W*$",
    ),
    _rule(
        "tasks",
        r"\b(?:my|open|overdue|pending|outstanding|any|the) (?:tasks?|to[- ]?dos?|reminders)\b",
        r"\bwhat(?:'s| is| are)? (?:on )?my (?:tasks?|to[- ]?do(?: list)?|list)\b",
        r"\b(?:anything|what(?:'s|s| is)?|stuff) (?:still )?(?:left |open )?(?:to do|to be done) "
        r"(?:on|for|at) " + _JOB + r"\W*$",
        r"\b(?:tasks?|to-?dos?) (?:for|on) " + _JOB + r"\W*$",
        # "do I have anything open on the Crowley job": my to-dos there, not its calendar
        r"^\W*(?:(?:and|so|ok|okay|hey)\W+)?(?:do|have) (?:i|we) (?:got |have |still )?"
        r"(?:anything|something|stuff|any(?: work)?) (?:still )?(?:open|pending|overdue|due|to do|"
        r"to finish) (?:on|for|with|at) " + _JOB + r"\W*$",
        r"^\W*tasks?\W*$",
        r"\b(?:a |my |the |any )(?:to-?do|task|todo) list\b(?!.*\b(?:add|put)\b)",
        _LEAD + r"what(?:'s|s| is)(?: still)? (?:overdue|late|past due|due)(?: " + _DAY + r")?\W*$",
        r"\bwhat (?:tasks|do i have to do)\b",
        r"\bwhat (?:do|have|should|must) (?:i|we) (?:got |have |need |gotta )?(?:to )?(?:get done|"
        r"do|finish|knock out|take care of|handle)(?: " + _DAY + r")?\W*$",
    ),
    _rule(  # a booking put on a teammate's calendar: "put it on Luis's calendar"
        "book_appointment",
        r"^\W*(?:(?:and|also|oh|ok|okay|actually)[, ]+)*(?:please )?(?:put|move|give|assign|stick|"
        r"switch|hand) (?:it|that|this|the (?:visit|appointment|appt|booking|walkthrough|"
        r"inspection))"
        r"(?: one)? (?:on|to|onto|over to|for) (?P<assign>[a-z]+)(?:['\u2019]s)?"
        r"(?: (?:calendar|schedule))?(?: instead)?\W*$",
    ),
    _rule(
        "book_appointment",
        r"\b(?:book|schedule|set up|setup|set|put|pencil in|arrange|make|add|get|line up) "
        r"(?:me |us )?(?:up )?"
        r"(?:a |an |the )?(?:new )?" + _KINDS + r"\b(?P<rest>.*)$",
        r"\b(?:book|schedule|pencil) (?:in )?"
        + _WHO
        + r" for (?:a |an )?"
        + _KINDS
        + r"\b(?P<rest2>.*)$",
        r"\b(?:book|schedule|set up|pencil in|arrange) (?:the |a |an )?(?P<ref>[a-z][\w'-]*(?: "
        r"[a-z][\w'-]*)??)(?:'s)? (?:final |first |second )?" + _KINDS + r"\b(?P<rest3>.*)$",
        # "I need to get something on the calendar for the Mercer job": no kind said
        r"\b(?:get|put|add|stick|pencil|throw|book|schedule|set up|line up) (?:me |us )?"
        r"(?:something|smth|sth|somethin'?|a time|a slot|some time)(?: in)?"
        r"(?: (?:on|in) (?:the |my |our )?(?:calendar|schedule|books|diary))?"
        r"(?P<rest4> (?:for|with) .+)$",
    ),
    _rule(
        "appointments",
        r"\b(?:appointments?|appts?|calendar|schedule)[- ]wise\b",
        r"\b(?:upcoming|next|my|our|any|the) (?:" + _APPOINTMENT_WORDS + r")\b",
        r"^(?!\W*(?:please |can you )?(?:schedule|book|set up|pencil)\b).*"
        r"\b(?:" + _APPOINTMENT_WORDS + r")\b.{0,30}\b(?:today|tomorrow|this week|next week|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|coming up|scheduled)\b",
        r"\bwhat'?s (?:on )?(?:my |the )?(?:calendar|schedule|agenda)\b",
        r"\bwhat'?s on (?:my |the )?(?:cal|call)\b(?! (?:list|log|sheet)\b)",
        r"\bwhere (?:am i|do i need to be|should i be) (?:today|tomorrow|going)\b",
        r"\bam i (?:booked|busy|free)\b",
        r"^\W*(?:and )?(?:is|are) (?!(?:it|that|this|there|the|he|she|they)\b)[a-z]+ "
        r"(?:booked|busy|free|available|tied up|booked up|open)"
        r"(?: (?:on |this |next )?" + _DAY + r")?(?: (?:in the )?(?:morning|afternoon|evening)|"
        r" (?:at |around )?\d{1,2}(?::\d{2})? ?(?:am|pm)?)?\W*$",
        # "and is there anything later in the week, say Thursday?" (after a calendar)
        r"^\W*(?:and |so |ok )?(?:is there|do (?:i|we) have|have (?:i|we) got) anything\b"
        r"(?!.*\b(?:due|overdue|tasks?|to-?dos?|approv\w*|notes?)\b).{0,30}\b(?P<day>monday|"
        r"tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b",
        r"\b(?:do i|have i|we) (?:have|got) anything\b",
        r"\bwhat(?:'s|s| is) (?:on tap|on deck|lined up|coming up)\b",
        r"\b(?:on the books|on the calendar|on the schedule|lined up|booked|scheduled|planned)\b"
        r".{0,20}\b" + _DAY,
        r"^\W*(?:anything|what(?:'s|s| is)?|what have (?:i|we) got|do (?:i|we) have anything) "
        r"(?:on the books|on the calendar|on the schedule|lined up|booked|scheduled)\b",
        r"\bwhat(?:'s|s| is) (?:happening|going on|on|up|scheduled|booked) " + _DAY + r"\W*$",
        r"\bwhat (?:do )?(?:i|we) have (?:on |going on |scheduled |booked |lined up )?" + _DAY,
        r"\bwho (?:am i|are we) (?:seeing|meeting|visiting)\b",
        r"^\W*when(?:'s| is| am| are| do| will)? (?:i|we|my|our) (?:next )?"
        r"(?:seeing|meeting|visiting|"
        r"going to see|gonna see|see|meet|visit|out at|appointment with|visit with) (?:the )?"
        r"(?P<ref>[a-z][\w'-]*(?: [a-z][\w'-]*)?)(?:'s)?(?: (?:job|house|place|family))?\W*$",
        r"\bwho (?:do|will|should|must) (?:i|we) (?:see|meet|visit|be seeing|be meeting)\b",
        # "whens the next huddle": the office's own meetings, asked when
        r"^\W*(?:when|what time)\b.{0,25}\b(?:huddles?|stand-?ups?|(?:team|sales|office) "
        r"meetings?)\b",
        # "when's the Sullivan install start", "when is the baxter site visit": a date on the
        # calendar, read from the booking that names them
        r"^\W*when(?:'s|s| is| does| do| will)? (?:the |our |my )?(?!(?:next|first|last|this|"
        r"that|an?|any|it|he|she|they|we|i|my|our|your|his|her|their)\b)(?P<ref>[a-z][\w'-]*"
        r"(?: (?!(?:install|site|visit|inspection|measure|walkthrough|final|next)\b)[a-z][\w'-]*)?)"
        r"(?:'s|s')? (?:job |project )?"
        r"(?P<visit>install|site visit|visit|inspection|measure|final walkthrough|walkthrough)"
        r"(?: (?:start|starts|start date|begin|begins|happening|scheduled|set for|booked))?"
        r"\W*$",
        r"^\W*(?:" + _APPOINTMENT_WORDS + r")\W*$",
        r"\b(?:any|our|the|what|which) installs? (?:(?:are |do we have )?(?:on the books|"
        r"scheduled|booked|coming up)|" + _DAY + r")",
        # a teammate's (or a job's) calendar: "marcus's appointments", "what's tasha got on"
        r"\b(?!(?:my|our|your|the|his|her|their|today|tomorrow|this|next)\b)[a-z]+(?:'s|s') "
        r"(?:appointments?|appts?|calendar|schedule|meetings?|visits?|site visits?)\b",
        # "whats on tashas cal": a teammate's calendar typed short, without the apostrophe
        r"\bwhat(?:'s|s| is)? on (?!(?:my|our|your|the|his|her|their)\b)[a-z]+(?:'s|s'|s) "
        r"(?:cal|call|calendar|schedule)\b",  # the typo reading makes "cal" "call"
        r"^\W*what(?:'s|s| is| are)? (?!(?:i|we|you|it|that|this|the|he|she|they)\b)[a-z]+ "
        r"(?:doing|up to|working on|booked for)\b(?: " + _DAY + r")?\W*$",
        r"^\W*what(?:'s|s| is| does| has)? (?!(?:i|we|you|it|that|this|the)\b)[a-z]+ (?:got|have|"
        r"has) " + _DAY + r"\W*$",
        r"^\W*what(?:'s|s| is| does| has| do)? (?!(?:i|we|you|it|that|this|the)\b)[a-z]+ "
        r"(?:got|have|has)(?: going on| on| lined up| scheduled| booked| coming up| on (?:the|his|"
        r"her|their) (?:calendar|schedule|plate|books))\b",
        r"\b(?:" + _APPOINTMENT_WORDS + r") (?:for|with) (?!(?:the|a|an|my|our|me|us)\b)[a-z]+"
        r"(?: " + _DAY + r")?\W*$",
    ),
    # --- new records: drafts over several turns ----------------------------------------
    _rule(
        "new_customer",
        # "a script for the first call to a new customer" asks for a script, not a record
        r"^(?!.*\b(?:script|talk track)\b).*?"
        r"\b(?:create|add|new|set up|enter|make|open|put in)\b(?: a| an)?(?: new)? "
        r"(?:customer|client|homeowner|lead|contact)\b",
    ),
    _rule(
        "create_job",
        r"\b(?:create|add|open|start|set up|make|new|put in)\b(?: up)? (?:a |an )?(?:new )?"
        r"(?:(?P<trade>roof(?:ing)?|siding|windows?|gutters?|seamless gutters|doors?|"
        r"entry doors?|soffit(?: & fascia| and fascia)?)(?: replacement| install(?:ation)?| repair"
        r")? )?"
        r"(?:job|project)\b"
        r"(?: (?:of|on) (?:roof(?:ing)?|siding|windows?|gutters?|(?:entry )?doors?|soffit)\b)?"
        r"(?: (?:for|with) (?P<who>.+?))?(?:,? (?P<rest>(?:to |for |-|:|replacing |"
        r"replace |install ).+))?\W*$",
    ),
    _rule(
        "sales_script",
        r"^(?!.*\b(?:python|code|program|javascript|bash|sql|excel|macro)\b).*"
        r"\b(?:write|draft|make|create|need|give me|build|prep|put together|whip up|come up with|"
        r"work up|help me with)\b.{0,30}\b(?:script|"
        r"talk track|pitch)\b",
        r"\b(?:give|get|need|want|got|write|suggest)\b(?: me| us)?.{0,20}\b(?:something|lines?|"
        r"words?|a few (?:lines|things)|phrases?|responses?)\b.{0,30}\b(?:to say|say|use|can use|"
        r"could use)\b.{0,20}\b(?:when|if) (?:they|a customer|the customer|customers|homeowners?|"
        r"people|someone|the homeowner|a prospect)\b",
        r"^\W*(?:a |the |my )?(?:sales |door[- ]?knock(?:ing)? |phone |call )?(?:script|talk track|"
        r"pitch) (?:for|on|about|to)\b",
        # "script: gutter guard upsell", "pitch - storm damage roof": a heading typed short
        r"^\W*(?:sales |phone |call )?(?:script|talk track|pitch)\s*(?::|-|–|—)\s*\w",
    ),
    # --- the CRM ----------------------------------------------------------------------
    _rule(
        "wellbeing",
        r"^\W*(?:(?:are )?(?:u|you|ya)) doing (?:good|ok|okay|alright|all right|well|fine)\W*$",
        r"^\W*(?:(?:are )?(?:u|you|ya)) (?:good|ok|okay|alright|all right|doing ok(?:ay)?|doing go"
        r"od|up and running|up and about|running (?:ok(?:ay)?|alright|all right|smooth(?:ly)?)|"
        r"awake|alive|all set)(?: (?:today|this morning|now|yet))?"
        r"\W*$",
        r"\bhow (?:are )?(?:you|ya|u) (?:holding up|hanging in|keeping|getting on|been)\b",
        r"^\W*(?:i )?hope (?:you(?:'re| are)|your (?:day|morning|week|afternoon|evening)(?:'s| is)"
        r"|you(?:'ve| have) (?:been|had)) [\w ]{0,30}\W*$",
        r"\bhow(?:'s|s| is| are| r)? (?:it going|you|u|things|your day|your morning|life|"
        r"you doing|ya doing|are ya)\b",
    ),
    _rule(
        "add_note",
        r"^\W*(?:please )?(?:" + _NOTE_VERBS + r") (?:a |down a )?"
        r"(?:quick )?note (?:to|on|for|in) "
        + _JOB
        + r"\s*(?::|,|-|—|saying|that says|that|to say)\s*(?P<note>.+)$",
        r"^\W*(?:please )?note (?:on |for |to )?" + _JOB + r"\s*(?::|-|—)\s*(?P<note2>.+)$",
        r"^\W*(?:please )?(?:add|put|leave|drop|log|make|stick) (?:one|another(?: one)?|a note|"
        r"another note)(?: (?:on|to|for) (?:it|that|this|that one|this one|the job))?\s*"
        r"(?::|-|—|saying|that says)\s*(?P<note9>.+)$",  # after its notes: "add one: …"
        r"^\W*(?:please )?(?:jot|write|put|note|log|mark) (?:it )?down (?:on|for|in|under) "
        r"(?:the )?"
        r"(?P<job6>[\w'#&.-]+(?: [\w'#&.-]+){0,2}?)(?: job| project)?\s*(?::|,|-|—| that)\s*"
        r"(?P<note6>.+)$",
        r"^\W*(?:please )?(?:(?:"
        + _NOTE_VERBS
        + r") (?:a |down a )?(?:quick )?)?note (?:to|on|for|in) "
        r"(?:the )?(?P<job5>[\w'#&.-]+(?: [\w'#&.-]+){0,2}?) (?:job|project) (?P<note5>[a-z].+)$",
        r"^\W*(?:please |can you |could you )?(?:" + _NOTE_VERBS + r") "
        r"(?:a |down a )?(?:quick )?note (?:to|on|for|in) " + _JOB + r"\W*$",
        r"^\W*(?:please )?(?:log|note) (?:that |on )?(?P<job2>[\w'#&.-]+(?: [\w'#&.-]+){0,3}?)"
        r"(?:'s)? job\s*(?::|,|-|—)\s*(?P<note3>.+)$",
        # "put a note on Keller gutters need replacing": no separator, so the job's name
        # ends where the CRM's name for it ends (``answers.add_note``)
        r"^\W*(?:please )?(?:(?:" + _NOTE_VERBS + r") (?:a |down a )?(?:quick )?)?note "
        r"(?:to|on|for|in|under) (?!(?:my|our|your|his|her|their|it|this|that|self|myself|"
        r"me|calendar|schedule|the calendar|the schedule)\b)(?P<lead>[\w'#&.-]+ [\w'#&.-].*)$",
    ),
    _rule(
        "list_notes",
        r"\bwhat (?:notes|comments) (?:are|is) (?:there |left )?(?:on|for|about|in) "
        + _JOB
        + r"\W*$",
        r"^\W*(?:show|give|read|get|pull up)(?: me)? (?:the |all |any )?(?:notes|comments) (?:on|f"
        r"or|"
        r"about) " + _JOB + r"\W*$",
        r"\b(?:notes|comments|latest note|last note|any notes)\b (?:on|for|about|of) "
        + _JOB
        + r"\W*$",
        r"\bwhat (?:notes|comments) (?:do we have|have we got|are there|we got|we have) "
        r"(?:on|for|about) " + _JOB + r"\W*$",
        r"\bwhat(?:'s| are| is)? (?:the )?(?:latest |last |recent )?notes? (?:on|for|about) "
        + _JOB
        + r"\W*$",
        r"\bwhat(?:'s|s| is| was)? (?:written |left |put )?in (?:the |its |their |his |her )?"
        r"(?:notes|comments) (?:on|for|about|of) " + _JOB + r"\W*$",
        # "what has been noted on the Gallagher siding so far?"
        r"\bwhat(?:'s| has| have)? (?:been |we |they |you |he |she )?(?:noted|written down|logged|"
        r"jotted down|recorded) (?:on|for|about|against) " + _JOB + r"(?: so far| yet| lately|"
        r" recently| to date)?\W*$",
    ),
    _rule(
        "move_stage",
        # "could the Duffy window job go back to materials on order?", "the Jensen siding can
        # go to contract signed now": a move asked as whether it can go
        r"^\W*(?:(?:i think|i believe|i guess|so|ok|okay)\W+)?(?:could|can|should) "
        + _JOB
        + r" (?:go|move|be moved) (?:back |forward |on |over )?(?:to|into) "
        r"(?!(?:which|what)\b)(?P<stage>[\w' &/-]+?)(?: stage)?(?: now| then| please)?\W*$",
        r"^\W*(?:(?:i think|i believe|i guess|so|ok|okay)\W+)?"
        + _JOB
        + r" (?:can|could|should) (?:now )?(?:go|move|be moved) (?:back |forward |on |over )?"
        r"(?:to|into) (?!(?:which|what)\b)(?P<stage>[\w' &/-]+?)(?: stage)?(?: now| then)?\W*$",
        r"^\W*(?:please |can you |could you |go ahead and )?(?:move|push|advance|bump|put|set|"
        r"change|mark|send|drop|shift|take|kick|bounce|knock|roll|slide|bring) "
        + _JOB
        + r"(?:'s)?(?: (?:stage|status))?"
        r" (?:back |forward |over |ahead |along |on |up )?(?:to|into|in|as|over to|up to|down to)"
        r" (?:the )?"
        r"(?P<stage>[\w' &/-]+?)(?: stage| column| status)?\W*$",
        r"^\W*(?:please )?(?:mark|flag) "
        + _JOB.replace("?P<job>", "?P<job4>")
        + r" (?:as )?(?!(?:job|project)\W*$)(?P<stage4>[\w' &/-]+?)(?: stage| now)?\W*$",
        r"^\W*(?:the )?(?P<job3>[\w'#&.-]+(?: [\w'#&.-]+){0,2}?) job is now (?:in )?"
        r"(?P<stage3>[\w' &/-]+?)\W*$",
        r"^(?![^?]*\?\W*$)\W*(?P<job2>[\w'#&.-]+(?: [\w'#&.-]+){0,3}?)(?:'s)?(?: job)? "
        r"(?:is|goes|went|moved) (?:now |back )?(?:to|into|in) "
        r"(?!(?:which|what|whichever|wat)\b)(?P<stage2>[\w' &/-]+?)(?: stage| now)?\W*$",
        # "Mercer → install scheduled", "Ochoa: contract signed now": a job and a stage,
        # no verb — only when what follows the arrow or colon is said in stage words
        r"^\W*(?!(?:the )?(?:notes?|status|stages?|update|fyi|reminder|to-?dos?|tasks?|texts?|"
        r"e-?mail|msg|message|memo|subject|re|ps|reply|answer|question|q|heads up)\W)"
        + _JOB.replace("?P<job>", "?P<job5>")
        + r"\s*(?:-+>|=>|→|⟶|➡️?|:|–|—)\s*"
        r"(?:(?:to|into|now in|in) )?(?:the )?(?P<stage5>" + _STAGE_SAID + r")"
        r"(?: stage| column)?(?: now| then| please| pls| thanks)*\W*$",
        # "the Keller job ought to be in bid being built now, can you update that", "keller
        # windows go to bid being built now i measured it", "ochoa roof to install sched":
        # a job and where it should be, the stage said in stage words
        r"^\W*(?:(?:i think|i believe|i guess|so|ok|okay|and)\W+)?"
        + _NOT_AN_ORDER
        + _JOB.replace("?P<job>", "?P<job6>")
        # "the Caldwell entry door that Luis is pricing belongs in bid presented now"
        + r"(?:,? (?:that|which) (?:[a-z]+ ){1,3}?[a-z]+(?:ing|ed),?)?"
        r" (?:(?:should|ought to|needs? to|has to|must|can) (?:be (?:in|at|moved (?:to|into))|"
        r"go (?:to|into)|move (?:to|into))|(?:can |should )?go(?:es)? (?:to|into|in)|is ready for|"
        r"belongs? (?:in|at|under)|to|into|over to|on to) (?:the )?(?P<stage6>"
        + _STAGE_SAID
        + r")(?: stage| column)?"
        r"(?: now| then| already| please| pls)?" + _WHY_OR_ASK + r"\W*$",
    ),
    _rule(
        "job_money",
        # "how much does a square of the Estate shingle weigh": a measure, not money
        r"(?!.*\b(?:weigh|weighs|weight|cover|covers|overlap|overlaps|last|lasts|hold|holds)\b)"
        r"\b(?:" + _MONEY_WORDS + r")\b.{0,40}?\b(?:on|for|of|from|with|by) " + _JOB + r"\W*$",
        r"\b(?:how much|what) (?:does|do|did|is|has) "
        + _JOB
        + r" (?:owe|still owe|paid|pay|left|owing|due|balance)\b",
        r"\b(?:has|have|did|is|was|are|were) "
        + _JOB
        + r" (?:been |fully |already |finished |all )?"
        r"(?:paid|pay|settled|squared away|caught up)\b",
        # asked inside another question: "tell me how much Patricia Ochoa still owes us"
        r"\bhow much " + _JOB.replace("?P<job>", "?P<job8>") + r" (?:still |currently |really )?"
        r"(?:owes|has left to pay|has paid|paid|is still owing)(?: us)?\W*$",
        r"\bwhat(?:'s|s| is) " + _JOB + r"(?:'s|s') (?:balance|contract|money)\b",
        r"\b(?:what|how much) did " + _JOB + r" (?:close|sell|sign|go|come in) (?:at|for)\b",
        _LEAD
        + r"(?:what(?:'s|s| is) )?"
        + _JOB
        + r"(?:'s|s')? (?:balance|money|financials|numbers|"
        r"payments?|contract amount|"
        r"balance due|amount due|what(?:'s| is) owed)" + _FIELD_END,
        r"\b(?:sell|sold|close|closed|sign|signed|price|priced|quote|quoted|bid|bidded|"
        r"estimate|estimated|charge|charged|contract|contracted|invoice|invoiced|bill|billed) "
        r"(?:them |him |her )?(?:on )?" + _JOB + r" (?:for|at)\W*$",
    ),
    _rule(
        "customer_email",
        r"\b(?:what(?:'s|s| is) )?(?P<who>his|her|their) (?:e-?mail|email address)\b",
    ),
    _rule(
        "customer_phone",
        r"\b(?:what(?:'s|s| is) )?(?P<who>his|her|their) (?:phone|number|cell|mobile)\b",
        r"\b(?:phone|phone number|(?:tele)?phone|telephone number|number|cell|cell number|mobile|"
        r"contact info|contact)" + _ON_FILE + r" (?:for|of|on) (?!the \w+ job)" + _WHO + _FIELD_END,
        r"\bwhat(?:'s|s| is) " + _WHO + r"(?:'s|s'|s)? (?:phone|number|cell|mobile|phone number)",
        r"\bhow (?:do|can) i (?:reach|call|get (?:a )?hold of|contact) " + _WHO + r"\W*$",
        r"\b(?:best|right|good|main|primary) (?:number|phone|phone number|cell|way) (?:to|for) "
        r"(?:reach |call |contact |text |get (?:a ?hold|ahold) of )?" + _WHO + _FIELD_END,
        r"\b(?:i need to|i have to|i gotta|i got to|i've got to|need to|gotta|i wanna|i want to) "
        r"(?:get (?:a ?hold|ahold) of|reach|get in touch with|contact|get through to) "
        + _WHO
        + _FIELD_END,
        r"\b(?:do|did) (?:we|you|i) (?:have|got|keep) (?:an? |the |any )?(?:phone|cell|mobile)?"
        r"(?: number| #)?(?: on file)? (?:for|on) " + _WHO + _FIELD_END,
        r"\bwhat (?:phone |cell |mobile )?(?:number|phone|cell|digits)(?: number)? (?:do we have|"
        r"have we got|we got|we have|is there|is on file|do i call|should i call)(?: on file)? "
        r"(?:for|on) " + _WHO + _FIELD_END,
        r"\b(?:can|could|may) i (?:get|have|see) " + _WHO + r"(?:'s|s') (?:phone|number|cell|"
        r"mobile)",
        r"\b(?:get|give|find|need|send) me " + _WHO + r"(?:'s|s') (?:phone|number|cell|mobile)",
        _LEAD
        + _WHO
        + r"(?:'s|s')? (?:phone|cell|mobile|number|digits|contact info|contact details|contact "
        r"information|contact)(?: number| #| no)?" + _FIELD_END,
    ),
    _rule(
        "job_overview",
        r"\b(?:(?:the )?(?:whole|full|big|complete|entire) (?:picture|story|rundown|scoop|deal)|"
        r"overview|rundown|run-down|summary|scoop|lowdown|details|everything|(?<=tell me )all|"
        r"the latest|an update|(?<!status )(?<!stage )update) (?:of|on|for|about) "
        r"(?:the (?:job|project) (?:of|for) )?" + _JOB + r"\W*$",
        r"^\W*(?:what(?:'s|s| is)|anything) (?:still )?(?:left|open|outstanding|pending|remaining|"
        r"new|going on|happening) (?:on|with|for|at) " + _JOB + r"\W*$",
        r"^\W*when(?:'s|s| is| are| was| will)? (?:the |our |my )?(?!(?:next|first|last|this|that|"
        r"an?|any)\b)(?P<job2>[a-z][\w'-]*(?: [a-z][\w'-]*)?)(?:'s)? (?:job |project )?(?:install|"
        r"installation|appointment|visit|site visit|inspection|measure|walkthrough|start|"
        r"start date|delivery)\b",
        r"^\W*(?:tell me about|what(?:'s|s| is) (?:going on|happening|new|up) with|"
        r"catch me up on|fill me in on|pull up|bring up|open) "
        r"(?!(?:the |a |our )?(?:customer|client|homeowner|contact)s?\b)"
        # "pull up jon petersen": a person said in full is their record, not one of their jobs
        r"(?!(?<=pull up )[a-z]+ (?!(?:roof(?:ing)?|siding|windows?|gutters?|doors?|job|project|"
        r"place|house|family|one|notes?)\b)[a-z]+\W*$)" + _JOB + r"\W*$",
    ),
    _rule(
        "job_stage",
        r"^\W*(?:is|are) " + _JOB + r" (?:moving|coming|getting|going) along\W*$",
        r"\b(?:what|which) (?:" + _STAGE_WORDS + r") is " + _JOB + r" (?:in|at|on)\W*$",
        r"\b(?:what|which) (?:" + _STAGE_WORDS + r") " + _JOB + r" (?:is|'s|s) (?:in|at|on)\W*$",
        r"\bwhat(?:'s|s| is) the (?:"
        + _STAGE_WORDS
        + r") (?:(?:of|for|on|with) )?"
        + _JOB
        + r"\W*$",
        r"\b(?:what|which) (?:"
        + _STAGE_WORDS
        + r")(?:'s| is)? "
        + _JOB
        + r"(?: (?:in|at|on))?\W*$",
        r"\bwhat (?:" + _STAGE_WORDS + r")\b.{0,15}\b(?:on|with|for|of) " + _JOB + r"\W*$",
        r"\bwhere(?:'s| is| are)? " + _JOB + r" (?:at|in the (?:pipeline|workflow|process))\W*$",
        r"\b(?:" + _STAGE_WORDS + r")(?: update| check| report)? (?:of|for|on) " + _JOB + r"\W*$",
        # "keller stage", not "contract signed stage" (a stage's own name said with "stage")
        _LEAD
        + r"(?!(?:the )?"
        + _STAGE_SAID
        + r" (?:"
        + _STAGE_WORDS
        + r")"
        + _FIELD_END
        + r")"
        + _JOB
        + r"(?:'s)? (?:"
        + _STAGE_WORDS
        + r")"
        + _FIELD_END,
        r"\bwhere(?:'s| are| is)? (?:we|things|it) (?:at )?(?:on|with) " + _JOB + r"\W*$",
        r"\bwhere (?:do|does|did) (?:we|things|it) (?:stand|sit|land|end up) (?:on|with) "
        + _JOB
        + r"\W*$",
        r"^\W*(?:has|have|did) (?:anybody|anyone|somebody|someone|the crew|we|they|you guys) "
        r"(?:started|start|finished|finish|begun|begin|ordered|order|signed|scheduled|installed) "
        r"(?:on |work on )?" + _JOB + r"(?: (?:install|installation|work|yet))*\W*$",
        r"\bwhere (?:does|do|is) " + _JOB + r" (?:stand|sit|sits|stands|at)\W*$",
        _LEAD + _JOB + r",? (?:where (?:are )?we at|where(?:'s| is) (?:it|that) at|where does it "
        r"stand|what stage|what(?:'s| is) the status|status)" + _FIELD_END,
        r"^\W*(?:is|has|did|have) " + _JOB + r" (?:been |gotten |got |get |already |actually )?"
        r"(?:signed|sold|closed|done|finished|started|installed|scheduled|moved|ordered|"
        r"completed|approved)\b",
        r"\bhow(?:'s| is) " + _JOB + r" (?:coming along|going|doing|looking|progressing)\W*$",
        # "whats the fitzgerald roof at": where it is, as "where's it at" asks
        r"^\W*(?:and |so )?what(?:'s|s| is) (?:the |that |this )?(?!(?:balance|total|price|amount|"
        r"number|time|address|status|stage|weather|rate|count|tally|score|pipeline|bid|cost|"
        r"deposit)\b)"
        + _JOB.replace("?P<job>", "?P<job10>")
        + r"(?: (?:sitting|sat|stuck|parked|standing|now))? at\W*$",
        # "is the mercer window bid built yet or are we still on it", "is the Gallagher bid
        # still with the homeowner": where a job's bid is, which is the job's stage
        r"^\W*(?:but |so |and |ok )?(?:is|has|did) (?:the |that |this )?"
        + _JOB.replace("?P<job>", "?P<job9>")
        + r" (?:bid|estimate|quote|proposal) (?:still |already |even |been |gotten |got |now )?"
        r"(?:built|done|ready|finished|out|sent|presented|signed|approved|moved(?: on| forward)?|"
        r"gone out|with (?:the )?(?:homeowners?|customers?|clients?|family))\b",
        r"^\W*(?:is|are) " + _JOB + r" (?:still |already |now )?(?:sitting |stuck |parked )?"
        r"(?:in|at) (?:the )?"
        r"[a-z][\w' &/-]+?(?: stage| column)?(?: yet| still)?\W*$",
    ),
    _rule(
        "find_job",
        r"^\W*(?:find|look up|lookup|search for|search|pull up|show)(?: me)? (?:the |all )?"
        + _JOB
        + r" jobs\W*$",
        r"^\W*(?:find|look up|lookup|search(?: for)?|pull up) (?:me )?(?:the |a )?jobs? (?:for |of"
        r" )?"
        r"(?!.*\bfor\b)" + _JOB + r"\W*$",
        r"^\W*(?:find|look up|lookup|search(?: for)?|pull up) (?:me )?(?:the |a )?jobs? .{0,40}\bf"
        r"or " + _WHO + r"\W*$",
        r"^\W*(?:find|look up|lookup|search for|search) (?:the )?" + _JOB + r" jobs?\W*$",
        r"^\W*(?:what|which) jobs? (?:do we have|does|is there) (?:for|with) " + _WHO + r"\W*$",
        r"^\W*(?:what|which) jobs? (?:does|do|did) " + _WHO + r" have\W*$",
        r"^\W*jobs? for " + _WHO + r"\W*$",
        # "show me every job under the name Crowley", "which jobs has the family Baxter"
        r"^\W*(?:show|find|list|pull up|give|get)(?: me)? (?:every|all|all the|each) (?:of the )?"
        r"jobs? (?:under|for|with|in) (?:the name (?:of )?)?(?:the )?"
        + _WHO
        + r"(?: family| name| household)?\W*$",
        r"^\W*(?:what|which) jobs? (?:has|have|does|do) (?:the )?(?:family |household )?"
        + _WHO
        + r"(?: family)?(?: got| have)?\W*$",
        r"^\W*(?:do|did|have) we (?:have|got|get|had) (?:a |an |any )?jobs?(?: (?:on file|in the "
        r"system|in leap|going|open|on the books))? (?:for|with) (?:the )?"
        + _WHO
        + r"(?: family| household| house| place)?\W*$",
    ),
    _rule(
        "find_customer",
        r"^\W*(?:any|a) (?:customer|client|homeowner)s? (?:named|called) " + _WHO + r"\W*$",
        r"\b(?:looking for|find|look up|search for|pull up|need|trying to find) (?:a |the |an )?"
        r"(?:customer|client|homeowner)s? (?:named|called|by the name of) "
        + _WHO
        + r"(?=\s*(?:[;,.?!]|$))",
        r"^\W*(?:find|look up|lookup|search for|who is|who's|pull up) (?:the )?(?:customer|client|"
        r"homeowner)? ?" + _WHO + r"\W*$",
        r"^\W*do we have (?:a )?(?:customer|client|homeowner) (?:named|called) " + _WHO + r"\W*$",
        r"^\W*(?:is there|do we have|have we got) (?:a |an |any )?(?:customer|client|homeowner|lea"
        r"d)s? "
        r"(?:in the (?:system|crm)|on file|in leap)? ?(?:named|called|by the name of) "
        + _WHO
        + r"\W*$",
        r"^\W*(?:is|isn't) " + _WHO + r" (?:a|an|our|one of our|already a|still a) (?:customer|"
        r"client|homeowner|lead)s?\W*$",
        r"^\W*do we (?:have|know) " + _WHO + r"(?: (?:as a|in the) (?:customer|client|crm|system))?"
        r"\W*$",
        _LEAD + r"(?:what(?:'s|s| is) )?" + _WHO + r"(?:'s|s')? (?:home |house |street |mailing )?"
        r"address(?:es)?" + _FIELD_END,
        r"\b(?:what(?:'s|s| is) )?(?:the )?(?:home |house |street |mailing )?address"
        + _ON_FILE
        + r" (?:for|of|on) "
        + _WHO
        + _FIELD_END,
        r"^\W*where (?:is|does|do|are) (?:the )?" + _WHO + r"(?:'s|s')? (?:house|home|place|live|"
        r"lives|located)\W*$",
    ),
    # --- conversation -----------------------------------------------------------------
    _rule(
        "capabilities",
        # a learner's or a texter's order: "what things you can do for me?", "wat else u do"
        r"^\W*(?:so |and |ok )?(?:what|which) (?:\w+ ){0,3}(?:you|u|ya) (?:can|could|are able to) "
        r"(?:do|handle|help(?: me| us)? with)(?: for (?:me|us))?\W*$",
        r"^\W*(?:so |and |ok )?what (?:all |else )(?:(?:can|do) )?(?:you|u|ya) (?:can )?do\W*$",
        r"\bwhat (?:kinds? of |sorts? of |types? of )?(?:stuff|things|jobs|tasks) (?:can|could|do|"
        r"will) you (?:help|do|handle|assist)\b",
        r"\bwhat can you (?:\w+ )?do (?:for|to help)\b",
        # "what kinds of things can you take off my plate?"
        r"\bwhat (?:kinds? of |sorts? of |types? of )?(?:stuff|things|jobs|tasks|work) "
        r"(?:can|could|will) you (?:take|get) off (?:my|our) (?:plate|hands|desk)\b",
        r"\bwhat (?:all|else|exactly) (?:can|could|do) (?:you|u|ya) (?:\w+ )?do\b",
        r"^\W*(?:so |and |ok )?(?:what|which) (?:\w+ ){0,3}(?:can|could|are|will) (?:you|u|ya) "
        r"(?:be )?(?:able to )?(?:do|handle|take care of|help (?:me |us )?with|manage|cover)\b"
        r"(?:(?: for)? (?:me|us|the office|the team|the company|our team))?\W*$",
        r"\bwhat (?:sorts? of |kinds? of |types? of )?(?:stuff|things|questions)\b.{0,25}\b(?:ask|"
        r"say "
        r"to|tell) (?:you|hard-?e)\b",
        r"\b(?:what (?:can|do|else can) you do|what are you able|how can you help|"
        r"^\W*(?:(?:can|could|will) you )?help me out\W*$|"
        r"^\W*help\W*$|your (?:skills|features|capabilities)|what can i ask|"
        r"what (?:can|could) you (?:help|assist) (?:me |us )?with|how do (?:i|you) use you|"
        r"what are you (?:good for|for)|what do you do)",
        # "wat else u good 4": what else it is good for, the words a texter leaves out
        r"^\W*(?:so |and |ok )?what (?:else |all )?(?:are |else are )?(?:you|ya) good "
        r"(?:for|at)\W*$",
    ),
    _rule(
        "identity",
        r"\bwho (?:am i|are we) (?:talking|speaking|chatting) (?:to|with)\b",
        r"\b(?:you(?:'re| are)|are you) (?:the|a|an|my|our) (?:ai|a\.i\.|bot|robot|assistant|"
        r"virtual|digital|sales director|computer)\b",
        r"\b(?:who|what) (?:exactly )?(?:you are|you're|are you)\b(?!\s+\w+ing\b)|"
        r"\bhow old are you\b|\bare you (?:a |an )?(?:real|human|"
        r"robot|bot|ai|person|chat ?gpt|gpt|claude|siri|alexa|alive|sentient)\b|\bwhat(?:'s|s| is) "
        r"your name\b|\bdo you (?:dream|sleep|eat)\b|\bwho (?:made|built|created|programmed) you\b|"
        r"\bwhat (?:model|kind of (?:ai|bot|thing)) are you\b",
    ),
    _rule(
        "greeting",
        r"^\W*(?:hi|hello|hey|howdy|good (?:morning|afternoon|evening)|morning)(?: there| hard[- ]"
        r"?e)?"
        r"[,.!]*\s*(?:i'm|i am|im|this is|it's|its|my name is|name's)\b[\w ,.'!-]{0,30}$",
        # "hey hard-e first day here", "morning, just started this week"
        r"^\W*(?:hi|hello|hey|howdy|good (?:morning|afternoon|evening)|morning)(?: there| hard[- ]"
        r"?e)?[,.!]*\s*(?:(?:it's |its |this is )?my |i'm |im |i am )?(?:first (?:day|week|shift)|"
        r"new (?:here|guy|rep|on the team|hire)|just (?:started|got hired|joined))\b"
        r"[\w ,.'!-]{0,30}$",
        # "hi there, I'm new on the team this week, nice to meet you"
        r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[\w ,.'!-]{0,60}\b(?:nice|"
        r"good|great|pleased) to meet you\W*$",
        r"^\W*(?:(?:hi|hello|hey|howdy|yo|good (?:morning|afternoon|evening)|hiya|sup|"
        r"what'?s up|morning|afternoon|evening|good day|greetings|hi there|hey there|what'?s good|"
        r"what'?s happening|how'?s it hanging|hard[- ]?e)\b\W*)+"
        r"(?:hard[- ]?e|there|buddy|man|boss|bud|pal|friend|my man|everyone|team)?"
        r"(?:\W*(?:are )?(?:you|u|ya) (?:there|around|up|awake|on))?"
        r"(?:\W*(?:i )?hope (?:you'?re|you are|all is|everything'?s|your (?:day|week|morning) "
        r"(?:is|'s)) (?:doing |going )?(?:well|good|ok|okay|alright|all right|great|fine)"
        r"(?: today| this morning| so far)?)?\W*$",
    ),
    _rule(
        "thanks",
        r"^\W*(?:ok |okay |great |perfect |awesome )?(?:thanks|thank you|thx|ty|appreciate it|"
        r"cheers)\b(?: (?:a lot|so much|very much|man|buddy|hard-?e))?\W*$",
        r"^\W*(?:ok |okay |great |perfect |awesome )?(?:thanks|thank you|thx|ty|appreciate it|"
        r"cheers)\b(?!.*\b(?:but|now|also|can|could|what|how|when|where|who|text|email|book|"
        r"schedule|remind|move|add|send|tell)\b)[\w\s,.!'-]{0,40}$",
        r"^\W*(?:perfect|great|awesome|got it|sounds good|cool)\W*(?:thanks\W*)?$",
        r"^\W*(?:ok |okay |great |perfect |awesome )?(?:i )?(?:really )?(?:appreciate|preciate) "
        r"(?:it|ya|you|that|the help)\b[\w\s,.!'-]{0,20}$",
        r"^\W*(?:much appreciated|good looking out|nice one|you'?re the best|life ?saver|"
        r"big help|that helps|that'?s helpful|you rock)\W*$",
    ),
    _rule(
        "goodbye",
        r"^\W*by\W*$",
        r"^(?!.*\b(?:text|email|tell|send|say)\b)[\w ,.'!-]{0,30}\b(?:bye|goodbye)(?: for now| now"
        r"| then)?"
        r"\W*$",
        r"^\W*(?:(?:alright|all right|ok|okay|well|cool|thanks|thank you)[ ,]+)*(?:talk (?:to you |"
        r"to ya )?(?:later|soon|tomorrow)|catch (?:you|ya) later|see (?:you|ya)(?: later| tomorrow"
        r")?)"
        r"\b[\w ,.!]{0,20}$",
        r"^\W*(?:bye|goodbye|see you|see ya|later|talk (?:soon|later)|catch (?:ya|you|u) later|"
        r"peace(?: out)?|ttyl|gotta run|take care|i'?m out|over and out|"
        r"that'?s (?:all|it|everything)(?=\W*$|\W+(?:for (?:now|today)|thanks|thank you|bye|man|"
        r"buddy|boss|from me)\b)|"
        r"i'?m done|i'?m good|all done|done for (?:today|the day)|(?:good )?night|gn|nighty night|"
        r"catch you later)\b",
        r"(?:^|[,.!]\s*|\b(?:ok|okay|alright|thanks|cool)\s+)(?:bye|goodbye|see ya|see you|later|"
        r"talk (?:to you )?(?:soon|later|tomorrow)|catch you later|gotta go|i'?m out|signing off|"
        r"have a good (?:one|night|day|weekend|evening|afternoon))\W*$",
        # "alright i'm pulling in, catch you later", "I'll let you go now"
        r"\b(?:catch (?:you|ya|u) later|talk (?:to you )?(?:soon|later|tomorrow))\W*$",
        r"^\W*(?:(?:ok|okay|alright|all right|well)\W+)*i'?(?:ll| will|m gonna|m going to) let "
        r"you (?:go\b|get back to (?:it|work|things)\W*$)",
    ),
]

CANCEL = Rule(
    "cancel",
    r"^\W*(?:(?:actually|oh|um|uh|ok|okay|no|nah|nope|wait|hmm|sorry|hold on|on second thought|ple"
    r"ase|"
    r"you know what)[\s,.!-]+)*(?:(?:cancel|stop|forget it|forget about it|never ?mind|nvm|"
    r"scratch that|drop it|scrap|ditch|toss|kill|abort|quit|start over|leave it|"
    r"don'?t send (?:it|that|anything)|do not send (?:it|that|anything)|don'?t bother|hold off|"
    r"not now)"
    r"(?: (?:it|that|this|the|my)(?: (?:email|text|message|draft|one|booking|appointment|"
    r"customer|job|note|task|script|thing|request))?)?[\s,.!-]*)+"
    r"(?:[\s,.!-]+(?:thanks|thank you|then|for now|please|"
    r"i'll do it later|i'll call them))*(?:(?:[,.;!-]+\s*|\s+)(?:(?:i'll|i will|we'll|let me|"
    r"i need to|i want to|i'd rather)\b.{0,50}|(?:she|he|they|she's|he's|they're|it's|that's|we|"
    r"we're)\b(?!.*\b(?:text|email|call|book|move|add|what|who|when)\b).{0,60}))?\W*$",
)

# Words the rules are written in: a typo of one of these is read as the word itself.
VOCABULARY = frozenset(
    [
        "make",
        "upload",
        "stage",
        "whats",
        "status",
        "phase",
        "pipeline",
        "appointment",
        "appointments",
        "calendar",
        "schedule",
        "scheduled",
        "customer",
        "customers",
        "client",
        "clients",
        "homeowner",
        "estimate",
        "estimates",
        "estimator",
        "estimators",
        "balance",
        "phone",
        "number",
        "cell",
        "mobile",
        "note",
        "notes",
        "remind",
        "reminder",
        "task",
        "tasks",
        "todo",
        "tomorrow",
        "today",
        "tonight",
        "yesterday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "next",
        "text",
        "email",
        "message",
        "send",
        "approval",
        "approvals",
        "pending",
        "approve",
        "team",
        "overview",
        "rundown",
        "summary",
        "inspection",
        "inspections",
        "briefing",
        "stale",
        "follow",
        "remember",
        "forget",
        "recall",
        "script",
        "pitch",
        "create",
        "book",
        "booked",
        "visit",
        "meeting",
        "measure",
        "measurement",  # the kinds of visit a booking's title is made of
        "consultation",
        "installation",
        "move",
        "push",
        "advance",
        "owes",
        "paid",
        "payment",
        "invoice",
        "contract",
        "money",
        "contact",
        "address",
        "job",
        "jobs",
        "project",
        "where",
        "what",
        "which",
        "should",
        "call",
        "calls",
        "today's",
        "latest",
        "update",
        "schedule",
        "stuck",
        "bids",
        "bid",
        "quotes",
        "quote",
        "proposal",
        "proposals",
        "waiting",
        "reps",
        "rep",
        "walkthrough",
        "install",
        "scheduled",
        "underway",
        "punch",
        "list",
        "signed",
        "order",
        "materials",
        "final",
        "paid",
        "lead",
        "intake",
        "presented",
        "built",
        # words the smalltalk, drafting and cancel rules are written in
        "the",
        "how",
        "who",
        "hello",
        "thanks",
        "cancel",
        "write",
        "draft",
        "review",
        "deposit",
        "family",
        "team",
        "email",
        "emails",
        "script",
        "owe",
        "about",
        "rule",
        "rules",
        # a job's trade, typed in a hurry ("thornton windws")
        "window",
        "windows",
        "siding",
        "gutter",
        "gutters",
    ]
)
# Ordinary words one typo away from a rule word that must not be "corrected".
PROTECTED = STOP_WORDS | frozenset(
    [
        "stick",  # "stick a note on …", not "stuck"
        "spend",  # "how much did we spend on ads", not "send"
        "spent",
        "state",
        "states",
        "date",
        "data",
        "later",
        "mine",
        "mind",
        "cost",
        "post",
        "book",
        "look",
        "took",
        "site",
        "sites",
        "time",
        "stale",
        "tale",
        "call",
        "all",
        "ball",
        "tall",
        "mall",
        "wall",
        "hall",
        "notes",
        "votes",
        "note",
        "vote",
        "nose",
        "next",
        "text",
        "test",
        "best",
        "rest",
        "list",
        "lost",
        "last",
        "past",
        "post",
        "part",
        "plan",
        "plant",
        "phone",
        "done",
        "gone",
        "tone",
        "zone",
        "stag",
        "task",
        "mask",
        "ask",
        "rep",
        "red",
        "rip",
        "rid",
        "rod",
        "reps",
        "tasks",
        "bask",
        "desk",
        "dusk",
        "week",
        "weak",
        "seek",
        "peek",
        "meek",
        "sunday",
        "monday",
        "stake",
        "stark",
        "start",
        "store",
        "story",
        "stone",
        "stove",
        "still",
        "steal",
        "steel",
        "bill",
        "will",
        "fill",
        "kill",
        "mill",
        "pill",
        "hill",
        "roof",
        "roofs",
        "proof",
        "wood",
        "door",
        "doors",
        "floor",
    ]
)


_POLITE_END = re.compile(
    r"(?:,?\s+(?:please|pls|plz|thanks|thank you|thx|real quick|quick|asap|again|now|for me|too|"
    r"as well|"
    r"right now|rn|atm|at the moment|tho|though|lol|today|while (?:i'?m|i am) (?:thinking (?:of|"
    r"about) it|at it)|while i think of it|when you get a (?:chance|sec|second|minute)|"
    r"when you have a (?:chance|sec|second|minute)|if you (?:can|could|don'?t mind)))+$",
    _I,
)


# What a spoken question may end on without changing it ("… in right now?", "… for me").
_TRAILING = re.compile(
    r"(?:,?\s+(?:right now|now|currently|at the moment|as of (?:now|today)|these days|"
    r"for me|real quick|quick|please|pls|again|then|or what|you think|do you know|"
    r"if you can|if you could|when you get a sec|by chance|at all|exactly|anyway|"
    r"and stuff|or whatever|man|bud|buddy|boss|"
    # why it is asked: "… before I head out there", "… before my 2 o'clock"
    r"before (?:i|we) (?:head|go|get|drive|swing|run|pop) (?:out |over |by |in )?(?:there|over|"
    r"out|by|in|to (?:the |her |his |their )?(?:house|place|site|visit|appointment|meeting))?|"
    r"before (?:i|we) (?:call|see|meet|visit) (?:her|him|them)|"
    r"before (?:the|my|our) (?:visit|appointment|meeting|call)))+\W*$",
    _I,
)

_FILLERS = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|um+|uh+|er+|hmm+|yo|alright|all right|well|oh|wait|hang on|"
    r"(?:wh?)?oops(?:ie)?|my bad|ugh|argh|dang|darn|"  # "oops put jensen back to bid presented"
    r"hold on|quick question|"
    r"real quick|question|(?:can|could|would|will) (?:you|u)(?: please| pls)?(?: (?:tell|show|"
    r"give) me)?(?! about\b)|please|pls|i need you to|i want you to|go ahead and|"
    r"i (?:need|want|have|got) to|i gotta|let'?s|i'd like to|i would like to|"
    r"(?:can you |could you |you )?tell me(?! about\b)|sorry|excuse me|do you know|"
    r"i (?:wanna|want to|need to) know|let me know)[\s,.!-]+)*"
    r"(?:hard[- ]?e\b[\s,.!-]*)?",
    _I,
)


# Words said while thinking ("so like what exactly are you", "give me like the whole
# picture"): dropped when nothing reads the message with them in. "like" stays after a
# word it belongs to ("looks like", "I'd like", "feel like").
_HESITATION = re.compile(
    r"(?<![\w'])(?:um+|uh+|er+m?|hmm+|like|you know|i mean|kinda|sorta|basically|actually|"
    r"exactly|literally|real quick)(?![\w'])[,]?\s*",
    _I,
)
_LIKE_BELONGS = re.compile(
    r"(?:look|looks|looked|looking|feel|feels|felt|seem|seems|sound|sounds|'d|would|i|we|"
    r"(?:do|did|would|if|what) you|they|don't|what's it|just|something|more|less|anything|"
    r"nothing|things)\s*$",
    _I,
)


# Intents whose values are the person's own words, read from the message as said.
_VERBATIM = frozenset({"send_text", "send_email", "add_note", "remember", "forget", "new_customer"})
# Sounds, not words: dropped even from a text's body ("tell her um we're late").
_NOISE = re.compile(r"(?<![\w'])(?:um+|uh+|er+m?|hmm+)(?![\w'])[,]?\s*", _I)


def without_hesitation(message: str) -> str:
    """``message`` without the filler words of speech, or as it was if it has none."""

    def drop(m: re.Match[str]) -> str:
        said = m.group().strip(" ,").lower()
        if said == "like" and _LIKE_BELONGS.search(message[: m.start()]):
            return m.group()
        return ""

    return re.sub(r"\s{2,}", " ", _HESITATION.sub(drop, message)).strip()


def read(message: str) -> Intent | None:
    """The intent of ``message`` and the values it names, or None when no rule is sure.
    Said as is first, then without a spoken lead-in ("uh, hey hard-e, remind me …"),
    then without the filler words of speech ("like", "um", "actually"), then without
    its polite wrapper ("would you mind emailing …", ``hard_e.text.polite``). A turn
    reads its message several times (is it a draft's answer? two requests?): the reading
    is kept, and each caller gets its own copy of the values."""
    found = _read_once(message)
    return None if found is None else Intent(found[0], dict(found[1]))


@lru_cache(maxsize=256)
def _read_once(message: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    found = _read_as_said(message)
    if found is None:
        inside = unwrap(message)
        found = _read_as_said(inside) if inside != message.strip() else None
    found = found or _courtesy_then_remark(message)
    return None if found is None else (found.name, tuple(found.slots.items()))


# Courtesy said first, then a remark that asks for nothing ("Good morning, Hard-E. I've
# just got in and the coffee is still brewing."; "Thank you, that has been a great help").
_COURTESY_FIRST = re.compile(
    r"^\W*(?P<said>[^,.!;:?]+?)[,.!;:]+\s*(?:hard[- ]?e\b[\s,.!;:]*)?(?P<rest>\S.*)$", _I
)
_COURTESIES = frozenset({"greeting", "thanks", "goodbye"})
_REMARK = re.compile(
    r"^\W*(?:i|i'm|im|i've|ive|i'll|we|we're|we've|that|that's|thats|it|it's|its|this|you|"
    r"you've|you're|what a|such a)\b"
    r"(?![^?]*\b(?:please|could|can|would|will you|need|want|tell|send|text|e-?mail|book|move|"
    r"add|put|remind|cancel|schedule|change|update|mark|note|log|check|look|find|show|give|"
    r"pull|get|what|how|who|when|where|which|why|remember|forget|call)\b)[^?]*$",
    _I,
)


def _courtesy_then_remark(message: str) -> Intent | None:
    """A greeting, thanks or goodbye followed only by a remark about the speaker's day
    (nothing asked, nothing to do): that courtesy, as if said alone."""
    m = _COURTESY_FIRST.match(message.strip())
    if m is None or not _REMARK.match(m["rest"]):
        return None
    said = _read_as_said(m["said"])
    return said if said is not None and said.name in _COURTESIES else None


def _read_as_said(message: str) -> Intent | None:
    plain = without_hesitation(message)
    if not plain or plain == message:
        return _read(message)
    found = _read(plain)
    if found is None or found.name in _VERBATIM:  # a text's body keeps every word said
        said = re.sub(r"\s{2,}", " ", _NOISE.sub("", message)).strip() or message
        return _read(said) or found
    return found


def _read(message: str) -> Intent | None:
    fixed = correct(message, VOCABULARY, PROTECTED)
    text = fixed.text.strip()
    offset = len(fixed.text) - len(fixed.text.lstrip())
    spoken = _FILLERS.match(text)
    start = spoken.end() if spoken else 0
    found = None
    if start and text[start:].strip():  # "hey can you text …": the request, not its opener
        found = _match(fixed, text[start:], offset + start)
    if found is None:
        found = _match(fixed, text, offset)
    trailing = _TRAILING.search(text, start)
    if found is None and trailing and trailing.start() > start:  # "… right now", "… for me"
        found = _match(fixed, text[start : trailing.start()], offset + start)
        if found is None and start:  # "please tell me all about … before I go there"
            found = _match(fixed, text[: trailing.start()], offset)
    trade = _TRADE_LAST.search(text, start) if found is None else None
    if trade is not None and trade.start() > start:  # "where's Beckett at on the windows"
        found = _match(fixed, text[start : trade.start()], offset + start)
        if found is not None and found.name in _ASKED_OF_A_JOB and found.get("job"):
            job = _with_trade_said_apart(found.get("job"), trade.group(), None)
            return Intent(found.name, found.slots | {"job": job})
        found = None
    return found


# Values made of the company's words, kept as the typo reading meant them: a booking's
# kind becomes its CRM title ("bid reveiw" → "Bid Review — Mercer"). Names and dictated
# words (a text's body, a note, a task's title) stay as said.
_AS_MEANT = frozenset({"day", "kind"})
_DICTATED = frozenset({"body", "text", "note", "title"})  # the rep's own words
_PRONOUN_SLOTS = frozenset({"his", "her", "their", "them", "him", "it", "that one", "this one"})


def _match(fixed: Corrected, text: str, offset: int) -> Intent | None:
    """The first rule that matches ``text`` (``fixed.text`` from ``offset``), its values
    in the person's own words."""
    for rule in RULES:
        m = rule.pattern.search(text)
        if m is None:
            continue
        slots: dict[str, str] = {}
        for key, value in m.groupdict().items():
            if value is None:
                continue
            base = key.rstrip("0123456789")
            start, end = m.span(key)
            words = (
                fixed.text[start + offset : end + offset]  # a day or a kind as meant ("tomorow")
                if base in _AS_MEANT
                else fixed.restore(start + offset, end + offset)
            ).strip(" ?.!,")
            meant = fixed.text[start + offset : end + offset].strip(" ?.!,")
            if base in _DICTATED and not fixed.text[end + offset :].strip():
                # "txt her im 10 min out 🚗": the words typed to the end, emoji and all
                words = fixed.restore(start + offset, len(fixed.text)).strip(" ?.!,")
            if base in ("who", "job") and meant in _PRONOUN_SLOTS:  # "thier" typed for "their"
                words = meant
            pointed = re.search(r"\b(that|this) $", text[:start]) if meant == "one" else None
            if base == "job" and pointed:  # "what stage is that one in": the job talked about
                words = f"{pointed[1]} one"
            if base == "job":  # "whitaker wndw": the name as typed, its trade as meant
                words = trade_as_meant(words, meant)
            if base in ("who", "job", "ref"):  # a name, not its possessive or a "please"
                words = _POLITE_END.sub("", words)
                words = re.sub(r"['\u2019]s$", "", words) if base == "who" else words
            if words and not slots.get(base):
                slots[base] = words
        if rule.name == "move_stage":
            slots = trade_off_stage(slots)
        if rule.name in _JOB_INTENTS and slots.get("job"):
            slots["job"] = _with_trade_said_apart(slots["job"], text, m)
        return Intent(rule.name, slots)
    return None


# The job questions and actions whose job may be named with its trade said apart from it.
_JOB_INTENTS = frozenset({"job_money", "job_stage", "add_note", "list_notes", "move_stage"})
_TRADE_APART = re.compile(
    r"\b(?:on|for|of|with|about) (?:the|his|her|their|its|that|this) "
    r"(?P<trade>roof(?:ing)?|siding|windows?|gutters?|(?:entry )?doors?|trim|soffits?)"
    r"(?: (?:job|project))?\b",
    _I,
)


# A trade said last, after a question asked of a customer ("where's Beckett at on the
# windows", "how's Keller coming along on the gutters"): the question is of that job.
_TRADE_LAST = re.compile(
    r",?\s+(?:on|for|with|about) (?:the|his|her|their) (?:roof(?:ing)?|siding|windows?|"
    r"gutters?|(?:entry )?doors?|trim|soffits?)(?: job| project)?\W*$",
    _I,
)
_ASKED_OF_A_JOB = frozenset({"job_stage", "job_money", "list_notes", "job_rep", "job_overview"})
_STAGE_THEN_TRADE = re.compile(
    r"^(?P<stage>.+?) (?:on|for|of) (?:the |his |her |their )?(?P<trade>roof(?:ing)?|siding|"
    r"windows?|gutters?|(?:entry )?doors?|trim|soffits?)(?: job| project)?"
    r"(?:,? (?:please|pls|for me|thanks|now|today))*$",
    _I,
)
_BARE_TRADE = re.compile(
    r"^(?:the |that |this )?(?:roof(?:ing)?|siding|windows?|gutters?|(?:entry )?doors?|trim|"
    r"soffits?)$",
    _I,
)
# Whose job it is, said just before "on the windows": "has Duffy paid", "is Duffy in",
# "for Duffy", "from the Duffys".
_OWNER_BEFORE = re.compile(
    r"\b(?:is|has|does|did|do|have|for|from|with|of|what's|whats) (?:the )?"
    r"(?P<who>[\w'.-]+(?: [\w'.-]+)??)"
    r"(?: (?:still|already|fully|really|in|at|paid|pay|owe|owes|owing|left|put down|us))*"
    r"(?: (?:on|for|of|with)(?: the| his| her| their| that)?)?\W*$",
    _I,
)
_NOT_OWNER = frozenset(
    {
        "the",
        "a",
        "an",
        "it",
        "this",
        "that",
        "balance",
        "money",
        "stage",
        "status",
        "job",
        "project",
        "contract",
        "deposit",
        "amount",
        "left",
        "much",
        "what",
        "where",
        "we",
        "i",
        "you",
        "us",
        "me",
        "there",
        "here",
        "owed",
        "due",
        "total",
        "price",
        "numbers",
    }
)


def _owner_before(before: str, trade: str) -> str:
    """``trade`` as the job of the customer named just before it, or as said."""
    owner = _OWNER_BEFORE.search(before)
    if owner is None or any(w.lower() in _NOT_OWNER for w in owner["who"].split()):
        return trade
    who = re.sub(r"(?:'s|s')$", "", owner["who"])
    trade = re.sub(r"^(?:the|that|this) ", "", trade, flags=_I)
    if who.lower() in _PRONOUN_SLOTS | {"she", "he", "they"}:
        return f"their {trade}"
    return f"{who} {trade}"


def trade_off_stage(slots: dict[str, str]) -> dict[str, str]:
    """A stage move's values with a trade said after the stage given to the job: "push
    Duffy to contract signed on the roof" moves the Duffy roof to Contract Signed."""
    stage_and_trade = _STAGE_THEN_TRADE.match(slots.get("stage", ""))
    if stage_and_trade is None or not slots.get("job"):
        return slots
    job = _with_trade_said_apart(slots["job"], f"on the {stage_and_trade['trade']}", None)
    return slots | {"stage": stage_and_trade["stage"], "job": job}


def _with_trade_said_apart(job: str, text: str, m: re.Match[str] | None) -> str:
    """ "what does Keller still owe on the gutters": the Keller gutter job, not Keller's
    only job — a trade said outside every value the rule read is the job's trade."""
    bare = _BARE_TRADE.match(job)
    if bare and m is not None:  # "how much has Duffy paid on the windows": Duffy's window job
        key = next(k for k, v in m.groupdict().items() if v and k.rstrip("0123456789") == "job")
        return _owner_before(text[: m.start(key)], job)
    if any(w.lower() in TRADES or w.lower().rstrip("s") in TRADES for w in job.split()):
        return job
    taken = [] if m is None else [m.span(k) for k, v in m.groupdict().items() if v is not None]
    for said in _TRADE_APART.finditer(text):
        if any(start < said.end() and said.start() < end for start, end in taken):
            continue  # inside a note's words or a stage's name: not the job's trade
        trade = said["trade"].lower()
        return (
            f"their {trade}"
            if job.lower() in _PRONOUN_SLOTS | {"she", "he", "they"}
            else (f"{job} {trade}")
        )
    return job


TRADES = frozenset(
    {"roof", "roofing", "siding", "window", "windows", "gutter", "gutters", "door", "doors"}
)


def trade_as_meant(said: str, meant: str) -> str:
    """A job named as typed ("Whitaker wndw"), with a trade word as the typo reading
    meant it ("Whitaker window"): the CRM knows the trade, not the typo."""
    typed, fixed = said.split(), meant.split()
    if len(typed) != len(fixed):
        return said
    return " ".join(f if f in TRADES else t for t, f in zip(typed, fixed, strict=True))


def read_frame(message: str) -> Intent | None:
    """A question about a named job that no rule knows ("Keller job money?"), read as a
    lookup of that job's topic (``frames``). Asked after follow-ups, which it would swallow."""
    fixed = correct(message, VOCABULARY, PROTECTED)
    frame = job_topic(fixed.text.strip()) or bare_topic(fixed.text.strip())
    if frame is None:
        return None
    offset = len(fixed.text) - len(fixed.text.lstrip())
    start, end = frame.job
    slot = "who" if frame.intent in ("customer_phone", "customer_email") else "job"
    said = fixed.restore(start + offset, end + offset)
    said = (
        trade_as_meant(said, fixed.text[start + offset : end + offset]) if slot == "job" else said
    )
    return Intent(frame.intent, {slot: said})


# "oh that's her already, never mind": a short remark that ends by dropping it.
_CANCEL_AT_END = re.compile(  # "wait she's already in there under her husband, cancel"
    r"^[\w ,.'!-]{0,80}[,.;!-]\s*(?:so |just |ok |okay )?(?:never ?mind|nvm|forget it|"
    r"cancel(?: it| that| this| the whole thing)?|scratch that|drop it|scrap (?:it|that))\W*$",
    _I,
)


def cancels(message: str) -> bool:
    """ "cancel", "um never mind cancel that", "nvm cancle": drop whatever is open."""
    text = correct(message, VOCABULARY, PROTECTED).text.strip()
    return CANCEL.pattern.match(text) is not None or _CANCEL_AT_END.match(text) is not None


# Where a run-on message may hold a second request: "… and what stage is it in", "…? who's
# the rep", "…, also text her …".
_JOINER = re.compile(
    r"(?:\s*[,;]\s*|\s+)(?:(?:and|also|plus|then|oh and|and also|and then|&)\s+)+|[?.!]+\s+", _I
)
# How a second request opens: a question, or a command to do something.
_SECOND_ASK = re.compile(
    r"^\W*(?:(?:can you|could you|please|pls|can i get|and)\s+)?(?:what|what's|whats|who|who's|"
    r"whos|when|when's|where|where's|how|how's|is|are|does|do|did|has|have|any|which|"
    r"text|txt|email|e-mail|book|schedule|set up|remind|add|move|push|put|show|give|"
    r"tell me|pull up|list|find|look up|send|shoot|create|make|note|log|mark|get me)\b",
    _I,
)
_ALSO = re.compile(r"\b(?:and|also|plus)\b|&", _I)  # said before a bare second topic
_NOT_SECOND = frozenset({"greeting", "thanks", "goodbye", "wellbeing", "identity", "unsupported"})


def unread_ask(message: str, name: str) -> str | None:
    """The part of a run-on message that no rule reads, when the message was read by its
    first part alone ("what stage is Keller in and did the permit come in" answers the
    stage; "did the permit come in" is offered back, never silently dropped)."""
    if name in _WORDS_OF_THEIR_OWN:
        return None
    for m in _JOINER.finditer(message):
        left, right = message[: m.start()].strip(), message[m.end() :].strip()
        if len(left.split()) < 2 or len(right.split()) < 4 or not _SECOND_ASK.match(right):
            continue  # "…, and who does what?" goes with the first
        first = read(left)
        if first is not None and first.name == name and read(right) is None:
            return right.rstrip(" ?.!")
    return None


# A text's, an email's, a note's or a memory's words are its own, "and did …" included.
_WORDS_OF_THEIR_OWN = frozenset(
    {"send_text", "send_email", "add_note", "remember", "forget", "create_task", "new_customer"}
    | {"sales_script", "book_appointment"}
)


def two_asks(message: str) -> tuple[str, str] | None:
    """A run-on message that asks two things ("what's the balance on the Ochoa job and
    what stage is it in"), split where the second begins, when both read as requests —
    the second may be just its topic after "and" / "also" ("balance on Ochoa, also her
    phone", "Keller stage and the rep")."""
    for m in _JOINER.finditer(message):
        left, right = message[: m.start()].strip(), message[m.end() :].strip()
        if len(left.split()) < 2 or not right:
            continue
        topic = _ALSO.search(m[0]) is not None and topic_only(right.lower()) is not None
        if not topic and (len(right.split()) < 2 or not _SECOND_ASK.match(right)):
            continue
        second, first = read(right) or (Intent("topic") if topic else None), read(left)
        if first is None or second is None or second.name in _NOT_SECOND - {"unsupported"}:
            continue  # "… and can you order the samples": the first answered, the second not done
        if first.name in _NOT_SECOND:
            continue
        return left, right
    return None
