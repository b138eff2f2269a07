"""Idempotent tools calls: Powertools idempotency, persisted in our own table.

Powertools ships persistence layers for DynamoDB (its own item layout, boto3 only),
Redis and a cache — none for SQLite, which the local mode runs on. So this module gives
Powertools a persistence layer on our :class:`~hard_e.storage.Table` port
(``BasePersistenceLayer``: ``_get_record``/``_put_record``/``_update_record``/
``_delete_record``), and the same code runs on DynamoDB and SQLite. Records sit under
the company's own partition (``T#<tenant>#IDEMPOTENCY``), keyed by the caller and the
client's ``idempotency_key``; Powertools hashes the call itself (tool and input), so the
same key with another call is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    BasePersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import (
    STATUS_CONSTANTS,
    DataRecord,
)

from hard_e import keys
from hard_e.storage import ConditionFailedError, MustNotExist, Table, VersionIs

EXPIRES_AFTER_SECONDS = 24 * 3600  # a repeat within a day returns the first answer
IN_PROGRESS_SECONDS = 60  # a crashed first attempt frees its key after this long

__all__ = [
    "IdempotencyConflictError",
    "IdempotencyInProgressError",
    "NotStored",
    "TablePersistenceLayer",
    "run_once",
]


class IdempotencyConflictError(Exception):
    """The idempotency key was used before for a different call (409)."""


class IdempotencyInProgressError(Exception):
    """The first call with this idempotency key is still running (409; retry shortly)."""


class NotStored(Exception):
    """Raised by the wrapped call to hand back a result that must not be remembered (a
    busy or unavailable CRM: trying again later should really try again)."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__("result not stored")
        self.result = result


class TablePersistenceLayer(BasePersistenceLayer):
    """Powertools idempotency records on the Table port, under one company's partition."""

    def __init__(self, table: Table, tenant_id: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._table = table
        self._pk = keys.tenant_pk(tenant_id, "IDEMPOTENCY")

    def _get_record(self, idempotency_key: str) -> DataRecord:
        item = self._table.get(self._pk, idempotency_key)
        if item is None:
            raise IdempotencyItemNotFoundError
        return _record(item)

    def _put_record(self, data_record: DataRecord) -> None:
        item = self._item(data_record, version=0)
        try:
            self._table.put(item, condition=MustNotExist())
            return
        except ConditionFailedError:
            pass
        current = self._table.get(self._pk, data_record.idempotency_key)
        if current is not None and not _replaceable(current):
            old = _record(current)
            self._validate_payload(data_payload=data_record, stored_data_record=old)
            raise IdempotencyItemAlreadyExistsError(old_data_record=old)
        # the old record expired, or its first attempt died in progress: take it over
        condition = VersionIs(int(current["version"])) if current else MustNotExist()
        try:
            self._table.put(
                self._item(data_record, version=int(current["version"]) + 1 if current else 0),
                condition=condition,
            )
        except ConditionFailedError:
            raise IdempotencyItemAlreadyExistsError from None

    def _update_record(self, data_record: DataRecord) -> None:
        current = self._table.get(self._pk, data_record.idempotency_key)
        version = int(current["version"]) + 1 if current else 0
        self._table.put(self._item(data_record, version=version))

    def _delete_record(self, data_record: DataRecord) -> None:
        self._table.delete(self._pk, data_record.idempotency_key)

    def _item(self, record: DataRecord, *, version: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "pk": self._pk,
            "sk": record.idempotency_key,
            "version": version,
            "status": record.status,
            "expiry": record.expiry_timestamp,
            "ttl": int(record.expiry_timestamp or 0) + 3600,
            "payload_hash": record.payload_hash,
            "response": record.response_data,
        }
        if record.in_progress_expiry_timestamp is not None:
            item["in_progress_expiry"] = record.in_progress_expiry_timestamp
        return item


def _record(item: dict[str, Any]) -> DataRecord:
    return DataRecord(
        idempotency_key=item["sk"],
        status=item["status"],
        expiry_timestamp=item.get("expiry"),
        in_progress_expiry_timestamp=item.get("in_progress_expiry"),
        response_data=item.get("response") or "",
        payload_hash=item.get("payload_hash") or "",
    )


def _replaceable(item: dict[str, Any]) -> bool:
    """Powertools' rule: an expired record, or an in-progress one whose attempt timed out."""
    now = dt.datetime.now().timestamp()
    if item.get("expiry") is not None and item["expiry"] < now:
        return True
    in_progress = item.get("in_progress_expiry")
    return (
        item.get("status") == STATUS_CONSTANTS["INPROGRESS"]
        and in_progress is not None
        and in_progress < now * 1000
    )


class _Deadline:
    """What Powertools asks of a Lambda context: the time a first attempt may hold its key."""

    def get_remaining_time_in_millis(self) -> int:
        return IN_PROGRESS_SECONDS * 1000


def run_once(
    table: Table,
    tenant_id: str,
    *,
    actor: str,
    idempotency_key: str,
    call: dict[str, Any],
    run: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """``run()``'s result, or the stored result of the first call ``actor`` made with
    this ``idempotency_key``. Raises IdempotencyConflictError for another ``call``."""
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="call",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        use_local_cache=False,
    )
    config.register_lambda_context(_Deadline())  # type: ignore[arg-type]

    @idempotent_function(
        data_keyword_argument="request",
        persistence_store=TablePersistenceLayer(table, tenant_id),
        config=config,
        key_prefix="tools",
    )
    def once(request: dict[str, Any]) -> dict[str, Any]:
        return run()

    try:
        result: dict[str, Any] = once(request={"key": f"{actor}\n{idempotency_key}", "call": call})
    except NotStored as kept_out:
        return kept_out.result
    except IdempotencyValidationError:
        raise IdempotencyConflictError(
            "this idempotency_key was already used for a different call"
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise IdempotencyInProgressError(
            "the first call with this idempotency_key is still running; try again shortly"
        ) from None
    return result
