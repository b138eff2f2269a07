"""What the reflex brain does for each intent: the tool calls, and the words it says.

Every handler takes the turn's ``Act`` and the ``Intent`` the rules read, calls tools
through the same gated belt Claude uses (so tiers, approvals and audit apply the same),
and returns the reply. When a value is missing it asks for it (``Act.ask``); when several
records fit it asks which (``Act.choose``); the brain carries both to the next turn.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jellyfish import metaphone
from rapidfuzz import fuzz

from hard_e.brain.names import near_name, near_names, typo_names
from hard_e.brain.new_time import new_start
from hard_e.brain.port import ToolOutcome, Turn
from hard_e.brain.prompts import possessive
from hard_e.brain.rewording import letter
from hard_e.brain.rules import PROTECTED, VOCABULARY, Intent
from hard_e.brain.scripts import ScriptWriter, TemplateScriptWriter
from hard_e.crm.models import Stage
from hard_e.memory.guards import secret_in
from hard_e.text import STOP_WORDS, correct, family_singular, terms
from hard_e.text.dates import (
    CHAT_DAY,
    WEEKDAYS,
    Span,
    clock_time,
    day_span,
    find_day,
    find_time,
    local_now,
    next_day_unclear,
    say_day,
    say_time,
)
from hard_e.text.english import is_everyday
from hard_e.text.fuzzy import spelled_out
from hard_e.text.name_span import LEADING, name_ends, name_words
from hard_e.text.polite import only_leave, unwrap
from hard_e.text.recipient import addressed
from hard_e.text.spoken import cardinal_words
from hard_e.text.stage_names import words as stage_words
from hard_e.text.words import word_set
from hard_e.tools.catalogue.resolve import Choice, match_stage

CHOICE = "choice"
ASK = "ask"
LAST = "last"
PICKED = "picked"
CONFIRM = "confirm"
DRAFTED = "drafted"  # the email waiting for its OK: its approval and its words, to change it
DONE_NOW = "done_now"  # a calendar change the last turn made at once: a "yes" to it is told so
TALKED_ABOUT = "appointments"  # in LAST: the ids of the appointments last talked about
_PRONOUNS = frozenset(
    {"it", "that", "this", "him", "her", "his", "their", "them", "they", "same", "she", "he"}
    | {"one"}
    | {"that one", "this one"}
    | {"the job", "the customer", "same one", "that job", "this job"}
)


@dataclass
class Act:
    """What one reflex turn did: tool calls made and approvals raised along the way."""

    turn: Turn
    writer: ScriptWriter = field(default_factory=TemplateScriptWriter)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    intent: str = ""
    took: list[str] = field(default_factory=list)  # names read as close ones, said first
    pick: str = ""  # "… the one in punch list": which job, should the name fit several
    approved_as_shown: list[str] = field(default_factory=list)  # see BrainReply
    replaces: list[str] = field(default_factory=list)  # see BrainReply
    _users: ToolOutcome | None = field(default=None, repr=False)

    @property
    def state(self) -> dict[str, Any]:
        return self.turn.state

    async def tool(self, name: str, args: dict[str, Any]) -> ToolOutcome:
        outcome = await self.turn.tools.run(name, args)
        status = (
            "pending_approval"
            if outcome.approval
            else "choice"
            if outcome.choice is not None
            else "not_found"  # "Keller has no roof job — …": an answer, not a failure
            if _no_job_of_trade(outcome)
            else "error"
            if outcome.is_error
            else "ok"
        )
        self.tool_calls.append({"name": name, "input": args, "status": status})
        if outcome.approval:
            self.approvals.append(outcome.approval)
        return outcome

    async def users(self) -> ToolOutcome:
        """The company's CRM users, looked up once a turn (who is asking, who is named)."""
        if self._users is None:
            self._users = await self.tool("list_company_users", {})
        return self._users

    def ask(self, intent: Intent, slot: str, question: str, *, again: bool = True) -> str:
        """Ask for one missing value; the next message fills it (unless it asks something
        else, which is answered first, and the question asked again — not when ``again`` is
        False: a question only the very next message answers)."""
        self.state[ASK] = {
            "intent": intent.name,
            "slots": intent.slots,
            "slot": slot,
            "question": question if again else "",
        }
        return question

    def choose(
        self, intent: Intent, slot: str, question: str, options: list[str], values: list[str]
    ) -> str:
        """Several fit: ask which; the pick re-runs the intent with that value."""
        self.state[CHOICE] = {
            "intent": intent.name,
            "slots": intent.slots,
            "field": slot,
            "options": options,
            "values": values,
            "question": question,
        }
        return f"{question} {_or_list(options)}?"

    def remember_job(self, job: dict[str, Any]) -> None:
        last = self.state.setdefault(LAST, {})
        last["job"] = job.get("number") or job.get("name")
        surname = str(job.get("name") or "").split()[:1]
        if surname and surname[0] not in str(last.get("family", "")).split():
            last["family"] = surname[0]  # "and the window job?": the same family's other job
            last.pop("who", None)  # "and her cell?" now means this job's customer
        if job.get("customer_id"):  # "his #?": the job's own customer, not any Gallagher
            last["who"] = f"#{job['customer_id']}"

    def remember_appointments(self, ids: list[int]) -> None:
        """The appointments this turn talked about, for a later "move it to Friday"."""
        self.state.setdefault(LAST, {})[TALKED_ABOUT] = ids[:8]

    def remember_customer(self, customer: dict[str, Any]) -> None:
        last = self.state.setdefault(LAST, {})
        last["who"] = f"#{customer['id']}"
        if customer.get("name"):  # "his roof": this customer's roof job
            family = str(last.get("family", "")).split()[-1:]
            if family and family[0].lower() not in str(customer["name"]).lower().split():
                last.pop("job", None)  # "and her balance?": her job, not the last family's
            last["family"] = str(customer["name"])

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def now(self) -> datetime:
        epoch = self.turn.now or time.time()
        return local_now(epoch, self.turn.tenant.timezone)


Handler = Callable[[Act, Intent], Awaitable[str]]


def first_name(turn: Turn) -> str:
    return turn.speaker.name.split()[0] if turn.speaker.name.strip() else "there"


def asked_again(pending: dict[str, Any]) -> str:
    """A "which one?" still open, asked again in the words it was first asked in."""
    question = str(pending.get("question") or "Which one do you mean?")
    return f"{question} {_or_list(list(pending['options']))}?"


def _or_list(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]


def _failed(outcome: ToolOutcome) -> str:
    return str(outcome.content).rstrip(".") + "."


def _money(amount: float) -> str:
    return f"${amount:,.0f}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


_THEIR_TRADE = re.compile(
    r"^(?:(?:his|her|their|the|that|this) )?(?P<trade>roof|siding|window|door|gutter|trim|"
    r"soffit)s?$",
    re.I,
)


def job_ref(act: Act, said: str) -> str:
    """The job a phrase names: "the Henderson job" → Henderson; "it" → the last one."""
    text = re.sub(r"^(the|a|an|my|that|this)\s+", "", said.strip(), flags=re.I)
    text = re.sub(r"('s|’s)?\s+(job|project)$", "", text, flags=re.I)
    text = re.sub(r"('s|’s|s')$", "", text).strip(" ?.!,")
    if text.lower() in _PRONOUNS or not text:  # "her balance" after her number: her family's
        last = act.state.get(LAST, {})
        return str(last.get("job") or last.get("family") or text)
    trade = _THEIR_TRADE.match(text)
    family = act.state.get(LAST, {}).get("family")
    if trade and family:  # "his roof", "the window job": that family's job of that trade
        return f"{family} {trade['trade']}"
    # "the Whitaker windows" is the Whitaker Window Replacement job (and not its door)
    picked = act.state.get(PICKED, {}).get(text.lower())
    text = re.sub(r"\b(window|door)s\b", r"\1", text, flags=re.I)
    return str(picked or act.state.get(PICKED, {}).get(text.lower(), text))


# --- conversation ------------------------------------------------------------------


async def greeting(act: Act, intent: Intent) -> str:
    turn = act.turn
    again = " again" if any(x.role == "assistant" for x in turn.history) else ""
    return (
        f"Hey {first_name(turn)}, good to hear from you{again}. I'm Hard-E, "
        f"{possessive(turn.tenant.name)} sales director. What are you working on?"
    )


CAN_DO = (
    "look up customers, phone numbers and jobs, tell you a job's stage and money, move jobs "
    "through your workflow, add and read notes, text customers, draft emails for your OK, "
    "list, book, move and cancel appointments, list and create tasks, set up new customers "
    "and jobs, "
    "tell you who to call today and which bids are going stale, brief you on your day, "
    "show the pipeline per rep, list the team and what waits for approval, answer product "
    "questions from your documents, and write sales scripts"
)


async def capabilities(act: Act, intent: Intent) -> str:
    return (
        f"I'm Hard-E, {possessive(act.turn.tenant.name)} AI sales director. I can {CAN_DO}. "
        "Anything that commits the company waits for approval. Right now I'm running "
        "without my language model, so keep requests short, like "
        '"what stage is the Baxter job in?" or "who should I call today?"'
    )


async def identity(act: Act, intent: Intent) -> str:
    return (
        f"I'm Hard-E, the AI sales director for {act.turn.tenant.name}. Reps talk or type to "
        "me to look things up, act in the CRM and sharpen their pitch."
    )


async def wellbeing(act: Act, intent: Intent) -> str:
    return f"Doing well and ready to sell, {first_name(act.turn)}. What can I help you close?"


async def thanks(act: Act, intent: Intent) -> str:
    return f"Anytime, {first_name(act.turn)}. Go get that signature."


async def goodbye(act: Act, intent: Intent) -> str:
    return f"Talk soon, {first_name(act.turn)}. Good luck out there."


# --- customers ---------------------------------------------------------------------


