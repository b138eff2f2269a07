"""Lambda code assets, built without Docker: one dependency layer and one bundle per function.

``python -m infra.assets`` (or ``make assets``) writes::

    build/lambda/layer/python/...        the pyproject ``dependencies``, Lambda wheels only
    build/lambda/<function>/handler.py   functions/<function>/handler.py
    build/lambda/<function>/hard_e/...   shared/hard_e (its own __pycache__ left behind)

Both are byte-compiled here (``compile_tree``): Lambda's code folders are read-only, so a
bundle without ``.pyc`` files recompiles every module it imports on every cold start.
The layer is rebuilt only when the dependency list or target platform changes (stamp file).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import py_compile
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hard_e.api.routes import FUNCTIONS
from infra import constants as c

Installer = Callable[[Sequence[str], Path], None]
"""Installs ``requirements`` into the ``target`` folder for the Lambda platform."""

STAMP_NAME = ".stamp"
LAYER_PACKAGES_DIR = "python"  # Lambda puts /opt/python on sys.path
BUNDLE_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".DS_Store")
# CDK zips assets with every timestamp set to 1980 (reproducible hashes), so a classic
# timestamp-checked .pyc would never match its source on Lambda and be ignored. An
# unchecked-hash .pyc is used as it is; the bundle is rebuilt whenever the source changes.
PYC_INVALIDATION = py_compile.PycInvalidationMode.UNCHECKED_HASH


class AssetBuildError(Exception):
    """The assets could not be built; the message says what to do."""


@dataclass(frozen=True)
class LambdaAssets:
    """Where the CDK app finds the layer folder and each function's bundle."""

    layer_dir: Path
    function_dirs: Mapping[str, Path]

    @classmethod
    def in_build_dir(cls, build_dir: Path, names: Iterable[str]) -> LambdaAssets:
        return cls(
            layer_dir=build_dir / c.LAYER_DIR_NAME,
            function_dirs={name: build_dir / name for name in names},
        )

    def missing(self) -> list[Path]:
        """Paths that must exist before synthesis but don't."""
        wanted = [self.layer_dir / LAYER_PACKAGES_DIR]
        wanted += [path / "handler.py" for path in self.function_dirs.values()]
        return [path for path in wanted if not path.exists()]


