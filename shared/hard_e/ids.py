"""Generated identifiers. Fixed length, so no tenant id is ever a prefix of another."""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
TENANT_ID_LENGTH = 16
_TENANT_RE = re.compile(rf"^[{_ALPHABET}]{{{TENANT_ID_LENGTH}}}$")
_ID_RE = re.compile(rf"^[a-z]{{1,4}}_[{_ALPHABET}]{{26}}$")


def _random(n: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def _time_part() -> str:
    """10 base32 chars of milliseconds since the epoch: ids sort by creation time."""
    ms = int(time.time() * 1000)
    out = []
    for _ in range(10):
        out.append(_ALPHABET[ms & 31])
        ms >>= 5
    return "".join(reversed(out))


def new_tenant_id() -> str:
    return _random(TENANT_ID_LENGTH)


def new_id(kind: str) -> str:
    """A time-sortable id with a short kind prefix, e.g. ``ses_01j...`` (26 chars after it)."""
    return f"{kind}_{_time_part()}{_random(16)}"


def is_tenant_id(value: str) -> bool:
    return bool(_TENANT_RE.match(value))


def is_id(value: str, kind: str) -> bool:
    return bool(_ID_RE.match(value)) and value.startswith(f"{kind}_")
