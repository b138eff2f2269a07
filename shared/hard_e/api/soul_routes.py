"""The soul document: templates, versions, saving a new one and previewing an answer."""

from __future__ import annotations

import dataclasses

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline
from hard_e.api import concurrency
from hard_e.api.account_models import (
    PreviewOut,
    SoulIn,
    SoulOut,
    SoulPreview,
    SoulTemplate,
    SoulTemplates,
    SoulVersionOut,
)
from hard_e.api.company_routes import Admin
from hard_e.api.errors import NotFound, ValidationFailed
from hard_e.api.security import BEARER
from hard_e.bootstrap import services
from hard_e.brain import Speaker, Turn
from hard_e.brain.speech import normalise
from hard_e.knowledge.store import hit_dict
from hard_e.tenancy.soul import MAX_SOUL_CHARS, templates
from hard_e.tenancy.soul_book import SoulBook

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def _book() -> SoulBook:
    svc = services()
    return SoulBook(svc.table, svc.directory)


def _checked(content: str) -> str:
    if not content.strip():
        raise ValidationFailed("invalid request: the soul document is empty", code="empty_soul")
    if "\x00" in content:
        raise ValidationFailed("invalid request: the soul document has a NUL character")
    if len(content) > MAX_SOUL_CHARS:  # pragma: no cover - the model's max_length says it
        raise ValidationFailed(f"invalid request: over {MAX_SOUL_CHARS} characters")
    return content


@router.get(
    "/api/v1/soul",
    summary="The current soul document and its versions",
    tags=["soul"],
    security=BEARER,
)
def get_soul(caller: Admin) -> SoulOut:
    book = _book()
    current = book.current(caller.tenant_id)
    return SoulOut(
        current=SoulVersionOut(**current.public()),
        versions=[
            SoulVersionOut(**v.public(content=False)) for v in book.versions(caller.tenant_id)
        ],
    )


@router.get(
    "/api/v1/soul/templates",
    summary="Soul documents to start from",
    tags=["soul"],
    security=BEARER,
)
def get_templates(caller: Admin) -> SoulTemplates:
    company = services().directory.get_tenant(caller.tenant_id).name
    return SoulTemplates(templates=[SoulTemplate(**t) for t in templates(company)])


@router.put(
    "/api/v1/soul",
    summary="Save a new version of the soul document",
    tags=["soul"],
    security=BEARER,
)
def put_soul(body: SoulIn, caller: Admin) -> SoulVersionOut:
    saved = _book().save(caller.tenant_id, _checked(body.content), by=caller.user_id)
    return SoulVersionOut(**saved.public())


@router.get(
    "/api/v1/soul/versions/<version>",
    summary="One version of the soul document",
    tags=["soul"],
    security=BEARER,
)
def get_version(version: str, caller: Admin) -> SoulVersionOut:
    number = int(version) if version.isascii() and version.isdigit() and len(version) <= 6 else 0
    found = _book().get(caller.tenant_id, number) if number > 0 else None
    if found is None:
        raise NotFound("no such version of the soul document", code="version_not_found")
    return SoulVersionOut(**found.public())


@router.post(
    "/api/v1/soul/preview",
    summary="How Hard-E would answer a question with this soul document (nothing is saved)",
    tags=["soul"],
    security=BEARER,
)
def preview(body: SoulPreview, caller: Admin) -> PreviewOut:
    svc = services()
    content = _checked(body.content)
    svc.trials.charge(caller.tenant_id)
    tenant = dataclasses.replace(svc.directory.get_tenant(caller.tenant_id), soul_document=content)
    user = svc.directory.get_user(caller.tenant_id, caller.user_id)
    question = normalise(body.question)
    hits = svc.knowledge.search(caller.tenant_id, question, 5)
    turn = Turn(
        tenant=tenant,
        speaker=Speaker(
            user_id=caller.user_id, name=user.name if user else caller.email, role=caller.role
        ),
        session_id="preview",
        message=question,
        knowledge=[hit_dict(h) for h in hits if h.score > 0],
        deadline=deadline.current(),
    )
    reply = concurrency.run(svc.brain.reply(turn))
    return PreviewOut(answer=reply.text, brain=reply.brain)
