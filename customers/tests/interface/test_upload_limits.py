"""An import upload stops at the size limit instead of being stored in full first: a declared Content-Length over the limit is refused before the body is read, and a
file that passes the limit is dropped by the upload handler."""

import json
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.tests.interface.conftest import client_for
from tests.support.server import serve
from users.tests.pages import logged_in_client, submit

ROW = "Ada,Lovelace,+14155550{n:03d},1990-01-02\n"


def csv_of(rows: int) -> bytes:
    return (
        "first_name,last_name,phone_number,date_of_birth\n" + "".join(ROW.format(n=n) for n in range(rows))
    ).encode()


def test_a_file_past_the_limit_is_dropped_on_the_api_and_the_page(alice, settings):
    settings.UPLOAD_MAX_BYTES = 1_024
    body = csv_of(40)
    assert 1_024 < len(body) < 3_000  # under the limit plus multipart room: the handler decides
    api = client_for(alice).post(
        "/api/v1/customers/import/",
        {"file": SimpleUploadedFile("c.csv", body, content_type="text/csv")},
        format="multipart",
    )
    assert api.status_code == 400, api.json()
    assert (api.json()["errors"][0]["field"], api.json()["errors"][0]["code"]) == ("file", "too_large")
    page = submit(
        logged_in_client(alice),
        "/customer/import/",
        {"file": SimpleUploadedFile("c.csv", body, content_type="text/csv")},
    )
    assert page.status_code == 200
    assert "The file is larger than 1 KB." in page.content.decode()
    assert not Customer.objects.exists()


def test_a_file_within_the_limit_still_imports(alice, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    api = client_for(alice).post(
        "/api/v1/customers/import/",
        {"file": SimpleUploadedFile("c.csv", csv_of(40), content_type="text/csv")},
        format="multipart",
    )
    assert api.status_code == 201, api.json()
    assert Customer.objects.count() == 40


@pytest.mark.slow
def test_a_declared_600_mb_upload_is_refused_before_its_body_is_sent():
    with serve(workers=1) as app:
        token = app.register_and_login()
        port = int(app.base.rsplit(":", 1)[1])
        head = (
            "POST /api/v1/customers/import/ HTTP/1.1\r\n"
            "Host: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {600 * 1024 * 1024}\r\n\r\n"
            '--xyz\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n\r\n'
        )
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(head.encode() + b"x" * 64 * 1024)  # and never the other 599.9 MB
            answer = b""
            while chunk := sock.recv(65536):  # the server answers and closes the connection
                answer += chunk
        elapsed = time.monotonic() - started
        status_line, _, rest = answer.partition(b"\r\n")
        assert b" 413 " in status_line, answer[:300]
        body = json.loads(rest[rest.index(b"{") : rest.rindex(b"}") + 1])
        assert body["status"] == "Failure" and body["errors"][0]["code"] == "too_large"
        assert elapsed < 5
