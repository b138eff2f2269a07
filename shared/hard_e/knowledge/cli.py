"""``hard-e docs add`` / ``hard-e docs list``: the same upload → ingest path, from a shell."""

from __future__ import annotations

import hashlib
import mimetypes
import sys
import time
from pathlib import Path

from tqdm import tqdm

from hard_e.bootstrap import services
from hard_e.knowledge.documents import ACCEPTED, DocumentRejectedError
from hard_e.local.seed import DEMO_EMAIL


def _user(email: str | None) -> tuple[str, str] | None:
    user = services().directory.find_user_by_email(email or DEMO_EMAIL)
    if user is None:
        print(f"hard-e: no user {email or DEMO_EMAIL}", file=sys.stderr)
        return None
    return user.tenant_id, user.user_id


def _content_type(path: Path) -> str:
    extension = path.suffix.lower()
    if extension in ACCEPTED:
        return ACCEPTED[extension][0]
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def add_documents(files: list[str], *, email: str | None = None) -> int:
    """Upload each file as its owner would, index it, and show how it went."""
    who = _user(email)
    if who is None:
        return 1
    tenant_id, user_id = who
    svc = services()
    failures = 0
    results: list[str] = []
    bar = tqdm(files, unit="file", desc="adding", file=sys.stderr)
    for name in bar:
        path = Path(name)
        bar.set_postfix_str(path.name[:30])
        if not path.is_file():
            results.append(f"  ✗ {name}: no such file")
            failures += 1
            continue
        data = path.read_bytes()
        try:
            document, _ = svc.documents.request_upload(
                tenant_id,
                user_id,
                filename=path.name,
                content_type=_content_type(path),
                size=len(data),
            )
        except DocumentRejectedError as exc:
            results.append(f"  ✗ {path.name}: {exc}")
            failures += 1
            continue
        svc.blobs.put(document.blob_key, data, content_type=document.content_type)
        etag = hashlib.md5(data, usedforsecurity=False).hexdigest()  # what S3 would report
        outcome = svc.ingestor.ingest(document.blob_key, etag=etag)
        if outcome.result == "indexed":
            chunks = svc.documents.get(tenant_id, document.id).chunk_count
            results.append(f"  ✓ {path.name}: indexed, {chunks} passages ({document.id})")
        else:
            results.append(f"  ✗ {path.name}: {outcome.reason or outcome.result}")
            failures += 1
    bar.close()
    print("\n".join(results))
    print(f"{len(files) - failures} added, {failures} failed")
    return 1 if failures else 0


def list_documents(*, email: str | None = None) -> int:
    who = _user(email)
    if who is None:
        return 1
    documents = services().documents.list(who[0])
    if not documents:
        print("no documents yet (the shared industry library is always searchable)")
    for d in documents:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(d.created_at))
        detail = f"{d.chunk_count} passages" if d.status == "indexed" else d.reason
        print(f"{when}  {d.status:10}  {d.filename}  {detail}".rstrip())
    return 0
