"""Which routers each HTTP function serves, imported only when asked for, so a Lambda
loads its own routes and nothing else (and no router ever imports the app)."""

from __future__ import annotations

import importlib

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

ROUTERS: dict[str, tuple[str, ...]] = {
    "auth": ("auth_routes", "meta_routes", "api_keys_routes"),
    "chat": ("chat_routes", "agent_routes"),
    "tools": ("tools_routes",),
    "documents": ("documents_routes",),
    "memory": ("memory_routes",),
    "onboarding": (
        "invite_routes",
        "password_routes",
        "company_routes",
        "soul_routes",
        "team_routes",
        "analytics_routes",
    ),
    "operators": ("operator_routes", "offboarding_routes"),
}
"""Function name → router modules under :mod:`hard_e.api`."""


def routers_of(function_name: str) -> tuple[APIGatewayHttpRouter, ...]:
    modules = (importlib.import_module(f"hard_e.api.{name}") for name in ROUTERS[function_name])
    return tuple(module.router for module in modules)
