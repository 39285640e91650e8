"""Argon2id is the default hasher; older PBKDF2 hashes still log in and are upgraded."""

import pytest
from argon2 import PasswordHasher
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password

# The production list (the test settings swap in a fast hasher for speed).
from CustomerManagementApp import settings as production_settings
from users.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


def test_argon2_is_first_and_pbkdf2_still_verifies():
    hashers = production_settings.PASSWORD_HASHERS
    assert hashers[0] == "users.hashers.Argon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers
    assert hashers != settings.PASSWORD_HASHERS  # tests keep their fast hasher


def test_new_passwords_are_argon2id(production_hashers):
    encoded = make_password(PASSWORD)
    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")


def test_argon2_parameters_meet_owasp_minimum(production_hashers):
    params = identify_hasher(make_password(PASSWORD)).decode(make_password(PASSWORD))
    assert (params["memory_cost"], params["time_cost"], params["parallelism"]) == (19 * 1024, 2, 1)


def test_a_hash_with_djangos_default_argon2_parameters_verifies_and_is_retuned(production_hashers, db):
    user = User.objects.create_user(email="a2@example.com", password=None)
    default_params = "argon2$argon2id$v=19$m=102400,t=2,p=8$"
    user.password = "argon2" + PasswordHasher(time_cost=2, memory_cost=102400, parallelism=8).hash(PASSWORD)
    user.save()
    assert user.password.startswith(default_params)
    assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_user_logs_in_and_is_upgraded_to_argon2(production_hashers, api_client, db):
    user = User.objects.create_user(email="old@example.com", password=None)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = api_client.post(
        "/api/v1/user/token/", {"email": "old@example.com", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["access"]
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_a_wrong_password_does_not_upgrade_the_hash(production_hashers, api_client, db):
    user = User.objects.create_user(email="old@example.com", password=None)
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old)
    response = api_client.post(
        "/api/v1/user/token/", {"email": "old@example.com", "password": "wrong-password"}, format="json"
    )
    assert response.status_code in (401, 403)
    user.refresh_from_db()
    assert user.password == old
