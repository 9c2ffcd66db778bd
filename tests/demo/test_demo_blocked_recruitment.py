"""The demo's blocked recruitment (HR's dead end of issue 13): in the open example programme,
the "Chargé ou chargée de communication interne" recruitment waits for its job profile; the DG
signs the profile on its page and HR moves the recruitment on from its page, without /admin/."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from organisation.models import User
from recruitment.models import JobProfile, Recruitment

TITLE = "Chargé ou chargée de communication interne"


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with (
                override_settings(DEBUG=True),
                time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False),
            ):
                call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def blocked(seeded_module, db) -> Recruitment:
    return Recruitment.objects.select_related("position__workstream__programme").get(
        position__title=TITLE, position__workstream__programme__is_example=True
    )


def stage_choices(client, recruitment) -> list[str]:
    page = client.get(reverse("recruitment:recruitment-detail", args=[recruitment.pk]))
    assert page.status_code == 200
    return [value for value, _label in page.context["stage_form"].fields["to_stage"].choices]


@time_machine.travel(dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC), tick=False)
def test_the_example_programme_has_the_blocked_recruitment_waiting_for_the_dgs_sign_off(
    blocked, client
):
    assert blocked.stage == Recruitment.Stage.NEED_IDENTIFIED
    assert blocked.position.workstream.programme.state == "active"
    profile = JobProfile.objects.get(position=blocked.position)
    assert profile.state == JobProfile.State.IN_REVIEW
    assert profile.director_signed_by.username == "j.bernard"
    assert profile.dg_signed_by is None
    client.force_login(User.objects.get(username="rh"))
    # Blocked: the form does not offer the next stage, and the page says why.
    assert "profile_validated" not in stage_choices(client, blocked)


@time_machine.travel(dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC), tick=False)
def test_the_dg_signs_the_profile_and_hr_moves_the_recruitment_on_without_the_admin(
    blocked, client
):
    profile = JobProfile.objects.get(position=blocked.position)
    client.force_login(User.objects.get(username="dg"))
    response = client.post(
        reverse("recruitment:profile-sign-dg", args=[profile.pk]), {"version": profile.version}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == JobProfile.State.VALIDATED
    assert profile.dg_signed_by.username == "dg"

    client.force_login(User.objects.get(username="rh"))
    assert "profile_validated" in stage_choices(client, blocked)
    response = client.post(
        reverse("recruitment:recruitment-stage", args=[blocked.pk]),
        {"to_stage": "profile_validated", "reason": ""},
    )
    assert response.status_code == 302
    blocked.refresh_from_db()
    assert blocked.stage == Recruitment.Stage.PROFILE_VALIDATED
    assert blocked.stage_changes.filter(to_stage="profile_validated").count() == 1
