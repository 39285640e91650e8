# syntax=docker/dockerfile:1
# Two stages: the builder turns the pinned requirements into wheels; the runtime stage installs
# only those wheels (no compiler, no pip cache) and runs as an unprivileged user.

FROM python:3.11-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt


FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=CustomerManagementApp.settings \
    GUNICORN_BIND=0.0.0.0:8000

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies in their own layer: a code change does not reinstall them.
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels -r requirements.txt

# The code is owned by root and read-only for the app user; only logs/ and job-files/ (the jobs'
# shared volume in compose) are writable.
COPY . .
# collectstatic needs settings, not secrets: a throwaway key valid for this one command.
RUN SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_hex(32))')" \
        python manage.py collectstatic --no-input \
    && mkdir -p logs job-files \
    && chown app:app logs job-files \
    && chmod 0755 docker/entrypoint.sh

USER 10001:10001
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]
ENTRYPOINT ["docker/entrypoint.sh"]
