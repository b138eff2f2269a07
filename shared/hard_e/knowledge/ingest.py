"""Turning an uploaded file into searchable chunks; driven by "object created" events.

Safe to run twice for the same upload (events are delivered at least once): a document
already indexed from the same object is skipped, and a second worker cannot claim a
document another is processing — but only for as long as its *lease* runs (longer than
an ingest Lambda may live), so a worker that died mid-way does not leave the document
"processing" for ever. Every claimed document ends ``indexed`` or ``failed`` with a
reason a person can act on; nothing raises, so the event is not retried for ever.
Indexing adds the document's own segment to the company's index (see
:mod:`.store`): concurrent uploads all land, and nothing is rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from hard_e.knowledge.chunking import chunk_document
from hard_e.knowledge.documents import (
    Document,
    DocumentLibrary,
    DocumentNotFoundError,
    parse_document_key,
)
from hard_e.knowledge.extract import UnreadableDocumentError, extract
from hard_e.knowledge.store import IndexBusyError, KnowledgeStore
from hard_e.storage import BlobNotFoundError, Blobs

logger = Logger(child=True)
LEASE_SECONDS = 600.0
"""How long a claim on a document lasts: longer than an ingest Lambda may run (300 s)."""


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
        now = self._documents.now()
        if document.status == "processing" and document.lease_until > now:
            return IngestOutcome(key, "skipped", document_id, "another worker has it")
        claimed = self._documents.try_update(
            document, status="processing", reason="", lease_until=now + LEASE_SECONDS
        )
        if claimed is None:
            return IngestOutcome(key, "skipped", document_id, "another worker has it")
        try:
            return self._process(claimed, etag)
        except Exception:  # whatever broke, the document must not stay "processing"
            logger.exception("ingest crashed", extra={"document_id": document_id})
            return self._fail(claimed, etag, "the file could not be indexed; upload it again")

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
        try:
            self._store.add_document(document.tenant_id, document.id, chunks)
        except IndexBusyError:
            return self._fail(
                document, etag, "the search index was too busy to take it; upload it again"
            )
        done = self._finish(
            document, status="indexed", chunk_count=len(chunks), source_etag=etag, reason=""
        )
        if done is None:  # deleted while it was being read: take it out again
            self._store.remove_document(document.tenant_id, document.id)
            self._store.drop_chunks(document.tenant_id, document.id)
            return IngestOutcome(document.blob_key, "ignored", document.id, "deleted meanwhile")
        logger.info("document indexed", extra={"document_id": document.id, "chunks": len(chunks)})
        return IngestOutcome(document.blob_key, "indexed", document.id)

    def _fail(self, document: Document, etag: str, reason: str) -> IngestOutcome:
        self._finish(document, status="failed", reason=reason, source_etag=etag)
        logger.info("document failed", extra={"document_id": document.id, "reason": reason})
        return IngestOutcome(document.blob_key, "failed", document.id, reason)

    def _finish(self, document: Document, **changes: Any) -> Document | None:
        """Record the outcome on the document we claimed; None when it is gone."""
        current = document
        for _ in range(5):
            done = self._documents.try_update(current, lease_until=0.0, **changes)
            if done is not None:
                return done
            try:
                current = self._documents.get(document.tenant_id, document.id)
            except DocumentNotFoundError:
                return None
        return None

    def remove(self, document: Document) -> None:
        """Delete a document: its place in the index, its file, its chunks, its record."""
        self._store.remove_document(document.tenant_id, document.id)
        self._blobs.delete(document.blob_key)
        self._store.drop_chunks(document.tenant_id, document.id)
        self._documents.forget(document)
