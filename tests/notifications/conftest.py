import pytest


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Delivery tasks run in the test process, in the service tier too (where the broker is
    the real Redis and nobody consumes it); a test that wants the real broker and worker
    says so (test_services_tier.py)."""
    from cap2021.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
