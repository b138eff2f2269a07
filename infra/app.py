"""The CDK app: ``python infra/app.py`` synthesises the stacks into ``cdk.out/``.

The CDK CLI runs the same file (see cdk.json), so deploys use exactly what ``make synth``
checked.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import infra  # noqa: F401 - first: sets jsii's environment before aws_cdk starts Node

# isort: split
from aws_cdk import Annotations, App, Tags

from hard_e.api.routes import FUNCTIONS
from infra import constants as c
from infra.assets import LambdaAssets
from infra.stacks import ApiStack, DataStack
from infra.voice_stack import VoiceStack
from infra.web_stack import WebStack


def cdk_json_context(path: Path = c.CDK_JSON) -> dict[str, Any]:
    """cdk.json's context (feature flags); the CLI passes it, plain ``python`` must read it."""
    context = json.loads(path.read_text()).get("context", {})
    return dict(context) if isinstance(context, dict) else {}


def cors_origins(app: App) -> list[str]:
    """Browser origins of the web app (context key, comma-separated): the documents
    bucket's upload CORS and the API's CORS. ``*`` only in a development deployment."""
    domain = context_text(app, c.DOMAIN_CONTEXT_KEY)
    default = (f"https://{domain}",) if domain else c.DEFAULT_CORS_ORIGINS
    origins = context_list(app, c.CORS_ORIGINS_CONTEXT_KEY, default)
    if "*" in origins and not is_dev(app):
        raise ValueError(
            f'CORS origin "*" lets any web page call the API from a browser; name the '
            f"web app's origins (-c {c.CORS_ORIGINS_CONTEXT_KEY}=https://app.example.com) "
            f"or, for a development deployment only, add -c {c.DEV_CONTEXT_KEY}=true"
        )
    return origins


def public_url(app: App, origins: Sequence[str]) -> str:
    """The web app's address, the base of every invite and reset link: ``-c
    hard-e:public-url=…``, else ``https://<hard-e:domain>``, else the first web app origin
    (CORS). A development deployment with none of them (origins ``*``) gets a synth
    warning: the CloudFront address is only known once the web stack exists."""
    given = context_text(app, c.PUBLIC_URL_CONTEXT_KEY)
    domain = context_text(app, c.DOMAIN_CONTEXT_KEY)
    url = given or (f"https://{domain}" if domain else "")
    url = url or next((o for o in origins if o != "*"), "")
    if url and not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        raise ValueError(f"-c {c.PUBLIC_URL_CONTEXT_KEY} must be an https:// address, not {url!r}")
    if not url:
        Annotations.of(app).add_warning_v2(
            "hard-e:public-url",
            "Invite and password-reset links need the web app's address: after the first "
            f"deploy pass the WebUrl output as -c {c.PUBLIC_URL_CONTEXT_KEY}=https://…",
        )
    return url.rstrip("/")


def sms_spend_usd(app: App) -> int:
    """The SMS monthly spend limit from context (whole USD), or the small default."""
    value = context_text(app, c.SMS_SPEND_CONTEXT_KEY)
    if not value:
        return c.DEFAULT_SMS_MONTHLY_SPEND_USD
    if not value.isdigit():
        raise ValueError(f"-c {c.SMS_SPEND_CONTEXT_KEY} takes whole USD (e.g. 20), not {value!r}")
    return int(value)


def is_dev(app: App) -> bool:
    return str(app.node.try_get_context(c.DEV_CONTEXT_KEY) or "").lower() in ("true", "1", "yes")


def context_text(app: App, key: str) -> str:
    value = app.node.try_get_context(key)
    return str(value).strip() if value else ""


def context_list(app: App, key: str, default: Sequence[str]) -> list[str]:
    """A context value given as a comma-separated string or a list; ``default`` when unset."""
    value = app.node.try_get_context(key)
    if value is None:
        return list(default)
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()]


def build_app(
    assets: LambdaAssets,
    *,
    outdir: Path | str | None = None,
    context: Mapping[str, Any] | None = None,
    builtin_validation: bool = True,
) -> tuple[App, DataStack, ApiStack, VoiceStack]:
    """The app with its stacks; tests call this with small stand-in assets.

    ``builtin_validation`` is CDK's own CloudFormation rule check at synth time (slow);
    tests turn it off because they run cfn-lint on the same templates.
    """
    app = App(
        outdir=str(outdir) if outdir is not None else None,
        context=dict(cdk_json_context() if context is None else context),
        builtin_cloud_formation_validation=builtin_validation,
    )
    origins = cors_origins(app)
    data = DataStack(app, c.DATA_STACK_NAME, cors_origins=origins)
    sender_email = context_text(app, c.SENDER_EMAIL_CONTEXT_KEY)
    api = ApiStack(
        app,
        c.API_STACK_NAME,
        data=data.access,
        assets=assets,
        sender_email=sender_email,
        cors_origins=origins,
        alarm_email=context_text(app, c.ALARM_EMAIL_CONTEXT_KEY),
        sms_monthly_spend_usd=sms_spend_usd(app),
        public_url=public_url(app, origins),
    )
    voice = VoiceStack(
        app,
        c.VOICE_STACK_NAME,
        data=data.access,
        http_api=api.http_api.api,
        ice_servers=context_list(app, c.VOICE_ICE_SERVERS_CONTEXT_KEY, c.DEFAULT_VOICE_ICE_SERVERS),
        sender_email=sender_email,
    )
    WebStack(
        app,
        c.WEB_STACK_NAME,
        api_url=api.http_api.url,
        domain=context_text(app, c.DOMAIN_CONTEXT_KEY),
        certificate_arn=context_text(app, c.CERTIFICATE_CONTEXT_KEY),
        web_acl_arn=context_text(app, c.WEB_ACL_CONTEXT_KEY),
    )
    for key, value in c.TAGS.items():
        Tags.of(app).add(key, value)
    return app, data, api, voice


def command_line_context(argv: list[str]) -> dict[str, str]:
    """``-c key=value`` pairs, as the CDK CLI takes them (``make synth CONTEXT="-c …"``)."""
    context: dict[str, str] = {}
    for flag, pair in itertools.pairwise(argv):
        if flag in ("-c", "--context") and "=" in pair:
            key, value = pair.split("=", 1)
            context[key] = value
    return context


def main(argv: list[str] | None = None) -> int:
    assets = LambdaAssets.in_build_dir(c.BUILD_DIR, [spec.name for spec in FUNCTIONS])
    missing = assets.missing()
    if missing:
        listed = "\n  ".join(_shown(path) for path in missing)
        print(
            f"error: the Lambda assets are not built (missing:\n  {listed})\n"
            "Run `make assets` first (or `make synth`, which builds them).",
            file=sys.stderr,
        )
        return 1
    outdir = os.environ.get("CDK_OUTDIR") or c.CDK_OUT_DIR  # the CLI sets CDK_OUTDIR
    # The CLI (cdk synth/diff/deploy -c …) passes its context in the environment itself;
    # run directly, the same -c flags are read here so `make synth` applies them too.
    given = command_line_context(sys.argv[1:] if argv is None else argv)
    context = {**cdk_json_context(), **given} if given else None
    app, *_ = build_app(assets, outdir=outdir, context=context)
    app.synth()
    return 0


def _shown(path: Path) -> str:
    return str(path.relative_to(c.ROOT)) if path.is_relative_to(c.ROOT) else str(path)


if __name__ == "__main__":
    raise SystemExit(main())
