"""The task layer in this process: a task is queued with the change that caused it (or not at
all), runs at once after the commit when there is no worker, and its failures are there for
staff in the admin."""

import pytest
from django.db import transaction
from django.test import override_settings

from common.models import BackgroundTask, Job
from common.tasks import retry_delay
from common.tests import sample_tasks
from tests.support.worker import run_queued_tasks

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Rollback(Exception):
    pass


# transaction=True: run_queued_tasks' worker loop closes a connection held inside a test's own
# transaction (close_old_connections), as a real worker does.
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_that_rolls_back_never_exists(tmp_path):
    effect = tmp_path / "effect.txt"
    with pytest.raises(Rollback), transaction.atomic():
        sample_tasks.slow_append.enqueue(str(effect), "never", 0)
        raise Rollback
    assert BackgroundTask.objects.count() == 0
    assert run_queued_tasks() == 0
    assert not effect.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=IMMEDIATE)
def test_without_a_worker_a_task_runs_right_after_its_transaction_commits(tmp_path):
    effect = tmp_path / "effect.txt"
    with transaction.atomic():
        record = sample_tasks.slow_append.enqueue(str(effect), "now", 0)
        assert not effect.exists()  # not inside the transaction: its rows are not committed yet
    assert effect.read_text().splitlines() == ["start now", "done now"]
    record.refresh_from_db()
    assert (record.state, record.attempts, record.result) == ("succeeded", 1, "now")


def test_the_backoff_doubles_from_the_base_up_to_the_cap():
    delays = [retry_delay(attempt, 30, 3600).total_seconds() for attempt in range(1, 9)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600]


@pytest.mark.django_db(transaction=True)
def test_staff_find_a_failed_task_with_its_error_in_the_admin(client, django_user_model, tmp_path):
    sample_tasks.refuses.enqueue(str(tmp_path / "effect.txt"))
    run_queued_tasks()
    client.force_login(django_user_model.objects.create_superuser(email="staff@example.com", password=None))

    failed = client.get("/admin/common/backgroundtask/?state__exact=failed")
    assert failed.status_code == 200
    assert "common.tests.sample_tasks.refuses" in failed.content.decode()
    record = BackgroundTask.objects.get()
    detail = client.get(f"/admin/common/backgroundtask/{record.pk}/change/").content.decode()
    assert "this input can never work" in detail

    runs = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert runs.status_code == 200 and "run_background_task" in runs.content.decode()


@pytest.mark.django_db
def test_staff_see_the_jobs_users_started(client, django_user_model):
    owner = django_user_model.objects.create_user(email="owner@example.com", password=None)
    Job.objects.create(owner=owner, kind="customer_import", state="failed", error_count=3)
    client.force_login(django_user_model.objects.create_superuser(email="staff@example.com", password=None))
    page = client.get("/admin/common/job/?state__exact=failed")
    assert page.status_code == 200
    assert "customer_import" in page.content.decode() and "owner@example.com" in page.content.decode()
