"""How long a call process may take to warm up, and how soon it is started again.

A call process loads its models before it answers warm; on a busy machine (two processes
loading at once, load 12) that takes minutes. The budget is a setting
(``HARD_E_VOICE_PROCESS_START_SECONDS``); a process is started again only when it died
or went over its budget. Each start in a row that never warmed doubles the next one's
budget (up to ``MAX_STRETCH`` times) and waits longer before it begins, so a slow start
is never cut short over and over: the machine is given room rather than more loading.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_STRETCH = 4  # the most a budget grows after starts that did not warm
BACKOFF_SECONDS = 1.0  # the wait before starting again after the first start that did not warm
MAX_BACKOFF_SECONDS = 60.0


@dataclass
class Starts:
    """One call process's starts: ``budget`` seconds for the first to warm."""

    budget: float
    cold: int = 0  # starts in a row that ended before the process was warm

    @property
    def allowed(self) -> float:
        """Seconds the start under way may take to warm."""
        return self.budget * min(1 << self.cold, MAX_STRETCH)

    def overdue(self, elapsed: float) -> bool:
        return elapsed > self.allowed

    def ended(self, *, warmed: bool) -> float:
        """The process has exited (or was stopped); the seconds to wait before the next
        start. A process that had warmed starts again at once; one that never did waits,
        longer each time in a row."""
        if warmed:
            self.cold = 0
            return 0.0
        self.cold += 1
        return min(BACKOFF_SECONDS * (1 << (self.cold - 1)), MAX_BACKOFF_SECONDS)