async def customer(act: Act, intent: Intent, slot: str = "who") -> dict[str, Any] | str:
    """The one customer a name means, or what to say instead (not found, or which one)."""
    said = intent.get(slot).strip()
    said = re.sub(r"^(the|mr|mrs|ms|miss|dr|mister|missus)\.?\s+", "", said, flags=re.I).strip()
    said = re.sub(
        r"('s|s')?\s+(job|project|house|home|place|account|family|household|file|homeowners?|"
        r"customer|client|residence|lady|guy|man|woman|gentleman|fella|folks|people|couple)$",
        "",
        said,
        flags=re.I,
    )
    said = re.sub(r"('s|s')$", "", said)
    if said.lower() in _PRONOUNS or not said:  # "his number" after his job: its family
        last = act.state.get(LAST, {})
        said = str(last.get("who") or last.get("family") or "")  # "her cell" first: whose?
    if said.startswith("#") and said[1:].isdigit():
        outcome = await act.tool("get_customer", {"customer_id": int(said[1:])})
        if outcome.is_error:
            return _failed(outcome)
        act.remember_customer(outcome.content)
        return dict(outcome.content)
    if not said:
        return act.ask(intent, slot, "Which customer?")
    outcome = await act.tool("search_customers", {"query": said, "limit": 6})
    if outcome.is_error:
        return _failed(outcome)
    found = outcome.content["customers"]
    for family in family_singular(said) if not found else []:
        retry = await act.tool("search_customers", {"query": family, "limit": 6})
        found = [] if retry.is_error else retry.content["customers"]
        if found:
            said = family
            break
    words = said.split()
    if not found and len(words) > 1:
        retry = await act.tool("search_customers", {"query": words[-1], "limit": 6})
        found = [] if retry.is_error else retry.content["customers"]
        # the surname as a whole name: "… thinking of it" is no Pruitt, "Crowley" is
        found = [c for c in found if words[-1].lower() in re.findall(r"[\w'-]+", c["name"].lower())]
        fits = [c for c in found if _first_name_fits(words[0], c["name"])]
        if found and not fits:  # "Jason Crowley" when only Kimberly Crowley is on file
            others = {c["id"]: c for c in found}
            return _offer_customers(act, intent, slot, said, others, other_person=True)
        found = fits
    if not found:  # "albrihgts" → Albright, said back; an action waits for a yes
        near = await _near_customer(act, intent, slot, said)
        return near if near is not None else f"I couldn't find a customer called {said} in the CRM."
    exact = [c for c in found if c["name"].lower() == said.lower()]
    if len(exact) == 1 or len(found) == 1:
        chosen = exact[0] if exact else found[0]
        act.remember_customer(chosen)
        return dict(chosen)
    options = [f"{c['name']} ({c['address'] or c['email'] or '#' + str(c['id'])})" for c in found]
    return act.choose(
        intent, slot, "Which one do you mean?", options, [f"#{c['id']}" for c in found]
    )


async def _near_customer(
    act: Act, intent: Intent, slot: str, said: str
) -> dict[str, Any] | str | None:
    """The customer a misspelt or mis-heard name stands for: a lookup reads them out and
    says the name it took; an action is only offered ("did you mean …?") and done on a
    yes; two as close are asked about. None when nobody on file is close."""
    found: dict[int, dict[str, Any]] = {}
    for name in await near_names(act, said):
        out = await act.tool("search_customers", {"query": name, "limit": 6})
        found |= {} if out.is_error else {c["id"]: c for c in out.content["customers"]}
    if not found:
        return None
    return _offer_customers(act, intent, slot, said, found)


def _first_name_fits(said: str, name: str) -> bool:
    """Whether a first name said may be the customer's: "Kim" for Kimberly, "Jon" for
    John, a slip ("Stephen", "Kelly"); "Jason" is never Kimberly."""
    said, first = said.lower().strip("'’"), name.split()[0].lower()
    return first.startswith(said) or said.startswith(first) or fuzz.ratio(said, first) >= 75


def _offer_customers(
    act: Act,
    intent: Intent,
    slot: str,
    said: str,
    found: dict[int, dict[str, Any]],
    *,
    other_person: bool = False,
) -> dict[str, Any] | str:
    """Customers close to a name said but not it: a lookup reads the one out and says the
    name it took; an action is only offered ("did you mean …?"); several are asked about.
    ``other_person``: the first name differs ("Jason" for Kimberly Crowley), so even an
    email shown for approval is first offered, not drafted for someone else."""
    if len(found) > 1:
        options = [
            f"{c['name']} ({c['address'] or c['email'] or '#' + str(c['id'])})"
            for c in found.values()
        ]
        question = f"I don't have a customer called {said}. Which one do you mean?"
        return act.choose(intent, slot, question, options, [f"#{i}" for i in found])
    (chosen,) = found.values()
    act.remember_customer(chosen)
    shown = _NAME_LOOKUPS if other_person else _NAME_LOOKUPS | _APPROVED_FIRST
    if act.intent in shown:  # read out, or shown for approval
        act.took.append(took_to_mean(said, chosen["name"]))
        return dict(chosen)
    slots = intent.slots | {slot: f"#{chosen['id']}"}
    act.state[CONFIRM] = {"intent": act.intent, "slots": slots, "offered": True}
    return (
        f"I don't have a customer called {said}. Did you mean {chosen['name']}? "
        "Say yes to go ahead with them, or no."
    )


def took_to_mean(said: str, meant: str) -> str:
    """How a name read as a close one is said back: "I took 'Albrite' to mean Albright."."""
    return f"(I took '{said}' to mean {meant}.)"


def _phone(c: dict[str, Any]) -> str:
    return str(c["phones"][0]["number"]) if c["phones"] else ""


# Who is no customer but a place or an office ("the building department", "ABC supply").
_NOT_A_PERSON = re.compile(
    r"^\s*(?:the|a|an|our|my|that|this)\b|\b(?:department|dept|office|city|county|town|state|"
    r"supplier|supply|company|inspector|bank|store|shop|insurance|warehouse|dealer|distributor|"
    r"hotline|support|utility|utilities|permits?|hospital|school|church)\b",
    re.I,
)


def _a_persons_name(said: str) -> bool:
    """ "brad kowalczyk", not "lawn fertilizer" or "the building department": two or three
    words, none small, at least one no everyday word."""
    words = said.lower().split()
    return (
        not _NOT_A_PERSON.search(said)
        and 2 <= len(words) <= 3
        and all(w.isalpha() and w not in STOP_WORDS for w in words)
        and any(not is_everyday(w) for w in words)
    )


def _not_ours(act: Act, said: str) -> str:
    """A lookup of someone the CRM doesn't know ("the building department"): said plainly.
    A person's name keeps the question asked (the CRM has no customer of that name); an
    office or a place is out of reach offline."""
    if not _a_persons_name(said):
        act.intent = "admit"
    said = re.sub(r"^(?:the|a|an)\s+", "", said.strip(), flags=re.I) or "That"
    return (
        f"I couldn't find {said} among your customers in the CRM, and offline I can't look up "
        "anyone outside it."
    )


async def customer_phone(act: Act, intent: Intent) -> str:
    found = await customer(act, intent)
    if isinstance(found, str) and found.startswith("I couldn't find a customer"):
        return _not_ours(act, intent.get("who"))
    if isinstance(found, str):
        return found
    if not found["phones"]:
        return f"{found['name']} has no phone number on file."
    phones = "; ".join(f"{p['label']} {p['number']}" for p in found["phones"])
    email = f"; email {found['email']}" if found["email"] and "contact" in act.turn.message else ""
    return f"{found['name']}: {phones}{email}."


async def customer_email(act: Act, intent: Intent) -> str:
    found = await customer(act, intent)
    if isinstance(found, str) and found.startswith("I couldn't find a customer"):
        return _not_ours(act, intent.get("who"))
    if isinstance(found, str):
        return found
    if not found["email"]:
        return f"{found['name']} has no email address on file."
    return f"{possessive(found['name'])} email is {found['email']}."


def admit_action(act: Act) -> str:
    act.intent = "admit"
    return (
        f"Sorry {first_name(act.turn)}, I can't do that one offline — I'm running without "
        f"my language model. I can {CAN_DO}. Try it in those words, e.g. "
        '"text Linda Albright that we are running late".'
    )


def one_at_a_time(act: Act, crowd: str) -> str:
    """A message to a whole group (the rules' ``crowd``, or a text's or email's "who"):
    texts and emails go to one customer at a time."""
    act.intent = "admit"
    crowd = re.sub(r"\bmy\b", "your", crowd.strip()) or "a whole list"
    return (
        "I text and email one customer at a time — there's no bulk send, so a message to "
        f"{crowd} isn't something I can do. Tell me who to text first and what it should say."
    )


async def unsupported(act: Act, intent: Intent) -> str:
    if intent.get("crowd") or re.search(r"\b(?:mass|bulk|group|blast)\b", act.turn.message, re.I):
        return one_at_a_time(act, intent.get("crowd"))
    return admit_action(act)


async def find_customer(act: Act, intent: Intent) -> str:
    found = await customer(act, intent)
    if (
        isinstance(found, str)
        and found.startswith("I couldn't find")
        and re.match(r"\W*who", act.turn.message, re.I)
    ):
        act.intent = "admit"
        return (
            f"No customer called {intent.get('who')} in the CRM, and offline I can't look up "
            "anyone outside it."
        )
    if isinstance(found, str):
        return found
    phone = _phone(found) or "no phone on file"
    where = f", {found['address']}" if found["address"] else ""
    email = found["email"] or "no email"
    return f"{found['name']} (customer #{found['id']}): {phone}, {email}{where}."


# --- jobs --------------------------------------------------------------------------


async def call(act: Act, tool: str, args: dict[str, Any], say: Callable[[Any], str]) -> str:
    """Run a job tool; when it asks which job (or stage) was meant, ask the person.
    A family said in the plural ("the Zimmermans") is looked up as its surname."""
    outcome = await act.tool(tool, args)
    as_said = outcome
    for family in family_singular(str(args.get("job") or "")):
        if not (outcome.is_error and str(outcome.content).startswith("I couldn't find a job")):
            break
        act.tool_calls[-1]["status"] = "not_found"
        args = args | {"job": family}
        outcome = await act.tool(tool, args)
    if _no_such_job(outcome) and isinstance(args.get("job"), str):
        act.tool_calls[-1]["status"] = "not_found"  # an answer ("no such job"), not a failure
        said, near = args["job"], await near_names(act, args["job"])
        if len(near) > 1:  # "petersan": Peterson or Petersen — asked, never picked
            act.state[CHOICE] = {
                "tool": tool,
                "args": args,
                "field": "job",
                "options": near,
                "values": near,
            }
            return f"I don't have a job called {said}. Did you mean {_or_list(near)}?"
        if near and tool not in _LOOKUPS:  # "kellr" → the Keller job, but an action asks
            return await _offer_near_job(act, tool, args, said, near[0])
        if near:  # "kellr" → the Keller job, read out with the name it took
            trades = [w for w in said.lower().split() if w.rstrip("s") in _TRADE_WORDS - {"job"}]
            for named in dict.fromkeys([" ".join([near[0], *trades]), near[0]]):  # its siding
                args = args | {"job": named}
                outcome = await act.tool(tool, args)
                if not _no_such_job(outcome):
                    break
                act.tool_calls[-1]["status"] = "not_found"
            if not _no_such_job(outcome):
                act.took.append(took_to_mean(said, near[0].title()))
    choice = outcome.choice
    if choice is not None and choice.values:
        act.state[CHOICE] = {
            "tool": tool,
            "args": args,
            "field": choice.field,
            "options": choice.options,
            "values": choice.values,
            "question": choice.question,
        }
        return f"{choice.question} {_or_list(choice.options)}?"
    if outcome.is_error:
        if str(outcome.content).startswith("I couldn't find a job") and not _names_a_job(act):
            return admit_action(act)
        return _failed(as_said if _no_such_job(outcome) and _no_such_job(as_said) else outcome)
    content = outcome.content
    job = content.get("job") if isinstance(content, dict) else None
    if isinstance(job, dict):
        act.remember_job(job)
    elif isinstance(content, dict) and "number" in content:
        act.remember_job(content)
    return say(content)


