from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters, lockouts and revoked tokens live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture
def django_assert_num_statements() -> Callable[[int], AbstractContextManager[None]]:
    """Like `django_assert_num_queries`, without the savepoint statements: inside a test's
    transaction an `atomic()` block is a SAVEPOINT … RELEASE pair, where a request in
    production runs a plain BEGIN … COMMIT that is no statement of its own."""

    @contextmanager
    def expect(count: int) -> Iterator[None]:
        with CaptureQueriesContext(connection) as captured:
            yield
        statements = [
            q["sql"] for q in captured.captured_queries if not q["sql"].startswith(_TRANSACTION_CONTROL)
        ]
        assert len(statements) == count, f"expected {count} statements, ran {len(statements)}:\n" + "\n".join(
            statements
        )

    return expect
