"""Guided onboarding for a company's admins: the checklist, the company profile and the
Leap connection (checked live, then stored encrypted; never returned or logged)."""

from __future__ import annotations

import re
import zoneinfo
from typing import Annotated
from urllib.parse import urlparse

import httpx
from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline, keys
from hard_e.api import concurrency
from hard_e.api.account_models import CompanyProfile, LeapConnect, LeapStatus, Onboarding, Step
from hard_e.api.errors import Forbidden, ValidationFailed
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import Services, services
from hard_e.crm.exceptions import CrmError
from hard_e.tenancy.credentials import CrmCredentials
from hard_e.tenancy.onboarding import checklist
from hard_e.tools.service import leap_client

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
LEAP_URL = "https://api.jobprogress.com/api/v3"
LEAP_STATUS = "leap#status"
_PRINTABLE = re.compile(r"[!-~]+")  # what can travel in an Authorization header


def company_admin(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The caller, when they administer their company; 403 for reps, agents, operators."""
    if not principal.is_admin:
        raise Forbidden("only company admins may do this", code="admins_only")
    return principal


Admin = Annotated[Principal, Depends(company_admin)]


@router.get(
    "/api/v1/onboarding", summary="The onboarding checklist", tags=["onboarding"], security=BEARER
)
def onboarding(caller: Admin) -> Onboarding:
    svc = services()
    documents = len(svc.documents.list(caller.tenant_id))
    steps = checklist(svc.table, svc.directory, svc.invites, caller.tenant_id, documents=documents)
    return Onboarding(
        steps=[Step(**s.public()) for s in steps],
        done=sum(1 for s in steps if s.done),
        total=len(steps),
    )


def _profile(svc: Services, tenant_id: str) -> CompanyProfile:
    tenant = svc.directory.get_tenant(tenant_id)
    return CompanyProfile(
        name=tenant.name,
        trades=list(tenant.trades),
        service_area=tenant.service_area,
        timezone=tenant.timezone,
    )


@router.get(
    "/api/v1/company/profile", summary="The company profile", tags=["company"], security=BEARER
)
def get_profile(caller: Admin) -> CompanyProfile:
    return _profile(services(), caller.tenant_id)


@router.put(
    "/api/v1/company/profile",
    summary="Name, trades, service area and time zone (IANA, e.g. America/Chicago)",
    tags=["company"],
    security=BEARER,
)
def put_profile(body: CompanyProfile, caller: Admin) -> CompanyProfile:
    if body.timezone not in zoneinfo.available_timezones():
        raise ValidationFailed(
            f"invalid request: timezone {body.timezone!r} is not an IANA time zone "
            "(for example America/Chicago)",
            code="invalid_timezone",
        )
    name = body.name.strip()
    if not name:
        raise ValidationFailed("invalid request: name is required")
    trades = tuple(dict.fromkeys(t.strip() for t in body.trades if t.strip()))
    if any(len(t) > 60 for t in trades):
        raise ValidationFailed("invalid request: a trade is at most 60 characters")
    svc = services()
    svc.directory.update_tenant(
        caller.tenant_id,
        name=name,
        trades=trades,
        service_area=body.service_area.strip(),
        timezone=body.timezone,
    )
    return _profile(svc, caller.tenant_id)


def _status(svc: Services, tenant_id: str) -> LeapStatus:
    cred = svc.table.get(keys.tenant_pk(tenant_id, "CRED"), "leap")
    if cred is None:
        return LeapStatus(connected=False)
    status = svc.table.get(keys.tenant_pk(tenant_id, "CRED"), LEAP_STATUS) or {}
    return LeapStatus(
        connected=True,
        account=status.get("account"),
        checked_at=status.get("checked_at") or cred.get("updated_at"),
    )


@router.get(
    "/api/v1/company/leap",
    summary="Whether Leap is connected (the key is never shown)",
    tags=["company"],
    security=BEARER,
)
def get_leap(caller: Admin) -> LeapStatus:
    return _status(services(), caller.tenant_id)


def leap_url(svc: Services, asked: str | None) -> str:
    """Leap's address: the real one on AWS; locally the simulator, or the one asked for
    (a server-side request to an address a user picks is allowed only offline)."""
    if svc.settings.mode == "aws":
        return LEAP_URL
    if asked:
        try:
            parsed = urlparse(asked)
            httpx.URL(asked)
        except (ValueError, httpx.InvalidURL):
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValidationFailed("invalid request: base_url must be an http(s) URL")
        return asked.rstrip("/")
    return f"http://127.0.0.1:{svc.settings.leap_sim_port}/api/v3"


@router.put(
    "/api/v1/company/leap",
    summary="Connect Leap: the key is checked against Leap, then stored encrypted",
    tags=["company"],
    security=BEARER,
)
def put_leap(body: LeapConnect, caller: Admin) -> LeapStatus:
    svc = services()
    key = body.api_key.strip()
    if not _PRINTABLE.fullmatch(key):
        raise ValidationFailed(
            "invalid request: a Leap API key is letters, digits and punctuation, no spaces",
            code="leap_rejected",
        )
    credentials = CrmCredentials(provider="leap", token=key, base_url=leap_url(svc, body.base_url))

    async def check() -> int:
        client = leap_client(
            credentials, deadline=deadline.current(), timeout=svc.settings.leap_timeout_seconds
        )
        try:
            return len(await client.list_stages())
        finally:
            await client.aclose()

    try:
        stages = concurrency.run(check())
    except CrmError as exc:  # Leap's own reason; nothing is stored
        raise ValidationFailed(f"Leap refused the key: {exc}", code="leap_rejected") from None
    svc.tools.vault.save(caller.tenant_id, credentials)
    svc.table.put(
        {
            "pk": keys.tenant_pk(caller.tenant_id, "CRED"),
            "sk": LEAP_STATUS,
            "account": f"{urlparse(credentials.base_url).netloc} ({stages} job stages)",
            "checked_at": svc.table.now(),
        }
    )
    return _status(svc, caller.tenant_id)
