"""Container HEALTHCHECK: GET the liveness endpoint on this container's own gunicorn.

Plain Python (the slim image has no curl). The Host header is the first ALLOWED_HOSTS entry,
so the probe passes host validation without adding anything to ALLOWED_HOSTS; the health-check
path is exempt from the HTTPS redirect. Exit 0 when healthy, 1 otherwise.
"""

import http.client
import os
import sys

PATH = "/api/v1/health-check/"


def probe_target() -> tuple[str, int, str]:
    port = int(os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1])
    allowed = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
    host = next((h.lstrip(".") for h in allowed if h != "*"), "localhost")
    return "127.0.0.1", port, host


def main() -> int:
    address, port, host = probe_target()
    connection = http.client.HTTPConnection(address, port, timeout=4)
    try:
        connection.request("GET", PATH, headers={"Host": host})
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
