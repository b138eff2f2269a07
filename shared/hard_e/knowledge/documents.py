"""A company's uploaded documents: upload requests, status, listing, deletion.

Status moves pending → processing → indexed | failed (with a reason a person can act on).
Files live in the documents bucket under the tenant's prefix; the table holds the record.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, Literal

from hard_e import keys
from hard_e.ids import is_id, new_id
from hard_e.storage import (
    Blobs,
    ConditionFailedError,
    MustNotExist,
    PresignedUpload,
    Table,
    VersionIs,
)

Status = Literal["pending", "processing", "indexed", "failed"]

# Extension → the content types a browser or CLI may reasonably send for it.
ACCEPTED: dict[str, tuple[str, ...]] = {
    ".txt": ("text/plain",),
    ".md": ("text/markdown", "text/x-markdown", "text/plain"),
    ".pdf": ("application/pdf",),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
}
UPLOAD_SECONDS = 900
PENDING_TTL = 7 * 86400  # an upload never completed disappears after a week


class DocumentRejectedError(Exception):
    """The upload request breaks a rule; ``code`` and message go to the caller as a 4xx."""

    def __init__(self, message: str, code: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class DocumentNotFoundError(Exception):
    """No such document in this tenant."""


@dataclass(frozen=True)
class Document:
    id: str
    tenant_id: str
    filename: str
    content_type: str
    size: int
    status: Status
    uploaded_by: str
    created_at: float
    updated_at: float
    blob_key: str
    reason: str = ""
    chunk_count: int = 0
    source_etag: str = ""
    version: int = 0
    lease_until: float = 0.0  # while "processing": the worker's claim ends then

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "status": self.status,
            "reason": self.reason or None,
            "chunk_count": self.chunk_count,
            "uploaded_by": self.uploaded_by,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def safe_filename(name: str) -> str:
    """The file name as stored: no folders, no control characters, at most 120 chars."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w .()-]", "_", base).strip(" .")  # no "%" or "+": keys stay unambiguous
    stem, dot, ext = base.rpartition(".")
    if dot and len(base) > 120:
        base = f"{stem[: 119 - len(ext)]}.{ext}"
    return base[:120]


def document_key(tenant_id: str, document_id: str, filename: str) -> str:
    return f"T#{tenant_id}/docs/{document_id}/{filename}"


def parse_document_key(key: str) -> tuple[str, str] | None:
    """(tenant id, document id) from an object key, or None for anything else."""
    match = re.fullmatch(r"T#([0-9a-z]{16})/docs/(doc_[0-9a-z]{26})/[^/]+", key)
    return (match.group(1), match.group(2)) if match else None


class DocumentLibrary:
    def __init__(self, table: Table, blobs: Blobs, *, max_bytes: int = 10 * 1024 * 1024) -> None:
        self._table = table
        self._blobs = blobs
        self.max_bytes = max_bytes

    def request_upload(
        self, tenant_id: str, user_id: str, *, filename: str, content_type: str, size: int
    ) -> tuple[Document, PresignedUpload]:
        """Check the file before a byte moves, record it as pending, hand out an upload."""
        name = safe_filename(filename)
        extension = PurePosixPath(name.lower()).suffix
        if not name or extension not in ACCEPTED:
            allowed = ", ".join(sorted(ACCEPTED))
            raise DocumentRejectedError(
                f"{filename!r} is not a supported type; upload {allowed}", "unsupported_type", 415
            )
        kind = content_type.split(";")[0].strip().lower()
        if kind not in ACCEPTED[extension]:
            raise DocumentRejectedError(
                f"a {extension} file must be sent as {ACCEPTED[extension][0]}, "
                f"not {kind or 'nothing'}",
                "content_type_mismatch",
                415,
            )
        if size <= 0:
            raise DocumentRejectedError("the file is empty", "empty_file", 422)
        if size > self.max_bytes:
            raise DocumentRejectedError(
                f"the file is {size / 1_048_576:.1f} MB; the limit is "
                f"{self.max_bytes / 1_048_576:.0f} MB",
                "file_too_large",
                413,
            )
        now = self._table.now()
        document_id = new_id("doc")
        document = Document(
            id=document_id,
            tenant_id=tenant_id,
            filename=name,
            content_type=ACCEPTED[extension][0],
            size=size,
            status="pending",
            uploaded_by=user_id,
            created_at=now,
            updated_at=now,
            blob_key=document_key(tenant_id, document_id, name),
        )
        self._table.put(self._item(document), condition=MustNotExist())
        upload = self._blobs.presigned_upload(
            document.blob_key, content_type=kind, max_bytes=size, expires_in=UPLOAD_SECONDS
        )
        return document, upload

    def now(self) -> float:
        return self._table.now()

    def get(self, tenant_id: str, document_id: str) -> Document:
        if not is_id(document_id, "doc"):
            raise DocumentNotFoundError(document_id)
        item = self._table.get(keys.tenant_pk(tenant_id, "DOC"), document_id)
        if item is None:
            raise DocumentNotFoundError(document_id)
        return _document(tenant_id, item)

    def list(self, tenant_id: str) -> list[Document]:
        out: list[Document] = []
        cursor: str | None = None
        while True:
            page = self._table.query(
                keys.tenant_pk(tenant_id, "DOC"), descending=True, limit=100, cursor=cursor
            )
            out.extend(_document(tenant_id, i) for i in page.items)
            if page.cursor is None:
                return out
            cursor = page.cursor

    def update(self, document: Document, **changes: Any) -> Document:
        """Conditional on the version read, so two workers never both claim a document."""
        updated = replace(
            document, version=document.version + 1, updated_at=self._table.now(), **changes
        )
        self._table.put(self._item(updated), condition=VersionIs(document.version))
        return updated

    def try_update(self, document: Document, **changes: Any) -> Document | None:
        try:
            return self.update(document, **changes)
        except ConditionFailedError:
            return None

    def forget(self, document: Document) -> None:
        self._table.delete(keys.tenant_pk(document.tenant_id, "DOC"), document.id)

    def _item(self, d: Document) -> dict[str, Any]:
        item: dict[str, Any] = {
            "pk": keys.tenant_pk(d.tenant_id, "DOC"),
            "sk": d.id,
            "version": d.version,
            "filename": d.filename,
            "content_type": d.content_type,
            "size": d.size,
            "status": d.status,
            "reason": d.reason,
            "chunk_count": d.chunk_count,
            "uploaded_by": d.uploaded_by,
            "created_at": d.created_at,
            "updated_at": d.updated_at,
            "blob_key": d.blob_key,
            "source_etag": d.source_etag,
            "lease_until": d.lease_until,
        }
        if d.status == "pending":
            item["ttl"] = int(d.created_at) + PENDING_TTL
        return item


def _document(tenant_id: str, item: dict[str, Any]) -> Document:
    return Document(
        id=item["sk"],
        tenant_id=tenant_id,
        filename=item["filename"],
        content_type=item["content_type"],
        size=item["size"],
        status=item["status"],
        uploaded_by=item["uploaded_by"],
        created_at=item["created_at"],
        updated_at=item["updated_at"],
        blob_key=item["blob_key"],
        reason=item.get("reason", ""),
        chunk_count=item.get("chunk_count", 0),
        source_etag=item.get("source_etag", ""),
        version=item.get("version", 0),
        lease_until=item.get("lease_until", 0.0),
    )
