import pytest


@pytest.fixture(scope="session")
def nlp():
    """The built-in rule pipeline, built once for the whole session."""
    import narrative

    return narrative.load()
