"""The director's weekly minute, and its way to the élus through the DG."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.workstreams.conftest import history_count
from workstreams.models import StatusUpdate, Workstream

NEW = reverse("workstreams:status-update-create", args=["CSC-01"])


@pytest.fixture
def last_week(workstream):
    return factories.StatusUpdateFactory(
        workstream=workstream,
        date=dt.date(2021, 6, 28),
        weather="at_risk",
        progress=40,
        done="Ateliers tenus.",
        next_steps="Présenter en CODIR.",
        risks="Calendrier serré.",
        decisions_needed="Arbitrer le budget.",
        public_summary="Le chantier avance.",
    )


def test_the_form_starts_from_the_previous_update_except_what_was_done(client, director, last_week):
    client.force_login(director)
    form = client.get(NEW).context["form"]
    assert form.initial["weather"] == "at_risk"
    assert form.initial["progress"] == 40
    assert form.initial["next_steps"] == "Présenter en CODIR."
    assert form.initial["risks"] == "Calendrier serré."
    assert form.initial["decisions_needed"] == "Arbitrer le budget."
    assert form.initial["public_summary"] == "Le chantier avance."
    assert "done" not in form.initial
    content = client.get(NEW).content.decode()
    assert 'value="at_risk"' in content and "checked" in content
    assert "Présenter en CODIR." in content
    assert "reprend le point du 28/06/2021" in content


def test_the_form_carries_the_stable_field_names_and_two_outcomes(client, director, workstream):
    client.force_login(director)
    content = client.get(NEW).content.decode()
    for name in ("weather", "progress", "done", "next_steps", "risks", "decisions_needed"):
        assert f'name="{name}"' in content
    assert 'name="public_summary"' in content
    assert 'name="action" value="draft"' in content
    assert 'name="action" value="submit"' in content


@time_machine.travel(dt.datetime(2021, 7, 1, 9, 0, tzinfo=dt.UTC))
def test_a_director_submits_an_update_that_shows_on_the_page_with_its_trend(
    client, director, last_week, workstream
):
    client.force_login(director)
    response = client.post(
        NEW,
        {
            "weather": "on_track",
            "progress": 45,
            "done": "Charte rédigée.",
            "next_steps": "Consulter les habitants.",
            "action": "submit",
        },
    )
    # The second button saves the draft, then asks for the confirmation of the submission.
    update = workstream.status_updates.latest()
    confirm = reverse("workstreams:status-update-submit", args=["CSC-01", update.pk])
    assert response.status_code == 302
    assert response["Location"] == confirm
    assert update.state == StatusUpdate.State.DRAFT
    page = client.get(confirm).content.decode()
    assert "Ce qui se passe ensuite" in page and "Charte rédigée." in page
    response = client.post(confirm, {"version": update.version})
    assert response["Location"] == f"/workstreams/CSC-01/#point-{update.pk}"
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.SUBMITTED
    assert update.author == director
    assert update.date == dt.date(2021, 7, 1)
    assert update.submitted_at is not None
    content = client.get(workstream.get_absolute_url()).content.decode()
    assert "Charte rédigée." in content
    assert "Dernier point, du 01/07/2021" in content
    assert "En amélioration" in content  # at_risk → on_track
    listing = client.get(reverse("workstreams:workstream-list")).content.decode()
    assert "01/07/2021" in listing and "En amélioration" in listing


def test_a_draft_stays_out_of_the_current_weather_until_submitted(client, director, workstream):
    client.force_login(director)
    client.post(NEW, {"weather": "off_track", "progress": 10, "action": "draft"})
    draft = workstream.status_updates.get()
    assert draft.state == StatusUpdate.State.DRAFT
    assert Workstream.objects.get().current_weather == ""
    response = client.post(
        reverse("workstreams:status-update-submit", args=["CSC-01", draft.pk]),
        {"version": draft.version},
    )
    assert response.status_code == 302
    assert Workstream.objects.get().current_weather == "off_track"


def test_the_dg_publishes_a_submitted_update_and_the_elus_then_see_it(
    client, dg, elected, last_week
):
    client.force_login(elected)
    assert "Le chantier avance." not in client.get("/progress/").content.decode()
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-publish", args=["CSC-01", last_week.pk]),
        {"version": last_week.version},
    )
    assert response.status_code == 302
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.PUBLISHED
    assert last_week.published_by == dg
    assert last_week.published_at is not None
    client.force_login(elected)
    assert "Le chantier avance." in client.get("/progress/").content.decode()


def test_a_director_cannot_publish_even_his_own_update(client, director, last_week):
    client.force_login(director)
    response = client.post(
        reverse("workstreams:status-update-publish", args=["CSC-01", last_week.pk]),
        {"version": last_week.version},
    )
    assert response.status_code == 403
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.SUBMITTED


def test_only_a_submitted_update_can_be_published(client, dg, workstream):
    draft = factories.StatusUpdateFactory(workstream=workstream, state="draft", submitted_at=None)
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-publish", args=["CSC-01", draft.pk]),
        {"version": draft.version},
        follow=True,
    )
    assert "Seul un point soumis à la DG peut être publié." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == StatusUpdate.State.DRAFT


def test_the_dg_sends_an_update_back_and_the_author_sees_the_comment(
    client, dg, director, last_week
):
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-return", args=["CSC-01", last_week.pk]),
        {"version": last_week.version, "return_comment": "Chiffrez le risque budgétaire."},
    )
    assert response.status_code == 302
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.DRAFT
    assert last_week.return_comment == "Chiffrez le risque budgétaire."
    client.force_login(director)
    content = client.get(last_week.workstream.get_absolute_url()).content.decode()
    assert "Renvoyé par la DG :" in content and "Chiffrez le risque budgétaire." in content
    edit = reverse("workstreams:status-update-edit", args=["CSC-01", last_week.pk])
    assert "Chiffrez le risque budgétaire." in client.get(edit).content.decode()
    # Submitting again answers the comment (the draft saved, then the confirmation).
    client.post(
        edit,
        {"version": last_week.version, "weather": "at_risk", "progress": 42, "action": "submit"},
    )
    last_week.refresh_from_db()
    client.post(
        reverse("workstreams:status-update-submit", args=["CSC-01", last_week.pk]),
        {"version": last_week.version},
    )
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.SUBMITTED
    assert last_week.progress == 42
    assert last_week.return_comment == ""


def test_sending_back_without_a_comment_is_refused_in_french(client, dg, last_week):
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-return", args=["CSC-01", last_week.pk]),
        {"version": last_week.version, "return_comment": ""},
        follow=True,
    )
    assert "obligatoire" in response.content.decode()
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.SUBMITTED


def test_a_published_update_can_no_longer_be_edited(client, director, workstream):
    published = factories.StatusUpdateFactory(
        workstream=workstream, state="published", published_at=dt.datetime.now(dt.UTC)
    )
    client.force_login(director)
    edit = reverse("workstreams:status-update-edit", args=["CSC-01", published.pk])
    assert client.get(edit).status_code == 403


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"weather": "on_track", "progress": 120},
            "progress",
            "Assurez-vous que cette valeur est inférieure ou égale à 100.",
        ),
        ({"weather": "", "progress": 50}, "weather", "Ce champ est obligatoire."),
        ({"weather": "sunny", "progress": 50}, "weather", "Sélectionnez un choix valide"),
        (
            {"weather": "on_track", "progress": "beaucoup"},
            "progress",
            "Saisissez un nombre entier.",
        ),
        ({"weather": "on_track", "progress": -5}, "progress", "supérieure ou égale à 0"),
    ],
)
def test_a_bad_value_gets_a_french_error_and_changes_nothing(
    client, director, last_week, data, field, message
):
    client.force_login(director)
    before = history_count()
    response = client.post(NEW, {**data, "done": "Texte saisi", "action": "submit"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "Texte saisi" in response.content.decode()  # what was typed is kept
    assert StatusUpdate.objects.count() == 1
    assert history_count() == before


# Issue 11, point 2: the form is safe -----------------------------------------------------


def test_enter_saves_a_draft_the_first_button_of_the_form(client, director, workstream):
    """A form sent by Enter is sent with its first submit button: "Enregistrer le
    brouillon"; one sent with no button at all is a draft too."""
    client.force_login(director)
    content = client.get(NEW).content.decode()
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', content)
    assert buttons == ["draft", "submit"]
    assert "Enregistrer le brouillon" in content
    client.post(NEW, {"weather": "on_track", "progress": 20})
    assert workstream.status_updates.get().state == StatusUpdate.State.DRAFT


