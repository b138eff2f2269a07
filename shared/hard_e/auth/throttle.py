"""The brake on password guessing: sliding-window attempt logs with a growing back-off.

Every login attempt is *reserved* before the password is checked, with a conditional
write, so 50 concurrent guesses cannot all slip past a check that read the count
before any of them was recorded. Three logs are kept, each under a digest of its key
(no emails or addresses in key names):

- the account from this client address: a person who mistyped, or one attacker;
- the client address across accounts: one machine spraying many emails;
- the account across addresses: a distributed attack on one person.

Each log allows ``free`` failures inside its sliding window, then one more try after
``base`` seconds, then after twice that, and so on up to ``cap``: the real owner who
mistyped waits half a minute, not a quarter of an hour, while a guesser is slowed to a
few tries an hour. A successful login takes its own reservation back (and clears the
account-from-this-address log), so only failures count.

Hand-written rather than a counter with a ceiling (``Table.increment``): a growing
back-off needs the times of the last attempts, which a counter does not keep.
"""

from __future__ import annotations

import ipaddress
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

from hard_e import keys
from hard_e.auth.exceptions import TooManyAttemptsError
from hard_e.storage import ConditionFailedError, MustNotExist, Table, VersionIs

LOG_SK = keys.login_attempts("")[1]
_WRITE_ATTEMPTS = 64


@dataclass(frozen=True)
class Limit:
    """``free`` failures per sliding ``window``, then waits of base, 2·base, … ≤ cap."""

    name: str
    free: int
    window: int
    base: float = 30.0
    cap: float = 900.0

    def wait_after(self, attempts: list[float], now: float) -> float:
        """Seconds until one more attempt is allowed (0 when it is allowed now)."""
        recent = [t for t in attempts if t > now - self.window]
        if len(recent) < self.free:
            return 0.0
        step = min(self.base * 2.0 ** (len(recent) - self.free), self.cap)
        return max(0.0, max(recent) + step - now)


@dataclass
class Reservation:
    """The attempts recorded for one login, by log key, until it is settled."""

    at: float
    keys: list[tuple[str, Limit]] = field(default_factory=list)


def client_key(address: str) -> str:
    """One client per IPv4 address, and per /64 for IPv6 (one host owns a whole /64)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip().lower() or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class LoginThrottle:
    def __init__(self, table: Table, *, account: Limit, address: Limit, pair: Limit) -> None:
        self._table = table
        self._account = account
        self._address = address
        self._pair = pair
        self._jitter = random.Random()  # noqa: S311 - contention jitter, not security

    def reserve(self, email: str, address: str) -> Reservation:
        """Record an attempt in every log, or raise TooManyAttemptsError recording none."""
        client = client_key(address)
        reservation = Reservation(at=self._table.now())
        wanted = [
            (keys.login_attempts("PAIR", email, client)[0], self._pair),
            (keys.login_attempts("ADDR", client)[0], self._address),
            (keys.login_attempts("ACCT", email)[0], self._account),
        ]
        try:
            for pk, limit in wanted:
                self._record(pk, limit, reservation.at)
                reservation.keys.append((pk, limit))
        except TooManyAttemptsError:
            self._take_back(reservation)
            raise
        return reservation

    def succeeded(self, reservation: Reservation) -> None:
        """The password was right: this attempt was no failure, and the owner's own
        address starts afresh."""
        for pk, limit in reservation.keys:
            if limit is self._pair:
                self._table.delete(pk, LOG_SK)
            else:
                self._remove(pk, limit, reservation.at)

    def _record(self, pk: str, limit: Limit, at: float) -> None:
        for _ in range(_WRITE_ATTEMPTS):
            item = self._table.get(pk, LOG_SK)
            attempts = [float(t) for t in (item or {}).get("attempts", [])]
            now = self._table.now()
            wait = limit.wait_after(attempts, now)
            if wait > 0:
                raise TooManyAttemptsError(retry_after=max(1, math.ceil(wait)))
            kept = sorted(t for t in attempts if t > now - limit.window)[-(limit.free + 32) :]
            if self._write(pk, item, [*kept, at], limit):
                return
            time.sleep(self._jitter.uniform(0.0005, 0.004))  # someone else wrote first
        # Under a storm of concurrent tries on one key, fail closed.
        raise TooManyAttemptsError(retry_after=1)

    def _remove(self, pk: str, limit: Limit, at: float) -> None:
        for _ in range(_WRITE_ATTEMPTS):
            item = self._table.get(pk, LOG_SK)
            if item is None:
                return
            attempts = list(item.get("attempts", []))
            if at not in attempts:
                return
            attempts.remove(at)
            if self._write(pk, item, attempts, limit):
                return

    def _take_back(self, reservation: Reservation) -> None:
        for pk, limit in reservation.keys:
            self._remove(pk, limit, reservation.at)

    def _write(
        self, pk: str, item: dict[str, Any] | None, attempts: list[float], limit: Limit
    ) -> bool:
        version = int(item.get("version", 0)) if item else 0
        latest = max(attempts, default=self._table.now())
        try:
            self._table.put(
                {
                    "pk": pk,
                    "sk": LOG_SK,
                    "attempts": attempts,
                    "version": version + 1,
                    "ttl": int(latest + limit.window + limit.cap) + 1,
                },
                condition=VersionIs(version) if item else MustNotExist(),
            )
        except ConditionFailedError:
            return False
        return True
