"""Knowledge index speed on a synthetic 10,000-chunk tenant: build, blob size, cold load
(`KnowledgeIndex.from_bytes`, median of 7) and warm search latency over 300 varied
queries. Goals: cold load ≤ 300 ms, warm search p95 ≤ 20 ms. First import + load +
first search in a fresh interpreter (a Lambda cold start) is shown for information.
Run: ``.venv/bin/python bench/knowledge_retrieval.py``."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _knowledge_data import queries, table, tenant_chunks

from hard_e.knowledge.index import KnowledgeIndex

CHUNKS = 10_000
LOADS = 7
EVAL = Path(__file__).resolve().parent / "knowledge_eval.json"

_FRESH_PROCESS = """
import sys, time
started = time.perf_counter()
from hard_e.knowledge.index import KnowledgeIndex
imported = time.perf_counter()
index = KnowledgeIndex.from_bytes(open(sys.argv[1], "rb").read())
loaded = time.perf_counter()
index.search("what's the exposure on the 8.25 plank?")
searched = time.perf_counter()
print(imported - started, loaded - imported, searched - loaded)
"""


def fresh_process(blob: bytes) -> tuple[float, float, float]:
    """(import, load, first search) seconds in a new interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".idx") as f:
        f.write(blob)
        f.flush()
        out = subprocess.run(
            [sys.executable, "-c", _FRESH_PROCESS, f.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    first_import, load, search = (float(x) for x in out.split())
    return first_import, load, search


def main() -> tuple[float, float]:
    chunks = tenant_chunks(CHUNKS)
    started = time.perf_counter()
    index = KnowledgeIndex.build(chunks)
    build = time.perf_counter() - started
    blob = index.to_bytes()

    loads = []
    for _ in range(LOADS):
        started = time.perf_counter()
        loaded = KnowledgeIndex.from_bytes(blob)
        loads.append(time.perf_counter() - started)
    assert len(loaded) == CHUNKS

    questions = [q["question"] for q in json.loads(EVAL.read_text(encoding="utf-8"))["questions"]]
    asked = list(queries(chunks, questions, count=300))
    for q in asked[:20]:  # warm-up: stemmer, numpy code paths
        loaded.search(q)
    latencies = []
    found = 0
    for q in asked:
        started = time.perf_counter()
        hits = loaded.search(q, k=5)
        latencies.append(time.perf_counter() - started)
        found += bool(hits)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    cold = statistics.median(loads) * 1000
    first_import, first_load, first_search = fresh_process(blob)

    print(f"Knowledge index on a synthetic tenant of {CHUNKS:,} chunks")
    print(
        table(
            [
                ("chunk text", f"{sum(len(c.text) for c in chunks) / 1e6:7.1f} M chars"),
                ("build (tokenise + bm25s)", f"{build * 1000:7.0f} ms"),
                ("blob", f"{len(blob) / 1e6:7.1f} MB"),
                (f"cold load, from_bytes (median of {LOADS})", f"{cold:7.1f} ms"),
                ("fresh process: import index module", f"{first_import * 1000:7.1f} ms"),
                ("fresh process: first from_bytes", f"{first_load * 1000:7.1f} ms"),
                ("fresh process: first search", f"{first_search * 1000:7.1f} ms"),
                (f"warm search p50 ({len(asked)} queries, k=5)", f"{p50:7.2f} ms"),
                ("warm search p95", f"{p95:7.2f} ms"),
                ("warm search max", f"{latencies[-1] * 1000:7.2f} ms"),
                ("queries with hits", f"{found} / {len(asked)}"),
            ]
        )
    )
    print(f"RESULT knowledge_search_p95_warm {p95:.2f} ms goal <= 20")
    print(f"RESULT knowledge_cold_load {cold:.1f} ms goal <= 300")
    return p95, cold


if __name__ == "__main__":
    main()