def _renamed(args: dict[str, Any], said: str, near: str) -> dict[str, Any]:
    """ "Site Visit — Albrite" is booked as "Site Visit — Albright", and "Site Visit — Quist"
    (said "lind quist") as "Site Visit — Lindqvist": the name said, as the CRM has it."""
    words = said.lower().split()

    def fixed(value: str) -> str:
        value = re.sub(rf"\b{re.escape(said)}\b", near.title(), value, flags=re.I)
        label = re.search(r"— (\S+)$", value)
        if label and label[1].lower() in words:
            value = value[: label.start(1)] + near.title()
        return value

    return {k: fixed(v) if isinstance(v, str) else v for k, v in args.items()}


async def _offer_near_job(act: Act, tool: str, args: dict[str, Any], said: str, near: str) -> str:
    """An action on a job the CRM knows by a close name ("the Kellr job"): named back, and
    done only on a yes (an action never guesses)."""
    probe = await act.tool("get_job", {"job": near})
    if probe.choice is not None and probe.choice.values:  # "which Sullivan job?" names it
        act.state[CHOICE] = {
            "tool": tool,
            "args": _renamed(args, said, near),
            "field": probe.choice.field,
            "options": probe.choice.options,
            "values": probe.choice.values,
            "question": probe.choice.question,
        }
        which = f"{probe.choice.question} {_or_list(probe.choice.options)}?"
        return f"I don't have a job called {said}. {which}"
    if probe.is_error:
        return _failed(probe)
    job = probe.content
    act.remember_job(job)
    named = _renamed(args, said, near)
    offer = {"tool": tool, "intent": act.intent, "args": named | {"job": job["number"]}}
    act.state[CONFIRM] = offer | {"offered": True}
    return (
        f"I don't have a job called {said}. Did you mean the {job['name']} job? "
        "Say yes to go ahead, or no."
    )


# Where a misspelt name may be read as the closest one: lookups, which name what they found.
_LOOKUPS = frozenset({"get_job", "job_financial_summary", "job_overview", "list_job_notes"})
_NAME_LOOKUPS = frozenset({"customer_phone", "customer_email", "find_customer"})
# Actions that wait for an approval anyway, which shows whom they are for.
_APPROVED_FIRST = frozenset({"send_email", "create_job"})


def _no_such_job(outcome: ToolOutcome) -> bool:
    return outcome.is_error and str(outcome.content).startswith("I couldn't find a job")


def _no_job_of_trade(outcome: ToolOutcome) -> bool:
    """The customer has jobs, but none of the trade named (resolve_job's answer)."""
    return outcome.is_error and bool(re.match(r"\S.* has no \w+ job — ", str(outcome.content)))


def _names_a_job(act: Act) -> bool:
    """Whether the message plainly names a job (so "not found" is the answer, not a
    sign the message was about something else entirely)."""
    message = act.turn.message
    trade = _NAME_AND_TRADE.search(message)  # "the hendricks roof", said lowercase by voice
    return bool(
        re.search(r"\b(job|project|#?\d{4}-\d+)\b", message, re.I)
        or re.search(r"\b[A-Z][a-z]+", message[1:])
        or (trade and trade["name"].lower() not in VOCABULARY | PROTECTED)
    )


_NAME_AND_TRADE = re.compile(
    r"\bthe (?P<name>[a-z]+)(?:'s|s')? (?:roof|roofing|windows?|siding|doors?|entry door|"
    r"gutters?|trim|soffits?|deck)\b",
    re.I,
)


def _say_stage(job: dict[str, Any]) -> str:
    since = f", since {job['stage_since'][:10]}" if job.get("stage_since") else ""
    return f"The {job['name']} job (#{job['number']}) is in {job['stage'] or 'no stage'}{since}."


# "how is marcus doing", "how's bri looking": asked of a teammate, it is their pipeline
_HOW_IS_DOING = re.compile(
    r"^\W*(?:so |and |ok )?how(?:'s|s| is) (?P<who>[a-z]+) (?:doing|going|looking|getting on)\b",
    re.I,
)


async def job_stage(act: Act, intent: Intent) -> str:
    how = _HOW_IS_DOING.match(act.turn.message)
    if how is not None and how["who"].lower() == intent.get("job").lower():
        mate = await teammate(act, how["who"])
        if mate is not None:
            act.intent = "pipeline"
            return await pipeline(act, Intent("pipeline", {}))
    return await call(act, "get_job", {"job": job_ref(act, intent.get("job"))}, _say_stage)


def _say_money(m: dict[str, Any]) -> str:
    extra = f", change orders {_money(m['change_orders'])}" if m["change_orders"] else ""
    if not m["contract_amount"]:
        return f"The {m['job']} job has no contract amount yet (nothing signed), so nothing is due."
    return (
        f"The {m['job']} job: contract {_money(m['contract_amount'])}{extra}, invoiced "
        f"{_money(m['invoiced'])}, received {_money(m['received'])}, balance due "
        f"{_money(m['balance_due'])}."
    )


async def job_money(act: Act, intent: Intent) -> str:
    ref = job_ref(act, intent.get("job"))
    outcome = await act.tool("job_financial_summary", {"job": ref})
    if outcome.choice is not None or outcome.is_error:
        act.tool_calls.pop()
        if _no_such_job(outcome) and len(ref.split()) == 1 and await teammate(act, ref):
            act.intent = "pipeline"  # "and tasha's numbers": her pipeline
            return await pipeline(act, Intent("pipeline", {}))
        return await call(act, "job_financial_summary", {"job": ref}, _say_money)
    act.remember_job({"number": ref, "name": outcome.content["job"]})  # "and her phone?"
    return _say_money(outcome.content)


def _say_overview(o: dict[str, Any]) -> str:
    job, money = o["job"], o["financials"]
    parts = [f"{job['name']} (#{job['number']}) is in {job['stage'] or 'no stage'}."]
    if o.get("customer"):
        c = o["customer"]
        parts.append(f"Customer: {c['name']}, {_phone(c) or 'no phone on file'}.")
    if o["appointments"]:
        visits = "; ".join(a["title"] + " " + a["start"][:16] for a in o["appointments"][:3])
        parts.append(f"Appointments: {visits}.")
    parts.append(
        f"Contract {_money(money['contract_amount'])}, received {_money(money['received'])}, "
        f"balance due {_money(money['balance_due'])}."
    )
    if o["notes"]:
        parts.append(f'Latest note: "{o["notes"][0]["text"]}"')
    return " ".join(parts)


def _say_rep(job: dict[str, Any]) -> str:
    reps = job.get("reps") or []
    if not reps:
        return f"The {job['name']} job (#{job['number']}) has no sales rep assigned in the CRM."
    who = " and ".join(reps)
    verb = "is" if len(reps) == 1 else "are"
    return f"{who} {verb} the rep on the {job['name']} job (#{job['number']})."


async def job_rep(act: Act, intent: Intent) -> str:
    return await call(act, "get_job", {"job": job_ref(act, intent.get("job"))}, _say_rep)


async def job_overview(act: Act, intent: Intent) -> str:
    return await call(act, "job_overview", {"job": job_ref(act, intent.get("job"))}, _say_overview)


def _say_notes(r: dict[str, Any]) -> str:
    if not r["notes"]:
        return f"No notes on the {r['job']} job yet."
    notes = "; ".join(f'{n["at"][:10]}: "{n["text"]}"' for n in r["notes"][:4])
    return f"Notes on the {r['job']} job, newest first: {notes}."


async def list_notes(act: Act, intent: Intent) -> str:
    return await call(act, "list_job_notes", {"job": job_ref(act, intent.get("job"))}, _say_notes)


def _say_note(result: dict[str, Any]) -> str:
    return f'Noted on the {result["job"]} job: "{result["note"]["text"]}"'


async def add_note(act: Act, intent: Intent) -> str:
    if intent.get("lead") and not intent.get("job"):
        intent = await _job_then_note(act, intent.get("lead"))
    job, note = _trade_from_note(intent.get("job"), intent.get("note").strip())
    if not note:
        return act.ask(intent, "note", "What should the note say?")
    args = {"job": job_ref(act, job), "note": note}
    return await call(act, "add_job_note", args, _say_note)


# "a note to Keller on the roof: check flashing": the trade before the separator is the
# job's (the Keller roof job, or "Keller has no roof job"), the rest is the note.
_NOTE_TRADE = re.compile(
    r"^(?:on|for|about|re|regarding) (?:the |his |her |their )?(?P<trade>roof(?:ing)?|siding|"
    r"windows?|gutters?|(?:entry )?doors?|trim|soffits?)(?: job| project)?\s*(?::|-|—|,)\s*"
    r"(?P<note>.+)$",
    re.I,
)


def _trade_from_note(job: str, note: str) -> tuple[str, str]:
    said = _NOTE_TRADE.match(note)
    if said is None or not job or _TRADE_SAID.search(job):
        return job, note
    return f"{job} {said['trade']}", said["note"]


async def _job_then_note(act: Act, lead: str) -> Intent:
    """ "Keller window job gutters need replacing": the job is the leading words one of the
    CRM's jobs is called by, the note the rest (a name it doesn't know: its first word)."""
    said = lead.split()
    first = said[1] if said[0].lower() in LEADING and len(said) > 2 else said[0]
    found = await act.tool("search_jobs", {"keyword": re.sub(r"'s$", "", first), "limit": 20})
    jobs = [] if found.is_error else found.content["jobs"]
    called = [
        name_words(j["name"], j.get("customer_name") or "", *j["trades"], j["number"]) for j in jobs
    ]
    ends = name_ends(said, called) or (2 if said[0].lower() in LEADING else 1)
    return Intent("add_note", {"job": " ".join(said[:ends]), "note": " ".join(said[ends:])})


def _say_move(result: dict[str, Any]) -> str:
    if not result["changed"]:
        return f"The {result['job']['name']} job is already in {result['to']}."
    return f"Done: the {result['job']['name']} job moved from {result['from']} to {result['to']}."


async def move_stage(act: Act, intent: Intent, *, sure: bool = False) -> str:
    """Move a job; a move backwards, or out of the last (paid) stage, asks first."""
    ref, said = job_ref(act, intent.get("job")), intent.get("stage")
    if not sure and not await names_a_stage(act, said, unsure=True):
        probe = await act.tool("get_job", {"job": ref})  # "send the Beckett job photos over
        if _no_such_job(probe):  # to the adjuster": neither a job nor a stage — no move
            act.tool_calls[-1]["status"] = "not_found"
            return admit_action(act)
    if not sure:
        again = intent.get("asked") == "stage"
        warning = await _guessed_job(act, ref, said) or await _backwards(
            act, ref, said, said_again=again
        )
        if warning is not None:
            return warning
    args: dict[str, Any] = {"job": ref, "stage": said} | ({"backwards_ok": True} if sure else {})
    # made at once (or already so): a "yes, that's right" after it is told it is done
    return await call(
        act, "move_job_stage", args, lambda r: done_now(act, "move_stage", _say_move(r))
    )


async def names_a_stage(act: Act, said: str, *, unsure: bool = False) -> bool:
    """Whether ``said`` is one of the company's stages ("install sched"), or close to two
    of them in more than one word — not an appointment ("the install"); with ``unsure``
    close to any ("to instal" where a teammate's name would be)."""
    stages_out = await act.tool("list_workflow_stages", {})
    if stages_out.is_error or not said:
        return False
    found = match_stage(said, [Stage(**s) for s in stages_out.content["stages"]])
    several = unsure or len(stage_words(said)) > 1
    return isinstance(found, Stage) or (isinstance(found, Choice) and several)


