"""What a function's cold start imports: the heavy libraries stay out until needed.

Each check is a fresh interpreter importing the function's handler, as a new Lambda
instance does (bench/cold_start.py times the same thing; no timing is asserted here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("handler", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps(sorted(sys.modules)))
"""


def imported_by(function: str, tmp_path: Path) -> set[str]:
    env = {**os.environ, "HARD_E_HOME": str(tmp_path / "home"), "HARD_E_LEARNER": "false"}
    handler = ROOT / "functions" / function / "handler.py"
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(handler)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("function", ["chat", "tools", "auth"])
def test_cold_start_leaves_out_what_the_first_request_does_not_use(
    function: str, tmp_path: Path
) -> None:
    modules = imported_by(function, tmp_path)
    assert "hard_e.api.app" in modules  # the probe really imported the handler
    # PyJWT is loaded for HS256 alone: RSA/EC/x509 from cryptography are never used
    assert not any(m == "cryptography" or m.startswith("cryptography.") for m in modules)
    # settings come from the environment without pydantic-settings and its sources
    assert "pydantic_settings" not in modules
    # the tool modules (their input models) load when the registry is first built
    assert "hard_e.tools.catalogue.crm_tools" not in modules


def test_tokens_still_work_and_cryptography_still_imports_afterwards(tmp_path: Path) -> None:
    probe = (
        "import hard_e.auth.tokens as t, cryptography.x509;"
        "token = t.jwt.encode({'sub': 'u'}, 'k' * 32, algorithm=t.ALGORITHM);"
        "print(t.jwt.decode(token, 'k' * 32, algorithms=[t.ALGORITHM])['sub'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "u"
