"""The shared route table matches what each function's resolver actually serves."""

from __future__ import annotations

from hard_e.api.app import build_api
from hard_e.api.routes import FUNCTIONS, match_route, path_exists


def test_every_function_serves_exactly_its_routes() -> None:
    for spec in FUNCTIONS:
        if spec.trigger != "http":
            assert spec.routes == (), spec.name  # event-driven functions have no HTTP routes
            continue
        if spec.name == "mcp":  # served by the MCP SDK's app, not a Powertools resolver
            assert {r.path for r in spec.routes} == {"/mcp"}
            continue
        api = build_api(spec.name)
        served = {
            (method, path.replace("<", "{").replace(">", "}"))
            for router in api.routers
            for (path, methods, *_options) in router._routes  # Powertools' route registry
            for method in methods
        }
        declared = {(r.method, r.path) for r in spec.routes}
        assert served == declared, spec.name


def test_matching_extracts_path_parameters() -> None:
    match = match_route("GET", "/api/v1/sessions/ses_123")
    assert match is not None
    assert (match.function.name, match.params) == ("chat", {"session_id": "ses_123"})
    listing = match_route("GET", "/api/v1/sessions/")  # the list of past conversations
    assert listing is not None and listing.route.path == "/api/v1/sessions"
    assert match_route("GET", "/api/v1/documents//x") is None
    assert match_route("DELETE", "/api/v1/chat") is None and path_exists("/api/v1/chat")
    assert match_route("GET", "/api/v1/sessions/a/b") is None


def test_sync_entry_points_share_one_event_loop_across_calls() -> None:
    """Cached async clients (anthropic, httpx) stay on the loop that opened them."""
    import asyncio

    from hard_e import aio

    async def current() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    first, second = aio.run(current()), aio.run(current())
    assert first is second and first.is_running()
