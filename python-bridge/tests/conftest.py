import pytest


@pytest.fixture(scope="session")
def myelin():
    import myelin as m

    return m
