"""generate_volume and seed_demo on the same database, in either order: bench/pages.py
runs the volume first, bench/load.py the demo first."""

import datetime as dt
import io

import time_machine
from django.core.management import call_command

from organisation.models import User
from priorities.models import Programme
from workstreams.models import Workstream

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def run(*commands: tuple[str, ...]) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        for command in commands:
            call_command(*command, stdout=out)
    return out.getvalue()


def test_the_demo_after_the_volume_leaves_the_volume_running_and_tells_its_programmes(db):
    out = run(("generate_volume", "--scale", "1"), ("seed_demo", "--force"))
    volume = Programme.objects.active()
    assert volume.slug == "volume"
    assert Workstream.objects.filter(programme=volume).count() == 100
    # One programme runs at a time: the demo's are told without being activated.
    cap = Programme.objects.get(slug="cap-2021")
    assert cap.state == Programme.State.CLOSED
    assert "active" not in set(cap.history.values_list("state", flat=True))
    example = Programme.objects.get(is_example=True)
    assert example.state == Programme.State.PREPARATION
    assert example.previous == cap
    assert Workstream.objects.filter(programme=example, carried_from__isnull=False).count() == 3
    assert "était déjà en cours" in out
    assert User.objects.filter(username="dg").exists()


def test_the_volume_after_the_demo_fills_the_example_programme(db):
    out = run(("seed_demo", "--force"), ("generate_volume", "--scale", "1"))
    example = Programme.objects.active()
    assert example.is_example
    assert not Programme.objects.filter(slug="volume").exists()
    volume = Workstream.objects.filter(programme=example, code__startswith="VOL")
    assert volume.count() == 100
    # The example's own priorities and its mandate's domains, not CAP 2021's.
    assert set(volume.values_list("priority__programme", flat=True)) == {example.pk}
    assert set(volume.values_list("domains__mandate", flat=True)) == {example.mandate_id}
    assert "était déjà en cours" not in out
