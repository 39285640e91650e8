"""Two-factor sign-in: enrolling with a code, the web login's second step, the API's
`otp_required`, codes from the previous and next time step, replays refused, recovery codes
spent, wrong codes toward the lockout, and the password again to turn it off or renew codes."""

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import logged_in_client, submit
from users.tests.two_factor import code, enable_totp, recovery_codes_on, secret_on

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "/api/v1/user/token/"
ME = "/api/v1/user/me/"


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.com", first_name="Ada", is_staff=True)


@pytest.fixture
def enrolled(ada):
    secret, codes = enable_totp(logged_in_client(ada))
    # As if enrolled minutes ago: the current step's code has not been used yet.
    TOTPDevice.objects.update(last_t=-1)
    return ada, secret, codes


def token(client=None, **extra):
    body = {"email": "ada@example.com", "password": PASSWORD, **extra}
    return (client or APIClient()).post(TOKEN, body, format="json")


def error(response):
    [item] = response.json()["errors"]
    return item["field"], item["code"]


def test_the_setup_page_shows_a_server_rendered_qr_code_and_the_key(ada):
    page = logged_in_client(ada).get("/account/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page
    assert len(secret_on(page)) == 32
    assert not TOTPDevice.objects.filter(user=ada, confirmed=True).exists()


def test_a_wrong_confirmation_code_leaves_two_factor_off(ada):
    browser = logged_in_client(ada)
    secret = secret_on(browser.get("/account/two-factor/").content.decode())
    wrong = str((int(code(secret)) + 1) % 1_000_000).zfill(6)
    response = submit(browser, "/account/two-factor/", {"code": wrong})
    assert response.status_code == 400
    assert "The code is incorrect" in response.content.decode()
    assert token().status_code == 200  # still password-only


def test_enrolling_shows_ten_recovery_codes_once_and_tells_the_owner(enrolled, mailoutbox):
    ada, _, codes = enrolled
    assert len(set(codes)) == 10
    assert mailoutbox[-1].subject == "Two-factor sign-in was turned on on your Customer Manager account"
    account = logged_in_client_with_code(ada, enrolled[1], 1).get("/account/").content.decode()
    assert not any(c in account for c in codes)
    assert "Recovery codes left: 10" in account


def logged_in_client_with_code(user, secret, steps=0):
    browser = Client()
    first = browser.post("/", {"username": user.email, "password": PASSWORD})
    assert first["Location"] == "/login/code/"
    second = browser.post("/login/code/", {"otp": code(secret, steps)})
    assert second.status_code == 302, second.content.decode()[:3000]
    return browser


def test_the_api_answers_otp_required_until_a_code_is_sent(enrolled):
    _, secret, _ = enrolled
    missing = token()
    assert missing.status_code == 401
    assert error(missing) == ("otp", "otp_required")
    assert "access" not in missing.content.decode()
    ok = token(otp=code(secret))
    assert ok.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {ok.json()['data']['access']}")
    assert client.get(ME).status_code == 200


# django-otp also slows guessing down (a growing delay after each failure); off here so that the
# codes after the refused replay are judged on their step alone.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_codes_of_the_previous_and_next_step_work_and_a_replay_is_refused(enrolled):
    _, secret, _ = enrolled
    # Each login needs a later step than the last one used.
    assert token(otp=code(secret, -1)).status_code == 200
    assert token(otp=code(secret, 0)).status_code == 200
    replay = token(otp=code(secret, 0))
    assert replay.status_code == 401
    assert error(replay) == ("otp", "invalid_otp")
    assert token(otp=code(secret, 1)).status_code == 200
    assert token(otp=code(secret, 3)).status_code == 401  # two steps ahead is too far


def test_a_recovery_code_works_once(enrolled):
    _, _, codes = enrolled
    assert token(otp=codes[0].upper()).status_code == 200
    again = token(otp=codes[0])
    assert again.status_code == 401
    assert error(again) == ("otp", "invalid_otp")
    assert StaticToken.objects.count() == 9


@override_settings(AXES_FAILURE_LIMIT=3, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_count_toward_the_lockout(enrolled):
    _, secret, _ = enrolled
    wrong = str((int(code(secret)) + 500_000) % 1_000_000).zfill(6)
    statuses = [token(otp=wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    locked = token(otp=code(secret, 1))
    assert locked.status_code == 429
    assert error(locked) == (None, "locked_out")


def test_the_web_login_asks_for_the_code_after_the_password(enrolled):
    ada, secret, codes = enrolled
    browser = Client()
    first = browser.post("/", {"username": ada.email, "password": PASSWORD})
    assert first["Location"] == "/login/code/"
    assert browser.get("/customer/dashboard/").status_code == 302  # not logged in yet
    wrong = browser.post("/login/code/", {"otp": "000000" if code(secret) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "The code is incorrect" in wrong.content.decode()
    recovered = browser.post("/login/code/", {"otp": codes[3]})
    assert recovered["Location"] == "/customer/dashboard/"
    dashboard = browser.get("/customer/dashboard/")
    assert dashboard.status_code == 200
    assert "You used a recovery code; 9 left." in dashboard.content.decode()


def test_the_second_step_without_a_password_step_goes_back_to_login(db):
    response = Client().get("/login/code/")
    assert response["Location"] == "/"
    assert Client().post("/login/code/", {"otp": "123456"})["Location"] == "/"


@override_settings(TWO_FACTOR_LOGIN_TIMEOUT=0)
def test_the_second_step_expires(enrolled):
    ada, secret, _ = enrolled
    browser = Client()
    browser.post("/", {"username": ada.email, "password": PASSWORD})
    assert browser.post("/login/code/", {"otp": code(secret, 1)})["Location"] == "/"
    assert browser.get("/customer/dashboard/").status_code == 302


def test_turning_off_needs_the_password(enrolled, mailoutbox):
    ada, secret, _ = enrolled
    browser = logged_in_client_with_code(ada, secret, 1)
    bad = submit(
        browser, "/account/two-factor/disable/", {"disable-password": "wrong"}, form_page="/account/"
    )
    assert bad.status_code == 400
    assert "Your password is incorrect." in bad.content.decode()
    assert token().status_code == 401
    ok = submit(
        browser, "/account/two-factor/disable/", {"disable-password": PASSWORD}, form_page="/account/"
    )
    assert ok["Location"] == "/account/"
    assert token().status_code == 200
    assert mailoutbox[-1].subject == "Two-factor sign-in was turned off on your Customer Manager account"


def test_new_recovery_codes_need_the_password_and_replace_the_old(enrolled):
    ada, secret, old = enrolled
    browser = logged_in_client_with_code(ada, secret, 1)
    bad = submit(
        browser, "/account/two-factor/recovery-codes/", {"codes-password": "wrong"}, form_page="/account/"
    )
    assert bad.status_code == 400
    response = submit(
        browser, "/account/two-factor/recovery-codes/", {"codes-password": PASSWORD}, form_page="/account/"
    )
    new = recovery_codes_on(response.content.decode())
    assert len(new) == 10
    assert token(otp=new[0]).status_code == 200
    assert token(otp=old[0]).status_code == 401


# --- The admin -----------------------------------------------------------------------------


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_with_admin_require_2fa_staff_need_a_verified_second_factor(ada):
    password_only = logged_in_client(ada)
    response = password_only.get("/admin/")
    assert response.status_code == 302
    assert password_only.get(response["Location"])["Location"] == "/account/"
    secret, _ = enable_totp(password_only)
    assert password_only.get("/admin/").status_code == 200  # enrolling verified this session
    fresh = logged_in_client_with_code(ada, secret, 1)
    assert fresh.get("/admin/").status_code == 200
    login = Client().get("/admin/login/?next=/admin/users/user/")
    assert login["Location"] == "/?next=%2Fadmin%2Fusers%2Fuser%2F"


def test_the_admin_login_is_no_way_around_a_second_factor(enrolled):
    ada, _, _ = enrolled
    response = Client().post("/admin/login/", {"username": ada.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "This account uses two-factor sign-in" in response.content.decode()


def test_production_turns_the_admin_rule_on_by_default():
    import os
    import subprocess
    import sys

    from tests.support.server import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ADMIN_"))}
    env.update(DJANGO_SETTINGS_MODULE="CustomerManagementApp.settings", DEBUG="False", SECRET_KEY="x" * 50)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_REQUIRE_2FA)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


def test_asking_whether_an_account_has_two_factor_costs_one_query(ada, django_assert_num_statements):
    # Password-only login through the API: the 4 statements it took before two-factor existed,
    # plus one EXISTS on the authenticator table.
    with django_assert_num_statements(5):
        assert token().status_code == 200


@override_settings(AXES_FAILURE_LIMIT=2, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_on_the_page_lock_the_account_too(enrolled):
    ada, secret, _ = enrolled
    browser = Client()
    browser.post("/", {"username": ada.email, "password": PASSWORD})
    wrong = str((int(code(secret)) + 500_000) % 1_000_000).zfill(6)
    assert browser.post("/login/code/", {"otp": wrong}).status_code == 400
    locked = browser.post("/login/code/", {"otp": wrong})
    assert locked.status_code == 429
    assert 'href="/password/reset/"' in locked.content.decode()
    # The half-done login is dropped; logging in again is refused while the lock lasts.
    assert browser.post("/login/code/", {"otp": code(secret, 1)})["Location"] == "/"
    assert browser.post("/", {"username": ada.email, "password": PASSWORD}).status_code == 429
    assert browser.get("/customer/dashboard/").status_code == 302
