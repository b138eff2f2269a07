"""AWS mode (moto): each request's storage runs on credentials scoped to the caller's company.

Real handlers, real API Gateway / EventBridge event shapes, real boto3 against moto. Every
DynamoDB, S3 and KMS call is recorded with the company its client acts for; the tenant
clients sign as the tenant role's session named and tagged for that company.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase as fnmatch
from typing import Any

import pytest
import requests

from hard_e.auth import hash_password
from hard_e.auth.api_keys import KeyScope
from hard_e.bootstrap import Services, use_services
from hard_e.local.events import scheduled_event
from hard_e.tenancy.credentials import CrmCredentials
from hard_e.tenancy.operators import create_operator
from hard_e.tenancy.scope import acting_for, bound_tenant
from infra.constants import FUNCTION_ACCESS
from tests.conftest import EVENTS, FrozenClock, Gateway
from tests.support.aws import TENANT_ROLE, moto_services

PASSWORD = "pw-123456"


@dataclass
class Call:
    tenant: str | None  # the company the client acts for (None: the function's own role)
    service: str
    operation: str
    params: dict[str, Any]


@dataclass
class Recorder:
    calls: list[Call] = field(default_factory=list)

    def observe(self, tenant: str | None, service: str, client: Any) -> None:
        def record(params: dict[str, Any], model: Any, **_: Any) -> None:
            self.calls.append(Call(tenant, service, model.name, dict(params)))

        events = client.meta.events if hasattr(client, "meta") else client  # KMS: a session
        events.register(f"before-parameter-build.{service}.*", record)

    def of(self, service: str) -> list[Call]:
        return [c for c in self.calls if c.service == service]


@dataclass
class World:
    services: Services
    recorder: Recorder
    role_arn: str
    summit: str  # tenant ids
    rival: str


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, clock: FrozenClock) -> Iterator[World]:
    recorder = Recorder()
    with moto_services(
        monkeypatch, clock, sender_email="sales@summit.example", observe=recorder.observe
    ) as svc:
        companies = []
        for name, email in (
            ("Summit Exteriors", "sam@summit.example"),
            ("Rival", "ray@rival.example"),
        ):
            tenant = svc.directory.create_tenant(name)
            svc.directory.add_user(
                tenant.tenant_id,
                email=email,
                name=email.split("@")[0].title(),
                password_hash=hash_password(PASSWORD, rounds=4),
                role="admin",
            )
            companies.append(tenant.tenant_id)
        assert svc.aws is not None
        use_services(svc)
        recorder.calls.clear()  # set-up ran as the test itself, not as a request
        yield World(svc, recorder, svc.aws.role_arn, *companies)
        use_services(None)


def partition_keys(call: Call) -> list[str]:
    """The partition key(s) a DynamoDB call names."""
    p = call.params
    if "Key" in p:
        return [p["Key"]["pk"]["S"]]
    if "Item" in p:
        return [p["Item"]["pk"]["S"]]
    if "KeyConditionExpression" in p:
        return [p["ExpressionAttributeValues"][":part"]["S"]]
    raise AssertionError(f"unexpected call {call.operation}")


def assert_scoped(recorder: Recorder) -> None:
    """Every company item, object and key use ran as that company's tenant role."""
    for call in recorder.of("dynamodb"):
        for pk in partition_keys(call):
            if not pk.startswith("T#"):
                continue  # a global partition (login brake, email claim, learn queue)
            owner = pk[2:18]
            if call.tenant is None:  # before verification: only an API key's own record
                assert call.operation == "GetItem" and pk.endswith("#APIKEY"), call
            else:
                assert call.tenant == owner, call
    for call in recorder.of("s3"):
        assert call.tenant is not None, call
        if call.operation == "CreateBucket":
            continue  # generate_presigned_post builds its request on this model; sends nothing
        assert call.params["Key"].startswith(f"T#{call.tenant}/"), call
    for call in recorder.of("kms"):
        assert call.tenant is not None, call
        assert call.params["EncryptionContext"]["tenant_id"] == call.tenant, call


def login(gateway: Gateway, email: str) -> str:
    answer = gateway.login(email, PASSWORD)
    assert answer.status == 200, answer.body
    token: str = answer.json()["token"]
    return token


