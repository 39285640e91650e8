import pytest

from users.tests.pages import logged_in_client


@pytest.fixture
def client(alice):
    """Alice, logged in through the login page, with CSRF enforced as in production."""
    return logged_in_client(alice)