def read_dependencies(pyproject: Path) -> list[str]:
    """The ``[project] dependencies`` of ``pyproject.toml``: what every bundle ships with."""
    with pyproject.open("rb") as file:
        deps = tomllib.load(file).get("project", {}).get("dependencies", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise AssetBuildError(f"{pyproject}: [project] dependencies must be a list of strings")
    return deps


def pip_install(requirements: Sequence[str], target: Path) -> None:
    """Install binary wheels for CPython 3.11 on Lambda's platform (no sdists, no compiling)."""
    command = [
        sys.executable, "-m", "pip", "install",
        "--quiet", "--disable-pip-version-check", "--no-compile",
        "--target", str(target),
        *(arg for platform in c.PIP_PLATFORMS for arg in ("--platform", platform)),
        "--implementation", "cp",
        "--python-version", c.PYTHON_VERSION,
        "--only-binary=:all:",
        *requirements,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise AssetBuildError(explain_pip_failure(result.stderr or result.stdout))


def explain_pip_failure(output: str) -> str:
    found = re.search(r"No matching distribution found for (\S+)", output)
    if found:
        platforms = " or ".join(c.PIP_PLATFORMS)
        return (
            f"{found.group(1)} has no wheel for {platforms} / CPython {c.PYTHON_VERSION}, "
            "so it cannot go into the Lambda layer without Docker. Pin a version that "
            "publishes such a wheel, or drop the dependency.\n\npip said:\n" + output.strip()
        )
    return "pip could not build the Lambda layer:\n" + output.strip()


def compile_tree(folder: Path) -> None:
    """Byte-compile every module under ``folder`` for the interpreter Lambda runs (3.11,
    no ``-O``). Lambda's CPython has the same bytecode magic number as this one: the
    builder refuses to run on another minor version. Files that do not compile (a
    dependency's Python 2 test fixtures) are left as they are; they never import."""
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if running != c.PYTHON_VERSION:
        raise AssetBuildError(
            f"the assets are compiled for Python {c.PYTHON_VERSION}; run with it, not {running}"
        )
    compileall.compile_dir(
        folder, quiet=2, workers=0, invalidation_mode=PYC_INVALIDATION, optimize=0
    )


def _layer_fingerprint(requirements: Sequence[str], *, compiled: bool) -> str:
    inputs = {
        "requirements": list(requirements),
        "platform": list(c.PIP_PLATFORMS),
        "python": c.PYTHON_VERSION,
        "bytecode": PYC_INVALIDATION.name if compiled else None,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def build_layer(
    pyproject: Path,
    layer_dir: Path,
    *,
    install: Installer = pip_install,
    force: bool = False,
    compiled: bool = True,
) -> bool:
    """Build ``layer_dir/python`` unless the stamp says it is current. True when rebuilt.
    ``compiled=False`` (bench/cold_start.py's "before") leaves the bytecode out."""
    requirements = read_dependencies(pyproject)
    fingerprint = _layer_fingerprint(requirements, compiled=compiled)
    stamp = layer_dir / STAMP_NAME
    packages = layer_dir / LAYER_PACKAGES_DIR
    if not force and packages.is_dir() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    staging = layer_dir.with_name(layer_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / LAYER_PACKAGES_DIR).mkdir(parents=True)
    install(requirements, staging / LAYER_PACKAGES_DIR)
    shutil.rmtree(staging / LAYER_PACKAGES_DIR / "bin", ignore_errors=True)  # console scripts
    if compiled:
        compile_tree(staging / LAYER_PACKAGES_DIR)
    (staging / STAMP_NAME).write_text(fingerprint)
    shutil.rmtree(layer_dir, ignore_errors=True)
    staging.rename(layer_dir)  # a half-built layer is never mistaken for a good one
    return True


def build_function(
    name: str, *, functions_dir: Path, package_dir: Path, out_dir: Path, compiled: bool = True
) -> Path:
    """Write ``out_dir/<name>/`` with the handler and the ``hard_e`` package, byte-compiled
    unless ``compiled=False``."""
    if name == c.LAYER_DIR_NAME:
        raise AssetBuildError(f"a function may not be called {name!r}: that is the layer folder")
    handler = functions_dir / name / "handler.py"
    if not handler.is_file():
        raise AssetBuildError(f"{handler} does not exist: every FunctionSpec needs a handler")
    bundle = out_dir / name
    shutil.rmtree(bundle, ignore_errors=True)
    bundle.mkdir(parents=True)
    shutil.copy2(handler, bundle / "handler.py")
    shutil.copytree(package_dir, bundle / package_dir.name, ignore=BUNDLE_IGNORE)
    if compiled:
        compile_tree(bundle)
    return bundle


def build_all(
    *,
    root: Path = c.ROOT,
    build_dir: Path = c.BUILD_DIR,
    names: Iterable[str] | None = None,
    install: Installer = pip_install,
    force_layer: bool = False,
) -> tuple[LambdaAssets, bool]:
    """Build the layer and every function bundle; returns the assets and whether the layer
    was rebuilt."""
    names = [spec.name for spec in FUNCTIONS] if names is None else list(names)
    assets = LambdaAssets.in_build_dir(build_dir, names)
    rebuilt = build_layer(
        root / "pyproject.toml", assets.layer_dir, install=install, force=force_layer
    )
    for name in names:
        build_function(
            name,
            functions_dir=root / c.FUNCTIONS_SUBDIR,
            package_dir=root / c.PACKAGE_SUBDIR,
            out_dir=build_dir,
        )
    return assets, rebuilt


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1_000_000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.assets", description=__doc__)
    parser.add_argument("--force-layer", action="store_true", help="rebuild the layer anyway")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        assets, rebuilt = build_all(force_layer=args.force_layer)
    except AssetBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    layer_state = "rebuilt" if rebuilt else "up to date"
    print(f"layer {layer_state}: {assets.layer_dir} ({_size_mb(assets.layer_dir):.1f} MB)")
    for name, path in assets.function_dirs.items():
        print(f"function {name}: {path} ({_size_mb(path):.1f} MB)")
    print(f"assets ready in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
