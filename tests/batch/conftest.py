"""Fixtures for the batch tests."""
from __future__ import annotations

import pytest

from .builders import NARRATIVES, record


@pytest.fixture(scope="session")
def distinct_rows() -> list[dict]:
    """One record per template: no two narratives alike."""
    return [record(i) for i in range(len(NARRATIVES))]


@pytest.fixture(scope="session")
def many_rows() -> list[dict]:
    return [record(i) for i in range(60)]
