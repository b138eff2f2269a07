"""The Lambda path in AWS mode: DynamoDB, S3 and Secrets Manager (through moto)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from hard_e.auth import hash_password
from hard_e.bootstrap import Services, build_services, use_services
from hard_e.tenancy.credentials import CredentialsError, CrmCredentials
from tests.conftest import FrozenClock, Gateway
from tests.support.aws import moto_services


@pytest.fixture
def aws_services(
    monkeypatch: pytest.MonkeyPatch, clock: FrozenClock
) -> Iterator[tuple[Services, str]]:
    with moto_services(monkeypatch, clock, sender_email="hello@summit.example") as svc:
        tenant = svc.directory.create_tenant("Summit Exteriors")
        svc.directory.add_user(
            tenant.tenant_id,
            email="rep@summit.example",
            name="Riley Rep",
            password_hash=hash_password("pw-123456", rounds=4),
            role="rep",
        )
        use_services(svc)
        yield svc, tenant.tenant_id
        use_services(None)


def test_login_chat_and_history_work_on_dynamodb(
    aws_services: tuple[Services, str], gateway: Gateway
) -> None:
    _, tenant_id = aws_services
    login = gateway.login("rep@summit.example", "pw-123456")
    assert login.status == 200 and login.json()["tenant_id"] == tenant_id
    token = login.json()["token"]

    first = gateway.chat("hello", token).json()
    gateway.chat("what can you do?", token, first["session_id"])
    history = gateway.request(
        "GET", f"/api/v1/sessions/{first['session_id']}", function="chat", token=token
    )

    assert [m["text"] for m in history.json()["messages"]][::2] == ["hello", "what can you do?"]
    stored = boto3.client("dynamodb").scan(TableName="hard-e-test")["Items"]
    session_keys = [i["pk"]["S"] for i in stored if "#SESSION#" in i["pk"]["S"]]
    assert session_keys and all(k.startswith(f"T#{tenant_id}#") for k in session_keys)
    assert all("ttl" in i for i in stored if "#SESSION#" in i["pk"]["S"])


def count_secret_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SecretIds of every GetSecretValue any boto3 client makes from now on."""
    from botocore.client import BaseClient

    reads: list[str] = []
    real = BaseClient._make_api_call

    def call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation == "GetSecretValue":
            reads.append(params["SecretId"])
        return real(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    return reads


def test_a_warm_container_reads_the_signing_secret_once(
    aws_services: tuple[Services, str], gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = count_secret_reads(monkeypatch)
    token = gateway.login("rep@summit.example", "pw-123456").json()["token"]
    assert gateway.chat("hi", token).status == 200
    assert gateway.chat("and again", token).status == 200
    assert reads == [aws_services[0].settings.jwt_secret_arn]


def test_a_rotated_signing_key_is_picked_up_on_the_first_token_it_signed(
    aws_services: tuple[Services, str],
    gateway: Gateway,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    svc, _ = aws_services
    reads = count_secret_reads(monkeypatch)
    old = gateway.login("rep@summit.example", "pw-123456").json()["token"]
    assert svc.settings.jwt_secret_arn
    boto3.client("secretsmanager").put_secret_value(
        SecretId=svc.settings.jwt_secret_arn, SecretString=secrets.token_urlsafe(48)
    )
    # a container started after the rotation signs with the new key ...
    fresh = build_services(svc.settings, clock=clock)
    user = fresh.directory.find_user_by_email("rep@summit.example")
    assert user is not None
    new = fresh.tokens.issue(user).token

    assert gateway.chat("hi", new).status == 200  # ... this warm one re-reads and agrees
    assert gateway.chat("hi", old).status == 401  # rotated key: old tokens stop working
    assert gateway.chat("hi", old).status == 401
    # this container's first read, the new one's, one re-read: a bad token buys no more
    assert len(reads) == 3


def test_crm_credentials_are_kms_encrypted_and_bound_to_the_tenant(
    aws_services: tuple[Services, str],
) -> None:
    svc, tenant_id = aws_services
    vault = svc.tools.vault
    vault.save(
        tenant_id, CrmCredentials("leap", "leap-secret-token-123", "https://leap.example/api/v3")
    )

    raw = boto3.client("dynamodb").get_item(
        TableName="hard-e-test", Key={"pk": {"S": f"T#{tenant_id}#CRED"}, "sk": {"S": "leap"}}
    )["Item"]
    assert "leap-secret-token-123" not in str(raw)
    assert vault.load(tenant_id).token == "leap-secret-token-123"
    other = svc.directory.create_tenant("Rival Roofing")
    with pytest.raises(CredentialsError, match="another company"):
        vault.open(other.tenant_id, "leap", raw["ciphertext"]["S"])


def test_email_goes_through_ses_and_sms_through_sns(aws_services: tuple[Services, str]) -> None:
    svc, tenant_id = aws_services
    email = svc.messenger.send_email(tenant_id, to="pat@home.example", subject="Hi", body="Quote")
    sms = svc.messenger.send_sms(tenant_id, to="+16145550100", body="See you at 9")
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    emails = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    assert [(m.destinations["ToAddresses"], m.subject) for m in emails] == [
        (["pat@home.example"], "Hi")
    ]
    texts = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages
    assert texts[sms.message_id] == ("+16145550100", "See you at 9")
    assert email.message_id


def test_without_a_sender_address_email_is_refused_clearly_and_sms_still_works(
    aws_services: tuple[Services, str], clock: FrozenClock
) -> None:
    from hard_e.messaging import MessagingError

    svc, tenant_id = aws_services
    settings = svc.settings.model_copy(update={"sender_email": None})
    bare = build_services(settings, clock=clock)
    with pytest.raises(MessagingError, match="no sender address"):
        bare.messenger.send_email(tenant_id, to="pat@home.example", subject="Hi", body="x")
    assert bare.messenger.send_sms(tenant_id, to="+16145550100", body="ok").message_id


def test_upload_to_s3_then_eventbridge_event_indexes_the_document(
    aws_services: tuple[Services, str], gateway: Gateway
) -> None:
    import hashlib
    import json

    import requests

    from tests.conftest import EVENTS

    svc, _ = aws_services
    token = gateway.login("rep@summit.example", "pw-123456").json()["token"]
    guide = b"# Paint\n\n## Zanzibar Quartz Blend\n\nCures in 36 hours above 50 degrees.\n"
    asked = gateway.request(
        "POST",
        "/api/v1/documents",
        function="documents",
        token=token,
        json_body={"filename": "paint.md", "content_type": "text/markdown", "size": len(guide)},
    ).json()
    upload = asked["upload"]
    assert upload["method"] == "POST"
    posted = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("paint.md", guide)}, timeout=10
    )
    assert posted.status_code in (200, 204)
    key = upload["fields"]["key"]
    event = json.loads((EVENTS / "eventbridge_s3_object_created.json").read_text())
    event["detail"]["object"].update(key=key, size=len(guide), etag=hashlib.md5(guide).hexdigest())

    gateway.host.invoke("ingest", event)

    status = gateway.request(
        "GET", f"/api/v1/documents/{asked['document_id']}", function="documents", token=token
    ).json()["document"]
    assert status["status"] == "indexed"
    hits = gateway.tool("search_knowledge", {"query": "Zanzibar Quartz Blend"}, token).json()
    assert hits["result"]["results"][0]["document"] == "paint.md"
    assert svc.knowledge.pointer(aws_services[1]) is not None
