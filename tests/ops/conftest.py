import socket

import pytest


def closed_port() -> int:
    """A local TCP port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{closed_port()}/0"


@pytest.fixture(autouse=True)
def _eager_tasks():
    from cap2021.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
