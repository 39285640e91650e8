"""The active-count triggers exactly as migrations 0002 and 0004 install them: a frozen copy,
kept for those migrations alone, so that editing the live `customers.repositories.count_triggers`
never rewrites what an old migration does. Never edit this module: a new version of the
triggers is a new module beside this one and a new migration that installs it (and the live
module follows; a test compares the live SQL with the latest frozen copy). Live code does not
import it (a test holds that too).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Triggers that keep customer_counts.active equal to the owner's number of customers with
# deleted_at IS NULL, on every backend the app supports. A row counts as active in one
# owner's book; an UPDATE may soft-delete, restore or move it, a DELETE removes it.
SQLITE = [
    """
    CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
    WHEN NEW.deleted_at IS NULL
    BEGIN
        INSERT INTO customer_counts (owner_id, active) VALUES (NEW.owner_id, 1)
        ON CONFLICT (owner_id) DO UPDATE SET active = active + 1;
    END
    """,
    """
    CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
    WHEN OLD.deleted_at IS NULL
    BEGIN
        UPDATE customer_counts SET active = active - 1 WHERE owner_id = OLD.owner_id;
    END
    """,
    """
    CREATE TRIGGER customers_count_update AFTER UPDATE OF owner_id, deleted_at ON customers
    WHEN OLD.owner_id != NEW.owner_id OR (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL)
    BEGIN
        UPDATE customer_counts SET active = active - 1
        WHERE owner_id = OLD.owner_id AND OLD.deleted_at IS NULL;
        INSERT INTO customer_counts (owner_id, active) SELECT NEW.owner_id, 1 WHERE NEW.deleted_at IS NULL
        ON CONFLICT (owner_id) DO UPDATE SET active = active + 1;
    END
    """,
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS customers_count_{event}" for event in ("insert", "delete", "update")]

# PostgreSQL counts per statement, from transition tables: a bulk insert of 100,000 rows
# updates each owner's count once, where a row-level trigger would rewrite (and, under MVCC,
# copy) the same count row 100,000 times in one transaction.
POSTGRESQL = [
    """
    CREATE FUNCTION customers_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO customer_counts (owner_id, active)
            SELECT owner_id, COUNT(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY owner_id
            ON CONFLICT (owner_id) DO UPDATE SET active = customer_counts.active + EXCLUDED.active;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE customer_counts SET active = customer_counts.active - gone.n
            FROM (SELECT owner_id, COUNT(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY owner_id) gone
            WHERE customer_counts.owner_id = gone.owner_id;
        ELSE
            INSERT INTO customer_counts (owner_id, active)
            SELECT owner_id, SUM(delta) FROM (
                SELECT owner_id, 1 AS delta FROM new_rows WHERE deleted_at IS NULL
                UNION ALL
                SELECT owner_id, -1 AS delta FROM old_rows WHERE deleted_at IS NULL
            ) moves
            GROUP BY owner_id HAVING SUM(delta) <> 0
            ON CONFLICT (owner_id) DO UPDATE SET active = customer_counts.active + EXCLUDED.active;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_count_apply()
    """,
    """
    CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_count_apply()
    """,
    """
    CREATE TRIGGER customers_count_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customers_count_apply()
    """,
]
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS customers_count_{event} ON customers"
        for event in ("insert", "delete", "update")
    ),
    "DROP FUNCTION IF EXISTS customers_count_apply()",
    # the row-level trigger of earlier versions
    "DROP TRIGGER IF EXISTS customers_count_sync ON customers",
    "DROP FUNCTION IF EXISTS customers_count_sync()",
]

MYSQL = [
    """
    CREATE TRIGGER customers_count_insert AFTER INSERT ON customers FOR EACH ROW
    BEGIN
        IF NEW.deleted_at IS NULL THEN
            INSERT INTO customer_counts (owner_id, active) VALUES (NEW.owner_id, 1)
            ON DUPLICATE KEY UPDATE active = active + 1;
        END IF;
    END
    """,
    """
    CREATE TRIGGER customers_count_delete AFTER DELETE ON customers FOR EACH ROW
    BEGIN
        IF OLD.deleted_at IS NULL THEN
            UPDATE customer_counts SET active = active - 1 WHERE owner_id = OLD.owner_id;
        END IF;
    END
    """,
    """
    CREATE TRIGGER customers_count_update AFTER UPDATE ON customers FOR EACH ROW
    BEGIN
        IF OLD.owner_id <> NEW.owner_id OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) THEN
            IF OLD.deleted_at IS NULL THEN
                UPDATE customer_counts SET active = active - 1 WHERE owner_id = OLD.owner_id;
            END IF;
            IF NEW.deleted_at IS NULL THEN
                INSERT INTO customer_counts (owner_id, active) VALUES (NEW.owner_id, 1)
                ON DUPLICATE KEY UPDATE active = active + 1;
            END IF;
        END IF;
    END
    """,
]
MYSQL_DROP = SQLITE_DROP

TRIGGERS = {
    "sqlite": (SQLITE, SQLITE_DROP),
    "postgresql": (POSTGRESQL, POSTGRESQL_DROP),
    "mysql": (MYSQL, MYSQL_DROP),
}

BACKFILL = """
    INSERT INTO customer_counts (owner_id, active)
    SELECT owner_id, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY owner_id
"""



@contextmanager
def _writes_held(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Hold off every write to `customers` (reads go on) until the block ends. PostgreSQL and
    SQLite change triggers transactionally: readers see the old counts until the new ones
    commit. MariaDB/MySQL commit each trigger statement at once, so there the tables are
    locked instead, which holds readers of the two tables for the few statements it takes."""
    if connection.vendor == "mysql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLES customers WRITE, customer_counts WRITE")
            try:
                yield
            finally:
                cursor.execute("UNLOCK TABLES")
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Conflicts with every INSERT/UPDATE/DELETE, not with SELECT; taken before the
            # trigger statements ask for the same lock, so they cannot deadlock on an upgrade.
            cursor.execute("LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE")
        # SQLite: the transaction's first write (the DROP) takes the database's one write lock.
        yield


def install(connection: BaseDatabaseWrapper) -> None:
    """Drop and create the triggers and recount every owner's active customers, with writes to
    `customers` held off throughout: no change can be missed or counted twice."""
    create, drop = TRIGGERS[connection.vendor]
    with _writes_held(connection), connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute("DELETE FROM customer_counts")
        cursor.execute(BACKFILL)
        for statement in create:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    _, drop = TRIGGERS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