_TRADE_SAID = re.compile(r"\b(?:roof|siding|windows?|gutters?|doors?|soffit)\b", re.I)


async def _guessed_job(act: Act, ref: str, said: str) -> str | None:
    """A job the CRM doesn't know by the name said ("the color job"), but by a name it
    sounds like or a typo of: named back, and moved only on a yes (an action never
    guesses)."""
    probe = await act.tool("get_job", {"job": ref})
    if not _no_such_job(probe):
        return None
    act.tool_calls[-1]["status"] = "not_found"
    near = await near_name(act, ref)
    trade = _TRADE_SAID.search(ref)  # "the eck ert siding job": the siding one
    near = f"{near} {trade[0]}" if near and trade and trade[0] not in near.lower() else near
    job_out = None if near is None else await act.tool("get_job", {"job": near})
    if near is None or job_out is None:
        return None
    if job_out.choice is not None:  # "which Sullivan job?": the pick names it in full
        return await move_stage(act, Intent("move_stage", {"job": near, "stage": said}))
    if job_out.is_error:
        return None
    job = job_out.content
    act.remember_job(job)
    act.state[CONFIRM] = {"intent": "move_stage", "slots": {"job": job["number"], "stage": said}}
    return (
        f"I don't have a job called {ref}. Did you mean the {job['name']} job (in "
        f"{job['stage']})? Say yes to move it to {said}, or no."
    )


async def _backwards(act: Act, ref: str, said: str, *, said_again: bool = False) -> str | None:
    """A move backwards (or to a stage the company doesn't have) asked about first."""
    stages_out = await act.tool("list_workflow_stages", {})
    job_out = await act.tool("get_job", {"job": ref})
    if stages_out.is_error or job_out.is_error or job_out.choice is not None:
        return None  # the move itself will say what is wrong (or ask which job)
    stages = [Stage(**s) for s in stages_out.content["stages"]]
    target = match_stage(said, stages)
    job = job_out.content
    if target is None and stage_words(said):  # "estimate sent" where no stage is: ask which
        act.remember_job(job)
        names = ", ".join(s.name for s in stages)
        unknown = f'I don\'t see a stage called "{said}" in your workflow.'
        if said_again:  # the answer to that question names no stage either: left alone
            return f"{unknown} The {job['name']} job stays in {job['stage']}."
        return act.ask(
            Intent("move_stage", {"job": job["number"], "asked": "stage"}),
            "stage",
            f"{unknown} Which stage should the {job['name']} job go to? Your stages: {names}.",
            again=False,
        )
    now = next((s for s in stages if s.name == job["stage"]), None)
    if not isinstance(target, Stage) or now is None or target.position >= now.position:
        return None
    act.remember_job(job)
    act.state[CONFIRM] = {"intent": "move_stage", "slots": {"job": job["number"], "stage": said}}
    last = now.position == max(s.position for s in stages)
    why = "it is already paid in full" if last else "that is a step backwards"
    return (
        f"The {job['name']} job is in {now.name}; moving it back to {target.name} — {why}. "
        "Are you sure? Say yes to move it, or no."
    )


async def find_job(act: Act, intent: Intent) -> str:
    keyword = job_ref(act, intent.get("job") or intent.get("who"))
    outcome = await act.tool("search_jobs", {"keyword": keyword, "limit": 6})
    if outcome.is_error:
        return _failed(outcome)
    jobs = outcome.content["jobs"]
    near = None if jobs else await near_name(act, keyword)
    if near is not None:  # "the vasqeuz job"
        retry = await act.tool("search_jobs", {"keyword": near, "limit": 6})
        outcome, keyword = (retry, near) if not retry.is_error else (outcome, keyword)
        jobs = outcome.content["jobs"]
    if not jobs:
        return f"No job matching {keyword}."
    if len(jobs) == 1:
        act.remember_job(jobs[0])
    listed = "; ".join(f"{j['name']} (#{j['number']}, {j['stage']})" for j in jobs)
    return f"Found {outcome.content['total']}: {listed}."


_TRADES = {
    "roof": "Roofing",
    "siding": "Siding",
    "window": "Windows",
    "gutter": "Gutters",
    "door": "Entry Doors",
    "soffit": "Soffit & Fascia",
}


_JOB_OF = re.compile(
    r"\b(?:job|project) (?:of|for|on) (?:the )?(?P<trade>roof(?:ing)?|siding|windows?|gutters?|"
    r"(?:entry )?doors?|soffit)\b",
    re.I,
)
_TRADE_AFTER = re.compile(
    r"^(?P<who>.+?)(?:'s)? (?P<trade>roof(?:ing)?|siding|windows?|gutters?|(?:entry )?doors?|"
    r"soffit)(?: job| project)?$",
    re.I,
)


async def create_job(act: Act, intent: Intent) -> str:
    after = _TRADE_AFTER.match(intent.get("who")) if not intent.get("trade") else None
    if after:  # "a new job for kimberly whitaker gutters"
        intent = Intent(intent.name, intent.slots | after.groupdict())
    found = await customer(act, intent)
    if isinstance(found, str):
        return found
    said = intent.get("trade").lower()
    if not said:  # "a new job for Steven Keller replacing his gutters": the trade said later
        rest = intent.get("rest").lower()
        said = next((key for key in _TRADES if re.search(rf"\b{key}", rest)), "")
    if not said:  # "open new job of windows for Tomasz": said before the customer
        before = _JOB_OF.search(act.turn.message)
        said = before["trade"].lower() if before else ""
    trade = next((name for key, name in _TRADES.items() if key in said), said.title())
    if not trade:
        out = await act.tool("list_trades_and_divisions", {})
        names = [t["name"] for t in out.content["trades"]] if not out.is_error else []
        if names:
            slots = intent.slots | {"who": f"#{found['id']}"}
            return act.choose(Intent(intent.name, slots), "trade", "Which trade?", names, names)
        return act.ask(intent, "trade", "Which trade is the job (roofing, siding, windows…)?")
    description = _sentence(intent.get("rest").lstrip(",-: ")) or f"{trade} for {found['name']}."
    args = {"customer_id": found["id"], "description": description, "trade": trade}
    outcome = await act.tool("create_job", args)
    if outcome.is_error:
        return _failed(outcome)
    summary = str(outcome.approval["summary"] if outcome.approval else "the job").rstrip(".")
    whose = "" if str(found["name"]) in summary else f" (for {found['name']})"
    return f"Ready: {summary}{whose}. That needs approval — say yes to create it, or no."


# --- messages ----------------------------------------------------------------------


async def split_name(act: Act, intent: Intent) -> Intent:
    """ "text karen beckett dumpster arrives monday": with nothing between the name and
    the message, the CRM says where the name ends — the longest start of the words (up
    to four) it knows; the rest begins the message."""
    who, words = intent.get("who"), intent.get("who").split()
    if who.startswith("#"):
        return intent
    if len(words) < 3:  # "text karen beck it …": the rule's split may cut a name heard apart
        return await _name_heard_on(act, intent, len(words), [*words, *intent.get("body").split()])
    whole = await act.tool("search_customers", {"query": who, "limit": 6})
    if whole.is_error or whole.content["customers"]:
        return intent
    for n in range(min(len(words) - 1, 4), 0, -1):
        name = " ".join(words[:n])
        found = await act.tool("search_customers", {"query": name, "limit": 6})
        if not found.is_error and found.content["customers"]:
            said = [*words, *intent.get("body").split()]
            return _heard_whole(intent, said, n, found.content["customers"])
    for n in (2, 1):  # "text albrite we're late": a name the CRM has with a typo
        name = " ".join(words[:n])
        if await typo_names(act, name):
            body = " ".join([*words[n:], intent.get("body")]).strip()
            return Intent(intent.name, intent.slots | {"who": name, "body": body})
    return intent


async def _name_heard_on(act: Act, intent: Intent, n: int, words: list[str]) -> Intent:
    """ "karen beck" + "it dumpster …": the rule's recipient, or more of the words when
    they finish a name the CRM finds for it."""
    if not n or n == len(words):
        return intent
    found = await act.tool("search_customers", {"query": " ".join(words[:n]), "limit": 6})
    if found.is_error or not found.content["customers"]:
        return intent
    heard = _heard_whole(intent, words, n, found.content["customers"])
    return intent if heard.get("who") == intent.get("who") else heard


def _heard_whole(
    intent: Intent, words: list[str], n: int, customers: list[dict[str, Any]]
) -> Intent:
    """The recipient is the ``n`` words the CRM found, or one or two more when they spell
    a CRM name found much more closely — a surname split or misheard by speech-to-text
    ("donna lind quist …" is Donna Lindqvist, "kimberly white acre …" Kimberly Whitaker);
    the rest is the message, never a piece of the name. Spelt all but letter for letter,
    the CRM's own name is the recipient (nothing to ask); otherwise as said, to be asked."""
    names = [str(c.get("name", "")) for c in customers]

    def closeness(k: int, *, by_sound: bool = True) -> tuple[float, str]:
        said = "".join(words[:k]).lower()
        return max(
            (
                max(
                    fuzz.ratio(said, name.replace(" ", "").lower()),
                    fuzz.ratio(metaphone(said), metaphone(name.replace(" ", "")))
                    if by_sound
                    else 0.0,
                ),
                name,
            )
            for name in names
        )

    best = n
    for k in range(n + 1, min(len(words), n + 2) + 1):
        plain = any(w.lower() in STOP_WORDS for w in words[n:k])  # "kimberly the crew …"
        score = closeness(k)[0]
        if score > closeness(best)[0] + 5 and (not plain or score >= 95):
            best = k  # "karen beck it …" is Karen Beckett, said as it sounds
    if best == n or closeness(best)[0] < _HEARD_WHOLE:
        best = n
    spelt, name = closeness(best, by_sound=False)
    who = name if best > n and spelt >= _SPELT_WHOLE else " ".join(words[:best])
    said = intent.get("who").split()
    if best <= len(said):  # the body as dictated, with the recipient's words left over
        body = " ".join([*said[best:], intent.get("body")]).strip()
    else:  # its first words were the name's: the rest of it, as dictated
        taken = best - len(said)
        body = re.sub(rf"^\s*(?:\S+\s+){{{taken}}}", "", intent.get("body") + " ")
    return Intent(intent.name, intent.slots | {"who": who, "body": body.strip()})


_HEARD_WHOLE = 85.0  # how close the words taken together must be to the CRM's name
_SPELT_WHOLE = 90.0  # and by letters alone, to be taken as that name without asking


def _to_them(act: Act, said: str) -> str:
    """A body dictated about the customer ("tell him his bid is ready"), as said to them."""
    return addressed(act.turn.message, said.strip())


# A whole group as the recipient ("every customer in lead intake", "the whole customer
# list"): one message to one customer is all the reflex brain sends.
_GROUP = re.compile(
    r"^\W*(?:the )?(?:every|everybody|everyone|all|each|whole|entire|any(?:one|body)?)\b", re.I
)