def test_new_point_continues_the_workstreams_draft(client, director, workstream):
    draft = factories.StatusUpdateFactory(
        workstream=workstream, author=director, state="draft", submitted_at=None
    )
    client.force_login(director)
    response = client.get(NEW)
    assert response["Location"] == reverse(
        "workstreams:status-update-edit", args=["CSC-01", draft.pk]
    )
    # A second draft is refused by the service as well as by the database.
    before = history_count()
    client.post(NEW, {"weather": "on_track", "progress": 20, "action": "draft"})
    assert workstream.status_updates.count() == 1
    assert history_count() == before


def test_the_database_holds_at_most_one_draft_per_workstream(workstream):
    from django.db import IntegrityError, transaction

    factories.StatusUpdateFactory(workstream=workstream, state="draft", submitted_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.create(
            workstream=workstream, author=workstream.owner, weather="on_track", progress=1
        )
    # Drafts of two workstreams, and many non-drafts of one, are fine.
    factories.StatusUpdateFactory(state="draft", submitted_at=None)
    factories.StatusUpdateFactory.create_batch(2, workstream=workstream)


def test_the_author_withdraws_a_submitted_update_until_the_dg_acts(client, director, dg, last_week):
    withdraw = reverse("workstreams:status-update-withdraw", args=["CSC-01", last_week.pk])
    client.force_login(director)
    assert "Retirer ce point" in client.get("/workstreams/CSC-01/").content.decode()
    response = client.post(withdraw, {"version": last_week.version})
    assert response.status_code == 302
    last_week.refresh_from_db()
    assert last_week.state == StatusUpdate.State.DRAFT
    assert last_week.submitted_at is None
    # The history keeps the submission and the withdrawal, signed by Karim.
    states = [h.state for h in last_week.history.order_by("history_id")]
    assert states[-2:] == ["submitted", "draft"]
    assert last_week.history.latest().history_user == director
    assert Workstream.objects.get().current_update is None


def test_an_update_the_dg_has_published_can_no_longer_be_withdrawn(client, director, dg, last_week):
    StatusUpdate.objects.filter(pk=last_week.pk).update(
        state="published", published_at=last_week.submitted_at
    )
    client.force_login(director)
    response = client.post(
        reverse("workstreams:status-update-withdraw", args=["CSC-01", last_week.pk]),
        {"version": last_week.version},
        follow=True,
    )
    assert "Ce point n&#x27;attend plus la DG" in response.content.decode()
    assert StatusUpdate.objects.get(pk=last_week.pk).state == "published"


def test_only_the_author_may_withdraw(client, dg, last_week):
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-withdraw", args=["CSC-01", last_week.pk]),
        {"version": last_week.version},
    )
    assert response.status_code == 403
    assert StatusUpdate.objects.get(pk=last_week.pk).state == "submitted"


def test_returning_while_a_newer_draft_exists_is_refused_in_french(
    client, dg, director, last_week, workstream
):
    factories.StatusUpdateFactory(
        workstream=workstream, author=director, state="draft", submitted_at=None
    )
    client.force_login(dg)
    response = client.post(
        reverse("workstreams:status-update-return", args=["CSC-01", last_week.pk]),
        {"version": last_week.version, "return_comment": "À reprendre."},
        follow=True,
    )
    assert "Ce point ne peut pas être renvoyé" in response.content.decode()
    assert StatusUpdate.objects.get(pk=last_week.pk).state == "submitted"
