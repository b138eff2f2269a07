"""Synthesis helpers for the infra tests: stand-in Lambda assets and the synthesised app."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hard_e.api.routes import FUNCTIONS
from infra import constants as c
from infra.assets import LambdaAssets


@dataclass(frozen=True)
class Synthesised:
    """The cloud assembly written by the real app, read back as plain template dicts."""

    outdir: Path
    data: dict[str, Any]
    api: dict[str, Any]
    voice: dict[str, Any]
    web: dict[str, Any]

    @property
    def template_files(self) -> list[Path]:
        return sorted(self.outdir.glob("*.template.json"))


Json = Any

SENDER_EMAIL = "sales@summit.example"  # the SES identity the tests deploy with
WEB_ORIGIN = "https://app.summit.example"  # where the tests' web app is served from
SMS_SPEND_USD = 25  # the SMS monthly spend limit the tests deploy with


def stand_in_assets(root: Path) -> LambdaAssets:
    """A tiny layer and a one-line handler per function, in place of `make assets`."""
    assets = LambdaAssets.in_build_dir(root, [spec.name for spec in FUNCTIONS])
    (assets.layer_dir / "python").mkdir(parents=True)
    (assets.layer_dir / "python" / "stub.py").write_text("")
    for path in assets.function_dirs.values():
        path.mkdir(parents=True)
        (path / "handler.py").write_text("def handler(event, context):\n    return {}\n")
    return assets


def synthesise(assets: LambdaAssets, outdir: Path) -> Synthesised:
    """Run the real app (the same ``build_app`` as ``infra/app.py``) into ``outdir``."""
    # CDK's built-in rule check is skipped: the cfn-lint test covers the same ground faster.
    from infra.app import (
        build_app,  # imports aws_cdk: starts jsii
        cdk_json_context,
    )

    context = {
        **cdk_json_context(),
        c.SENDER_EMAIL_CONTEXT_KEY: SENDER_EMAIL,
        c.CORS_ORIGINS_CONTEXT_KEY: WEB_ORIGIN,
        c.ALARM_EMAIL_CONTEXT_KEY: "ops@summit.example",
        c.SMS_SPEND_CONTEXT_KEY: str(SMS_SPEND_USD),
    }
    app, *_ = build_app(assets, outdir=outdir, context=context, builtin_validation=False)
    app.synth()

    def load(stack_name: str) -> dict[str, Any]:
        template: dict[str, Any] = json.loads((outdir / f"{stack_name}.template.json").read_text())
        return template

    return Synthesised(
        outdir,
        load(c.DATA_STACK_NAME),
        load(c.API_STACK_NAME),
        load(c.VOICE_STACK_NAME),
        load(c.WEB_STACK_NAME),
    )


# --- reading templates --------------------------------------------------------------


def of_type(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == resource_type}


def the_one(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    found = of_type(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.items()))


def resolve(value: Json, data_template: dict[str, Any]) -> Json:
    """Replace each cross-stack reference with the data-stack expression it reads."""
    if isinstance(value, dict):
        if "Fn::GetStackOutput" in value:
            ref = value["Fn::GetStackOutput"]
            assert ref["StackName"] == c.DATA_STACK_NAME
            return data_template["Outputs"][ref["OutputName"]]["Value"]
        return {k: resolve(v, data_template) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, data_template) for v in value]
    return value


def as_list(value: Json) -> list[Json]:
    return value if isinstance(value, list) else [value]


def functions_by_name(api: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Function name → (logical id, properties), keyed by the description the stack writes
    (CDK's own helper functions, such as the custom resources', have none)."""
    found = {}
    for logical_id, resource in of_type(api, "AWS::Lambda::Function").items():
        description = resource["Properties"].get("Description", "")
        if not description.startswith("Hard-E "):
            continue
        name = description.removeprefix("Hard-E ").split(":")[0]
        found[name] = (logical_id, resource["Properties"])
    return found


def role_statements(api: dict[str, Any], role_id: str) -> list[dict[str, Any]]:
    statements = []
    for policy in of_type(api, "AWS::IAM::Policy").values():
        if {"Ref": role_id} in policy["Properties"]["Roles"]:
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def all_api_statements(api: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy in of_type(api, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def deploy_time_roles(api: dict[str, Any]) -> set[str]:
    """Roles of CDK's own deploy-time functions (the custom resource that sets the SMS
    spend limit): they run during a deploy, never for a request."""
    return {
        role_of(resource["Properties"])
        for resource in of_type(api, "AWS::Lambda::Function").values()
        if not resource["Properties"].get("Description", "").startswith("Hard-E ")
    }


def role_of(function: dict[str, Any]) -> str:
    role_id: str = function["Role"]["Fn::GetAtt"][0]
    return role_id
