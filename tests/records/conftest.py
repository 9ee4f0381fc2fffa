from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "records"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
