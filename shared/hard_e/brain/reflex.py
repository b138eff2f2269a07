"""The reflex brain: answers without a language model, from rules it is sure about.

It serves when no Claude key is set or Claude fails, and as the fast path for drafts.
Each rule is an intent pattern plus an async handler that may call tools — through the
same gated tool belt as Claude, so safety tiers apply identically. It says plainly what
it can't do offline.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from hard_e.brain.drafts import (
    NewCustomerDraft,
    SalesScriptDraft,
    keep_draft,
    open_draft,
)
from hard_e.brain.extractive import extractive_answer
from hard_e.brain.extractive import terms as question_terms
from hard_e.brain.port import Brain, BrainReply, TextSink, ToolOutcome, Turn
from hard_e.brain.prompts import possessive
from hard_e.brain.scripts import ScriptRequest, ScriptWriter, TemplateScriptWriter

_I = re.IGNORECASE


@dataclass
class Act:
    """What one reflex turn did: tool calls made and approvals raised along the way."""

    turn: Turn
    writer: ScriptWriter = field(default_factory=TemplateScriptWriter)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)

    async def tool(self, name: str, args: dict[str, Any]) -> ToolOutcome:
        outcome = await self.turn.tools.run(name, args)
        status = "pending_approval" if outcome.approval else ("error" if outcome.is_error else "ok")
        self.tool_calls.append({"name": name, "input": args, "status": status})
        if outcome.approval:
            self.approvals.append(outcome.approval)
        return outcome


Handler = Callable[[Act, re.Match[str]], Awaitable[str]]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handle: Handler


def _first_name(turn: Turn) -> str:
    return turn.speaker.name.split()[0] if turn.speaker.name.strip() else "there"


def _job_ref(text: str) -> str:
    text = re.sub(r"^(the|a|an|my)\s+", "", text.strip(), flags=_I)
    text = re.sub(r"('s|’s)?\s+(job|project)$", "", text, flags=_I)
    return re.sub(r"('s|’s)$", "", text).strip(" ?.!,")


def _failed(outcome: ToolOutcome) -> str:
    return str(outcome.content).rstrip(".") + "."


# --- conversation ------------------------------------------------------------------


async def _greeting(act: Act, m: re.Match[str]) -> str:
    turn = act.turn
    again = " again" if any(x.role == "assistant" for x in turn.history) else ""
    return (
        f"Hey {_first_name(turn)}, good to hear from you{again}. I'm Hard-E, "
        f"{possessive(turn.tenant.name)} sales director. What are you working on?"
    )


async def _capabilities(act: Act, m: re.Match[str]) -> str:
    return (
        f"I'm Hard-E, {possessive(act.turn.tenant.name)} AI sales director. I can look up "
        "customers and jobs, tell you a job's stage, move jobs through your workflow, add "
        "notes, summarise the pipeline, list upcoming appointments, set up a new customer, "
        "answer product questions from your documents, and write sales scripts. Anything "
        "that commits the company waits for approval. "
        "Right now I'm running without my language model, so keep requests simple, like "
        '"what stage is the Henderson job in?"'
    )


async def _identity(act: Act, m: re.Match[str]) -> str:
    return (
        f"I'm Hard-E, the AI sales director for {act.turn.tenant.name}. Reps talk or type to "
        "me to look things up, act in the CRM and sharpen their pitch."
    )


async def _wellbeing(act: Act, m: re.Match[str]) -> str:
    return f"Doing well and ready to sell, {_first_name(act.turn)}. What can I help you close?"


async def _thanks(act: Act, m: re.Match[str]) -> str:
    return f"Anytime, {_first_name(act.turn)}. Go get that signature."


async def _goodbye(act: Act, m: re.Match[str]) -> str:
    return f"Talk soon, {_first_name(act.turn)}. Good luck out there."


# --- CRM -----------------------------------------------------------------------------


def _say_job_stage(job: dict[str, Any]) -> str:
    since = f", since {job['stage_since'][:10]}" if job.get("stage_since") else ""
    return f"The {job['name']} job (#{job['number']}) is in {job['stage'] or 'no stage'}{since}."


def _say_move(result: dict[str, Any]) -> str:
    if not result["changed"]:
        return f"The {result['job']['name']} job is already in {result['to']}."
    return f"Done: the {result['job']['name']} job moved from {result['from']} to {result['to']}."


def _say_note(result: dict[str, Any]) -> str:
    return f'Noted on the {result["job"]} job: "{result["note"]["text"]}"'


def _say_overview(o: dict[str, Any]) -> str:
    job, money = o["job"], o["financials"]
    parts = [f"{job['name']} (#{job['number']}) is in {job['stage'] or 'no stage'}."]
    if o.get("customer"):
        c = o["customer"]
        phone = c["phones"][0]["number"] if c["phones"] else "no phone on file"
        parts.append(f"Customer: {c['name']}, {phone}.")
    if o["appointments"]:
        visits = "; ".join(a["title"] + " " + a["start"][:16] for a in o["appointments"][:3])
        parts.append(f"Appointments: {visits}.")
    parts.append(
        f"Contract ${money['contract_amount']:,.0f}, received ${money['received']:,.0f}, "
        f"balance due ${money['balance_due']:,.0f}."
    )
    if o["notes"]:
        parts.append(f'Latest note: "{o["notes"][0]["text"]}"')
    return " ".join(parts)


SAY: dict[str, Callable[[Any], str]] = {
    "get_job": _say_job_stage,
    "move_job_stage": _say_move,
    "add_job_note": _say_note,
    "job_overview": _say_overview,
}


async def _call(act: Act, tool: str, args: dict[str, Any]) -> str:
    """Run a tool and say its result; when it needs a choice, ask and remember the call."""
    outcome = await act.tool(tool, args)
    choice = outcome.choice
    if choice is not None and choice.values:
        act.turn.state[CHOICE] = {
            "tool": tool,
            "args": args,
            "field": choice.field,
            "options": choice.options,
            "values": choice.values,
        }
        return (
            f"{choice.question} "
            + " or ".join(
                [", ".join(choice.options[:-1]), choice.options[-1]]
                if len(choice.options) > 1
                else choice.options
            )
            + "?"
        )
    if outcome.is_error:
        return _failed(outcome)
    return SAY[tool](outcome.content)


async def _job_stage(act: Act, m: re.Match[str]) -> str:
    return await _call(act, "get_job", {"job": _job_ref(m["job"])})


async def _move_stage(act: Act, m: re.Match[str]) -> str:
    return await _call(act, "move_job_stage", {"job": _job_ref(m["job"]), "stage": m["stage"]})


async def _add_note(act: Act, m: re.Match[str]) -> str:
    return await _call(act, "add_job_note", {"job": _job_ref(m["job"]), "note": m["note"].strip()})


async def _job_overview(act: Act, m: re.Match[str]) -> str:
    return await _call(act, "job_overview", {"job": _job_ref(m["job"])})


async def _pipeline(act: Act, m: re.Match[str]) -> str:
    outcome = await act.tool("pipeline_summary", {})
    if outcome.is_error:
        return _failed(outcome)
    rows = [f"{r['stage']}: {r['jobs']}" for r in outcome.content["stages"]]
    return f"{outcome.content['total_jobs']} jobs in the pipeline. " + "; ".join(rows) + "."


async def _appointments(act: Act, m: re.Match[str]) -> str:
    outcome = await act.tool("list_appointments", {"days_ahead": 7})
    if outcome.is_error:
        return _failed(outcome)
    items = outcome.content["appointments"]
    if not items:
        return "Nothing on the calendar for the next seven days."
    lines = [
        f"{a['start'][:16]} {a['title']}" + (f" with {a['customer']}" if a["customer"] else "")
        for a in items[:8]
    ]
    more = f" And {len(items) - 8} more." if len(items) > 8 else ""
    return f"{len(items)} appointments in the next seven days: " + "; ".join(lines) + "." + more


async def _find_customer(act: Act, m: re.Match[str]) -> str:
    name = m["name"].strip(" ?.!")
    outcome = await act.tool("search_customers", {"query": name, "limit": 5})
    if outcome.is_error:
        return _failed(outcome)
    found = outcome.content["customers"]
    if not found:
        answer = extractive_answer(act.turn.message, act.turn.knowledge)
        return answer or f"No customer matching {name}."
    lines = [
        f"{c['name']} (#{c['id']}, {c['phones'][0]['number'] if c['phones'] else 'no phone'})"
        for c in found
    ]
    return f"Found {outcome.content['total']}: " + "; ".join(lines) + "."


async def _find_job(act: Act, m: re.Match[str]) -> str:
    keyword = _job_ref(m["job"])
    outcome = await act.tool("search_jobs", {"keyword": keyword, "limit": 5})
    if outcome.is_error:
        return _failed(outcome)
    jobs = outcome.content["jobs"]
    if not jobs:
        return f"No job matching {keyword}."
    return "Found: " + "; ".join(f"{j['name']} (#{j['number']}, {j['stage']})" for j in jobs) + "."


# --- drafts --------------------------------------------------------------------------


async def _new_customer(act: Act, m: re.Match[str]) -> str:
    draft = NewCustomerDraft.start(act.turn.message)
    return await _advance_customer(act, draft, None)


async def _advance_customer(act: Act, draft: NewCustomerDraft, complaint: str | None) -> str:
    question = draft.next_question()
    if question is not None:
        keep_draft(act.turn.state, draft)
        return f"{complaint} {question}" if complaint else question
    keep_draft(act.turn.state, None)
    outcome = await act.tool("create_customer", draft.tool_input())
    if outcome.is_error:
        return _failed(outcome)
    summary = outcome.approval["summary"] if outcome.approval else "the new customer"
    return f"Ready: {summary}. That needs approval — say yes to create it, or no to cancel."


async def _sales_script(act: Act, m: re.Match[str]) -> str:
    draft = SalesScriptDraft.start(act.turn.message)
    return await _advance_script(act, draft, None)


async def _advance_script(act: Act, draft: SalesScriptDraft, complaint: str | None) -> str:
    question = draft.next_question()
    if question is not None:
        keep_draft(act.turn.state, draft)
        return f"{complaint} {question}" if complaint else question
    keep_draft(act.turn.state, None)
    request = ScriptRequest(
        customer=draft.data["customer"],
        product=draft.data["product"],
        key_points=list(draft.data.get("key_points", [])),
        variant=draft.data["variant"],
        rep_name=act.turn.speaker.name,
    )
    return await act.writer.write(request, act.turn.tenant)


async def _remember(act: Act, m: re.Match[str]) -> str:
    said = m["text"].strip().rstrip(".!")
    personal = bool(re.match(r"(i|i'm|i am|my|me)\b", said, _I))
    outcome = await act.tool("remember", {"text": said, "personal": personal})
    if outcome.is_error:
        return _failed(outcome)
    if outcome.content["outcome"] == "already known":
        return f"I already knew that: {said}."
    if outcome.content["outcome"] == "updated":
        return f"Got it, I've updated what I knew: {said}."
    return f"Got it. I'll remember: {said}."


async def _forget(act: Act, m: re.Match[str]) -> str:
    outcome = await act.tool("forget", {"what": m["text"].strip().rstrip(".!")})
    if outcome.is_error:
        return _failed(outcome)
    return f"Done, I won't use that any more: {outcome.content['forgotten']}"


async def _recall(act: Act, m: re.Match[str]) -> str:
    outcome = await act.tool("recall_memory", {"query": (m["text"] or "").strip(" ?.")})
    if outcome.is_error:
        return _failed(outcome)
    found = outcome.content["memories"]
    if not found:
        return "Nothing on that yet. Tell me and I'll remember it."
    return "Here's what I know: " + " ".join(f"{x['text'].rstrip('.')}." for x in found[:5])


async def _search(act: Act) -> list[dict[str, Any]]:
    """The documents, searched when nothing else understood the message."""
    outcome = await act.tool("search_knowledge", {"query": act.turn.message[:500]})
    if outcome.is_error:
        return []
    return [r for r in outcome.content["results"] if r["score"] > 0]


def memory_answer(question: str, memories: list[dict[str, Any]]) -> str | None:
    """A remembered fact that plainly answers the question, if there is one."""
    asked = question_terms(question)
    best = max(
        ((len(asked & question_terms(m["text"])), m) for m in memories if m.get("active", True)),
        key=lambda pair: pair[0],
        default=(0, None),
    )
    if best[1] is None or best[0] < 2:
        return None
    return f"From what your team told me: {best[1]['text'].rstrip('.')}."


_JOB = r"(?P<job>[\w'’ #&.-]+?)"

RULES: list[Rule] = [
    Rule(
        "remember",
        re.compile(r"^\W*(please )?(remember|note|keep in mind) (that )?(?P<text>.{3,})$", _I),
        _remember,
    ),
    Rule(
        "forget",
        re.compile(r"^\W*(please )?forget (that |about |the )?(?P<text>.{2,})$", _I),
        _forget,
    ),
    Rule(
        "recall",
        re.compile(
            r"^\W*what do you (know|remember)( about (?P<text>.+?))?\W*$|"
            r"^\W*what did i (tell|say to) you\W*$",
            _I,
        ),
        _recall,
    ),
    Rule(
        "new_customer",
        re.compile(
            r"\b(create|add|new|set up|enter|make)\b( a| an)?( new)? (customer|client|homeowner)\b",
            _I,
        ),
        _new_customer,
    ),
    Rule(
        "sales_script",
        re.compile(r"\b(write|draft|make|create|need|give me)\b.{0,20}\bscript\b", _I),
        _sales_script,
    ),
    Rule(
        "add_note",
        re.compile(
            r"^\W*(please )?(add|put|leave|make|log) (a )?note (to|on|for) (the )?"
            + _JOB
            + r"(?:'s|’s)?( job)?\s*(:|,|-|—|saying|that says|that)\s*(?P<note>.+)$",
            _I | re.DOTALL,
        ),
        _add_note,
    ),
    Rule(
        "move_stage",
        re.compile(
            r"^\W*(please )?(move|push|advance|bump|put|set|change) (the )?"
            + _JOB
            + r"(?:'s|’s)?( job)? (stage )?(to|into|in|over to) (the )?(?P<stage>[\w'’ &/-]+?)"
            r"( stage| column)?\W*$",
            _I,
        ),
        _move_stage,
    ),
    Rule(
        "job_stage",
        re.compile(
            r"(what(?:'s| is) the (?:stage|status) (?:of|for|on) (?:the )?"
            + _JOB
            + r"(?: job)?\W*$"
            r"|what stage is (?:the )?(?P<job2>[\w'’ #&.-]+?)(?: job)? (?:in|at|on)\W*$"
            r"|where(?:'s| is) (?:the )?(?P<job3>[\w'’ #&.-]+?) job "
            r"(?:at|in the (?:pipeline|workflow))\W*$)",
            _I,
        ),
        _job_stage,
    ),
    Rule(
        "job_overview",
        re.compile(
            r"((give me|show me|pull up|get me)( an?)? )?(overview|rundown|run-down|summary|"
            r"everything|the scoop) (of|on|for|about) (the )?" + _JOB + r"( job)?\W*$"
            r"|tell me about (the )?(?P<job4>[\w'’ #&.-]+?) job\W*$",
            _I,
        ),
        _job_overview,
    ),
    Rule(
        "pipeline",
        re.compile(r"\bpipeline\b|jobs (are )?in each stage|how many jobs", _I),
        _pipeline,
    ),
    Rule(
        "appointments",
        re.compile(
            r"\b(upcoming|next|my) appointments?\b|\bappointments?\b.*\b(week|coming up|today|"
            r"tomorrow)\b|what'?s (on )?(my|the) (calendar|schedule)|\bcalendar\b",
            _I,
        ),
        _appointments,
    ),
    Rule(
        "find_job",
        re.compile(
            r"^\W*(find|look up|lookup|search for|pull up) (the )?" + _JOB + r" job\W*$", _I
        ),
        _find_job,
    ),
    Rule(
        "find_customer",
        re.compile(
            r"^\W*(find|look up|lookup|search for|pull up|who is) (the )?(customer|client|"
            r"homeowner)? ?(?P<name>[a-z][\w'’ .-]*?)\W*$",
            _I,
        ),
        _find_customer,
    ),
    Rule(
        "capabilities",
        re.compile(
            r"\b(what (can|do) you do|what are you able|how can you help|help me out|"
            r"^\W*help\W*$|your (skills|features|capabilities))",
            _I,
        ),
        _capabilities,
    ),
    Rule("identity", re.compile(r"\b(who|what) are you\b", _I), _identity),
    Rule(
        "wellbeing",
        re.compile(r"\bhow('?s| is| are)? (it going|you|things|your day)\b", _I),
        _wellbeing,
    ),
    Rule(
        "greeting",
        re.compile(r"^\W*(hi|hello|hey|howdy|yo|good (morning|afternoon|evening)|hiya)\b", _I),
        _greeting,
    ),
    Rule("thanks", re.compile(r"\b(thanks|thank you|thx|appreciate it)\b", _I), _thanks),
    Rule(
        "goodbye",
        re.compile(r"^\W*(bye|goodbye|see you|see ya|later|talk (soon|later)|that'?s all)\b", _I),
        _goodbye,
    ),
]

CHOICE = "choice"
# "one" is left out on purpose: "the roof one" names an option, it does not count.
_ORDINALS = {
    word: i
    for i, words in enumerate(
        [
            ("first", "1st", "1"),
            ("second", "2nd", "two", "2"),
            ("third", "3rd", "three", "3"),
            ("fourth", "4th", "four", "4"),
            ("fifth", "5th", "five", "5"),
            ("sixth", "6th", "six", "6"),
        ]
    )
    for word in words
}


def pick_option(message: str, options: list[str], values: list[str]) -> str | None:
    """Which option an answer like "the second one" or "install underway" names, if any."""
    words = re.findall(r"[a-z0-9#-]+", message.lower())
    if not words:
        return None
    if "last" in words:
        return values[-1]
    ordinal = [_ORDINALS[w] for w in words if w in _ORDINALS]
    if len(words) <= 3 and ordinal and ordinal[0] < len(values):
        return values[ordinal[0]]
    said = set(words) - {"the", "one", "a", "job", "stage", "please", "that", "to"}
    scores = []
    for option, value in zip(options, values, strict=True):
        option_words = set(re.findall(r"[a-z0-9#-]+", option.lower())) | {value.lower()}
        scores.append((len(said & option_words), value))
    scores.sort(key=lambda x: -x[0])
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


_CANCEL = re.compile(r"^\W*(cancel|stop|forget it|never ?mind|scratch that)\W*$", _I)


class ReflexBrain(Brain):
    name = "reflex"

    def __init__(
        self, rules: list[Rule] | None = None, *, script_writer: ScriptWriter | None = None
    ) -> None:
        self._rules = rules if rules is not None else RULES
        self._writer = script_writer or TemplateScriptWriter()

    def match(self, message: str) -> Rule | None:
        return next((r for r in self._rules if r.pattern.search(message)), None)

    def has_draft(self, turn: Turn) -> bool:
        return open_draft(turn.state) is not None

    def is_sure(self, turn: Turn) -> bool:
        """True when the fast path should answer even with Claude available."""
        rule = self.match(turn.message)
        return (
            self.has_draft(turn)
            or CHOICE in turn.state
            or (rule is not None and rule.name in ("new_customer", "sales_script"))
        )

    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        act = Act(turn, self._writer)
        text = await self._answer(act)
        if on_text is not None:
            await on_text(text)
        return BrainReply(
            text=text, brain=self.name, tool_calls=act.tool_calls, approvals=act.approvals
        )

    async def _answer(self, act: Act) -> str:
        turn = act.turn
        draft = open_draft(turn.state)
        if draft is not None:
            if _CANCEL.match(turn.message):
                keep_draft(turn.state, None)
                return "Okay, dropped it."
            complaint = draft.absorb(turn.message)
            if isinstance(draft, NewCustomerDraft):
                return await _advance_customer(act, draft, complaint)
            return await _advance_script(act, draft, complaint)
        pending = turn.state.pop(CHOICE, None)
        if pending is not None:
            picked = pick_option(turn.message, pending["options"], pending["values"])
            if picked is not None:
                return await _call(
                    act, pending["tool"], pending["args"] | {pending["field"]: picked}
                )
        rule = self.match(turn.message)
        if rule is None:
            found = memory_answer(turn.message, turn.memories) or extractive_answer(
                turn.message, turn.knowledge or await _search(act)
            )
            if found is not None:
                return found
            return (
                f"Sorry {_first_name(turn)}, I can't handle that one yet: I'm running without "
                "my language model, so I only understand simple, clear requests. Ask me what "
                "I can do to see the options."
            )
        match = rule.pattern.search(turn.message)
        assert match is not None
        return await rule.handle(act, _merge_alternates(match))


def _merge_alternates(m: re.Match[str]) -> re.Match[str]:
    """Patterns with alternatives name their groups job, job2…; expose whichever matched."""
    groups = m.groupdict()
    if groups.get("job") is None:
        for alt in ("job2", "job3", "job4"):
            if groups.get(alt):
                return _Groups(groups | {"job": groups[alt]})  # type: ignore[return-value]
    return m


class _Groups(dict[str, Any]):
    def __getitem__(self, key: Any) -> Any:
        return super().get(key)

    def groupdict(self) -> dict[str, Any]:
        return dict(self)
