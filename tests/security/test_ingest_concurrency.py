"""No stranded documents: a burst of uploads all index, a worker that died mid-way does
not leave its document "processing" for ever, and anything that cannot be indexed ends
"failed" with a reason."""

from __future__ import annotations

import hashlib
import string
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.knowledge.documents import Document
from hard_e.local.events import s3_object_created_event
from hard_e.local.seed import DemoLogin
from tests.conftest import FrozenClock, Gateway
from tests.security.figures import record

UPLOADS = 50


def word(i: int) -> str:
    """A made-up product name, letters only, different for every upload."""
    return "zorb" + string.ascii_lowercase[i % 26] + string.ascii_lowercase[i // 26] + "lite"


def new_document(services: Services, demo: DemoLogin, i: int) -> tuple[Document, bytes]:
    text = f"# {word(i).title()} siding\n\n{word(i).title()} panels carry a {i + 10}-year warranty."
    data = text.encode()
    document, _ = services.documents.request_upload(
        demo.tenant_id,
        "usr_x",
        filename=f"sheet-{i}.md",
        content_type="text/markdown",
        size=len(data),
    )
    services.blobs.put(document.blob_key, data)
    return document, data


def ingest(gateway: Gateway, document: Document, data: bytes) -> dict[str, Any]:
    event = s3_object_created_event(
        document.blob_key, size=len(data), etag=hashlib.md5(data).hexdigest()
    )
    result: dict[str, Any] = gateway.host.invoke("ingest", event)
    return result


@pytest.mark.slow
def test_fifty_concurrent_uploads_to_one_company_all_index(
    gateway: Gateway, services: Services, demo: DemoLogin
) -> None:
    uploads = [new_document(services, demo, i) for i in range(UPLOADS)]
    with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
        list(pool.map(lambda u: ingest(gateway, *u), uploads))

    statuses = [services.documents.get(demo.tenant_id, d.id).status for d, _ in uploads]
    found = [
        any(h.chunk.document_id == d.id for h in services.knowledge.search(demo.tenant_id, word(i)))
        for i, (d, _) in enumerate(uploads)
    ]
    indexed, stuck = statuses.count("indexed"), statuses.count("processing")
    segments = len(services.knowledge.pointer(demo.tenant_id).segments)  # type: ignore[union-attr]
    assert (indexed, stuck, sum(found)) == (UPLOADS, 0, UPLOADS)
    assert segments < UPLOADS // 2  # merged as they came in
    record(
        "50 concurrent uploads to one company",
        f"{indexed} indexed, {stuck} stuck, {sum(found)} searchable",
        "50, 0, 50",
        indexed == UPLOADS and not stuck,
    )


def test_a_document_left_processing_by_a_dead_worker_is_taken_over(
    gateway: Gateway, services: Services, demo: DemoLogin, clock: FrozenClock
) -> None:
    document, data = new_document(services, demo, 1)
    claimed = services.documents.update(document, status="processing", lease_until=clock.now + 600)

    assert ingest(gateway, claimed, data)["processed"][0]["result"] == "skipped"  # still held
    clock.advance(601)  # the worker never came back
    assert ingest(gateway, claimed, data)["processed"][0]["result"] == "indexed"
    assert services.documents.get(demo.tenant_id, document.id).status == "indexed"


def test_a_crash_while_indexing_ends_failed_with_a_reason(
    gateway: Gateway, services: Services, demo: DemoLogin, monkeypatch: pytest.MonkeyPatch
) -> None:
    document, data = new_document(services, demo, 2)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.knowledge, "add_document", broken)
    outcome = ingest(gateway, document, data)["processed"][0]

    stored = services.documents.get(demo.tenant_id, document.id)
    assert (outcome["result"], stored.status) == ("failed", "failed")
    assert stored.reason == "the file could not be indexed; upload it again"
