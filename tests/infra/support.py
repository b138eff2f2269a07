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

    @property
    def template_files(self) -> list[Path]:
        return sorted(self.outdir.glob("*.template.json"))


SENDER_EMAIL = "sales@summit.example"  # the SES identity the tests deploy with


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

    context = {**cdk_json_context(), c.SENDER_EMAIL_CONTEXT_KEY: SENDER_EMAIL}
    app, *_ = build_app(assets, outdir=outdir, context=context, builtin_validation=False)
    app.synth()

    def load(stack_name: str) -> dict[str, Any]:
        template: dict[str, Any] = json.loads((outdir / f"{stack_name}.template.json").read_text())
        return template

    return Synthesised(
        outdir, load(c.DATA_STACK_NAME), load(c.API_STACK_NAME), load(c.VOICE_STACK_NAME)
    )
