"""Database triggers that keep `customer_counts.active` equal to each owner's number of
active customers, on every supported backend, so the list reads its total with one
primary-key lookup instead of a COUNT(*) that grows with the book.

`install(connection)` (re)creates them and resynchronises the counts. Migration 0002 calls
it, and so does every `migrate` (customers.apps, post_migrate): SQLite rebuilds a table for
some schema changes and silently drops its triggers with it.
"""

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

POSTGRESQL = [
    """
    CREATE FUNCTION customers_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.owner_id = NEW.owner_id
           AND (OLD.deleted_at IS NULL) = (NEW.deleted_at IS NULL) THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
            UPDATE customer_counts SET active = active - 1 WHERE owner_id = OLD.owner_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
            INSERT INTO customer_counts (owner_id, active) VALUES (NEW.owner_id, 1)
            ON CONFLICT (owner_id) DO UPDATE SET active = customer_counts.active + 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER customers_count_sync
    AFTER INSERT OR DELETE OR UPDATE OF owner_id, deleted_at ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_count_sync()
    """,
]
POSTGRESQL_DROP = [
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


def install(connection: BaseDatabaseWrapper) -> None:
    """Drop and create the triggers and recount every owner's active customers."""
    create, drop = TRIGGERS[connection.vendor]
    with connection.cursor() as cursor:
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
