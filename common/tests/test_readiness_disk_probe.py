"""The PostgreSQL out-of-disk probe works only if its statement really writes a temporary file:
a server whose memory accounting changed could answer it from memory and so never see a full
disk. EXPLAIN ANALYZE reports the temporary blocks the statement wrote. (The full disk itself:
tests/resilience/test_readiness_faults.py, on a private server on a tmpfs.)"""

import re

import pytest
from django.db import connection, transaction

from common import health

# As in production (no ATOMIC_REQUESTS), the probe runs in a transaction of its own, so its
# SET LOCAL ends with it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the disk probe is PostgreSQL's")
def test_the_disk_probe_spills_to_a_temporary_file_and_leaves_the_setting_as_it_was():
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        work_mem_before = cursor.fetchone()[0]
        with transaction.atomic():
            cursor.execute("SET LOCAL work_mem = '64kB'")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {health._SPILL_QUERY}", [health._SPILL_ROWS])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SHOW work_mem")
        work_mem_after = cursor.fetchone()[0]

    written = [int(blocks) for blocks in re.findall(r"temp (?:read=\d+ )?written=(\d+)", plan)]
    assert written and max(written) > 0, plan
    assert work_mem_after == work_mem_before
    assert health.database_problem() is None
