"""Registration does not tell whether an address has an account: not by the answer, not by
its timing. Measured with the production password hasher (Argon2id),
whose cost dominates a registration."""

import statistics
import time

import pytest
from rest_framework.test import APIClient

from users.models import User
from users.tests.factories import UserFactory

REGISTER = "/api/v1/user/register/"
PASSWORD = "a-long-unusual-passphrase-42"
ROUNDS = 12


@pytest.fixture
def production_hashing(settings):
    from CustomerManagementApp import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "register": "100000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def timed_register(email):
    started = time.perf_counter()
    response = APIClient().post(
        REGISTER, {"email": email, "password": PASSWORD, "first_name": "Eve"}, format="json"
    )
    return time.perf_counter() - started, response


@pytest.mark.django_db
def test_a_taken_email_gets_the_same_answer_in_the_same_time_as_a_new_one(production_hashing):
    UserFactory(email="ada@example.com")
    new_times, taken_times = [], []
    timed_register("warm-up@example.com")
    for i in range(ROUNDS):  # interleaved, so that machine load hits both alike
        elapsed, new = timed_register(f"new{i}@example.com")
        new_times.append(elapsed)
        elapsed, taken = timed_register("ada@example.com")
        taken_times.append(elapsed)
        assert new.status_code == taken.status_code == 202
        assert new.json() == taken.json()
        assert new.content == taken.content
    new_median, taken_median = statistics.median(new_times), statistics.median(taken_times)
    print(f"register medians: new {new_median * 1000:.1f} ms, taken {taken_median * 1000:.1f} ms")
    assert abs(new_median - taken_median) < max(0.004, 0.25 * new_median), (new_median, taken_median)
    assert User.objects.filter(email__startswith="new").count() == ROUNDS
