#!/bin/sh
# Container start-up: wait for the database, migrate (unless MIGRATE_ON_START is off; several
# containers starting together take turns on migrate's database lock), then hand PID 1 to
# gunicorn so that SIGTERM reaches it directly and shuts it down gracefully.
# With arguments, runs them instead (e.g. `docker compose run --rm app python manage.py createsuperuser`).
set -eu
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

python manage.py wait_for_db --timeout "${WAIT_FOR_DB_TIMEOUT:-60}"

case "${MIGRATE_ON_START:-True}" in
  [Ff]alse | 0 | [Nn]o | [Oo]ff) echo "entrypoint: MIGRATE_ON_START is off, not migrating" ;;
  *) python manage.py migrate --no-input ;;
esac

exec gunicorn -c gunicorn.conf.py CustomerManagementApp.wsgi
