"""Turning an uploaded file into searchable chunks; driven by "object created" events.

Safe to run twice for the same upload (events are delivered at least once): a document
already indexed from the same object is skipped, and a second worker cannot claim a
document another is processing. A bad file ends as ``failed`` with a reason; it never
raises, so the event is not retried forever.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools import Logger

from hard_e.knowledge.chunking import chunk_document
from hard_e.knowledge.documents import (
    Document,
    DocumentLibrary,
    DocumentNotFoundError,
    parse_document_key,
)
from hard_e.knowledge.extract import UnreadableDocumentError, extract
from hard_e.knowledge.store import KnowledgeStore
from hard_e.storage import BlobNotFoundError, Blobs

logger = Logger(child=True)


@dataclass(frozen=True)
class IngestOutcome:
    key: str
    result: str  # indexed | failed | skipped | ignored
    document_id: str | None = None
    reason: str = ""


class Ingestor:
    def __init__(self, documents: DocumentLibrary, store: KnowledgeStore, blobs: Blobs) -> None:
        self._documents = documents
        self._store = store
        self._blobs = blobs

    def ingest(self, key: str, *, etag: str = "") -> IngestOutcome:
        parsed = parse_document_key(key)
        if parsed is None:
            return IngestOutcome(key, "ignored", reason="not a document upload")
        tenant_id, document_id = parsed
        try:
            document = self._documents.get(tenant_id, document_id)
        except DocumentNotFoundError:
            self._blobs.delete(key)  # uploaded after the record was deleted, or forged
            return IngestOutcome(key, "ignored", document_id, "no such document")
        if document.blob_key != key:
            return IngestOutcome(key, "ignored", document_id, "not this document's file")
        if document.status in ("indexed", "failed") and etag and document.source_etag == etag:
            return IngestOutcome(key, "skipped", document_id, "already processed")
        if document.status == "processing":
            return IngestOutcome(key, "skipped", document_id, "another worker has it")
        claimed = self._documents.try_update(document, status="processing", reason="")
        if claimed is None:
            return IngestOutcome(key, "skipped", document_id, "another worker has it")
        return self._process(claimed, etag)

    def _process(self, document: Document, etag: str) -> IngestOutcome:
        try:
            data = self._blobs.get(document.blob_key)
        except BlobNotFoundError:
            return self._fail(document, etag, "the uploaded file is missing")
        if len(data) > self._documents.max_bytes:
            self._blobs.delete(document.blob_key)
            return self._fail(document, etag, "the file is larger than the upload limit")
        try:
            extracted = extract(document.filename, data)
            chunks = chunk_document(
                extracted, document_id=document.id, document_name=document.filename
            )
        except UnreadableDocumentError as exc:
            return self._fail(document, etag, str(exc))
        except Exception:  # a parser bug must not take the worker down; the file is marked
            logger.exception("document extraction crashed", extra={"document_id": document.id})
            return self._fail(document, etag, "the file could not be read")
        self._store.save_chunks(document.tenant_id, document.id, chunks)
        indexed = [d.id for d in self._documents.list(document.tenant_id) if d.status == "indexed"]
        self._store.rebuild(document.tenant_id, [*indexed, document.id])
        self._documents.update(
            document, status="indexed", chunk_count=len(chunks), source_etag=etag, reason=""
        )
        logger.info("document indexed", extra={"document_id": document.id, "chunks": len(chunks)})
        return IngestOutcome(document.blob_key, "indexed", document.id)

    def _fail(self, document: Document, etag: str, reason: str) -> IngestOutcome:
        self._documents.update(document, status="failed", reason=reason, source_etag=etag)
        logger.info("document failed", extra={"document_id": document.id, "reason": reason})
        return IngestOutcome(document.blob_key, "failed", document.id, reason)

    def remove(self, document: Document) -> None:
        """Delete a document: its file, its chunks, its place in the index, its record."""
        self._blobs.delete(document.blob_key)
        self._store.drop_chunks(document.tenant_id, document.id)
        self._documents.forget(document)
        remaining = [
            d.id for d in self._documents.list(document.tenant_id) if d.status == "indexed"
        ]
        if self._store.pointer(document.tenant_id) is not None:
            self._store.rebuild(document.tenant_id, remaining)
