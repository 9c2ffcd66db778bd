"""seed_demo refuses to load public demo accounts into a production-like database."""

import pytest
from django.core.management import CommandError, call_command

from organisation.models import User
from workstreams.models import Workstream


def test_seed_refuses_with_debug_off_in_french(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("seed_demo")
    assert not Workstream.objects.exists()
    assert not User.objects.exists()


def test_seed_runs_with_debug_off_when_forced(db, settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert "Démonstration chargée" in capsys.readouterr().out
    # CAP 2021's 22 workstreams and the example programme's 5.
    assert Workstream.objects.filter(programme__slug="cap-2021").count() == 22
    assert Workstream.objects.count() == 27