async def send_text(act: Act, intent: Intent) -> str:
    if _GROUP.match(intent.get("who")):
        return one_at_a_time(act, intent.get("who"))
    intent = await split_name(act, intent)
    found = await customer(act, intent)
    if isinstance(found, str):
        return found
    body = _to_them(act, intent.get("body"))
    body = "" if only_leave(body) else body  # "text Karen, when you get a chance"
    if not body:
        slots = intent.slots | {"who": f"#{found['id']}", "to": found["name"]}
        first = found["name"].split()[0]
        return act.ask(Intent(intent.name, slots), "body", f"What should the text to {first} say?")
    outcome = await act.tool("send_sms", {"customer_id": found["id"], "body": _sentence(body)})
    if outcome.is_error:
        return _failed(outcome)
    if outcome.approval:
        return f"Ready to text {found['name']}: {outcome.approval['preview']} — say yes to send it."
    said = f'Texted {found["name"]} at {outcome.content["to"]}: "{_sentence(body)}"'
    done_now(act, "approve", said)  # a text goes at once: a yes after it approves nothing
    act.state[DONE_NOW]["sms"] = {"who": f"#{found['id']}", "to": found["name"], "body": body}
    return said


async def send_email(act: Act, intent: Intent) -> str:
    if _GROUP.match(intent.get("who")):
        return one_at_a_time(act, intent.get("who"))
    if intent.get("address"):
        return await _email_address(act, intent)
    found = await customer(act, intent)
    if isinstance(found, str):
        return found
    first = found["name"].split()[0]
    body, about = _to_them(act, intent.get("body")), _to_them(act, intent.get("about"))
    if intent.get("ready"):  # a redraft: the words are the customer's already
        body, about = intent.get("body"), intent.get("about")
    body = "" if only_leave(body) else body  # "email Sandra, if that's alright"
    if not found["email"]:
        return f"{found['name']} has no email address on file; I can text them instead."
    if not body:
        slots = intent.slots | {"who": f"#{found['id']}", "to": found["name"]}
        return act.ask(Intent(intent.name, slots), "body", f"What should the email to {first} say?")
    company, rep = act.turn.tenant.name, act.turn.speaker.name
    subject = _sentence(about).rstrip(".") if about else f"An update from {company}"
    more = _to_them(act, intent.get("more")) if intent.get("more") else ""
    said = " ".join(_sentence(s) for s in (body, more) if s.strip())
    words = letter(first, said, rep, company, intent.get("tone"))
    args = {"customer_id": found["id"], "subject": subject, "body": words}
    outcome = await act.tool("send_email", args)
    if outcome.is_error:
        return _failed(outcome)
    if outcome.approval is None:
        return f"Emailed {found['name']} at {outcome.content['to']}."
    # "make it friendlier", "add that …": the words as the customer reads them, for a redraft
    slots = {"who": f"#{found['id']}", "body": said, "about": about, "ready": "yes"}
    slots |= {"tone": intent.get("tone")} if intent.get("tone") else {}
    act.state[DRAFTED] = {"approval": outcome.approval["id"], "slots": slots}
    return (
        f"Here's the email, ready to go:\n\n{outcome.approval['preview']}\n\n"
        "Say yes to send it, or no to drop it."
    )


async def _email_address(act: Act, intent: Intent) -> str:
    """An email to an address said outright (not a customer on file): drafted the same
    way, and held for approval with the address and the whole letter shown."""
    to = intent.get("address").strip().rstrip(".")
    body, about = intent.get("body").strip(), intent.get("about").strip()
    if not body:
        return act.ask(intent, "body", f"What should the email to {to} say?")
    company, rep = act.turn.tenant.name, act.turn.speaker.name
    subject = _sentence(about).rstrip(".") if about else f"An update from {company}"
    words = f"Hello,\n\n{_sentence(body)}\n\nBest regards,\n{rep}\n{company}"
    outcome = await act.tool("send_email", {"to": to, "subject": subject, "body": words})
    if outcome.is_error:
        return _failed(outcome)
    if outcome.approval is None:
        return f"Emailed {outcome.content['to']}."
    return (
        f"Here's the email, ready to go:\n\n{outcome.approval['preview']}\n\n"
        "Say yes to send it, or no to drop it."
    )


# --- the calendar and tasks --------------------------------------------------------


async def crm_me(act: Act) -> dict[str, Any] | None:
    """The CRM user the person talking is (matched by name), if any."""
    outcome = await act.users()
    if outcome.is_error:
        return None
    name = act.turn.speaker.name.strip().lower()
    return next((u for u in outcome.content["users"] if u["name"].lower() == name), None)


def _mine(message: str) -> bool:
    return bool(re.search(r"\b(my|mine|me|i)\b", message, re.I))


def _meant(message: str) -> str:
    """The message with its typos of known words fixed ("apointments tomorow")."""
    return correct(message, VOCABULARY, PROTECTED).text


def _span(act: Act, said: str, default_days: int = 7) -> Span:
    found = day_span(said, act.today) if said else None
    if found is None and said:
        inner = find_day(said)
        found = day_span(inner, act.today) if inner else None
    return found or Span(act.today, default_days, "the next seven days")


async def teammate(act: Act, message: str) -> dict[str, Any] | None:
    """The one CRM user a message names by first or full name ("marcus's calendar")."""
    outcome = await act.users()
    if outcome.is_error:
        return None
    users = outcome.content["users"]
    said = set(re.findall(r"[a-z]+", re.sub(r"['\u2019]s\b", "", message.lower())))
    named = [u for u in users if said & {u["name"].lower().split()[0]}]
    if not named:  # "how's Bri doing", "any of those T's": a short name or an initial
        short = _short_names(message)
        named = [u for u in users if any(_shortens(w, u["name"].split()[0]) for w in short)]
    return named[0] if len(named) == 1 else None


_MONTHS = word_set(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december"
)
_INITIAL = re.compile(r"(?<![\w'])[A-Z](?=['\u2019]s\b)")  # "T's": the one teammate with that T


def _short_names(message: str) -> set[str]:
    """Words a message may call a teammate by for short: an initial with "'s" ("T's"), or
    three letters or more that no one says as a word ("bri") or written with a capital."""
    words = {m.group().lower() for m in _INITIAL.finditer(message)}
    for m in re.finditer(r"(?<![\w'])[A-Za-z]{3,}", message):
        word = m.group()
        if word.lower() in STOP_WORDS | _MONTHS or find_day(word):
            continue
        if (word[0].isupper() and m.start() > 0) or not is_everyday(word.lower()):
            words.add(word.lower())
    return words


def _shortens(said: str, first_name: str) -> bool:
    first = first_name.lower()
    return len(first) > len(said) and first.startswith(said)


def _say_visits(listed: dict[str, Any]) -> str:
    items = listed["appointments"]
    if not items:
        return "Nothing on the calendar for that job in the next 60 days."
    return "; ".join(_say_appointment(a, True) for a in items[:6]) + "."


async def appointments(act: Act, intent: Intent) -> str:
    message = act.turn.message
    if intent.get("visit"):  # "when's the Sullivan install start": the booking says
        ref, visit = intent.get("ref"), intent.get("visit")
        booked = await _booked_visit(act, ref, visit)
        if booked is not None:
            return booked
        job = await act.tool("job_overview", {"job": job_ref(act, ref)})
        if not job.is_error and job.choice is None:  # one job, nothing booked: where it is
            return f"No {visit} on the calendar for it yet. {_say_overview(job.content)}"
        act.tool_calls.pop()  # asked again below, which says "which job?" or "no such job"
        return await job_overview(act, Intent("job_overview", {"job": ref}))
    if intent.get("ref"):  # "when am I seeing the Zimmermans": that job's visits, ahead
        ahead: dict[str, Any] = {"job": job_ref(act, intent.get("ref")), "days_ahead": 60}
        return await call(act, "list_appointments", ahead, _say_visits)
    span = _span(act, intent.get("day") or find_day(message) or find_day(_meant(message)) or "")
    args: dict[str, Any] = {"start_date": span.first.isoformat(), "days_ahead": span.days}
    whose = ""
    mate = await teammate(act, message) if re.search(r"\b[a-z]{3,}", message, re.I) else None
    if mate is None and intent.get("mate") and not _mine(message):  # "what about Friday?"
        mate = await teammate(act, intent.get("mate"))  # after Tasha's day: Tasha's Friday
    if mate is not None and mate["name"].lower() != act.turn.speaker.name.strip().lower():
        args["user_id"] = mate["id"]
        whose = possessive(mate["name"]) + " "
        act.state.setdefault(LAST, {}).setdefault("slots", {})["mate"] = mate["name"]
    elif _mine(message):
        me = await crm_me(act)
        if me is not None:
            args["user_id"] = me["id"]
            whose = "your "
        else:
            whose = "the company's "
    act.state.setdefault(LAST, {})["day"] = span.said
    act.state[LAST]["date"] = span.first.isoformat()
    outcome = await act.tool("list_appointments", args)
    if outcome.is_error:
        return _failed(outcome)
    items = outcome.content["appointments"]
    kind = _NEXT_OF_KIND.search(message)
    said: tuple[str, ...] = ()
    if kind is not None:
        said = _MEETING_WORDS if kind["kind"].lower() in _MEETING_WORDS else (kind["kind"].lower(),)
    of_kind = [a for a in items if any(w in a["title"].lower() for w in said)]
    if of_kind:  # "whens the next huddle": that one, not the whole week
        act.remember_appointments([of_kind[0]["id"]])
        return f"The next one: {_say_appointment(of_kind[0], True)}."
    when = span.said if span.said in ("today", "tomorrow", "yesterday") else f"for {span.said}"
    if span.said.startswith(("this ", "next ")):
        when = span.said
    if span.said.startswith("the "):
        when = f"in {span.said}"
    calendar = f" on {whose}calendar" if whose else ""
    both = next_day_unclear(intent.get("day") or find_day(message) or "", act.today)
    other = (  # "next Tuesday" said on a Monday: the day read, and how to ask for the other
        f" (That's {_soon(act, both[0])}; ask for {both[1]:%b} {both[1].day} if you meant "
        "the week after.)"
        if both
        else ""
    )
    if not items:
        return f"Nothing{calendar or ' on the calendar'} {when}.{other}"
    act.remember_appointments([a["id"] for a in items[:8]])
    lines = [_say_appointment(a, span.days > 1) for a in items[:8]]
    more = f" And {len(items) - 8} more." if len(items) > 8 else ""
    count = f"{len(items)} appointment{'s' if len(items) != 1 else ''}"
    return f"{count} {when}{calendar}: " + "; ".join(lines) + "." + more + other


# "whens the next huddle", "the next sales meeting": the office's own, by the word in its title
_NEXT_OF_KIND = re.compile(
    r"\bnext (?:team |sales |office )?(?P<kind>huddle|stand-?up|meeting|showroom visit)\b", re.I
)


_MEETING_WORDS = ("huddle", "meeting", "stand-up", "standup")  # one of them is the team's


