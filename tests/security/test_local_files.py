"""Local data (the SQLite file with password hashes, key files, uploaded documents and
index blobs) is readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

from hard_e.bootstrap import Services
from hard_e.config import Settings
from hard_e.local.seed import DemoLogin
from tests.security.figures import record


def test_every_local_data_file_is_owner_only(
    settings: Settings, services: Services, demo: DemoLogin
) -> None:
    # Given a local install that has users, CRM credentials, an upload and an index
    document, _ = services.documents.request_upload(
        demo.tenant_id, "usr_x", filename="notes.txt", content_type="text/plain", size=5
    )
    services.blobs.put(document.blob_key, b"hello")
    services.ingestor.ingest(document.blob_key)

    # Then nothing under the data folder can be read by other users of the machine
    exposed = [
        str(path.relative_to(settings.data_dir))
        for path in [settings.data_dir, *Path(settings.data_dir).rglob("*")]
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    ]
    files = sum(1 for p in Path(settings.data_dir).rglob("*") if p.is_file())
    assert exposed == []
    record("local data files readable by others", f"{len(exposed)} of {files}", "0", not exposed)
