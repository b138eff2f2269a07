"""Offboarding: an operator exports a company (JSON + documents) and deletes it; then a
scan of the whole table and bucket finds nothing of it, on both storage adapters."""

from __future__ import annotations

import base64
import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hard_e.bootstrap import Services, use_services
from tests.conftest import FrozenClock, Gateway
from tests.support.aws import moto_services
from tests.tenancy.conftest import Desk, populate


def _traces(svc: Services, tenant_id: str, words: list[str]) -> list[str]:
    """Every item and object that still names the company, its people or its data."""
    found = []
    for item in svc.table.scan():
        text = json.dumps(item)
        if tenant_id in text or any(w in text for w in words):
            found.append(f"{item['pk']} / {item['sk']}")
    for info in svc.blobs.list(""):
        if tenant_id in info.key or any(
            w in svc.blobs.get(info.key).decode("utf-8", "replace") for w in words
        ):
            found.append(info.key)
    return found


def _offboard_and_prove(desk: Desk, *, full_neighbour: bool = True) -> None:
    gone = desk.new_company(name="Gone Gutters", email="gail@gone.example")
    kept = desk.new_company(name="Kept Koatings", email="kim@kept.example")
    doomed = populate(desk, gone, tag="gonegutters")
    if full_neighbour:
        stays = populate(desk, kept, tag="keptkoatings")
    else:  # moto is slow: a neighbour with a conversation is enough there
        desk.gateway.chat("keptkoatings question", kept["token"])
        stays = {"admin": kept["token"], "tenant_id": kept["tenant"]["tenant_id"]}
    operator = desk.operator_token()
    tenant_id = doomed["tenant_id"]
    words = ["gonegutters", "gail@gone.example", "Gone Gutters"]
    assert len(_traces(desk.services, tenant_id, words)) > 20

    export = desk.call(
        "GET", f"/api/v1/operator/companies/{tenant_id}/export", "operators", operator
    )
    assert export.status == 200, export.body[:500]
    dump: dict[str, Any] = export.json()
    assert dump["company"]["name"] == "Gone Gutters"
    kinds = {i["pk"].split("#")[2] for i in dump["items"]}
    assert {"TENANT", "USER", "SESSION", "MEMORY", "APPROVAL", "DOC", "APIKEY", "SOUL"} <= kinds
    assert "INVITE" in kinds and "CRED" in kinds
    assert "OUTBOX" in kinds or desk.services.settings.mode == "aws"  # SES/SNS keep no outbox
    assert any(k.startswith("AUDIT") for k in kinds)
    docs = [base64.b64decode(d["content_base64"]) for d in dump["documents"]]
    assert any(b"gonegutters siding carries 50 years" in d for d in docs)
    text = export.body.decode()
    assert "gonegutters-leap" not in text and "$2b$" not in text  # no secrets, no hashes
    assert doomed["key_secret"] not in text
    assert "keptkoatings" not in text

    deleted = desk.call("DELETE", f"/api/v1/operator/companies/{tenant_id}", "operators", operator)

    assert deleted.status == 200, deleted.body
    assert _traces(desk.services, tenant_id, words) == []
    for token in (doomed["admin"], doomed["rep"]):
        assert desk.gateway.chat("hello", token).status == 401
    agent = desk.call("GET", "/api/v1/tools", "tools", None, key=doomed["key_secret"])
    assert agent.status == 401
    assert desk.gateway.login("gail@gone.example", "ridge-pass-1").status == 401
    again = desk.call("DELETE", f"/api/v1/operator/companies/{tenant_id}", "operators", operator)
    assert again.status == 404
    # the other company is untouched
    assert desk.gateway.chat("still here?", stays["admin"]).status == 200
    assert _traces(desk.services, stays["tenant_id"], ["keptkoatings"]) != []
    listed = desk.call("GET", "/api/v1/operator/companies", "operators", operator).json()
    assert [c["name"] for c in listed["companies"] if c["tenant_id"] == tenant_id] == []


def test_offboarding_leaves_nothing_on_sqlite_and_the_local_folder(desk: Desk) -> None:
    _offboard_and_prove(desk)


@pytest.fixture
def aws_desk(
    monkeypatch: pytest.MonkeyPatch, clock: FrozenClock, gateway: Gateway
) -> Iterator[Desk]:
    with moto_services(monkeypatch, clock, sender_email="hello@hard-e.example") as svc:
        use_services(svc)
        yield Desk(gateway, svc)
        use_services(None)


def test_offboarding_leaves_nothing_on_dynamodb_and_s3(aws_desk: Desk) -> None:
    _offboard_and_prove(aws_desk, full_neighbour=False)


def test_reps_and_admins_cannot_export_or_delete(desk: Desk) -> None:
    company = desk.new_company()
    tenant_id = company["tenant"]["tenant_id"]
    for method, path in (
        ("GET", f"/api/v1/operator/companies/{tenant_id}/export"),
        ("DELETE", f"/api/v1/operator/companies/{tenant_id}"),
    ):
        assert desk.call(method, path, "operators", company["token"]).status == 403
    assert desk.gateway.chat("still here", company["token"]).status == 200


