"""Turning what people say into CRM records: "the Henderson job", "move it to install".

Stage names are each company's own, so they are matched against that company's list
(cached per tenant, refreshed on a miss), never against built-in names, word by word
with rapidfuzz (``hard_e.text.stage_names``: shortenings, typos, other word forms).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from hard_e import keys
from hard_e.crm import CrmNotFoundError
from hard_e.crm.models import Job, Stage
from hard_e.text.stage_names import pick
from hard_e.text.stage_names import words as stage_words
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError

STAGE_CACHE_SECONDS = 600
_JOB_NUMBER = re.compile(r"^\d{4}-\d{5,8}-\d{2}$")
_FILLER = {"the", "a", "an", "to", "stage", "step", "phase", "job", "s", "and", "&", "-", "—"}


@dataclass(frozen=True)
class Choice:
    """Several records fit; the caller should ask which one.

    ``options`` are what to say; ``values`` what to put in the tool's ``field`` instead.
    """

    question: str
    options: list[str]
    field: str = ""
    values: list[str] | None = None


class NeedsChoiceError(ToolRefusedError):
    def __init__(self, choice: Choice) -> None:
        super().__init__(f"{choice.question} Options: {'; '.join(choice.options)}")
        self.choice = choice


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER]


# --- stages ------------------------------------------------------------------------


async def company_stages(ctx: ToolContext, *, refresh: bool = False) -> list[Stage]:
    """This tenant's workflow stages, from a short-lived cache in the table."""
    pk, sk = keys.tenant_pk(ctx.tenant_id, "CACHE"), "crm#stages"
    if not refresh:
        cached = await asyncio.to_thread(ctx.table.get, pk, sk)
        if cached is not None:
            return [Stage(**s) for s in cached["stages"]]
    stages = await (await ctx.crm()).list_stages()
    await asyncio.to_thread(
        ctx.table.put,
        {
            "pk": pk,
            "sk": sk,
            "ttl": int(ctx.table.now()) + STAGE_CACHE_SECONDS,
            "stages": [{"code": s.code, "name": s.name, "position": s.position} for s in stages],
        },
    )
    return stages


def match_stage(spoken: str, stages: list[Stage]) -> Stage | Choice | None:
    """The stage meant, a question naming the close candidates, or None when none fits
    (see ``hard_e.text.stage_names``: a stage is never guessed)."""
    if not stage_words(spoken):
        return None
    for s in stages:
        if spoken.strip().lower() in (s.code.lower(), s.name.lower()):
            return s
    name, candidates = pick(spoken, [s.name for s in stages])
    if name is not None:
        return next(s for s in stages if s.name == name)
    if candidates:
        return Choice("Which stage do you mean?", candidates, "stage", candidates)
    return None


async def resolve_stage(ctx: ToolContext, spoken: str) -> Stage:
    for refresh in (False, True):  # a miss may mean the company renamed its stages
        found = match_stage(spoken, await company_stages(ctx, refresh=refresh))
        if isinstance(found, Choice):
            raise NeedsChoiceError(found)
        if found is not None:
            return found
    names = ", ".join(s.name for s in await company_stages(ctx))
    raise ToolRefusedError(f"No stage called {spoken!r}. This company's stages are: {names}.")


# --- jobs --------------------------------------------------------------------------


async def resolve_job(ctx: ToolContext, ref: int | str) -> Job:
    """A job by id, job number, or a name people use ("Henderson", "the Henderson roof")."""
    crm = await ctx.crm()
    text = str(ref).strip()
    if isinstance(ref, int) or text.isdigit():
        try:
            return await crm.get_job(int(text))
        except CrmNotFoundError:
            raise ToolRefusedError(f"There is no job with id {text}.") from None
    words = _words(re.sub(r"'s\b", "", text))
    trade = next((_TRADE_WORDS[w] for w in words if w in _TRADE_WORDS), None)
    named = " ".join(w for w in words if w not in _TRADE_WORDS)
    query = named or text
    page = await crm.search_jobs(text if _JOB_NUMBER.match(text) else query, limit=10)
    jobs = list(page.items)
    if not jobs and query != text:
        jobs = list((await crm.search_jobs(text, limit=10)).items)
    if not jobs:
        raise ToolRefusedError(f"I couldn't find a job matching {text!r}.")
    if trade is not None:  # "the Keller roof": never their window job in its place
        jobs = _of_trade(jobs, trade, named)
    if len(jobs) > 1:
        exact = [j for j in jobs if set(words) <= set(_words(_job_words(j)))]
        jobs = exact if len(exact) >= 1 else jobs
    if len(jobs) > 1:
        shown = jobs[:6]
        raise NeedsChoiceError(
            Choice(
                "Which job do you mean?",
                [f"{j.name} (#{j.number}{', ' + j.stage.name if j.stage else ''})" for j in shown],
                "job",
                [j.number for j in shown],
            )
        )
    return await crm.get_job(jobs[0].id)


# A trade as reps say it → the stem its jobs' names and trades carry ("Roofing", "Roof
# Replacement"); the stem is what "the Keller roof" must find on the job it picks.
_TRADE_WORDS = {
    "roof": "roof",
    "roofs": "roof",
    "roofing": "roof",
    "reroof": "roof",
    "siding": "siding",
    "window": "window",
    "windows": "window",
    "gutter": "gutter",
    "gutters": "gutter",
    "door": "door",
    "doors": "door",
    "soffit": "soffit",
    "fascia": "fascia",
}


def _of_trade(jobs: list[Job], trade: str, named: str) -> list[Job]:
    """The jobs of the trade a rep named; none of it is said plainly, with the jobs there
    are, rather than another trade's job answered as if it were the one asked about
    (unless no one was named, or a job's trade is not known: then the jobs found)."""
    fits = [j for j in jobs if trade in f"{j.name} {' '.join(t.name for t in j.trades)}".lower()]
    if fits or not named or any(not j.trades for j in jobs):
        return fits or jobs
    who = " ".join(w.capitalize() for w in named.split())
    if len(jobs) == 1:
        (only,) = jobs
        stage = f", is in {only.stage.name}" if only.stage else ""
        raise ToolRefusedError(
            f"{who} has no {trade} job — their only job, {only.name} (#{only.number}){stage}"
        )
    others = "; ".join(
        f"{j.name} (#{j.number}{', ' + j.stage.name if j.stage else ''})" for j in jobs[:6]
    )
    raise ToolRefusedError(f"{who} has no {trade} job — their jobs are {others}")


def _job_words(j: Job) -> str:
    customer = j.customer.full_name if j.customer else ""
    return f"{j.name} {j.number} {customer} {j.description} {' '.join(t.name for t in j.trades)}"
