"""The `Table` port: a single key-value table with DynamoDB's semantics.

Items are plain JSON-like dicts. Every item has string keys ``pk`` and ``sk``; it may
carry ``ttl`` (epoch seconds: the item is expired, and never returned, once
``ttl <= now``) and ``gsi1pk``/``gsi1sk`` (the one secondary index, ``gsi1``).
Values are str, int, float, bool, None, lists and dicts of those; bytes are not
allowed (store base64 text). Adapters: :mod:`.dynamodb` and :mod:`.sqlite`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hard_e.storage.exceptions import InvalidCursorError

Item = dict[str, Any]
Clock = Callable[[], float]

# The table's schema: the CDK stack and both adapters import these names.
PK = "pk"
SK = "sk"
TTL_ATTRIBUTE = "ttl"
GSI1 = "gsi1"
GSI1_PK = "gsi1pk"
GSI1_SK = "gsi1sk"
VERSION_ATTRIBUTE = "version"
RESERVED_ATTRIBUTES = frozenset({PK, SK, TTL_ATTRIBUTE, GSI1_PK, GSI1_SK})


@dataclass(frozen=True)
class MustNotExist:
    """Write only if no live item has this key (an expired item counts as absent)."""


@dataclass(frozen=True)
class MustExist:
    """Write only if a live item has this key."""


@dataclass(frozen=True)
class VersionIs:
    """Write only if the live item's ``version`` attribute equals ``version``."""

    version: int


Condition = MustNotExist | MustExist | VersionIs


@dataclass(frozen=True)
class Page:
    """One page of a query. ``cursor`` is None when there is nothing more to read."""

    items: list[Item] = field(default_factory=list)
    cursor: str | None = None


