"""The Lambda asset builder, with the pip step replaced by a fake (no network)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import pytest

from infra.assets import (
    AssetBuildError,
    LambdaAssets,
    build_all,
    explain_pip_failure,
    read_dependencies,
)


class FakePip:
    """Records each install and drops one module into the target, like a tiny wheel."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, requirements: Sequence[str], target: Path) -> None:
        self.calls.append(list(requirements))
        (target / "fakedep").mkdir()
        (target / "fakedep" / "__init__.py").write_text("")


def write_project(root: Path, deps: Sequence[str] = ("httpx==0.28.1", "pyjwt==2.15.1")) -> None:
    listed = ", ".join(f'"{d}"' for d in deps)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "x"\nversion = "0"\ndependencies = [{listed}]\n'
    )
    handler = root / "functions" / "chat" / "handler.py"
    handler.parent.mkdir(parents=True)
    handler.write_text("def handler(event, context):\n    return {}\n")
    package = root / "shared" / "hard_e"
    (package / "api" / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "0"\n')
    (package / "api" / "routes.py").write_text("FUNCTIONS = ()\n")
    (package / "api" / "__pycache__" / "routes.cpython-311.pyc").write_bytes(b"\0")
    (package / "stale.pyc").write_bytes(b"\0")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path)
    return tmp_path


def build(project: Path, pip: FakePip) -> tuple[LambdaAssets, bool]:
    return build_all(root=project, build_dir=project / "build", names=["chat"], install=pip)


def unchecked_hash_pyc(source: Path) -> bool:
    """Whether ``source`` has a CPython 3.11 .pyc that the interpreter uses without
    comparing it to the source (PEP 552 flags: hash-based, check_source off)."""
    cached = Path(importlib.util.cache_from_source(str(source)))
    if not cached.is_file():
        return False
    header = cached.read_bytes()[:16]
    flags = int.from_bytes(header[4:8], "little")
    return header[:4] == importlib.util.MAGIC_NUMBER and flags == 0b01


def test_function_bundle_has_handler_and_package_compiled_afresh(project: Path) -> None:
    # Given a project with a handler and a package containing stale bytecode caches
    # When the assets are built
    assets, _ = build(project, FakePip())
    # Then the bundle holds the handler and hard_e, none of the source tree's bytecode,
    # and a .pyc for every module that Lambda's read-only folder can use as it is
    bundle = assets.function_dirs["chat"]
    assert (bundle / "handler.py").read_text().startswith("def handler(")
    assert (bundle / "hard_e" / "__init__.py").is_file()
    assert (bundle / "hard_e" / "api" / "routes.py").is_file()
    assert not (bundle / "hard_e" / "stale.pyc").exists()
    stale = bundle / "hard_e" / "api" / "__pycache__" / "routes.cpython-311.pyc"
    assert stale.read_bytes() != b"\0"  # compiled here, not copied
    sources = list(bundle.rglob("*.py"))
    assert len(sources) == 3
    assert all(unchecked_hash_pyc(source) for source in sources)
    assert assets.missing() == []


def test_layer_is_compiled_too(project: Path) -> None:
    assets, _ = build(project, FakePip())
    assert unchecked_hash_pyc(assets.layer_dir / "python" / "fakedep" / "__init__.py")


def test_bundle_bytecode_is_reproducible(project: Path) -> None:
    # Unchecked-hash .pyc files carry no timestamp: the same source gives the same bytes,
    # so the CDK asset hash changes only when the code does
    assets, _ = build(project, FakePip())
    pyc = Path(importlib.util.cache_from_source(str(assets.function_dirs["chat"] / "handler.py")))
    first = pyc.read_bytes()
    build(project, FakePip())
    assert pyc.read_bytes() == first


def test_layer_installs_pyproject_dependencies_once(project: Path) -> None:
    pip = FakePip()
    assets, first = build(project, pip)
    _, second = build(project, pip)
    assert (first, second) == (True, False)
    assert pip.calls == [["httpx==0.28.1", "pyjwt==2.15.1"]]
    assert (assets.layer_dir / "python" / "fakedep" / "__init__.py").is_file()


def test_layer_is_rebuilt_when_dependencies_change(project: Path) -> None:
    pip = FakePip()
    build(project, pip)
    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(text.replace("pyjwt==2.15.1", "pyjwt==2.16.0"))
    _, rebuilt = build(project, pip)
    assert rebuilt
    assert pip.calls[-1] == ["httpx==0.28.1", "pyjwt==2.16.0"]


def test_failed_install_leaves_no_layer_behind(project: Path) -> None:
    def broken_pip(requirements: Sequence[str], target: Path) -> None:
        (target / "half").mkdir()
        raise AssetBuildError("no wheel")

    with pytest.raises(AssetBuildError):
        build_all(root=project, build_dir=project / "build", names=["chat"], install=broken_pip)
    assets = LambdaAssets.in_build_dir(project / "build", ["chat"])
    assert assets.layer_dir / "python" in assets.missing()


def test_missing_handler_is_a_clear_error(project: Path) -> None:
    with pytest.raises(AssetBuildError, match=r"functions/voice/handler\.py does not exist"):
        build_all(root=project, build_dir=project / "build", names=["voice"], install=FakePip())


def test_reads_the_real_dependency_list() -> None:
    deps = read_dependencies(Path(__file__).resolve().parents[2] / "pyproject.toml")
    assert any(d.startswith("aws-lambda-powertools") for d in deps)
    assert not any(d.startswith("aws-cdk-lib") for d in deps)  # infra extra stays out


def test_pip_failure_names_the_package_without_a_wheel() -> None:
    message = explain_pip_failure(
        "ERROR: Could not find a version that satisfies the requirement bcrypt==9.9\n"
        "ERROR: No matching distribution found for bcrypt==9.9\n"
    )
    assert message.startswith(
        "bcrypt==9.9 has no wheel for manylinux_2_26_aarch64 or manylinux2014_aarch64"
    )
