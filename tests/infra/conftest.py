"""Synthesises the real stacks once for the whole infra suite (jsii start-up is slow)."""

from __future__ import annotations

import pytest

from tests.infra.support import Synthesised, stand_in_assets, synthesise


@pytest.fixture(scope="session")
def synthesised(tmp_path_factory: pytest.TempPathFactory) -> Synthesised:
    assets = stand_in_assets(tmp_path_factory.mktemp("lambda"))
    return synthesise(assets, tmp_path_factory.mktemp("cdk.out"))
