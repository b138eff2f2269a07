"""Versions of a company's soul document: every save is a new numbered version; the
profile holds the current one (what every turn reads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hard_e import keys
from hard_e.storage import ConditionFailedError, MustNotExist, Table
from hard_e.tenancy.directory import TenantDirectory
from hard_e.tenancy.soul import MAX_SOUL_CHARS

_ATTEMPTS = 8


@dataclass(frozen=True)
class SoulVersion:
    version: int
    content: str
    updated_at: float
    updated_by: str

    def public(self, *, content: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": self.version,
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
        }
        if content:
            out["content"] = self.content
        else:
            out["chars"] = len(self.content)
        return out


def _sk(version: int) -> str:
    return f"V#{version:06d}"


class SoulBook:
    def __init__(self, table: Table, directory: TenantDirectory) -> None:
        self._table = table
        self._directory = directory

    def current(self, tenant_id: str) -> SoulVersion:
        tenant = self._directory.get_tenant(tenant_id)
        if tenant.soul_version:
            found = self.get(tenant_id, tenant.soul_version)
            if found is not None:
                return found
        return SoulVersion(0, tenant.soul_document, tenant.created_at, "")

    def get(self, tenant_id: str, version: int) -> SoulVersion | None:
        item = self._table.get(keys.tenant_pk(tenant_id, "SOUL"), _sk(version))
        return _version(item) if item else None

    def versions(self, tenant_id: str) -> list[SoulVersion]:
        page = self._table.query(
            keys.tenant_pk(tenant_id, "SOUL"), prefix="V#", descending=True, limit=200
        )
        return [_version(i) for i in page.items]

    def save(self, tenant_id: str, content: str, *, by: str) -> SoulVersion:
        """A new version, made current. Two saves at once get two versions, never one."""
        if not content.strip() or len(content) > MAX_SOUL_CHARS:
            raise ValueError(f"a soul document is 1 to {MAX_SOUL_CHARS} characters")
        for _ in range(_ATTEMPTS):
            latest = self.versions(tenant_id)[:1]
            number = (latest[0].version if latest else 0) + 1
            saved = SoulVersion(number, content, self._table.now(), by)
            try:
                self._table.put(
                    {
                        "pk": keys.tenant_pk(tenant_id, "SOUL"),
                        "sk": _sk(number),
                        "version_number": number,
                        "content": content,
                        "updated_at": saved.updated_at,
                        "updated_by": by,
                    },
                    condition=MustNotExist(),
                )
            except ConditionFailedError:
                continue
            if self._directory.get_tenant(tenant_id).soul_version < number:  # newest wins
                self._directory.update_tenant(tenant_id, soul_document=content, soul_version=number)
            return saved
        raise ConditionFailedError("the soul document kept changing; try again")


def _version(item: dict[str, Any]) -> SoulVersion:
    return SoulVersion(
        version=int(item["version_number"]),
        content=item["content"],
        updated_at=float(item["updated_at"]),
        updated_by=item.get("updated_by", ""),
    )
