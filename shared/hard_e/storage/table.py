"""The `Table` port: a single key-value table with DynamoDB's semantics.

Items are plain JSON-like dicts. Every item has string keys ``pk`` and ``sk``; it may
carry ``ttl`` (epoch seconds: the item is expired, and never returned, once
``ttl <= now``) and ``gsi1pk``/``gsi1sk`` (the one secondary index, ``gsi1``).
Values are str, int, float, bool, None, lists and dicts of those; bytes are not
allowed (store base64 text). Adapters: :mod:`.dynamodb` and :mod:`.sqlite`.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Item = dict[str, Any]
Clock = Callable[[], float]

GSI1 = "gsi1"
RESERVED_ATTRIBUTES = frozenset({"pk", "sk", "ttl", "gsi1pk", "gsi1sk"})


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
    """Port for the single table. Synchronous: async callers use ``asyncio.to_thread``."""

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock: Clock = clock or time.time

    def now(self) -> float:
        return self._clock()

    @abstractmethod
    def get(self, pk: str, sk: str) -> Item | None:
        """The live item under (pk, sk), or None when absent or expired."""

    @abstractmethod
    def put(self, item: Item, *, condition: Condition | None = None) -> None:
        """Store ``item`` whole, replacing any item with the same key.

        Raises ConditionFailedError when ``condition`` does not hold.
        """

    @abstractmethod
    def delete(self, pk: str, sk: str, *, condition: Condition | None = None) -> None:
        """Remove the item (no error when absent unless a condition says otherwise)."""

    @abstractmethod
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

    @abstractmethod
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