def test_each_companys_requests_run_on_its_own_tenant_role(world: World, gateway: Gateway) -> None:
    # Given two companies, each logged in
    sam = login(gateway, "sam@summit.example")
    ray = login(gateway, "ray@rival.example")

    # When each chats, reads history and lists tools
    first = gateway.chat("hello", sam).json()
    gateway.request("GET", f"/api/v1/sessions/{first['session_id']}", function="chat", token=sam)
    assert gateway.chat("what can you do?", ray).status == 200
    assert gateway.request("GET", "/api/v1/tools", function="tools", token=ray).status == 200
    assert gateway.request("GET", "/api/v1/memory", function="memory", token=sam).status == 200

    # Then every company item was read and written as that company's tenant role
    assert_scoped(world.recorder)
    acted = {c.tenant for c in world.recorder.of("dynamodb")}
    assert {world.summit, world.rival} <= acted
    # and each company's role session was assumed once, tagged with the company
    assumed = [c.params for c in world.recorder.of("sts") if c.operation == "AssumeRole"]
    assert sorted(a["Tags"][0]["Value"] for a in assumed) == sorted([world.summit, world.rival])
    assert all(a["Tags"][0]["Key"] == "tenant" and a["RoleArn"] == world.role_arn for a in assumed)
    # and nothing stays bound once the invocation is over (a warm container)
    assert bound_tenant() is None


def test_the_tenant_clients_sign_as_the_tagged_role_session(world: World) -> None:
    credentials = world.services.aws
    assert credentials is not None
    for tenant in (world.summit, world.rival):
        with acting_for(tenant):
            who = credentials.client("sts").get_caller_identity()["Arn"]
        assert who.endswith(f":assumed-role/{TENANT_ROLE}/tenant-{tenant}")
    assert "assumed-role" not in credentials.client("sts").get_caller_identity()["Arn"]


def test_api_key_calls_read_only_the_key_record_before_verification(
    world: World, gateway: Gateway
) -> None:
    svc = world.services
    user = svc.directory.find_user_by_email("sam@summit.example")
    assert user is not None
    key = svc.api_keys.create(
        world.summit,
        name="zapier",
        scope=KeyScope(tiers=frozenset({"green"})),
        created_by=user.user_id,
    )
    world.recorder.calls.clear()

    listed = gateway.request(
        "GET", "/api/v1/tools", function="tools", headers={"x-api-key": key.secret}
    )

    assert listed.status == 200
    assert_scoped(world.recorder)
    unverified = [c for c in world.recorder.of("dynamodb") if c.tenant is None]
    assert [c.operation for c in unverified] == ["GetItem"]
    assert any(c.tenant == world.summit for c in world.recorder.of("dynamodb"))


def test_uploads_ingest_and_crm_keys_stay_in_the_companys_prefix_and_context(
    world: World, gateway: Gateway
) -> None:
    svc = world.services
    with acting_for(world.summit):
        svc.tools.vault.save(
            world.summit, CrmCredentials("leap", "leap-token-1", "https://leap.example/api/v3")
        )
        assert svc.tools.vault.load(world.summit).token == "leap-token-1"
    sam = login(gateway, "sam@summit.example")
    guide = b"# Paint\n\n## Zanzibar Quartz Blend\n\nCures in 36 hours above 50 degrees.\n"
    asked = gateway.request(
        "POST",
        "/api/v1/documents",
        function="documents",
        token=sam,
        json_body={"filename": "paint.md", "content_type": "text/markdown", "size": len(guide)},
    ).json()
    upload = asked["upload"]
    assert upload["fields"]["key"].startswith(f"T#{world.summit}/docs/")
    assert "x-amz-security-token" in {k.lower() for k in upload["fields"]}  # tenant session
    posted = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("paint.md", guide)}, timeout=10
    )
    assert posted.status_code in (200, 204)
    event = json.loads((EVENTS / "eventbridge_s3_object_created.json").read_text())
    event["detail"]["object"].update(
        key=upload["fields"]["key"], size=len(guide), etag=hashlib.md5(guide).hexdigest()
    )

    gateway.host.invoke("ingest", event)

    hits = gateway.tool("search_knowledge", {"query": "Zanzibar Quartz Blend"}, sam).json()
    assert hits["result"]["results"][0]["document"] == "paint.md"
    assert_scoped(world.recorder)
    assert {c.tenant for c in world.recorder.of("s3")} == {world.summit}
    assert world.recorder.of("kms")  # the CRM key was used, with the company's context


