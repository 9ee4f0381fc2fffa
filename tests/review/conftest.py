"""Fixtures for the review page tests."""
from __future__ import annotations

from typing import Any

import pytest

from narrative.records.model import Record

from .samples import build_rows


@pytest.fixture
def rows() -> list[tuple[Record | None, dict[str, Any]]]:
    return build_rows()