async def _booked_visit(act: Act, ref: str, visit: str) -> str | None:
    """The bookings ahead whose title names ``ref`` and the kind of visit ("Install start —
    Sullivan"), said with their day; None when the calendar has none (the job's own list
    then answers)."""
    outcome = await act.tool("list_appointments", {"days_ahead": 60})
    if outcome.is_error:
        return None
    kind = visit.split()[-1].lower()
    name = re.sub(r"(?:'s|s')$", "", ref.lower())
    found = [
        a
        for a in outcome.content["appointments"]
        if kind in a["title"].lower() and re.search(rf"\b{re.escape(name)}", a["title"].lower())
    ]
    if not found:
        return None
    act.remember_appointments([a["id"] for a in found[:8]])
    return "; ".join(_say_appointment(a, True) for a in found[:4]) + "."


def _say_appointment(a: dict[str, Any], with_day: bool) -> str:
    start = a["start"]
    hour, minute = int(start[11:13]), int(start[14:16])
    day = f"{say_day(date.fromisoformat(start[:10]))} " if with_day else ""
    who = f" ({a['with']})" if a.get("with") else ""
    return f"{day}{say_time(hour, minute)} {a['title']}{who}"


_TRADE_WORDS = frozenset({"roof", "siding", "window", "door", "gutter", "trim", "soffit", "job"})
# What may follow a customer's name without being part of it ("the Keller homeowner").
_PLACE = re.compile(
    r"(?:'s|s')?\s+(?:homeowners?|customer|client|family|house|home|place|residence)$", re.I
)
# "book site visit zimmerman thurs 2pm": a name straight after the kind of visit.
_REF_BARE = re.compile(
    r"^\s*(?!(?:on|at|for|with|next|this|tomorrow|today|in|me|us)\b)"
    r"(?P<ref>[A-Za-z][\w'.-]*(?: (?!(?:on|at|next|this|tomorrow|today)\b)[A-Za-z][\w'.-]*)?)"
    r"(?=\s|\W*$)"
)
_REF_IN = re.compile(
    r"\b(?:for|with|at) (?:the )?(?P<ref>[A-Za-z][\w'.-]*(?: [A-Za-z][\w'.-]*){0,2}?)"
    r"(?:'s|s')?(?: (?:job|house|home|place|project|roof))?"
    r"(?= on\b| at\b| for\b| next\b| this\b| tomorrow\b| today\b| in \d| @|,|\W*$| \d|"
    r" (?:mon|tues|wednes|thurs|fri|satur|sun)day\b| (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]* \d| " + CHAT_DAY + r")",
    re.I,
)

# Where a visit happens, said before its kind ("a home visit"): nobody's name.
_VISIT_PLACES = frozenset({"home", "house", "in-home", "in home", "onsite", "on-site", "office"})
# "a walkthrough on the Beckett job": "on" names a job only with the word job (or house …)
_REF_ON = re.compile(
    r"\bon (?:the )?(?P<ref>[A-Za-z][\w'.-]*(?: [A-Za-z][\w'.-]*)?)(?:'s|s')? "
    r"(?:job|house|home|place|project)\b",
    re.I,
)


# Someone's own appointments, not the company's: never booked on the CRM calendar.
_PERSONAL = re.compile(
    r"\b(?:dentist|dental|doctor|dr\.?|physio\w*|therap\w+|haircut|hair|barber|vet|"
    r"eye exam|optometrist|massage|chiropract\w+|oil change|tire rotation|lunch date|"
    r"date night|parent[- ]teacher|school)\b",
    re.I,
)


# Whose calendar a booking goes on: "with Brianna", "for Luis", "on Luis's calendar".
_ATTENDEE = re.compile(
    r"\b(?:with|for|on|to|assign(?:ed)? (?:it |this |that )?to)\s+(?P<name>[a-z]+)\b"
    r"|\b(?P<own>[a-z]+)['\u2019]s (?:calendar|schedule)\b",
    re.I,
)


async def _attendee(act: Act, text: str) -> dict[str, Any] | None:
    """The teammate a booking names as attending, if exactly one."""
    names = {m["name"] or m["own"] for m in _ATTENDEE.finditer(text)}
    return await teammate(act, " ".join(names)) if names else None


def _ref_not_attending(rest: str, attendee: list[str]) -> re.Match[str] | None:
    """The job a booking is for, past the teammate who attends it: "a site visit for Luis
    at the Caldwell roof" is at the Caldwell job, on Luis's calendar."""
    for m in _REF_IN.finditer(rest):
        if not attendee or m["ref"].lower() not in (attendee[0], " ".join(attendee)):
            return m
    return None


async def book_appointment(act: Act, intent: Intent) -> str:
    if _PERSONAL.search(act.turn.message):
        return admit_action(act)  # "schedule Wes's dentist appointment"
    rest = spelled_out(intent.get("rest"))  # "w the lindqvists wed at 9am": with …, Wednesday
    slots = dict(intent.slots)
    if str(slots.get("ref", "")).lower() in _VISIT_PLACES:  # "a home visit with Steven Keller"
        slots.pop("ref")
    if slots.get("change") and not slots.get("ref"):  # "make that eleven" after a booking
        return await _rebook(act, slots["change"])
    if slots.get("assign"):  # "put it on Luis's calendar"
        mate = await teammate(act, slots.pop("assign"))
        if mate is None or "id" not in mate:
            return admit_action(act)
        slots["rep"], slots["rep_name"] = str(mate["id"]), mate["name"]
        if not slots.get("ref"):  # nothing being booked: the last booking is made already
            return (
                f"I can't move a booked appointment to {mate['name']} yet. Change who attends "
                f'in Leap, or book it again and say "with {mate["name"].split()[0]}".'
            )
    if not slots.get("rep"):
        mate = await _attendee(act, act.turn.message)
        if mate is not None and "id" in mate:
            slots["rep"], slots["rep_name"] = str(mate["id"]), mate["name"]
    if not slots.get("ref"):
        attendee = str(slots.get("rep_name", "")).lower().split()
        m = (
            _ref_not_attending(rest, attendee)
            or _REF_ON.search(rest)
            or _REF_IN.search(intent.get("who"))
            or _REF_BARE.match(rest)
        )
        ref = m["ref"] if m else intent.get("who")
        if ref and not find_day(ref) and ref.lower() not in ("me", "us"):
            slots["ref"] = ref
    for said in (slots.get("day", ""), slots.get("time", "")):  # "thurs 2pm" said for either
        if said and find_day(said) and find_time(said):
            slots["day"], slots["time"] = find_day(said) or "", find_time(said) or ""
    slots["day"] = find_day(slots.get("day") or "") or slots.get("day") or find_day(rest) or ""
    slots.setdefault("time", find_time(rest) or "")
    intent = Intent(intent.name, {k: v for k, v in slots.items() if v})
    kind = (intent.get("kind") or "appointment").replace("appt", "appointment").title()
    if not intent.get("ref"):
        return act.ask(intent, "ref", f"Which job or customer is the {kind.lower()} for?")
    who = await _booked_for(act, intent)
    if isinstance(who, str):  # "Jason Crowley": "Did you mean Kimberly Crowley?" first
        return who
    intent = who
    span = day_span(intent.get("day"), act.today) if intent.get("day") else None
    if span is None or span.days != 1:
        return act.ask(intent, "day", f"What day should I book the {kind.lower()}?")
    both = next_day_unclear(intent.get("day"), act.today)
    if both is not None:  # "next Tuesday" said on a Monday: tomorrow, or the 15th?
        meant = act.state.get(PICKED, {}).get(intent.get("day").lower())
        if meant not in {d.isoformat() for d in both}:
            return _which_next(act, intent, both)
        span = day_span(meant, act.today) or span
    at = (
        clock_time(find_time(intent.get("time")) or intent.get("time"))
        if intent.get("time")
        else None
    )
    if at is None:
        return act.ask(intent, "time", f"What time on {span.said}?")
    start = f"{span.first.isoformat()} {at[0]:02d}:{at[1]:02d}"
    ref = job_ref(act, _PLACE.sub("", intent.get("ref")) or intent.get("ref"))
    names = [w for w in ref.split() if w.lower().rstrip("s") not in _TRADE_WORDS] or ref.split()
    label = await _booked_name(act, ref, ref if ref[:1].isdigit() else names[-1].title())
    args: dict[str, Any] = {"title": f"{kind} — {label}", "start": start, "job": ref}
    if intent.get("rep"):
        args["user_id"] = int(intent.get("rep"))
    whose = f" It's on {intent.get('rep_name')}'s calendar." if intent.get("rep") else ""
    outcome = await act.tool("create_appointment", args)
    if outcome.choice is not None or _no_such_job(outcome):  # which one, or "the Jensens"
        act.tool_calls[-1]["status"] = "choice" if outcome.choice else "not_found"
        return await call(act, "create_appointment", args, lambda a: _booked(act, a) + whose)
    if outcome.is_error:
        return _failed(outcome)
    return _booked(act, outcome.content) + whose


_FULL_NAME = re.compile(r"^[A-Za-z][\w'-]+(?: [A-Za-z][\w'-]+){1,2}$")


async def _booked_for(act: Act, intent: Intent) -> Intent | str:
    """A booking for someone named in full goes through the customer resolver an email
    or a text uses: a first name the CRM doesn't have ("Jason Crowley" where Kimberly
    Crowley is) is offered, not booked; a yes books it for the one offered."""
    ref = intent.get("ref")
    if ref.startswith("#") and ref[1:].isdigit():  # the customer a yes took
        chosen = await customer(act, intent, "ref")
        if isinstance(chosen, str):
            return chosen
        return Intent(intent.name, intent.slots | {"ref": chosen["name"]})
    words = ref.lower().split()
    if not _FULL_NAME.match(ref) or any(w.rstrip("s") in _TRADE_WORDS for w in words):
        return intent
    if any(w in _PRONOUNS or w in LEADING for w in words):
        return intent
    out = await act.tool("search_customers", {"query": words[-1], "limit": 6})
    surname = [] if out.is_error else out.content["customers"]
    same = [c for c in surname if words[-1] in re.findall(r"[\w'-]+", c["name"].lower())]
    if not same or any(_first_name_fits(words[0], c["name"]) for c in same):
        return intent  # a job's name, or a misheard one the booking itself asks about
    chosen = await customer(act, intent, "ref")
    return chosen if isinstance(chosen, str) else intent


async def _booked_name(act: Act, ref: str, said: str) -> str:
    """The name a booking is titled with: the family of the job the CRM has for ``ref``
    ("ashley zimmer man" → Zimmerman, never "Man"), or the name as said when it has none
    or several families."""
    probe = await act.tool("get_job", {"job": ref})
    if _no_such_job(probe):
        act.tool_calls[-1]["status"] = "not_found"  # the booking itself says so, or asks
        return said
    if probe.choice is not None:
        families = {str(o).split()[0] for o in probe.choice.options if str(o).strip()}
        return families.pop() if len(families) == 1 else said
    if probe.is_error or not str(probe.content.get("name") or "").strip():
        return said
    return str(probe.content["name"]).split()[0]


def _nth(day: date) -> str:
    """ "the 8th", "the 22nd": a day of the month as said."""
    n = day.day
    suffix = "th" if 10 < n % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"the {n}{suffix}"


def _soon(act: Act, day: date) -> str:
    """ "tomorrow" or "this week": how near the coming one of two days is."""
    return "tomorrow" if (day - act.today).days == 1 else "this week"


