"""Offboarding: export everything of a company (JSON + its documents; a large export as a
download link), then delete it so that nothing of it remains in the table or the bucket.

Besides the company's own ``T#<tenant>#`` partitions and ``T#<tenant>/`` objects, a
company leaves traces in three global places, cleared here too: its users' login email
claims, the learn queue, and the deployment's company list; the operators' record of the
invite it came from is kept but no longer names it.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hard_e import keys
from hard_e.memory.sessions import LEARN_QUEUE
from hard_e.messaging.outbox import ACCOUNT_MAIL
from hard_e.storage import Blobs, Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.invites import HASH

# Secrets and their hashes never leave, not even in an export to the company's operator.
REDACTED = ("password_hash", "secret_hash", "ciphertext")
EXPORT_FORMAT = "hard-e-export/1"
# A Lambda answers with at most 6 MB: a larger export is stored and handed out as a
# download link (S3 presigned on AWS, a signed local link locally), valid this long.
EXPORT_INLINE_BYTES = 5_000_000
EXPORT_LINK_SECONDS = 900
# How long a delete waits for requests of the company still running to finish writing,
# and how often it looks again (see Offboarding.delete).
SETTLE_SECONDS = 1.5
MAX_SWEEPS = 4

logger = logging.getLogger(__name__)


def _secret(item: dict[str, Any], name: str) -> bool:
    """A field an export leaves out: secrets, and the body of account mail (a password
    reset link is a way into that person's account)."""
    return name in REDACTED or (name == "body" and item["pk"].endswith(f"#{ACCOUNT_MAIL}"))


def _blob_prefix(tenant_id: str) -> str:
    return f"T#{tenant_id}/"


@dataclass(frozen=True)
class Removed:
    items: int
    objects: int


class Offboarding:
    def __init__(
        self,
        table: Table,
        blobs: Blobs,
        directory: TenantDirectory,
        *,
        settle_seconds: float = SETTLE_SECONDS,
        settle: Callable[[float], None] = time.sleep,
    ) -> None:
        self._table = table
        self._blobs = blobs
        self._directory = directory
        self._settle_seconds = settle_seconds
        self._settle = settle

    def export(self, tenant_id: str) -> dict[str, Any]:
        tenant = self._directory.get_tenant(tenant_id)
        items = [
            {k: ("[redacted]" if _secret(item, k) else v) for k, v in item.items()}
            for item in self._table.scan(keys.tenant_pk(tenant_id, ""))
        ]
        documents = [
            {
                "key": info.key,
                "size": info.size,
                "content_base64": base64.b64encode(self._blobs.get(info.key)).decode("ascii"),
            }
            for info in self._blobs.list(_blob_prefix(tenant_id))
            if "/docs/" in info.key
        ]
        return {
            "format": EXPORT_FORMAT,
            "exported_at": self._table.now(),
            "company": {"tenant_id": tenant_id, "name": tenant.name, "plan": tenant.plan},
            "items": items,
            "documents": documents,
        }

    def store_export(self, tenant_id: str, data: bytes) -> str:
        """Keep an export too large to answer with (``EXPORT_INLINE_BYTES``) beside the
        company's documents, for a download link; deleting the company removes it too."""
        key = f"{_blob_prefix(tenant_id)}exports/{int(self._table.now() * 1000)}.json"
        self._blobs.put(key, data, content_type="application/json")
        return key

    def delete(self, tenant_id: str, *, operators_tenant: str | None = None) -> Removed:
        """Delete every item and object of the company. Safe to run again after a failure
        part way: each step finds only what is left.

        Logins go first, so no new request of the company starts. A request already
        running when the delete begins (a chat turn saving its answer, a Leap call
        taking or handing back a budget slot, a rate-limit or trial counter) may still
        write after its partition was read: so the delete then waits ``settle_seconds``
        and sweeps again, until a sweep finds nothing (at most ``MAX_SWEEPS`` times)."""
        removed = self._logins(tenant_id)
        if operators_tenant is not None:
            self._forget_invite(operators_tenant, tenant_id)
        # the profile last but one and the registry last: a half-done delete still shows
        # in the operators' list and can be run again
        profile = keys.tenant_profile(tenant_id)
        removed += self._sweep(tenant_id, keep=profile)
        objects = self._sweep_objects(tenant_id)
        self._table.delete(*profile)
        self._table.delete(*keys.tenant_registry(tenant_id))
        removed += 2
        for _ in range(MAX_SWEEPS):
            self._settle(self._settle_seconds)
            late = self._sweep(tenant_id) + self._sweep_objects(tenant_id)
            if late == 0:
                break
            logger.info("offboarding removed late writes", extra={"count": late})
            removed += late
        return Removed(items=removed, objects=objects)

    def _logins(self, tenant_id: str) -> int:
        """Users, their email claims and the API keys: every way in, first."""
        removed = 0
        for user in self._directory.users(tenant_id):
            claim_pk, claim_sk = keys.email_claim(user.email)
            claim = self._table.get(claim_pk, claim_sk)
            if claim is not None and claim.get("tenant_id") == tenant_id:
                self._table.delete(claim_pk, claim_sk)
                removed += 1
        for item in self._table.scan(keys.tenant_pk(tenant_id, "")):
            if item["pk"].split("#")[2:3] in (["USER"], ["APIKEY"]):
                self._table.delete(item["pk"], item["sk"])
                removed += 1
        return removed

    def _sweep(self, tenant_id: str, *, keep: tuple[str, str] | None = None) -> int:
        """Delete what is left of the company in the table (but ``keep``): its own
        partitions and its entries in the learn queue."""
        removed = 0
        for item in self._table.scan(LEARN_QUEUE):
            if item.get("tenant_id") == tenant_id or f"#{tenant_id}#" in item["sk"]:
                self._table.delete(item["pk"], item["sk"])
                removed += 1
        for item in self._table.scan(keys.tenant_pk(tenant_id, "")):
            if (item["pk"], item["sk"]) != keep:
                self._table.delete(item["pk"], item["sk"])
                removed += 1
        return removed

    def _sweep_objects(self, tenant_id: str) -> int:
        objects = 0
        for info in self._blobs.list(_blob_prefix(tenant_id)):
            self._blobs.delete(info.key)
            objects += 1
        return objects

    def _forget_invite(self, operators_tenant: str, tenant_id: str) -> None:
        page = self._table.query(
            keys.tenant_pk(operators_tenant, "INVITE"), prefix=HASH, limit=1000
        )
        for item in page.items:
            if item.get("used_by") == tenant_id:
                self._table.put(
                    {
                        **item,
                        "used_by": "",
                        "note": "(company deleted)",
                        "version": item["version"] + 1,
                    }
                )
