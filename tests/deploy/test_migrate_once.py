"""Several app servers starting together each run `migrate`: they take turns on a database
lock, so exactly one applies the migrations, the others find nothing to do, and every one of
them exits 0 (a migrate that failed would stop its container from starting)."""

import subprocess
import sys

import psycopg

from tests.deploy.conftest import BASE_DIR, requires_services
from tests.support.production import production_env

pytestmark = requires_services

SERVERS = 3


def test_concurrent_migrates_take_turns_and_each_migration_is_applied_once(fresh_database):
    env = production_env(database_url=fresh_database, cache_url="locmemcache://")
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(SERVERS)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]

    assert [run.returncode for run in runs] == [0] * SERVERS, "\n----\n".join(outputs)
    applied_by = [output.count("... OK") for output in outputs]
    assert sorted(applied_by)[:-1] == [0] * (SERVERS - 1), applied_by
    assert sum("No migrations to apply" in output for output in outputs) == SERVERS - 1
    with psycopg.connect(fresh_database.replace("postgres://", "postgresql://")) as db:
        rows = db.execute("SELECT app, name, count(*) FROM django_migrations GROUP BY app, name").fetchall()
    assert rows and all(count == 1 for _, _, count in rows)
    # Every migration is applied now (by the one run that printed its "... OK" lines). A squashed
    # migration records its replaced names too, so rows outnumber those lines: ask Django instead.
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--no-input"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert max(applied_by) > 0, "one migrate applied them all"
