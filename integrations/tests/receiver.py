"""A real HTTP receiver on loopback (the standard library's server in a thread): it records
every request it gets and answers each with the next planned reply."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    port: int = 0
    # Each request takes the next plan: an HTTP status, or ("sleep", seconds) before a 200.
    plan: list[object] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the receiver got {len(self.requests)} of {count} requests")
            time.sleep(0.05)
        return list(self.requests)


@contextmanager
def receiver() -> Iterator[Receiver]:
    box = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                box.requests.append(Received(dict(self.headers.items()), body, time.time()))
                step = box.plan.pop(0) if box.plan else 200
            if isinstance(step, tuple):
                time.sleep(step[1])
                step = 200
            self.send_response(int(step))  # type: ignore[call-overload]
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    box.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()
