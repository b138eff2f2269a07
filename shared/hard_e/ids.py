"""Generated identifiers. Fixed length, so no tenant id is ever a prefix of another."""

from __future__ import annotations

import re
import secrets
import threading
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
TENANT_ID_LENGTH = 16
_TENANT_RE = re.compile(rf"^[{_ALPHABET}]{{{TENANT_ID_LENGTH}}}$")
_ID_RE = re.compile(rf"^[a-z]{{1,4}}_[{_ALPHABET}]{{26}}$")


def _random(n: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def _base32(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


_RANDOM_BITS = 80  # 16 base32 chars
_lock = threading.Lock()
_last = (0, 0)  # (ms, random part) of the newest id made in this process


def _sortable_part() -> str:
    """10 base32 chars of milliseconds since the epoch, then 16 random ones. Ids made in
    the same millisecond by this process count up from the first one's random part (the
    ULID spec's monotonic rule), so they still sort in the order they were made — an
    audit trail listed newest first must not shuffle two calls of the same millisecond.
    Written here rather than taken from a ULID package: ours is lower-case Crockford
    with a kind prefix, and the rule is six lines."""
    global _last
    with _lock:
        ms = int(time.time() * 1000)
        last_ms, last_random = _last
        if ms <= last_ms and last_random + 1 < 1 << _RANDOM_BITS:
            ms, rand = last_ms, last_random + 1
        else:
            rand = secrets.randbits(_RANDOM_BITS - 1)  # room to count up within the ms
        _last = (ms, rand)
    return _base32(ms, 10) + _base32(rand, 16)


def new_tenant_id() -> str:
    return _random(TENANT_ID_LENGTH)


def new_id(kind: str) -> str:
    """A time-sortable id with a short kind prefix, e.g. ``ses_01j...`` (26 chars after it)."""
    return f"{kind}_{_sortable_part()}"


def is_tenant_id(value: str) -> bool:
    return bool(_TENANT_RE.match(value))


def is_id(value: str, kind: str) -> bool:
    return bool(_ID_RE.match(value)) and value.startswith(f"{kind}_")