def _which_next(act: Act, intent: Intent, both: tuple[date, date]) -> str:
    """Which of two days a "next Tuesday" said a day or two before one means: asked, and
    the pick remembered for the session (``PICKED``), never guessed."""
    return which_next(act, intent, both, "day", [d.isoformat() for d in both])


def which_next(
    act: Act, intent: Intent, both: tuple[date, date], slot: str, values: list[str]
) -> str:
    """ "Next Tuesday — do you mean Tuesday the 8th (tomorrow) or Tuesday the 15th (next
    week)?": the pick fills ``slot`` with the matching one of ``values``."""
    coming, later = both
    weekday = WEEKDAYS[coming.weekday()].title()
    soon = _soon(act, coming)
    options = [f"{weekday} {_nth(coming)} ({soon})", f"{weekday} {_nth(later)} (next week)"]
    return act.choose(intent, slot, f"Next {weekday} — do you mean", options, values)


def _booked(act: Act, a: dict[str, Any]) -> str:
    """Said of a booking just made, which is kept for a correction ("make that eleven")."""
    act.state.setdefault(LAST, {})["booked"] = {"id": a["id"], "start": a["start"]}
    act.remember_appointments([a["id"]])
    return done_now(act, "book_appointment", _say_booked(a))


def done_now(act: Act, intent: str, said: str) -> str:
    """What a turn did at once (a booking or a text is yellow: it needs no OK), kept for
    the next turn only, so that a "yes" or a "don't send it" to it hears that it is done
    instead of a puzzle; ``intent`` is what such a yes is understood as."""
    act.state[DONE_NOW] = {"intent": intent, "said": said}
    return said


async def _rebook(act: Act, said: str) -> str:
    """The booking just made, moved to what the correction says (the rep's own words a
    moment after booking it: done at once, as the booking was)."""
    booked = act.state.get(LAST, {}).get("booked")
    if not isinstance(booked, dict):
        return 'Which appointment should change? Say it like "move the Keller visit to 11".'
    start = new_start(act.today, str(booked["start"]), said)
    if start is None:
        return f'I didn\'t catch the new time in "{said}", so the booking stays as it is.'
    args = {"appointment_id": int(booked["id"]), "start": start}
    outcome = await act.tool("reschedule_appointment", args)
    if outcome.is_error:
        return _failed(outcome)
    moved = outcome.content["appointment"]
    booked["start"] = moved["start"]
    return done_now(act, "book_appointment", "Changed it. " + _say_booked(moved))


def _say_booked(a: dict[str, Any]) -> str:
    start = a["start"]
    at = say_time(int(start[11:13]), int(start[14:16]))
    when = f"{say_day(date.fromisoformat(start[:10]))} at {at}"
    where = f" at {a['location']}" if a.get("location") else ""
    return f"Booked: {a['title']}, {when}{where}."


_OVERDUE = re.compile(r"\b(?:overdue|past due|late|behind|missed)\b", re.I)


async def tasks(act: Act, intent: Intent) -> str:
    message = act.turn.message
    args: dict[str, Any] = {}
    whose = ""
    mate = None if intent.get("job") else await teammate(act, message)
    if intent.get("job"):
        args["job"] = job_ref(act, intent.get("job"))
    elif mate is not None and mate["name"].lower() != act.turn.speaker.name.strip().lower():
        args["assigned_to"] = mate["id"]  # "anything overdue for Luis"
        whose = f" for {mate['name']}"
    elif _mine(message):
        me = await crm_me(act)
        if me is not None:
            args["assigned_to"] = me["id"]
            whose = " for you"
    outcome = await act.tool("list_tasks", args)
    if outcome.is_error:
        return _failed(outcome)
    found = sorted(outcome.content["tasks"], key=lambda t: t["due"] or "9999")
    if not found:
        return f"No open tasks{whose}."
    today = act.today.isoformat()
    late = [t for t in found if t["due"] and t["due"] < today]
    if _OVERDUE.search(message):  # "what's overdue": those, not every open task
        if not late:
            return f"Nothing overdue{whose}: {len(found)} open, none past its due date."
        shown, said = late, f"{len(late)} overdue task{'s' * (len(late) != 1)}{whose}"
    else:
        shown, said = found, f"{len(found)} open task{'s' * (len(found) != 1)}{whose}"
        said += f", {len(late)} overdue" if late else ""
    lines = [f"{t['title']} (due {t['due'] or 'whenever'})" for t in shown[:8]]
    more = f" And {len(shown) - 8} more." if len(shown) > 8 else ""
    return f"{said}: " + "; ".join(lines) + "." + more


async def create_task(act: Act, intent: Intent) -> str:
    title = intent.get("title").strip()
    if not title:
        return act.ask(intent, "title", "What's the task?")
    said_day = intent.get("day") or find_day(title) or ""
    if said_day and said_day in title:
        title = title.replace(said_day, "").strip(" ,")
        title = re.sub(r"\s+(?:by|on|for|due|before|until)$", "", title, flags=re.I)
    span = day_span(said_day, act.today) if said_day else None
    args: dict[str, Any] = {"title": _sentence(title).rstrip(".")}
    if span is not None:
        args["due_date"] = span.first.isoformat()
    me = await _assignee(act, intent.get("for")) or await crm_me(act) or await _office(act)
    if me is not None:
        args["assigned_to"] = me["id"]
    outcome = await act.tool("create_task", args)
    if outcome.is_error:
        return _failed(outcome)
    due = f", due {say_day(span.first)}" if span is not None else ""
    who = f", for {me['name']}" if me is not None else ""
    return f"Task added: {args['title']}{due}{who}."


async def _assignee(act: Act, said: str) -> dict[str, Any] | None:
    """The teammate a task is for ("task for Marcus: …"), if one is named and known."""
    if not said.strip():
        return None
    outcome = await act.users()
    if outcome.is_error:
        return None
    words = set(re.findall(r"[a-z]+", said.lower()))
    named = [u for u in outcome.content["users"] if words & set(u["name"].lower().split())]
    return dict(named[0]) if len(named) == 1 else None


async def _office(act: Act) -> dict[str, Any] | None:
    """Who a task goes to when the person is not a CRM user: the CRM's admin."""
    outcome = await act.users()
    if outcome.is_error:
        return None
    users = outcome.content["users"]
    return next((u for u in users if u["role"] == "admin"), users[0] if users else None)


# --- the sales director ------------------------------------------------------------


def _left_out(outcome: ToolOutcome) -> str:
    """What the tool's figures leave out (Leap's budget ran short), said after them."""
    said = "" if outcome.is_error else outcome.content.get("left_out")
    return f" {said}" if said else ""


def _say_call(c: dict[str, Any]) -> str:
    who = c["customer"] or c["job"]
    phone = f", {c['phone']}" if c["phone"] else ""
    return f"{who} — {c['job']}: {c['why']}{phone}"


async def _my_filter(act: Act) -> tuple[dict[str, Any], str]:
    """Whose list was asked for: a teammate named ("Luis's bids"), the person's own, or
    the company's (no filter)."""
    asked = unwrap(act.turn.message)  # "… gone quiet for Luis, please": for Luis
    mate = await teammate(act, asked) if _A_TEAMMATE.search(asked) else None
    if mate is not None:
        return {"user_id": mate["id"]}, possessive(mate["name"]) + " "
    if not _mine(act.turn.message):
        return {}, ""
    me = await crm_me(act)
    return ({"user_id": me["id"]}, "your ") if me is not None else ({}, "")


# A teammate's list is asked for by their name's possessive ("Luis's bids", "for Tasha").
_A_TEAMMATE = re.compile(r"\b[a-z]+(?:'s|s'|\u2019s)\b|\b(?:for|of) [a-z]+\W*$", re.I)


async def _mine_or_company(act: Act, tool: str, key: str) -> tuple[ToolOutcome, str, str]:
    """The tool's list for the person asking ("who should I call"), or the company's
    when they have none of their own (an office manager owns no jobs): the outcome,
    whose list it is ("your " or ""), and a note saying so when it fell back."""
    args, whose = await _my_filter(act)
    outcome = await act.tool(tool, args)
    if whose == "your " and not outcome.is_error and not outcome.content[key]:
        company = await act.tool(tool, {})
        if not company.is_error and company.content[key]:
            return company, "", "Nothing on your own list. For the whole company: "
    return outcome, whose, ""


async def call_today(act: Act, intent: Intent) -> str:
    outcome, whose, note = await _mine_or_company(act, "sales_priorities", "calls")
    if outcome.is_error:
        return _failed(outcome)
    calls = outcome.content["calls"]
    if not calls:
        return "Nobody is overdue for a call right now: every bid, visit and lead is fresh."
    top = calls[:5]
    more = f" {len(calls) - 5} more after that." if len(calls) > 5 else ""
    lines = " ".join(f"{n}. {_say_call(c)}." for n, c in enumerate(top, start=1))
    listed = f"{note}Call these first ({len(calls)} on {whose or 'the '}list): {lines}{more}"
    return listed + _left_out(outcome)


async def stale_estimates(act: Act, intent: Intent) -> str:
    outcome, whose, note = await _mine_or_company(act, "stale_bids", "bids")
    if outcome.is_error:
        return _failed(outcome)
    bids, days = outcome.content["bids"], outcome.content["rules"]["stale_bid_days"]
    if not bids:
        return f"No stale bids: every bid presented is under {days} days old."
    lines = "; ".join(_say_call(c) for c in bids[:6])
    counted = f"{len(bids)} of {whose}bids" if whose else f"{len(bids)} bid{'s' * (len(bids) != 1)}"
    have = "has" if len(bids) == 1 else "have"
    said = f"{note}{counted} {have} had no decision for over {days} days: {lines}."
    return said + _left_out(outcome)


_RULE_FOR = {
    "bid": "stale_bid_days",
    "estimate": "stale_bid_days",
    "quote": "stale_bid_days",
    "proposal": "stale_bid_days",
    "lead": "new_lead_days",
    "visit": "after_visit_days",
    "job": "stuck_days",
}


def _say_rules(rules: dict[str, Any], done: str) -> str:
    return (
        f"{done}bids are stale after {rules['stale_bid_days']} days, new leads need a call "
        f"after {rules['new_lead_days']}, visits a follow-up after {rules['after_visit_days']}, "
        f"and a job is stuck after {rules['stuck_days']} days in a stage."
    )


_COUNTS = cardinal_words() | {"a": 1, "an": 1}


def _days(said: str) -> int:
    """ "10" or "10 days" → 10, "two weeks" → 14, "a week" → 7."""
    number, _, unit = said.strip().lower().partition(" ")
    count = int(number) if number.isdigit() else _COUNTS.get(number, 0)
    return count * 7 if unit.startswith("week") else count


async def follow_up_rules(act: Act, intent: Intent) -> str:
    if not intent.get("days"):  # "what are our follow-up thresholds?": read, not changed
        shown = await act.tool("stale_bids", {})
        if shown.is_error:
            return _failed(shown)
        return _say_rules(shown.content["rules"], "Right now ") + (
            ' To change one, say e.g. "treat bids as stale after 10 days".'
        )
    what = intent.get("what").lower().rstrip("s")
    field = _RULE_FOR.get(what, "stale_bid_days")
    outcome = await act.tool("set_follow_up_rules", {field: _days(intent.get("days"))})
    if outcome.is_error:
        return _failed(outcome)
    return _say_rules(outcome.content["rules"], "Done: ")