def test_the_learner_acts_for_each_queued_sessions_company(
    world: World, gateway: Gateway, clock: FrozenClock
) -> None:
    for email in ("sam@summit.example", "ray@rival.example"):
        assert gateway.chat("we always quote in two days", login(gateway, email)).status == 200
    clock.advance(3600)
    world.recorder.calls.clear()

    report = gateway.host.invoke("learner", scheduled_event())

    assert report["sessions_learned"] == 2  # both queued sessions
    assert_scoped(world.recorder)
    acted = {c.tenant for c in world.recorder.of("dynamodb")}
    assert {world.summit, world.rival} <= acted
    queue = [c for c in world.recorder.of("dynamodb") if c.tenant is None]
    assert queue and all(partition_keys(c) == ["LEARN#QUEUE"] for c in queue)


def test_invites_team_and_password_resets_act_for_the_company_their_link_names(
    world: World, gateway: Gateway
) -> None:
    # Given Hard-E's operators and a company invite they sent
    svc = world.services
    operator = create_operator(
        svc.table,
        svc.directory,
        email="olive@hard-e.example",
        name="Olive",
        password_hash=hash_password(PASSWORD, rounds=4),
    )
    sent = svc.invites.issue(
        operator.tenant_id,
        kind="company",
        created_by=operator.user_id,
        days_valid=7,
        days=14,
        messages=100,
    )
    world.recorder.calls.clear()

    # When someone opens and accepts it (public routes: nobody is signed in yet)
    looked = gateway.request("GET", f"/api/v1/invites/{sent.token}", function="onboarding")
    accepted = gateway.request(
        "POST",
        f"/api/v1/invites/{sent.token}/accept",
        function="onboarding",
        json_body={
            "name": "Nia",
            "password": PASSWORD,
            "company_name": "Northside Roofing",
            "email": "nia@northside.example",
        },
    )
    # and the new admin invites a teammate, who accepts, then asks for a password reset
    assert (looked.status, accepted.status) == (200, 201), accepted.body
    northside = accepted.json()["tenant"]["tenant_id"]
    nia = accepted.json()["token"]
    invited = gateway.request(
        "POST",
        "/api/v1/team/invites",
        function="onboarding",
        token=nia,
        json_body={"email": "theo@northside.example", "role": "rep"},
    )
    joined = gateway.request(
        "POST",
        f"/api/v1/invites/{invited.json()['token']}/accept",
        function="onboarding",
        json_body={"name": "Theo", "password": PASSWORD},
    )
    reset = gateway.request(
        "POST",
        "/api/v1/auth/password-reset",
        function="onboarding",
        json_body={"email": "theo@northside.example"},
    )
    forged = gateway.request(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        function="onboarding",
        json_body={"token": f"rst_{world.summit}{'x' * 32}", "password": "new-pw-123456"},
    )
    assert (invited.status, joined.status, reset.status, forged.status) == (201, 201, 202, 400)

    # Then every company item ran as the tenant role of the company it belongs to: the
    # invite as the operators', the new company's items as the new company's
    assert_scoped(world.recorder)
    acted = {c.tenant for c in world.recorder.of("dynamodb")}
    assert {operator.tenant_id, northside, world.summit} <= acted
    # and outside the companies' partitions it touched only what its IAM grants allow
    # (infra.constants: the email claims and the company registry, for both its roles)
    grants = FUNCTION_ACCESS["onboarding"].global_grants
    outside = [
        (pk, f"dynamodb:{call.operation}")
        for call in world.recorder.of("dynamodb")
        for pk in partition_keys(call)
        if not pk.startswith("T#")
    ]
    assert {pk.split("#", 1)[0] for pk, _ in outside} == {"EMAIL", "TENANTS"}
    for pk, action in outside:
        assert any(fnmatch(pk, g.leading_key) and action in g.actions for g in grants), pk
    assert bound_tenant() is None