@pytest.mark.parametrize("adapter", ["desk", "aws_desk"])
def test_writes_of_requests_still_running_during_the_delete_are_swept_too(
    adapter: str, request: pytest.FixtureRequest
) -> None:
    """A chat turn, a Leap budget slot and rate-limit and trial counters keep writing
    while the company is deleted (and once more after its partitions were read): the
    delete's settle-and-sweep leaves nothing behind."""
    from hard_e import aio
    from hard_e.auth.rate_limits import RateLimiter
    from hard_e.crm.ratelimit import TableRequestBudget
    from hard_e.tenancy.analytics import TurnLog
    from hard_e.tenancy.offboarding import Offboarding
    from hard_e.tenancy.operators import operators_tenant_id

    desk: Desk = request.getfixturevalue(adapter)
    svc = desk.services
    gone = desk.new_company(name="Gone Gutters", email="gail@gone.example")
    tenant_id = gone["tenant"]["tenant_id"]
    session_id = desk.gateway.chat("gonegutters question", gone["token"]).json()["session_id"]
    budget = TableRequestBudget(svc.table, tenant_id, "https://leap.example\ngonegutters")

    def a_running_request() -> None:
        """What requests of the company write while they finish (each on its own: a
        step that finds its company half gone fails, the others still write)."""
        steps: list[Callable[[], object]] = [
            lambda: aio.run(_hold_a_slot(budget)),
            lambda: RateLimiter(svc.table).admit(tenant_id, "chat", limit=1000),
            lambda: svc.trials.charge(tenant_id),
            lambda: TurnLog(svc.table).record(
                tenant_id,
                channel="chat",
                session_id=session_id,
                started=svc.table.now(),
                message="gonegutters late turn",
                tiers=["green"],
            ),
        ]
        for step in steps:
            with contextlib.suppress(Exception):
                step()

    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            a_running_request()

    settles: list[float] = []

    def settle(seconds: float) -> None:
        settles.append(seconds)
        if len(settles) == 1:  # the last writes land after the delete read everything
            stop.set()
            writer.join()
            a_running_request()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        offboarding = Offboarding(svc.table, svc.blobs, svc.directory, settle=settle)
        removed = offboarding.delete(
            tenant_id, operators_tenant=operators_tenant_id(svc.table, svc.directory)
        )
    finally:
        stop.set()
        writer.join()

    assert _traces(svc, tenant_id, ["gonegutters", "gail@gone.example"]) == []
    assert len(settles) == 2  # one sweep found the late writes, the next found nothing
    assert removed.items > 0


async def _hold_a_slot(budget: Any) -> None:
    async def no_wait(_: float) -> None:
        return None

    async with budget.slot(no_wait):
        pass


def _large_company(desk: Desk, megabytes: int = 7) -> tuple[str, bytes]:
    """A company whose documents alone are more than a Lambda may answer with."""
    import os

    company = desk.new_company(name="Bigg Builders", email="bea@bigg.example")
    tenant_id, admin = company["tenant"]["tenant_id"], company["token"]
    upload = desk.call(
        "POST",
        "/api/v1/documents",
        "documents",
        admin,
        {"filename": "bigg-catalogue.pdf", "content_type": "application/pdf", "size": 1000},
    ).json()
    document = desk.services.documents.get(tenant_id, upload["document"]["id"])
    data = b"%PDF-1.4 bigg " + os.urandom(megabytes * 1_000_000 // 2).hex().encode()
    desk.services.blobs.put(document.blob_key, data, content_type="application/pdf")
    return tenant_id, data


def _fetch(desk: Desk, url: str) -> tuple[int, dict[str, str], bytes]:
    """Open a download link as the operator's browser would."""
    import httpx
    import requests

    if desk.services.settings.mode == "aws":  # moto answers S3's presigned GET
        answer = requests.get(url, timeout=60)
        return answer.status_code, dict(answer.headers), answer.content
    from urllib.parse import urlsplit

    from tests.support.servers import quick_local_server

    parts = urlsplit(url)
    with quick_local_server() as server:
        local = f"http://127.0.0.1:{server.port}{parts.path}?{parts.query}"
        got = httpx.get(local, timeout=60)
    return got.status_code, dict(got.headers), got.content


@pytest.mark.parametrize("adapter", ["desk", "aws_desk"])
def test_an_export_too_large_to_answer_with_is_a_download_link(
    adapter: str, request: pytest.FixtureRequest
) -> None:
    desk: Desk = request.getfixturevalue(adapter)
    tenant_id, document = _large_company(desk)
    operator = desk.operator_token()

    answer = desk.call(
        "GET", f"/api/v1/operator/companies/{tenant_id}/export", "operators", operator
    )

    assert answer.status == 200, answer.body[:300]
    assert len(answer.body) < 10_000  # the answer is the link, not the data
    link = answer.json()
    assert link["company"]["name"] == "Bigg Builders"
    assert link["size_bytes"] > 6_000_000
    status, headers, body = _fetch(desk, link["download_url"])
    assert status == 200
    assert "attachment" in {k.lower(): v for k, v in headers.items()}["content-disposition"]
    dump = json.loads(body)
    assert dump["company"]["tenant_id"] == tenant_id
    (exported,) = [d for d in dump["documents"] if d["key"].endswith("bigg-catalogue.pdf")]
    assert base64.b64decode(exported["content_base64"]) == document
    assert any(i["pk"].endswith("#TENANT") for i in dump["items"])

    tampered = link["download_url"].replace("exports", "exports%2F..%2Fdocs", 1)
    assert _fetch(desk, tampered)[0] in (400, 403, 404)
    deleted = desk.call("DELETE", f"/api/v1/operator/companies/{tenant_id}", "operators", operator)
    assert deleted.status == 200
    assert _traces(desk.services, tenant_id, ["bigg-catalogue", "Bigg Builders"]) == []