async def day_briefing(act: Act, intent: Intent) -> str:
    me = await crm_me(act)
    mine = {"user_id": me["id"]} if me is not None else {}
    asked = intent.get("day") or find_day(act.turn.message) or ""
    said = day_span(asked, act.today) if asked else None
    today = (
        said.first if said is not None and said.days == 1 else act.today
    )  # "what about tomorrow?"
    visits = await act.tool(
        "list_appointments", {"start_date": today.isoformat(), "days_ahead": 1} | mine
    )
    todo = await act.tool("list_tasks", {"assigned_to": me["id"]} if me else {})
    calls = await act.tool("sales_priorities", mine)
    waiting = await act.tool("pending_approvals", {})
    parts = [f"Here's {'your' if me else 'the company'} day, {say_day(today)}."]
    follow = "Follow up first: "
    if mine and not calls.is_error and not calls.content["calls"]:
        calls = await act.tool("sales_priorities", {})  # nothing of theirs: the company's
        follow = "Nobody of yours to chase; for the company, follow up first: "
    if mine and not visits.is_error and not visits.content["appointments"]:
        team = await act.tool(
            "list_appointments", {"start_date": today.isoformat(), "days_ahead": 1}
        )
        if not team.is_error and team.content["appointments"]:
            parts.append("Nothing on your own calendar; the team's:")
            visits = team
    if not visits.is_error:
        items = visits.content["appointments"]
        if items:
            listed = "; ".join(_say_appointment(a, False) for a in items[:6])
            parts.append(f"{len(items)} appointment{'s' if len(items) != 1 else ''}: {listed}.")
        else:
            parts.append(
                "No appointments that day." if today != act.today else "No appointments today."
            )
    if not todo.is_error:
        due = [t for t in todo.content["tasks"] if t["due"] and t["due"] <= today.isoformat()]
        if due:
            parts.append(
                f"{len(due)} task{'s' if len(due) != 1 else ''} due or overdue: "
                + "; ".join(t["title"] for t in due[:4])
                + "."
            )
    if not calls.is_error and calls.content["calls"]:
        top = calls.content["calls"][:3]
        parts.append(follow + "; ".join(_say_call(c) for c in top) + "." + _left_out(calls))
    if not waiting.is_error and waiting.content["approvals"]:
        n = len(waiting.content["approvals"])
        parts.append(f"{n} action{'s' if n != 1 else ''} waiting for approval.")
    return " ".join(parts)


def named_reps(message: str, reps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reps a message names by first or last name ("Luis's pipeline")."""
    said = set(re.findall(r"[a-z]+", re.sub(r"['\u2019]s\b", "", message.lower())))
    return [r for r in reps if said & set(r["rep"].lower().split())]


async def pipeline(act: Act, intent: Intent) -> str:
    message = act.turn.message.lower()
    named = re.search(r"\b[A-Z][a-z]+", act.turn.message[1:]) is not None
    mate = await teammate(act, message)  # "how is marcus doing"
    if (
        named
        or mate
        or re.search(r"\b(reps?|salesp\w+|sellers?|value|worth|dollars?|money)\b|\$", message)
        or re.search(r"\b(?:each|per|by|every)\b(?! (?:stage|column|step|phase)s?\b)", message)
    ):  # "how many jobs in each stage" is the company's count; "each rep" is per rep
        # one teammate's pipeline prices only their jobs (each job's money is a CRM call)
        only = {"user_id": mate["id"]} if mate and "id" in mate else {}
        outcome = await act.tool("pipeline_by_rep", {"with_value": True, **only})
        if outcome.is_error:
            return _failed(outcome)
        reps = outcome.content["reps"]
        chosen = named_reps(message, reps) or reps
        if not chosen:  # a teammate with no jobs (the office manager): said, never "for ."
            who = str(mate["name"]) if mate and mate.get("name") else "No one"
            return f"{who} has no jobs in the pipeline." + _left_out(outcome)
        lines = []
        for rep in chosen:
            stages = ", ".join(
                f"{s['stage']} {s['jobs']}" + (f" ({_money(s['value'])})" if s["value"] else "")
                for s in rep["stages"]
            )
            lines.append(f"{rep['rep']}: {rep['jobs']} jobs, {_money(rep['value'])} — {stages}")
        heading = "Pipeline per rep. " if len(chosen) > 1 else "Pipeline for "
        return heading + ". ".join(lines) + "." + _left_out(outcome)
    outcome = await act.tool("pipeline_summary", {})
    if outcome.is_error:
        return _failed(outcome)
    rows = [f"{r['stage']}: {r['jobs']}" for r in outcome.content["stages"]]
    total = f"{outcome.content['total_jobs']} jobs in the pipeline. "
    return total + "; ".join(rows) + "." + _left_out(outcome)


async def stage_value(act: Act, intent: Intent) -> str:
    """How many jobs, and how much money, sit in one stage ("how much is in bid presented"):
    the pipeline, for one stage."""
    act.intent = "pipeline"
    stages_out = await act.tool("list_workflow_stages", {})
    if stages_out.is_error:
        return _failed(stages_out)
    stages = [Stage(**s) for s in stages_out.content["stages"]]
    target = match_stage(intent.get("stage"), stages)
    if target is None and re.search(r"\b(?:value|worth|amount|total) of\b", act.turn.message, re.I):
        act.intent = "job_money"  # "the value of the Keller job": that job's money
        return await job_money(act, Intent("job_money", {"job": intent.get("stage")}))
    if target is None and not re.search(
        r"\b(?:how much|how many|value|worth|money|dollars|total)\b", act.turn.message, re.I
    ):
        return admit_action(act)  # "what's in my truck": no stage, no question about money
    if not isinstance(target, Stage):
        return await pipeline(act, Intent("pipeline", {}))
    only = {"stage": target.name}
    counted = await act.tool("pipeline_by_rep", {"with_value": False, **only})
    if counted.is_error:
        return _failed(counted)
    # every job's money is one CRM call: the counts stand when that is more than Leap allows
    outcome = await act.tool("pipeline_by_rep", {"with_value": True, **only})
    priced = not outcome.is_error
    if not priced:
        act.tool_calls[-1]["status"] = "fell_back"
        outcome = counted
    jobs, value, unpriced, by_rep = 0, 0.0, 0, []
    for rep in outcome.content["reps"]:
        for s in rep["stages"]:
            if s["stage"] == target.name and s["jobs"]:
                jobs += s["jobs"]
                value += s["value"] or 0
                unpriced += s.get("unpriced", 0)
                by_rep.append(f"{rep['rep']} {s['jobs']}")
    if not jobs:
        return f"No jobs in {target.name} right now."
    worth = (
        f", {_money(value)} in the contracts Leap gave"
        if priced and unpriced
        else f", {_money(value)} in contracts"
        if value
        else ", no contract value yet (unsigned)"
        if priced
        else " (the CRM is too busy for their dollar values right now)"
    )
    return (
        f"{target.name}: {jobs} job{'s' if jobs != 1 else ''}{worth} — " + ", ".join(by_rep) + "."
    ) + _left_out(outcome)


async def team(act: Act, intent: Intent) -> str:
    outcome = await act.users()
    if outcome.is_error:
        return _failed(outcome)
    users = outcome.content["users"]
    return f"{len(users)} people: " + "; ".join(f"{u['name']} ({u['role']})" for u in users) + "."


async def approvals(act: Act, intent: Intent) -> str:
    outcome = await act.tool("pending_approvals", {})
    if outcome.is_error:
        return _failed(outcome)
    waiting = outcome.content["approvals"]
    if not waiting:
        return "Nothing is waiting for approval."
    lines = "; ".join(" ".join(str(a["summary"]).split()) for a in waiting[:6])
    return f"{len(waiting)} waiting for approval: {lines}."


# --- memory ------------------------------------------------------------------------


async def remember(act: Act, intent: Intent) -> str:
    said = intent.get("text").strip().rstrip(".!")
    personal = bool(re.match(r"(i|i'm|i am|my|me)\b", said, re.I))
    outcome = await act.tool("remember", {"text": said, "personal": personal})
    if outcome.is_error:
        return _failed(outcome)
    fact = outcome.content.get("remembered", said)
    if outcome.content["outcome"] == "already known":
        return f"I already knew that: {fact}"
    if outcome.content["outcome"] == "updated":
        return f"Got it, I've updated what I knew: {fact}"
    return f"Got it. I'll remember: {fact}"


async def forget(act: Act, intent: Intent) -> str:
    outcome = await act.tool("forget", {"what": intent.get("text").strip().rstrip(".!")})
    if outcome.is_error:
        return _failed(outcome)
    return f"Done, I won't use that any more: {outcome.content['forgotten']}"


async def recall(act: Act, intent: Intent) -> str:
    outcome = await act.tool("recall_memory", {"query": intent.get("text").strip(" ?.")})
    if outcome.is_error:
        return _failed(outcome)
    found = outcome.content["memories"]
    asked = set(terms(spelled_out(intent.get("text"))))
    if asked:  # "what did i say abt crowley": what was said of Crowley, no preference beside
        found = [x for x in found if asked & set(terms(spelled_out(x["text"])))]
    if not found and secret_in(f"{intent.get('text')} is 1234"):  # a code asked for
        return (
            "I don't keep gate, door or lockbox codes, passwords or card numbers, so I don't "
            "have that one. Check the job's notes in Leap or ask the office."
        )
    if not found:
        return "Nothing on that yet. Tell me and I'll remember it."
    return "Here's what I know: " + " ".join(f"{x['text'].rstrip('.')}." for x in found[:5])


SAY_TOOL: dict[str, Callable[[Any], str]] = {
    "get_job": _say_stage,
    "move_job_stage": _say_move,
    "add_job_note": _say_note,
    "job_overview": _say_overview,
    "list_job_notes": _say_notes,
    "job_financial_summary": _say_money,
    "create_appointment": _say_booked,
}

HANDLERS: dict[str, Handler] = {
    "unsupported": unsupported,
    "greeting": greeting,
    "capabilities": capabilities,
    "identity": identity,
    "wellbeing": wellbeing,
    "thanks": thanks,
    "goodbye": goodbye,
    "customer_phone": customer_phone,
    "customer_email": customer_email,
    "find_customer": find_customer,
    "job_stage": job_stage,
    "job_money": job_money,
    "job_overview": job_overview,
    "job_rep": job_rep,
    "stage_value": stage_value,
    "list_notes": list_notes,
    "add_note": add_note,
    "move_stage": move_stage,
    "find_job": find_job,
    "create_job": create_job,
    "send_text": send_text,
    "send_email": send_email,
    "appointments": appointments,
    "book_appointment": book_appointment,
    "tasks": tasks,
    "create_task": create_task,
    "call_today": call_today,
    "stale_estimates": stale_estimates,
    "day_briefing": day_briefing,
    "follow_up_rules": follow_up_rules,
    "pipeline": pipeline,
    "team": team,
    "approvals": approvals,
    "remember": remember,
    "forget": forget,
    "recall": recall,
}
