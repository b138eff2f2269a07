"""What a company's reps are likely to say that a recogniser may not know: the names of
its products and documents, and of its customers in the CRM. Deepgram gets them as nova-3
key terms; offline, Moonshine's transcripts are corrected towards them
(:mod:`voice_worker.term_correction`).

Built once when a call starts and kept a few minutes per company, bounded and deduped;
a CRM that is slow or down costs the call only the customer names, never its start.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import PurePath

from hard_e.bootstrap import Services
from hard_e.crm.exceptions import CrmError
from hard_e.knowledge.shared_library import library_chunks, library_version

logger = logging.getLogger(__name__)

MAX_TERMS = 50  # Deepgram's guidance: up to ~50 focused terms
MAX_PRODUCTS = 20
MAX_DOCUMENTS = 10
MAX_CUSTOMERS = 20
CRM_WAIT_SECONDS = 1.5  # the longest the customer names may hold up a call
CACHE_SECONDS = 300.0

_WORD = re.compile(r"\b[a-z][a-z']+\b")
# a capitalised word not at the start of a sentence or a line
_NAME = re.compile(r"(?<![.!?:]\s)(?<![\n#|-]\s)(?<!\n)\b[A-Z][a-z]+[A-Za-z]*\b")

_cache: dict[str, tuple[float, list[str]]] = {}


def product_names(texts: Iterable[str], *, limit: int = MAX_PRODUCTS) -> list[str]:
    """Brand and product names in these texts, most mentioned first: capitalised words
    inside sentences ("StoneLap", "Ridgeline") that never appear in lower case."""
    texts = list(texts)
    lower = {w for t in texts for w in _WORD.findall(t)}
    counts = Counter(
        w for t in texts for w in _NAME.findall(t) if len(w) > 2 and w.lower() not in lower
    )
    return [w for w, _ in counts.most_common(limit)]


@cache
def _library_products(version: str) -> tuple[str, ...]:
    """The product library every company has (``version`` keys the cache)."""
    return tuple(product_names(c.text for c in library_chunks()))


def warm() -> None:
    """Read the library's product names now (a process's warm-up), not in the first call."""
    _library_products(library_version())


def document_title(filename: str) -> str:
    """ "ironbark_price-list 2026.pdf" → "ironbark price list 2026"."""
    return " ".join(re.split(r"[-_\s]+", PurePath(filename).stem)).strip()


def dedupe(terms: Iterable[str], *, limit: int = MAX_TERMS) -> list[str]:
    """Each term once (case and spacing aside), in order, at most ``limit``."""
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        clean = " ".join(term.split())
        if not clean or clean.lower() in seen:
            continue
        seen.add(clean.lower())
        out.append(clean)
        if len(out) == limit:
            break
    return out


async def customer_names(services: Services, tenant_id: str) -> list[str]:
    """The CRM's customers (its first page: the most recent), or none if it is down."""
    try:
        async with asyncio.timeout(CRM_WAIT_SECONDS):
            crm = await services.tools.crm_for(tenant_id)
            try:
                page = await crm.search_customers("", limit=MAX_CUSTOMERS)
            finally:
                await crm.aclose()
    except (CrmError, TimeoutError) as exc:
        logger.info("key terms without customer names: %s", exc)
        return []
    return [c.full_name for c in page.items if c.full_name]


async def key_terms(services: Services, tenant_id: str) -> list[str]:
    """This company's key terms: product names, document titles, customer names."""
    now = time.monotonic()
    cached = _cache.get(tenant_id)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    documents = await asyncio.to_thread(services.documents.list, tenant_id)
    titles = [document_title(d.filename) for d in documents if d.status == "indexed"]
    customers = await customer_names(services, tenant_id)
    terms = company_terms(titles, customers)
    _cache[tenant_id] = (now, terms)
    return terms


def company_terms(titles: Iterable[str], customers: Iterable[str]) -> list[str]:
    """The key terms of a company with these document titles and CRM customers: the
    product library's names first, then the titles, then the customers."""
    return dedupe(
        [
            *_library_products(library_version()),
            *dedupe(titles, limit=MAX_DOCUMENTS),
            *customers,
        ]
    )
