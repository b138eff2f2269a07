"""Loads ``functions/<name>/handler.py`` — the very files Lambda runs — and invokes them."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hard_e.api.routes import FUNCTIONS
from hard_e.local.events import LocalLambdaContext

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

FUNCTIONS_DIR = Path(__file__).resolve().parents[3] / "functions"


class FunctionHost:
    """Imports each function's handler module once, as a warm Lambda would keep it."""

    def __init__(self, functions_dir: Path = FUNCTIONS_DIR) -> None:
        self._dir = functions_dir
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()

    def handler(self, name: str) -> Handler:
        with self._lock:
            if name not in self._handlers:
                self._handlers[name] = _load(self._dir / name / "handler.py", name)
            return self._handlers[name]

    def invoke(self, name: str, event: dict[str, Any]) -> dict[str, Any]:
        spec = next(s for s in FUNCTIONS if s.name == name)
        context = LocalLambdaContext(
            function_name=f"hard-e-{name}",
            memory_limit_in_mb=spec.memory_mb,
            timeout_s=spec.timeout_s,
        )
        return self.handler(name)(event, context)


def _load(path: Path, name: str) -> Handler:
    if not path.is_file():
        raise FileNotFoundError(f"no handler at {path}")
    module_spec = importlib.util.spec_from_file_location(f"hard_e_function_{name}", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    handler: Handler = module.handler
    return handler
