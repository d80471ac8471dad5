"""The published packages, unmodified, each in a virtual environment of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.published_venv import E4CLIENT
from tests.published_venv import published_python as make_published_python


@pytest.fixture(scope="session")
def published_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a venv holding the published package (NEUROSPEED_PUBLISHED_VENV reuses one)."""
    return make_published_python(tmp_path_factory.mktemp("pub"))


@pytest.fixture(scope="session")
def published_e4_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a venv holding the published `e4client==1.12` (E4CLIENT_PUBLISHED_VENV
    reuses one)."""
    return make_published_python(tmp_path_factory.mktemp("pub-e4"), E4CLIENT)