class Table(ABC):
    """Port for the single table. Synchronous: async callers use ``asyncio.to_thread``.

    The public methods check every argument and apply the rules both adapters share
    (TTL, page size, cursors) once, here; an adapter implements only the private
    ``_get``/``_put``/``_delete``/``_query``/``_increment`` against its backend, the way
    Powertools' ``BasePersistenceLayer`` leaves ``_put_record`` and friends to each store.
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock: Clock = clock or time.time

    def now(self) -> float:
        return self._clock()

    def close(self) -> None:  # noqa: B027 - optional hook, most adapters hold nothing
        """Release connections; the table must not be used afterwards."""

    # --- the port ---------------------------------------------------------------------

    def get(self, pk: str, sk: str) -> Item | None:
        """The live item under (pk, sk), or None when absent or expired."""
        _check_key(pk, sk)
        now = self.now()
        item = self._get(pk, sk, now=now)
        return item if item is not None and is_live(item, now) else None

    def put(self, item: Item, *, condition: Condition | None = None) -> None:
        """Store ``item`` whole, replacing any item with the same key.

        Raises ConditionFailedError when ``condition`` does not hold (an expired item
        counts as absent).
        """
        validate_item(item)
        _check_condition(condition)
        self._put(item, condition=condition, now=self.now())

    def delete(self, pk: str, sk: str, *, condition: Condition | None = None) -> None:
        """Remove the item (no error when absent unless a condition says otherwise)."""
        _check_key(pk, sk)
        _check_condition(condition)
        self._delete(pk, sk, condition=condition, now=self.now())

    def query(
        self,
        pk: str,
        *,
        prefix: str | None = None,
        between: tuple[str, str] | None = None,
        descending: bool = False,
        limit: int | None = None,
        cursor: str | None = None,
        index: str | None = None,
    ) -> Page:
        """Live items of one partition in sort-key order.

        ``prefix`` keeps sort keys starting with it; ``between`` keeps ``lo <= sk <= hi``
        (inclusive, like DynamoDB's BETWEEN); at most one of the two. ``limit`` caps the
        page; ``cursor`` continues a previous page of the same query. With
        ``index="gsi1"`` the partition and sort keys are ``gsi1pk``/``gsi1sk``.
        Raises InvalidCursorError for a cursor this adapter did not hand out.
        """
        spec = QuerySpec(pk, prefix=prefix, between=between, descending=descending, index=index)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise ValueError("limit must be an integer")
        if limit is not None and limit < 1:
            raise ValueError("limit must be at least 1")
        after = spec.position(cursor) if cursor is not None else None
        now = self.now()
        # One live item more than asked says whether a next page exists.
        wanted = None if limit is None else limit + 1
        found = self._query(spec, after=after, wanted=wanted, now=now)
        items = [item for item in found if is_live(item, now)]
        if limit is not None and len(items) > limit:
            return Page(items=items[:limit], cursor=spec.cursor_after(items[limit - 1]))
        return Page(items=items)

    def increment(
        self,
        pk: str,
        sk: str,
        *,
        by: int = 1,
        ceiling: int | None = None,
        ttl: int | None = None,
        attribute: str = "count",
    ) -> int:
        """Atomically add ``by`` to the counter and return the new value.

        A missing (or expired) counter starts at 0. With ``ceiling`` the increment is
        refused with CeilingReachedError when the new value would exceed it. ``ttl``
        sets the counter's expiry when given.
        """
        _check_key(pk, sk)
        if not isinstance(attribute, str) or not attribute:
            raise ValueError("the counter attribute must be a non-empty string")
        if attribute in RESERVED_ATTRIBUTES:
            raise ValueError(f"{attribute!r} is a key attribute, not a counter")
        for name, value in (("by", by), ("ceiling", ceiling), ("ttl", ttl)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"{name} must be an integer")
        return self._increment(
            pk, sk, by=by, ceiling=ceiling, ttl=ttl, attribute=attribute, now=self.now()
        )

    def scan(self, pk_prefix: str = "") -> list[Item]:
        """Every stored item whose ``pk`` starts with ``pk_prefix``, expired ones too (not
        yet swept by TTL). A full read of the table: for offboarding and its proof only,
        never on a request path."""
        if not isinstance(pk_prefix, str):
            raise ValueError("pk_prefix must be a string")
        return self._scan(pk_prefix)

    # --- what each backend implements -------------------------------------------------

    def _scan(self, pk_prefix: str) -> list[Item]:
        raise NotImplementedError(f"{type(self).__name__} cannot scan")

    @abstractmethod
    def _get(self, pk: str, sk: str, *, now: float) -> Item | None:
        """The stored item (live or not: the caller filters), or None."""

    @abstractmethod
    def _put(self, item: Item, *, condition: Condition | None, now: float) -> None:
        """Write a validated item, atomically with its condition."""

    @abstractmethod
    def _delete(self, pk: str, sk: str, *, condition: Condition | None, now: float) -> None:
        """Delete, atomically with the condition."""

    @abstractmethod
    def _query(
        self, spec: QuerySpec, *, after: dict[str, str] | None, wanted: int | None, now: float
    ) -> list[Item]:
        """Up to ``wanted`` live items of a validated query, starting after ``after``."""

    @abstractmethod
    def _increment(
        self,
        pk: str,
        sk: str,
        *,
        by: int,
        ceiling: int | None,
        ttl: int | None,
        attribute: str,
        now: float,
    ) -> int:
        """The atomic counter update of :meth:`increment`, arguments already checked."""


def _check_key(pk: str, sk: str) -> None:
    for name, value in ((PK, pk), (SK, sk)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty string")


def _check_condition(condition: Condition | None) -> None:
    if condition is not None and not isinstance(condition, MustNotExist | MustExist | VersionIs):
        raise TypeError(f"unknown condition {condition!r}")


def condition_holds(condition: Condition, current: Item | None) -> bool:
    """Whether a write under ``condition`` may go ahead, given the live item (or None)."""
    if isinstance(condition, MustNotExist):
        return current is None
    if isinstance(condition, MustExist):
        return current is not None
    version = None if current is None else current.get(VERSION_ATTRIBUTE)
    return not isinstance(version, bool) and version == condition.version


# Helpers shared by the adapters, so both enforce the same rules byte for byte.

_MAX_DIGITS = 38  # DynamoDB numbers: 38 significant digits, magnitude 1E-130 .. 9.9E+125


def is_live(item: Item, now: float) -> bool:
    """False once the item's ``ttl`` has passed (``ttl <= now``)."""
    ttl = item.get(TTL_ATTRIBUTE)
    return ttl is None or ttl > now


def number_from_decimal(value: Decimal) -> int | float:
    """How stored numbers come back: int when integral (as DynamoDB returns 1.0), else float."""
    return int(value) if value == value.to_integral_value() else float(value)


def validate_item(item: Item) -> None:
    """Raise ValueError unless ``item`` is storable the same way by every adapter."""
    if not isinstance(item, dict):
        raise ValueError("an item must be a dict")
    for name in (PK, SK):
        if not isinstance(item.get(name), str) or not item[name]:
            raise ValueError(f"item[{name!r}] must be a non-empty string")
    for name in (GSI1_PK, GSI1_SK):
        if name in item and (not isinstance(item[name], str) or not item[name]):
            raise ValueError(f"item[{name!r}] must be a non-empty string when present")
    if TTL_ATTRIBUTE in item:
        ttl = item[TTL_ATTRIBUTE]
        if isinstance(ttl, bool) or not isinstance(ttl, int | float):
            raise ValueError("item['ttl'] must be epoch seconds (int) when present")
    _validate_value(item, "item")


def _validate_value(value: Any, path: str) -> None:
    if value is None or isinstance(value, str | bool):
        return
    if isinstance(value, int):
        if len(str(abs(value))) > _MAX_DIGITS:
            raise ValueError(f"{path}: integers are limited to {_MAX_DIGITS} digits")
    elif isinstance(value, float):
        if not math.isfinite(value) or (value and not 1e-130 <= abs(value) < 1e126):
            raise ValueError(f"{path}: {value!r} cannot be stored")
    elif isinstance(value, list):
        for i, element in enumerate(value):
            _validate_value(element, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, element in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: keys must be strings, not {key!r}")
            _validate_value(element, f"{path}[{key!r}]")
    else:
        raise ValueError(f"{path}: {type(value).__name__} is not a JSON-like value")


@dataclass(frozen=True)
class QuerySpec:
    """One validated query: which keys it reads, and the cursors that may continue it.

    A cursor is base64url JSON holding the key of the last item returned plus a hash
    of the query, so it cannot be replayed against another partition or range.
    """

    pk: str
    prefix: str | None = None
    between: tuple[str, str] | None = None
    descending: bool = False
    index: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.pk, str) or not self.pk:
            raise ValueError("pk must be a non-empty string")
        if self.index not in (None, GSI1):
            raise ValueError(f"unknown index {self.index!r}")
        if self.prefix is not None and self.between is not None:
            raise ValueError("give prefix or between, not both")
        if self.between is not None and not self.between[0] <= self.between[1]:
            raise ValueError("between must be (low, high) with low <= high")
        if self.prefix == "":
            object.__setattr__(self, "prefix", None)  # every sort key begins with ""

    @property
    def partition_attribute(self) -> str:
        return GSI1_PK if self.index else PK

    @property
    def sort_attribute(self) -> str:
        return GSI1_SK if self.index else SK

    @property
    def position_attributes(self) -> tuple[str, ...]:
        """The attributes that locate an item in this query's order (DynamoDB's key)."""
        return (PK, SK, GSI1_PK, GSI1_SK) if self.index else (PK, SK)

    def admits(self, sort_key: str) -> bool:
        if self.prefix is not None:
            return sort_key.startswith(self.prefix)
        if self.between is not None:
            return self.between[0] <= sort_key <= self.between[1]
        return True

    def cursor_after(self, item: Item) -> str:
        """An opaque cursor that continues this query after ``item``."""
        position = {name: item[name] for name in self.position_attributes}
        payload = json.dumps({"q": self._fingerprint(), "k": position}, separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).rstrip(b"=").decode("ascii")

    def position(self, cursor: str) -> dict[str, str]:
        """The key a cursor points after; InvalidCursorError unless it came from this query."""
        try:
            raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
            payload = json.loads(raw)
        except (AttributeError, UnicodeError, binascii.Error, ValueError) as exc:
            raise InvalidCursorError("cursor is not one this table handed out") from exc
        position = payload.get("k") if isinstance(payload, dict) else None
        if (
            not isinstance(position, dict)
            or payload.get("q") != self._fingerprint()
            or set(position) != set(self.position_attributes)
            or not all(isinstance(value, str) and value for value in position.values())
            or position[self.partition_attribute] != self.pk
            or not self.admits(position[self.sort_attribute])
        ):
            raise InvalidCursorError("cursor does not belong to this query")
        return position

    def _fingerprint(self) -> str:
        query = [self.index, self.pk, self.prefix, self.between, self.descending]
        return hashlib.sha256(json.dumps(query).encode()).hexdigest()[:16]
