"""A large export through a deliberately slow client, served by the project's gunicorn settings
with a worker timeout far shorter than the download: every row arrives, and the trailer says how
many there are. A download whose worker dies halfway is cut visibly: the stream breaks off and
the trailer is missing."""

import csv
import http.client
import io
import os
import signal
import socket
import threading
import time

import pytest

from tests.support.server import RunningApp, manage, serve

pytestmark = pytest.mark.skipif(
    os.environ.get("CMA_SERVICES") != "1", reason="fault tests run with CMA_SERVICES=1 (CI sets it)"
)

ROWS = 60_000  # about 7 MB: more than the kernel buffers of both ends hold
TIMEOUT = 2  # seconds; the slow download below takes several times as long
CHUNK, PAUSE = 64 * 1024, 0.06  # at most 1.1 MB/s


class SlowReader(http.client.HTTPConnection):
    """A client with a small receive buffer: the server cannot hand the whole export to the
    kernel at once and finish early, it has to wait for this client's pace."""

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def slow_download(app: RunningApp, token: str) -> tuple[bytes, bool, float]:
    """(the bytes received, whether the stream ended properly, seconds)."""
    host, port = app.base.removeprefix("http://").split(":")
    connection = SlowReader(host, int(port), timeout=30)
    started = time.monotonic()
    received = bytearray()
    complete = True
    try:
        connection.request("GET", "/api/v1/customers/export/", headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        assert response.status == 200
        while True:
            try:
                chunk = response.read(CHUNK)
            except (http.client.IncompleteRead, ConnectionError) as error:
                received += getattr(error, "partial", b"")
                complete = False
                break
            if not chunk:
                break
            received += chunk
            time.sleep(PAUSE)
    finally:
        connection.close()
    return bytes(received), complete, time.monotonic() - started


def seed(app: RunningApp) -> str:
    token = app.register_and_login("exporter@example.com")
    manage(
        app.env, "seed_customers", "--owner", "exporter@example.com", "--count", str(ROWS), "--no-progress"
    )
    return token


def test_a_slow_client_gets_every_row_of_a_large_export_and_a_cut_one_is_visible():
    # The shipped gunicorn settings (a gthread worker), with a very short worker timeout.
    with serve(workers=1, with_config=True, extra_env={"GUNICORN_TIMEOUT": str(TIMEOUT)}) as app:
        token = seed(app)
        body, complete, seconds = slow_download(app, token)

        assert seconds > 2 * TIMEOUT, "the download outlived the worker timeout"
        assert complete
        *rows, trailer = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
        assert trailer == [f"# complete: {ROWS} customers"]
        assert len(rows) == ROWS
        assert len({row[0] for row in rows}) == ROWS, "every customer once"
        print(
            f"slow export: {ROWS} rows, {len(body) / 1e6:.1f} MB in {seconds:.1f}s, worker timeout {TIMEOUT}s"
        )

        # The same download, its worker killed halfway (a crash, an OOM kill, a sync worker's
        # timeout): the stream breaks off and no trailer says it is complete.
        worker = app.worker_pids()[0]
        killer = threading.Timer(seconds / 3, os.kill, (worker, signal.SIGKILL))
        killer.start()
        cut, complete, _ = slow_download(app, token)
        killer.join()

    text = cut.decode("utf-8-sig", errors="replace")
    assert not complete, "the killed worker's stream breaks off"
    assert "# complete:" not in text, "and carries no trailer"
    assert text.count("\n") - 1 < ROWS
    print(f"killed worker: cut after {text.count(chr(10)) - 1} of {ROWS} rows")
