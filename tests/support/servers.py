"""The local server as the tests run it: in this process, on a free port, quick to stop."""

from __future__ import annotations

from hard_e.local.server import LocalServer

# a stop waits for the serving thread's next poll (0.5 s for `hard-e serve`): the tests
# stop dozens of servers, so theirs poll as often as the Leap simulator's
POLL_SECONDS = 0.05


def quick_local_server() -> LocalServer:
    """A :class:`LocalServer` on port 0, quiet, that stops within ``POLL_SECONDS``."""
    server = LocalServer(port=0, quiet=True)
    server.poll_interval = POLL_SECONDS
    return server
