"""Email leaves through Django's SMTP backend to a real SMTP server on loopback, with a text
and an HTML part, only after the transaction commits, and a broken server is never a 500."""

import logging
import os
import socket
import subprocess
import sys
import time

import pytest
from django.db import transaction
from django.test import override_settings

from tests.support.server import ROOT, free_port
from tests.support.smtp import html_part, link_in, smtp_server, text_part
from users.mail import send_account_email
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
RESET = "/api/v1/user/password/reset/"


def test_a_reset_email_arrives_at_a_real_smtp_server_with_text_and_html_parts(api_client):
    UserFactory(email="ada@example.com", first_name="Ada")
    with smtp_server() as mailbox, override_settings(**mailbox.settings(), EMAIL_SEND_IN_BACKGROUND=True):
        response = api_client.post(RESET, {"email": "ada@example.com"}, format="json")
        assert response.status_code == 200
        [message] = mailbox.wait_for(1)
    assert mailbox.recipients == [["ada@example.com"]]
    assert message["Subject"] == "Reset your Customer Manager password"
    assert message["To"] == "ada@example.com"
    assert message.get_content_type() == "multipart/alternative"
    link = link_in(message, "/password/reset/")
    assert "Hello Ada," in text_part(message)
    assert link in html_part(message)
    assert "<a href=" in html_part(message)


def test_the_request_answers_without_waiting_for_a_mail_server_that_is_down(api_client, caplog):
    UserFactory(email="ada@example.com")
    closed_port = free_port()  # nothing listens here
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=closed_port,
            EMAIL_SEND_IN_BACKGROUND=False,
        ),
        caplog.at_level(logging.WARNING, logger="users.mail"),
    ):
        response = api_client.post(RESET, {"email": "ada@example.com"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "Success"
    [logged] = [r.getMessage() for r in caplog.records if r.name == "users.mail"]
    assert "could not be sent: ConnectionRefusedError" in logged
    assert "ada@example.com" not in logged


def test_a_mail_server_that_hangs_does_not_hold_up_the_request(api_client):
    """A server that accepts the connection and never greets: with background sending the
    answer comes at once; the sender thread gives up after EMAIL_TIMEOUT."""
    UserFactory(email="ada@example.com")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=silent.getsockname()[1],
            EMAIL_TIMEOUT=2,
            EMAIL_SEND_IN_BACKGROUND=True,
        ):
            started = time.monotonic()
            response = api_client.post(RESET, {"email": "ada@example.com"}, format="json")
            elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 1.0, f"the request waited {elapsed:.2f} s for the mail server"


def test_the_page_survives_a_mail_server_that_is_down(client):
    UserFactory(email="ada@example.com")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_SEND_IN_BACKGROUND=False,
    ):
        response = client.post("/password/reset/", {"email": "ada@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox):
    user = UserFactory(email="ada@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        send_account_email(
            to=user.email, template="password_changed", context={"user": user, "reset_link": "x"}
        )
        assert mailoutbox == []  # not before the commit either
        raise RuntimeError("the change failed")
    assert mailoutbox == []
    with transaction.atomic():
        send_account_email(
            to=user.email, template="password_changed", context={"user": user, "reset_link": "x"}
        )
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://mailer:s3cret@mail.example.com:587",
            "django.core.mail.backends.smtp.EmailBackend mail.example.com 587 mailer s3cret True False",
        ),
        (
            "smtp+ssl://mailer:s3cret@mail.example.com:465",
            "django.core.mail.backends.smtp.EmailBackend mail.example.com 465 mailer s3cret False True",
        ),
        ("consolemail://", "django.core.mail.backends.console.EmailBackend localhost 25   False False"),
    ],
)
def test_email_url_configures_the_backend(url, expected):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="CustomerManagementApp.settings", DEBUG="True", EMAIL_URL=url)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


@pytest.mark.slow
def test_make_run_defaults_to_the_console_backend():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="CustomerManagementApp.settings", DEBUG="True")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
