"""Bodies of the issue-11 routes: invites, operators, onboarding, company, soul, team."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from hard_e.api.models import Strict

MAX_DAYS = 365
MAX_MESSAGES = 1_000_000
Password = Field(min_length=8, max_length=256, description="At least 8 characters")
PersonName = Field(min_length=1, max_length=120)
Email = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InviteCreate(Strict):
    days: int = Field(ge=1, le=MAX_DAYS, description="How long the trial lasts")
    messages: int = Field(ge=1, le=MAX_MESSAGES, description="Messages the trial may use")
    note: str = Field(default="", max_length=500)
    valid_days: int = Field(default=14, ge=1, le=90, description="How long the link works")


class InviteCreated(BaseModel):
    invite_id: str
    url: str
    token: str
    expires_at: float
    limits: dict[str, int]


class InviteList(BaseModel):
    invites: list[dict[str, Any]]


class InviteView(BaseModel):
    kind: Literal["company", "teammate"]
    company: str | None = None
    role: str | None = None
    email: str | None = None
    expires_at: float
    limits: dict[str, int] | None = None


class InviteAccept(Strict):
    """A company invite needs every field; a teammate invite only ``name`` and ``password``
    (their email is the one they were invited with)."""

    name: str = PersonName
    password: str = Password
    company_name: str | None = Field(default=None, min_length=1, max_length=120)
    email: str | None = Field(
        default=None, min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    )


class Enrolled(BaseModel):
    token: str
    expires_at: int
    tenant: dict[str, Any]
    user: dict[str, str]


class PlanChange(Strict):
    """What an operator changes: days and/or messages added to a trial, or the plan."""

    extend_days: int | None = Field(
        default=None, ge=1, le=MAX_DAYS, description="Days added to the trial"
    )
    add_messages: int | None = Field(
        default=None, ge=1, le=MAX_MESSAGES, description="Messages added to the trial"
    )
    plan: Literal["trial", "paid"] | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> PlanChange:
        if self.extend_days is None and self.add_messages is None and self.plan is None:
            raise ValueError("say what to change: extend_days, add_messages and/or plan")
        return self


class CompanyOut(BaseModel):
    tenant_id: str
    name: str
    plan: str
    created_at: float
    trial: dict[str, Any]
    usage: dict[str, Any]


class CompanyList(BaseModel):
    companies: list[CompanyOut]


class Step(BaseModel):
    id: Literal["profile", "leap", "soul", "documents", "team"]
    title: str
    done: bool
    detail: str


class Onboarding(BaseModel):
    steps: list[Step]
    done: int
    total: int


class CompanyProfile(Strict):
    name: str = Field(min_length=1, max_length=120)
    trades: list[str] = Field(default_factory=list, max_length=20)
    service_area: str = Field(default="", max_length=300)
    timezone: str = Field(default="UTC", min_length=1, max_length=64, description="IANA name")


class LeapConnect(Strict):
    api_key: str = Field(min_length=1, max_length=500, description="Leap's API token")
    base_url: str | None = Field(
        default=None, max_length=300, description="Local mode only: another Leap (a simulator)"
    )


class LeapStatus(BaseModel):
    connected: bool
    account: str | None = None
    checked_at: float | None = None


class SoulIn(Strict):
    content: str = Field(min_length=1, max_length=20_000)


class SoulVersionOut(BaseModel):
    version: int
    content: str | None = None
    chars: int | None = None
    updated_at: float
    updated_by: str


class SoulOut(BaseModel):
    current: SoulVersionOut
    versions: list[SoulVersionOut]


class SoulTemplate(BaseModel):
    id: str
    title: str
    content: str


class SoulTemplates(BaseModel):
    templates: list[SoulTemplate]


class SoulPreview(Strict):
    content: str = Field(min_length=1, max_length=20_000)
    question: str = Field(min_length=1, max_length=2_000)


class PreviewOut(BaseModel):
    answer: str
    brain: str


class TeamInvite(Strict):
    email: str = Email
    role: Literal["admin", "rep"] = "rep"


class TeamInviteCreated(BaseModel):
    invite_id: str
    url: str
    token: str
    expires_at: float
    emailed: bool = Field(description="False when the email could not be sent: share the url")


class RoleChange(Strict):
    role: Literal["admin", "rep"]


class Member(BaseModel):
    user_id: str
    name: str
    email: str
    role: str
    created_at: float


class Team(BaseModel):
    members: list[Member]
    invites: list[dict[str, Any]]


class ResetRequest(Strict):
    email: str = Field(min_length=3, max_length=254)


class ResetConfirm(Strict):
    token: str = Field(min_length=1, max_length=200)
    password: str = Password
