"""The database: DATABASE_URL, with the options each engine needs."""

from CustomerManagementApp.settings_parts.environment import BASE_DIR, env

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
_engine = DATABASES["default"]["ENGINE"]
if _engine == "django.db.backends.sqlite3":
    # WAL + a busy timeout + immediate transactions: concurrent writers wait instead of failing
    # with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif _engine == "django.db.backends.mysql":
    import pymysql

    pymysql.install_as_MySQLdb()
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"}
    )
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that does not answer fails a new connection within this many seconds (a 503),
# instead of holding the request until gunicorn kills the worker.
if _engine in ("django.db.backends.postgresql", "django.db.backends.mysql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Performance (docs/PERFORMANCE.md) -----------------------------------------------------
# Keep connections across requests (health-checked) unless CONN_MAX_AGE says otherwise: a new
# connection per request costs SQLite its PRAGMAs and PostgreSQL a whole handshake.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
