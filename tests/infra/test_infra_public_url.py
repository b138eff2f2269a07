"""Invite and password-reset links start with the web app's address: the stacks set
HARD_E_PUBLIC_URL on the functions, from context, the domain or the web app's origin."""

from __future__ import annotations

from typing import Any

import pytest

from infra import constants as c
from tests.infra.support import WEB_ORIGIN, Synthesised, functions_by_name


def test_every_function_gets_the_web_apps_address(synthesised: Synthesised) -> None:
    functions = functions_by_name(synthesised.api)
    assert functions
    for name, (_, props) in functions.items():
        env = props["Environment"]["Variables"]
        assert env.get(c.ENV_PUBLIC_URL) == WEB_ORIGIN, name


def _url(context: dict[str, Any]) -> str:
    from aws_cdk import App

    from infra.app import cors_origins, public_url

    app = App(context=context, builtin_cloud_formation_validation=False)
    return public_url(app, cors_origins(app))


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({c.PUBLIC_URL_CONTEXT_KEY: "https://hard-e.yourco.com/"}, "https://hard-e.yourco.com"),
        (
            {
                c.PUBLIC_URL_CONTEXT_KEY: "https://links.yourco.com",
                c.DOMAIN_CONTEXT_KEY: "app.yourco.com",
            },
            "https://links.yourco.com",
        ),
        ({c.DOMAIN_CONTEXT_KEY: "app.yourco.com"}, "https://app.yourco.com"),
        (
            {c.CORS_ORIGINS_CONTEXT_KEY: "https://web.yourco.com, https://b.yourco.com"},
            "https://web.yourco.com",
        ),
        ({c.DEV_CONTEXT_KEY: "true", c.CORS_ORIGINS_CONTEXT_KEY: "*"}, ""),
    ],
)
def test_the_address_comes_from_context_the_domain_or_the_origin(
    context: dict[str, Any], expected: str
) -> None:
    assert _url(context) == expected


def test_a_plain_http_address_is_refused() -> None:
    with pytest.raises(ValueError, match="https://"):
        _url({c.PUBLIC_URL_CONTEXT_KEY: "http://hard-e.yourco.com"})
