"""cfn-lint finds no errors in the synthesised templates."""

from __future__ import annotations

import json
from pathlib import Path

from cfnlint.api import ManualArgs, lint_file

from infra import constants as c
from tests.infra.support import Synthesised

REGIONS = ["us-east-1", "eu-west-1"]


def lint_errors(template: Path) -> list[str]:
    """E-level findings only; warnings (e.g. CDK's explicit DependsOn, W3005) are allowed."""
    matches = lint_file(template, config=ManualArgs(regions=REGIONS))
    return [f"{m.rule.id} {m.message}" for m in matches if m.rule.id.startswith("E")]


def test_templates_have_no_cfn_lint_errors(synthesised: Synthesised) -> None:
    files = synthesised.template_files
    assert [f.name for f in files] == sorted(
        f"{name}.template.json"
        for name in (c.DATA_STACK_NAME, c.API_STACK_NAME, c.VOICE_STACK_NAME, c.WEB_STACK_NAME)
    )
    for template in files:
        errors = lint_errors(template)
        assert errors == [], f"{template.name}:\n" + "\n".join(errors)


def test_the_linter_does_report_errors(tmp_path: Path) -> None:
    # Guards the test above against a linter that silently checks nothing.
    broken = tmp_path / "broken.template.json"
    table = {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "FREE"}}
    broken.write_text(json.dumps({"Resources": {"Table": table}}))
    assert lint_errors(broken)
