"""`Blobs` on S3: the production adapter. Browsers upload straight to S3 with a presigned POST."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from hard_e.storage.blobs import BlobInfo, Blobs, PresignedUpload
from hard_e.storage.exceptions import BlobNotFoundError, StorageError
from hard_e.storage.table import Clock

_NOT_FOUND = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Blobs(Blobs):
    """The documents bucket."""

    def __init__(self, bucket: str, *, client: Any = None, clock: Clock | None = None) -> None:
        self._bucket = bucket
        self._client = client if client is not None else boto3.client("s3")
        self._clock: Clock = clock or time.time

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        with _translated_errors(key):
            self._client.put_object(
                Bucket=self._bucket, Key=key, Body=data, ContentType=content_type
            )

    def get(self, key: str) -> bytes:
        with _translated_errors(key, missing=_HIDDEN):
            response = self._client.get_object(Bucket=self._bucket, Key=key)
            body: bytes = response["Body"].read()
        return body

    def delete(self, key: str) -> None:
        with _translated_errors(key):
            self._client.delete_object(Bucket=self._bucket, Key=key)

    def list(self, prefix: str = "") -> list[BlobInfo]:
        blobs: list[BlobInfo] = []
        with _translated_errors(prefix):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self._bucket, Prefix=prefix
            )
            for page in pages:
                blobs += [
                    BlobInfo(
                        key=entry["Key"],
                        size=entry["Size"],
                        last_modified=entry["LastModified"].timestamp(),
                    )
                    for entry in page.get("Contents", [])
                ]
        return sorted(blobs, key=lambda blob: blob.key)

    def presigned_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int = 900
    ) -> PresignedUpload:
        """A POST policy for exactly ``key``, ``content_type`` and 1..``max_bytes`` bytes."""
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        with _translated_errors(key):
            post = self._client.generate_presigned_post(
                Bucket=self._bucket,
                Key=key,  # boto3 adds the exact {"key": key} condition itself
                Fields={"Content-Type": content_type},
                Conditions=[
                    {"Content-Type": content_type},
                    ["content-length-range", 1, max_bytes],
                ],
                ExpiresIn=expires_in,
            )
        return PresignedUpload(
            url=post["url"],
            method="POST",
            fields=dict(post["fields"]),
            expires_at=int(self._clock()) + expires_in,
        )

    def presigned_download(
        self, key: str, *, filename: str, content_type: str, expires_in: int = 900
    ) -> str:
        with _translated_errors(key):
            url: str = self._client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self._bucket,
                    "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{_safe(filename)}"',
                    "ResponseContentType": content_type,
                },
                ExpiresIn=expires_in,
            )
        return url


def _safe(filename: str) -> str:
    """A file name that cannot break out of its quoted header value."""
    return "".join(ch for ch in filename if ch.isalnum() or ch in "._-") or "download"


# The tenant role may read only its company's objects and may not list the bucket (names
# would leak across companies), so S3 answers a missing object with AccessDenied, not 404.
_HIDDEN = _NOT_FOUND | {"AccessDenied", "403"}


@contextmanager
def _translated_errors(key: str, *, missing: frozenset[str] = _NOT_FOUND) -> Iterator[None]:
    """Callers see storage errors, never botocore's."""
    try:
        yield
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", "Unknown"))
        if code in missing:
            raise BlobNotFoundError(f"no blob under {key!r}") from exc
        raise StorageError(f"S3 request for {key!r} failed: {code}") from exc
    except BotoCoreError as exc:
        raise StorageError(f"S3 request for {key!r} failed: {exc}") from exc
