"""The `Blobs` contract, plus each adapter's direct-upload path."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests

from hard_e.storage import BlobNotFoundError, Blobs
from hard_e.storage.exceptions import UploadRejectedError
from hard_e.storage.local import LocalFolderBlobs
from hard_e.storage.s3 import S3Blobs
from tests.contract.conftest import BASE_URL, FakeClock

KEY = "T#tenant01/docs/01HXYZ/Angebot Müller #3.pdf"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4


def test_put_then_get_returns_the_same_bytes(blobs: Blobs) -> None:
    blobs.put(KEY, PDF, content_type="application/pdf")
    assert blobs.get(KEY) == PDF


def test_put_replaces_what_was_there(blobs: Blobs) -> None:
    blobs.put(KEY, b"first")
    blobs.put(KEY, b"second, longer")
    assert blobs.get(KEY) == b"second, longer"


def test_empty_blob_round_trips(blobs: Blobs) -> None:
    blobs.put(KEY, b"")
    assert blobs.get(KEY) == b""


def test_get_of_a_missing_key_raises_blob_not_found(blobs: Blobs) -> None:
    with pytest.raises(BlobNotFoundError):
        blobs.get("T#tenant01/docs/missing.pdf")


def test_delete_removes_the_blob_and_ignores_absent_keys(blobs: Blobs) -> None:
    blobs.put(KEY, PDF)
    blobs.delete(KEY)
    blobs.delete("T#tenant01/docs/never-there.pdf")
    with pytest.raises(BlobNotFoundError):
        blobs.get(KEY)
    assert blobs.list() == []


def test_list_returns_original_keys_under_a_prefix_sorted(blobs: Blobs) -> None:
    # Given blobs of two tenants, one key being a "folder" of another
    keys = [
        "T#tenant01/docs/b/file.pdf",
        "T#tenant01/docs/a/file 1.pdf",
        "T#tenant01/docs/a",
        "T#tenant01/docs/a/sub/ünï cödé.txt",
        "T#tenant01/notes.txt",
        "T#tenant012/docs/x.pdf",
    ]
    for i, key in enumerate(keys):
        blobs.put(key, b"x" * (i + 1))
    # When listing by prefix
    listed = blobs.list("T#tenant01/docs/")
    # Then exactly the matching original keys come back, sorted, with their sizes
    assert [blob.key for blob in listed] == sorted(
        k for k in keys if k.startswith("T#tenant01/docs/")
    )
    assert {blob.key: blob.size for blob in listed}["T#tenant01/docs/a/sub/ünï cödé.txt"] == 4
    assert all(blob.last_modified > 0 for blob in listed)
    assert [blob.key for blob in blobs.list("T#tenant01/docs/a")] == [
        "T#tenant01/docs/a",
        "T#tenant01/docs/a/file 1.pdf",
        "T#tenant01/docs/a/sub/ünï cödé.txt",
    ]
    assert [blob.key for blob in blobs.list("T#tenant01/")] == sorted(keys[:5])
    assert [blob.key for blob in blobs.list()] == sorted(keys)
    assert blobs.list("T#tenant02") == []


# Local folder adapter


@pytest.mark.parametrize(
    "key",
    ["", "/etc/passwd", "../outside", "T#t/../../outside", "T#t/./x", "T#t//x", "T#t/docs/"],
)
def test_local_blobs_refuse_keys_that_are_not_safe_paths(
    local_blobs: LocalFolderBlobs, key: str
) -> None:
    with pytest.raises(ValueError):
        local_blobs.put(key, b"x")
    with pytest.raises(ValueError):
        local_blobs.presigned_upload(key, content_type="text/plain", max_bytes=10)


def test_local_blobs_keep_every_file_inside_the_root(
    local_blobs: LocalFolderBlobs, tmp_path: Any
) -> None:
    local_blobs.put("..%2F..%2Fescape/..\\x/%2e%2e", b"x")
    local_blobs.put("T#t/~/.hidden", b"y")
    root = tmp_path / "blobs"
    assert all(root in path.parents for path in tmp_path.rglob("*") if path.is_file())
    assert [blob.key for blob in local_blobs.list()] == [
        "..%2F..%2Fescape/..\\x/%2e%2e",
        "T#t/~/.hidden",
    ]


def upload_params(url: str) -> tuple[str, dict[str, str]]:
    """The key and query parameters a local server would take from the upload URL."""
    parts = urlsplit(url)
    assert parts.path.startswith("/_uploads/")
    return unquote(parts.path.removeprefix("/_uploads/")), dict(parse_qsl(parts.query))


def test_local_presigned_upload_lands_the_file(
    local_blobs: LocalFolderBlobs, clock: FakeClock
) -> None:
    # Given a presigned upload URL for one PDF
    upload = local_blobs.presigned_upload(KEY, content_type="application/pdf", max_bytes=2048)
    assert upload.method == "PUT"
    assert upload.url.startswith(f"{BASE_URL}/_uploads/")
    assert upload.headers == {"Content-Type": "application/pdf"}
    assert upload.expires_at == int(clock.now) + 900
    # When the browser PUTs the file before it expires
    key, params = upload_params(upload.url)
    clock.advance(899)
    local_blobs.accept_upload(key, params, PDF, "application/pdf")
    # Then it is stored under exactly that key
    assert key == KEY
    assert local_blobs.get(KEY) == PDF


def tampered(params: dict[str, str], **changes: str) -> dict[str, str]:
    return {**params, **changes}


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda key, params: (key, tampered(params, sig="0" * 64), PDF, "application/pdf"), 403),
        (lambda key, params: (key, tampered(params, max="999999"), PDF, "application/pdf"), 403),
        (lambda key, params: (key, tampered(params, ct="text/html"), PDF, "text/html"), 403),
        (lambda key, params: (key + "x", params, PDF, "application/pdf"), 403),
        (lambda key, params: (key, {"sig": params["sig"]}, PDF, "application/pdf"), 403),
        (lambda key, params: (key, params, PDF + b"!" * 2048, "application/pdf"), 413),
        (lambda key, params: (key, params, PDF, "text/html"), 400),
        (lambda key, params: (key, params, b"", "application/pdf"), 400),
    ],
    ids=[
        "forged-signature",
        "raised-size-limit",
        "changed-content-type",
        "other-key",
        "missing-params",
        "too-large",
        "wrong-content-type",
        "empty",
    ],
)
def test_local_upload_that_breaks_its_terms_is_refused(
    local_blobs: LocalFolderBlobs, change: Any, status: int
) -> None:
    upload = local_blobs.presigned_upload(KEY, content_type="application/pdf", max_bytes=2048)
    key, params, body, content_type = change(*upload_params(upload.url))
    with pytest.raises(UploadRejectedError) as refused:
        local_blobs.accept_upload(key, params, body, content_type)
    assert refused.value.status == status
    assert local_blobs.list() == []


def test_local_upload_after_expiry_is_refused(
    local_blobs: LocalFolderBlobs, clock: FakeClock
) -> None:
    upload = local_blobs.presigned_upload(
        KEY, content_type="application/pdf", max_bytes=2048, expires_in=60
    )
    clock.advance(61)
    with pytest.raises(UploadRejectedError) as refused:
        local_blobs.accept_upload(*upload_params(upload.url), PDF, "application/pdf")
    assert refused.value.status == 403
    assert local_blobs.list() == []


# S3 adapter


def post_policy(fields: dict[str, str]) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(base64.b64decode(fields["policy"]))
    return policy


def test_s3_presigned_post_uploads_the_file(s3_blobs: S3Blobs, clock: FakeClock) -> None:
    # Given a presigned POST for one PDF
    upload = s3_blobs.presigned_upload(KEY, content_type="application/pdf", max_bytes=2048)
    assert upload.method == "POST"
    assert upload.expires_at == int(clock.now) + 900
    # When the browser posts the form (moto answers for S3)
    response = requests.post(
        upload.url,
        data=upload.fields,
        files={"file": ("Angebot.pdf", PDF, "application/pdf")},
        timeout=10,
    )
    # Then the object lands under exactly that key
    assert response.status_code == 204, response.text
    assert s3_blobs.get(KEY) == PDF
    assert [blob.key for blob in s3_blobs.list("T#tenant01/")] == [KEY]


def test_s3_presigned_post_policy_pins_key_type_and_size(s3_blobs: S3Blobs) -> None:
    # S3 enforces these conditions on upload; moto does not, so the policy is checked here.
    upload = s3_blobs.presigned_upload(KEY, content_type="application/pdf", max_bytes=2048)
    conditions = post_policy(upload.fields)["conditions"]
    assert ["content-length-range", 1, 2048] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert {"key": KEY} in conditions
    assert upload.fields["key"] == KEY
    assert upload.fields["Content-Type"] == "application/pdf"
