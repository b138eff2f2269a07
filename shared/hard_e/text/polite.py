"""The request inside the manners: "could you send Linda a text …" asks to text Linda.

Reps wrap a request in politeness, hedges and speech ("would you mind emailing John …",
"I need you to move …", "any chance you could …", "so yeah um …"); the wrapper says
nothing about what is wanted. ``unwrap`` takes it off the front and the back, in the
person's own words and case, and turns the "-ing" a wrapper leaves behind ("mind
*emailing*") back into the plain verb. One place, so every reader agrees on it.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Said before a request, in any order and any number: sounds, discourse words, the name.
_SPEECH = (
    r"(?:(?:i'?m )?sorry|i hate) to (?:bug|bother|trouble|pester|interrupt) you(?: again)?"
    r"(?:,? but)?|(?:i )?hope (?:you'?re|you are|all is|everything'?s) (?:doing )?(?:well|good|"
    r"ok|okay|alright|all right|great)(?: today)?|"
    r"yeah|yep|yes|hey|hi|so|ok|okay|alright|all right|um+|uh+|er+m?|hmm+|well|oh|right|"
    r"listen(?=,)|look(?=,)|quick question|real quick|question for you|hard[- ]?e|basically|"
    r"actually|like|you know|i mean|sorry|excuse me|hey there|one more thing|"
    r"one more|also|and|eh|ah|"
    r"quick one|got a (?:sec|second|minute)\??|"
    r"while i (?:have|got) you|before i forget|one quick thing|random question"
)
# A request put politely: what is wanted follows.
_ASKING = (
    r"(?:could|can|would|will|won't|wont) (?:you|u|ya)(?: please| pls| maybe| possibly| "
    r"quickly| just| go ahead and)*(?: be able to| be so kind as to)?|"
    r"(?:would|do) you mind(?: if you)?|mind|any chance (?:you could|you can|of you)|"
    r"is there (?:any )?(?:way|chance) (?:you could|you can|to)|is it possible (?:for you )?to|"
    r"(?:i|we) (?:need|want|would like|'d like|'d love|would love) (?:you|ya) to|"
    r"i(?:'d| would) (?:like|love) it if you(?: could)?|"
    r"i(?: was| am|'m) (?:hoping|wondering if|wondering whether) (?:you|u) (?:could|can|would|"
    r"might)|(?:can|could|may) i (?:ask|get) you to|do me a (?:favou?r|solid) and|"
    r"be a (?:pal|champ|doll) and|help me(?: out)?(?: and)?|go ahead and|please|pls|plz|"
    r"kindly|just|quickly|quick|if you could|if you can|try to|let'?s|"
    r"would it be (?:too much|possible|ok|okay|alright)(?: trouble)?(?: to ask)?"
    r"(?: (?:you )?to| for)?|"
    r"if it'?s not too much (?:trouble|to ask)|i(?:'d| would) (?:really )?appreciate it if you "
    r"(?:could|can|would)|(?:i(?:'d| would) be|i'?m) (?:very |really |so )?(?:grateful|thankful)"
    r" if you (?:could|can|would)|it(?:'d| would) be (?:great|good|nice|helpful|awesome) if "
    r"you (?:could|can|would)|when(?:ever)? you (?:get|have) a (?:sec|second|minute|moment|chance)"
)
# A question asked about a question ("do you know who …", "I was wondering what …").
_WONDERING = (
    r"do you (?:know|happen to know|remember)(?: offhand)?|any idea|you got any idea|"
    r"i(?: was| am|'m) (?:wondering|curious)(?: about)?|i wonder|wondering|curious|"
    r"(?:can|could|would) (?:you|u) (?:tell|let) me(?: know)?|tell me|let me know|"
    r"(?:can|could|would) (?:you|u) (?:check|find out|see|figure out)(?: for me)?|"
    r"check(?: for me)?|find out|see if you can (?:find out|tell me)"
)
# A need stated about oneself: what follows is the thing needed ("I'm gonna need her cell").
_NEEDING = (
    r"(?:i|we)(?:'m| am| are|'re) (?:gonna|going to) need|(?:i|we)(?:'ll| will) need|"
    r"(?:i|we) (?:need|want|gotta have|could use)(?! to\b)|"
    r"(?:can|could|may) (?:i|we) (?:get|have|grab|see)|(?:let me|lemme) (?:get|have|grab|see)|"
    r"(?:give|get|grab|find) me"
)
_OPENING = re.compile(
    r"^\W*(?:(?:" + _SPEECH + "|" + _ASKING + "|" + _WONDERING + r")(?:[\s,.!:;-]+|$))+",
    _I,
)
# A hedge or a purpose said first ("I might have made a mistake, but …", "I'm trying to
# plan my week, could you …"): the request follows it.
_ASIDE = re.compile(
    r"^\W*(?:(?:i'?m not sure|not sure|i don'?t know if|i might|i may|i could be wrong|"
    r"this (?:might|may) (?:be|sound)|it might be|forgive me|i'?m (?:a (?:little|bit) )?"
    r"(?:embarrassed|confused|worried|nervous))[^,.?!;]{0,50}?,?\s+but\b|"
    r"(?:i'?m|i am|we'?re|we are) (?:trying|about|getting ready|planning|heading out) to "
    r"[^,.?!;]{1,40},\s*(?=(?:could|can|would|will|please|what|when|who|is|are|do)\b))[\s,]*",
    _I,
)
# A clause that sets the scene before the request ("Now that the huddle is done, what …",
# "Given all that, who …", "Quick one before the huddle: is …"). Never a condition ("once
# the permit is in, move …" asks for nothing yet), so never "once", "when", "if", "after".
_LEAD_CLAUSE = re.compile(
    r"^\W*(?:now that|given|with|since|as|before|for my (?:own )?(?:notes|records|file)|"
    r"in that case|on that note|that said|quick one|one quick thing|next|first(?:ly)?|"
    r"for (?:the|my|our) (?:huddle|meeting|call|records|notes))\b[^,:;?.!]{0,50}[,:;]\s*"
    r"(?=(?:what|what's|whats|who|who's|whos|how|how's|hows|is|are|was|were|do|does|did|can|"
    r"could|would|will|which|where|when|please|i'd like|i would like|i need)\b)",
    _I,
)
_NEED = re.compile(r"^\W*(?:" + _NEEDING + r")\s+", _I)
_CLOSING = re.compile(
    r"(?:[\s,;.!-]+(?:please|pls|plz|thanks|thank you|thx|for me|if you can|if you could|"
    r"if (?:that'?s|that is|it'?s) (?:alright|all right|ok|okay|fine|cool)|"
    r"if possible|if you don'?t mind|when you (?:get|have) a (?:sec|second|minute|chance)|"
    r"when you can|real quick|quick|asap|by any chance|do you know|you think|would you|"
    r"could you|can you|will you|ok|okay|right|yeah|man|buddy|boss|bud|again|"
    r"and thanks|please and thank you|while i'?m thinking (?:of|about) it|before i forget|"
    r"while i remember|(?:that|it) would (?:really |sure )?help(?: me)?(?: out)?(?: a lot)?|"
    r"(?:that|it) would be (?:great|awesome|perfect|helpful|amazing)|if you get a (?:sec|second|"
    r"minute|chance)|when you get a chance|if that'?s ok(?:ay)?|appreciate it|rn|atm|tho|"
    r"lol))+\W*$",
    _I,
)
# The plain verb a polite "-ing" stands for ("would you mind emailing" → "email").
_GERUNDS = {
    "adding": "add",
    "booking": "book",
    "bumping": "bump",
    "calling": "call",
    "checking": "check",
    "creating": "create",
    "dropping": "drop",
    "emailing": "email",
    "e-mailing": "e-mail",
    "finding": "find",
    "getting": "get",
    "giving": "give",
    "jotting": "jot",
    "letting": "let",
    "logging": "log",
    "looking": "look",
    "making": "make",
    "marking": "mark",
    "messaging": "message",
    "moving": "move",
    "noting": "note",
    "pulling": "pull",
    "pushing": "push",
    "putting": "put",
    "reminding": "remind",
    "scheduling": "schedule",
    "sending": "send",
    "setting": "set",
    "shooting": "shoot",
    "showing": "show",
    "telling": "tell",
    "texting": "text",
    "writing": "write",
}
_GERUND = re.compile(r"^(?P<word>" + "|".join(map(re.escape, _GERUNDS)) + r")\b", _I)


# Leave asked of Hard-E, never a message's words ("email Sandra, if that's alright").
_BY_YOUR_LEAVE = re.compile(
    r"^\W*(?:if (?:that'?s|that is|it'?s|it is) (?:alright|all right|ok|okay|fine|cool)"
    r"(?: with you)?|if you don'?t mind|if you (?:can|could)|when(?:ever)? you (?:get|have) a "
    r"(?:sec|second|minute|moment|chance)|if possible|when you can)\W*$",
    _I,
)


def only_leave(text: str) -> bool:
    """Whether ``text`` only asks leave ("if that's alright", "when you get a chance"): no
    message's words, when it is all that follows "email Sandra Vasquez,"."""
    return bool(_BY_YOUR_LEAVE.match(text))


def unwrap(message: str) -> str:
    """``message`` without its polite or spoken wrapper (the same text when it has none).
    What is left is never empty: a message that is all wrapper ("could you?") stays."""
    text = message.strip()
    for _ in range(3):  # "so um, could you maybe do me a favor and …"
        before = text
        aside = _ASIDE.match(text) or _LEAD_CLAUSE.match(text)
        if aside and len(text[aside.end() :].split()) >= 3:
            text = text[aside.end() :].strip()
        opening = _OPENING.match(text)
        if opening and text[opening.end() :].strip():
            text = text[opening.end() :].strip()
        need = _NEED.match(text)
        if need and len(text[need.end() :].split()) >= 2:
            text = text[need.end() :].strip()
        closing = _CLOSING.search(text)
        if closing and text[: closing.start()].strip():
            text = text[: closing.start()].strip()
        if text == before:
            break
    gerund = _GERUND.match(text)
    if gerund and text != message.strip():
        text = _GERUNDS[gerund["word"].lower()] + text[gerund.end() :]
    return text or message
