"""Documents: upload requests, ingestion from real event shapes, failures, isolation."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from hard_e.bootstrap import Services
from hard_e.local.events import s3_object_created_event
from hard_e.local.seed import DemoLogin
from hard_e.storage.local import UPLOAD_PATH, LocalFolderBlobs
from tests.conftest import EVENTS, Gateway, add_user

GUIDE = b"""# Summit Paint Guide

Our house paint programme for trim jobs.

## Zanzibar Quartz Blend

Zanzibar Quartz Blend is our private-label trim colour. It needs two coats over primer
and cures in 36 hours at 50 degrees or warmer.
"""


def request_upload(
    gateway: Gateway, token: str, filename: str, content_type: str, size: int
) -> Any:
    return gateway.request(
        "POST",
        "/api/v1/documents",
        function="documents",
        token=token,
        json_body={"filename": filename, "content_type": content_type, "size": size},
    )


def upload(services: Services, response: dict[str, Any], data: bytes, content_type: str) -> str:
    """Send the bytes to the presigned URL the way a browser would; returns the key."""
    blobs = services.blobs
    assert isinstance(blobs, LocalFolderBlobs)
    url = urlsplit(response["upload"]["url"])
    key = unquote(url.path[len(UPLOAD_PATH) :])
    blobs.accept_upload(key, dict(parse_qsl(url.query)), data, content_type)
    return key


def fire_s3_event(gateway: Gateway, key: str, data: bytes) -> dict[str, Any]:
    event = s3_object_created_event(key, size=len(data), etag=hashlib.md5(data).hexdigest())
    result: dict[str, Any] = gateway.host.invoke("ingest", event)
    return result


def add_document(
    gateway: Gateway,
    services: Services,
    token: str,
    filename: str,
    data: bytes,
    content_type: str = "text/markdown",
) -> str:
    response = request_upload(gateway, token, filename, content_type, len(data))
    assert response.status == 201, response.body
    key = upload(services, response.json(), data, content_type)
    fire_s3_event(gateway, key, data)
    return str(response.json()["document_id"])


def search(gateway: Gateway, token: str, query: str) -> list[dict[str, Any]]:
    result = gateway.tool("search_knowledge", {"query": query}, token)
    assert result.status == 200, result.body
    hits: list[dict[str, Any]] = result.json()["result"]["results"]
    return hits


def status_of(gateway: Gateway, token: str, document_id: str) -> dict[str, Any]:
    result = gateway.request(
        "GET", f"/api/v1/documents/{document_id}", function="documents", token=token
    )
    document: dict[str, Any] = result.json()["document"]
    return document


def test_upload_request_returns_a_signed_upload_and_a_pending_document(
    gateway: Gateway, demo_token: str
) -> None:
    response = request_upload(gateway, demo_token, "Paint Guide.md", "text/markdown", 400)

    assert response.status == 201
    body = response.json()
    assert body["document"]["status"] == "pending"
    assert body["upload"]["method"] == "PUT"
    assert body["upload"]["headers"] == {"Content-Type": "text/markdown"}
    assert "sig=" in body["upload"]["url"] and "/_uploads/" in body["upload"]["url"]


@pytest.mark.parametrize(
    ("filename", "content_type", "size", "status", "code"),
    [
        ("virus.exe", "application/octet-stream", 10, 415, "unsupported_type"),
        ("guide.pdf", "text/plain", 10, 415, "content_type_mismatch"),
        ("huge.pdf", "application/pdf", 11 * 1024 * 1024, 413, "file_too_large"),
        ("empty.txt", "text/plain", 0, 422, "empty_file"),
        ("noextension", "text/plain", 10, 415, "unsupported_type"),
    ],
)
def test_bad_upload_requests_are_refused_before_a_byte_moves(
    gateway: Gateway,
    demo_token: str,
    filename: str,
    content_type: str,
    size: int,
    status: int,
    code: str,
) -> None:
    response = request_upload(gateway, demo_token, filename, content_type, size)
    assert (response.status, response.json()["error"]["code"]) == (status, code)
    listed = gateway.request("GET", "/api/v1/documents", function="documents", token=demo_token)
    assert listed.json()["documents"] == []


def test_folder_tricks_in_file_names_are_flattened(gateway: Gateway, demo_token: str) -> None:
    response = request_upload(gateway, demo_token, "../../etc/passwd.txt", "text/plain", 5)
    assert response.json()["document"]["filename"] == "passwd.txt"


def test_s3_event_indexes_the_document_and_search_finds_it(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    document_id = add_document(gateway, services, demo_token, "paint.md", GUIDE)

    document = status_of(gateway, demo_token, document_id)
    assert document["status"] == "indexed" and document["chunk_count"] >= 1
    hits = search(gateway, demo_token, "how long does Zanzibar Quartz Blend take to cure")
    assert hits[0]["document"] == "paint.md"
    assert hits[0]["heading"].endswith("Zanzibar Quartz Blend")
    assert "36 hours" in hits[0]["text"]


def test_an_eventbridge_object_created_event_is_ingested_too(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    response = request_upload(gateway, demo_token, "paint.md", "text/markdown", len(GUIDE))
    key = upload(services, response.json(), GUIDE, "text/markdown")
    event = json.loads((EVENTS / "eventbridge_s3_object_created.json").read_text())
    event["detail"]["object"].update(key=key, size=len(GUIDE), etag=hashlib.md5(GUIDE).hexdigest())

    gateway.host.invoke("ingest", event)

    assert status_of(gateway, demo_token, response.json()["document_id"])["status"] == "indexed"


def test_a_redelivered_event_changes_nothing(
    gateway: Gateway, demo_token: str, services: Services, demo: DemoLogin
) -> None:
    response = request_upload(gateway, demo_token, "paint.md", "text/markdown", len(GUIDE))
    key = upload(services, response.json(), GUIDE, "text/markdown")
    fire_s3_event(gateway, key, GUIDE)
    pointer = services.knowledge.pointer(demo.tenant_id)

    again = fire_s3_event(gateway, key, GUIDE)

    assert again["processed"][0]["result"] == "skipped"
    assert services.knowledge.pointer(demo.tenant_id) == pointer
    hits = search(gateway, demo_token, "Zanzibar Quartz Blend")
    assert len([h for h in hits if h["document"] == "paint.md"]) == len(
        {h["chunk_id"] for h in hits if h["document"] == "paint.md"}
    )


def pdf_bytes() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "content_type", "data"),
    [
        ("garbage.txt", "text/plain", bytes(range(256)) * 40),
        ("broken.pdf", "application/pdf", b"%PDF-1.7\n1 0 obj<<>>\nthis is not really a pdf"),
        ("locked.pdf", "application/pdf", encrypted_pdf()),
        ("blank.pdf", "application/pdf", pdf_bytes()),
        (
            "bomb.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            zip_bomb_docx(),
        ),
        (
            "notreally.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK\x03\x04 nope",
        ),
        ("spaces.md", "text/markdown", b"   \n\n\t  \n"),
    ],
    # the files' bytes stay out of the test ids: an encrypted PDF differs in every process
    ids=lambda value: "bytes" if isinstance(value, bytes) else None,
)
def test_bad_files_end_failed_with_a_reason_and_the_old_index_keeps_serving(
    gateway: Gateway,
    demo_token: str,
    services: Services,
    demo: DemoLogin,
    filename: str,
    content_type: str,
    data: bytes,
) -> None:
    add_document(gateway, services, demo_token, "paint.md", GUIDE)
    before = services.knowledge.pointer(demo.tenant_id)

    document_id = add_document(gateway, services, demo_token, filename, data, content_type)

    document = status_of(gateway, demo_token, document_id)
    assert document["status"] == "failed"
    assert document["reason"] and "Traceback" not in document["reason"]
    assert services.knowledge.pointer(demo.tenant_id) == before
    assert search(gateway, demo_token, "Zanzibar Quartz Blend")[0]["document"] == "paint.md"


def test_deleting_removes_the_file_its_chunks_and_its_search_results(
    gateway: Gateway, demo_token: str, services: Services, demo: DemoLogin
) -> None:
    document_id = add_document(gateway, services, demo_token, "paint.md", GUIDE)
    blob_keys = [b.key for b in services.blobs.list(f"T#{demo.tenant_id}/")]
    assert any("/docs/" in k for k in blob_keys) and any("/chunks/" in k for k in blob_keys)

    deleted = gateway.request(
        "DELETE", f"/api/v1/documents/{document_id}", function="documents", token=demo_token
    )

    assert deleted.status == 200
    remaining = [b.key for b in services.blobs.list(f"T#{demo.tenant_id}/")]
    assert not any("/docs/" in k or "/chunks/" in k for k in remaining)
    assert all(
        h["document"] != "paint.md" for h in search(gateway, demo_token, "Zanzibar Quartz Blend")
    )
    gone = gateway.request(
        "GET", f"/api/v1/documents/{document_id}", function="documents", token=demo_token
    )
    assert gone.status == 404


def test_another_tenant_never_sees_our_private_documents(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    document_id = add_document(gateway, services, demo_token, "paint.md", GUIDE)
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    rival_token = gateway.login("boss@rival.example", "pw-123456").json()["token"]

    their_hits = search(gateway, rival_token, "Zanzibar Quartz Blend trim colour cure time")
    our_hits = search(gateway, demo_token, "Zanzibar Quartz Blend trim colour cure time")

    assert our_hits[0]["document"] == "paint.md"
    assert all("Zanzibar" not in h["text"] and h["document"] != "paint.md" for h in their_hits)
    path = f"/api/v1/documents/{document_id}"
    assert gateway.request("GET", path, function="documents", token=rival_token).status == 404
    assert gateway.request("DELETE", path, function="documents", token=rival_token).status == 404
    listed = gateway.request("GET", "/api/v1/documents", function="documents", token=rival_token)
    assert listed.json()["documents"] == []
    assert status_of(gateway, demo_token, document_id)["status"] == "indexed"


def test_the_shared_library_is_searchable_by_every_company(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    rival_token = gateway.login("boss@rival.example", "pw-123456").json()["token"]
    for token in (demo_token, rival_token):
        hits = search(gateway, token, "StoneLap 8.25 inch plank exposure")
        assert hits and any("StoneLap" in h["text"] for h in hits)


def test_a_rep_cannot_delete_a_colleagues_document(
    gateway: Gateway, demo: DemoLogin, demo_token: str, services: Services
) -> None:
    document_id = add_document(gateway, services, demo_token, "paint.md", GUIDE)
    add_user(services, demo.tenant_id, "rep1@summit.example")
    rep = gateway.login("rep1@summit.example", "pw-123456").json()["token"]
    path = f"/api/v1/documents/{document_id}"
    assert gateway.request("DELETE", path, function="documents", token=rep).status == 403
    assert status_of(gateway, demo_token, document_id)["status"] == "indexed"


def test_an_upload_with_a_tampered_signature_is_refused(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    from hard_e.storage import UploadRejectedError

    response = request_upload(gateway, demo_token, "paint.md", "text/markdown", len(GUIDE)).json()
    response["upload"]["url"] = response["upload"]["url"].replace("sig=", "sig=0")
    with pytest.raises(UploadRejectedError) as refused:
        upload(services, response, GUIDE, "text/markdown")
    assert refused.value.status == 403


def test_an_event_for_a_key_nobody_asked_for_is_ignored(
    gateway: Gateway, demo: DemoLogin, services: Services
) -> None:
    key = f"T#{demo.tenant_id}/docs/doc_{'0' * 26}/sneaky.md"
    services.blobs.put(key, GUIDE)
    result = fire_s3_event(gateway, key, GUIDE)
    assert result["processed"][0]["result"] == "ignored"
    assert [b.key for b in services.blobs.list(key)] == []


def test_a_damaged_index_blob_is_rebuilt_not_a_crash(
    gateway: Gateway, demo_token: str, services: Services, demo: DemoLogin
) -> None:
    add_document(gateway, services, demo_token, "paint.md", GUIDE)
    pointer = services.knowledge.pointer(demo.tenant_id)
    assert pointer is not None
    services.blobs.put(pointer.segments[0].blob_key, b"not an index at all")
    services.knowledge._cache.clear()  # as in a fresh Lambda

    hits = search(gateway, demo_token, "Zanzibar Quartz Blend")

    assert hits[0]["document"] == "paint.md"
    assert services.knowledge.pointer(demo.tenant_id) != pointer


def test_an_offline_question_without_product_words_still_searches_the_documents(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    add_document(gateway, services, demo_token, "paint.md", GUIDE)

    reply = gateway.chat("how long does zanzibar quartz blend take to cure?", demo_token).json()

    assert "36 hours" in reply["reply"] and "(Source: paint.md" in reply["reply"]
    assert reply["tool_calls"][0]["name"] == "search_knowledge"
