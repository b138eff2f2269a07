"""Ingesting a company's 200th document: one new index segment, not a rebuild of the
other 199. Goal: the 200th ingest takes <= 2 s and does not grow with the document
count (the last ten cost about what the first ten did). For contrast, the table shows
what one full rebuild over all 200 documents costs (what every upload used to do).
Run: ``make bench`` or ``.venv/bin/python bench/ingest_incremental.py``."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _knowledge_data import table, tenant_chunks

from hard_e.bootstrap import build_services
from hard_e.config import Settings
from hard_e.local.seed import seed_demo

DOCUMENTS = 200


def documents() -> list[tuple[str, bytes]]:
    """200 realistic documents (re-spun library text, 10-40 sections each) as markdown."""
    chunks = tenant_chunks(DOCUMENTS * 40)
    docs = []
    for _, group in groupby(chunks, key=lambda c: c.document_id):
        parts = list(group)
        body = [f"# {parts[0].document.removesuffix('.pdf')}"]
        body += [f"## {c.heading.split(' › ')[-1]}\n\n{c.text}" for c in parts]
        docs.append((parts[0].document.replace(".pdf", ".md"), "\n\n".join(body).encode()))
        if len(docs) == DOCUMENTS:
            break
    return docs


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        services = build_services(Settings(home=Path(home), bcrypt_rounds=4))
        tenant = seed_demo(services).tenant_id
        services.knowledge.search(tenant, "warm up")  # the shared library, built once
        took: list[float] = []
        sizes = 0
        for name, data in documents():
            document, _ = services.documents.request_upload(
                tenant, "usr_bench", filename=name, content_type="text/markdown", size=len(data)
            )
            services.blobs.put(document.blob_key, data)
            sizes += len(data)
            started = time.perf_counter()
            outcome = services.ingestor.ingest(document.blob_key)
            took.append(time.perf_counter() - started)
            assert outcome.result == "indexed", outcome
        pointer = services.knowledge.pointer(tenant)
        assert pointer is not None
        started = time.perf_counter()
        services.knowledge.rebuild(tenant, list(pointer.document_ids))
        rebuild = time.perf_counter() - started
        chunks = sum(s.chunks for s in services.knowledge.pointer(tenant).segments)  # type: ignore[union-attr]

    first, last = statistics.median(took[:10]), statistics.median(took[-10:])
    print(
        f"Ingesting {DOCUMENTS} documents one after another ({sizes / 1e6:.1f} MB, "
        f"{chunks} passages), local storage"
    )
    rows = [(f"document #{n}", f"{took[n - 1]:6.3f} s") for n in (1, 50, 100, 150, 200)]
    rows += [
        ("median of the first 10", f"{first:6.3f} s"),
        ("median of the last 10", f"{last:6.3f} s"),
        ("last / first", f"{last / first:6.2f} x   (goal: no growth, <= 2 x)"),
        ("segments searched after 200", f"{len(pointer.segments):6d}"),
        ("one full rebuild of all 200 (old way)", f"{rebuild:6.3f} s"),
    ]
    print(table(rows))
    grows = last / first > 2
    print(
        f"RESULT ingest_200th_document {took[-1]:.3f} s goal <= 2"
        + ("  (but it grows with the count)" if grows else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
