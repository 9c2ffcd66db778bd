"""Issue 11, point 1: notifications open their object and are then read; the header's
badge counts the unread ones without a query of its own; each person chooses, per kind."""

import pytest
from django.urls import reverse

from notifications.models import Notification, NotificationPreference
from tests import factories


@pytest.fixture
def notification(director):
    return factories.NotificationFactory(
        recipient=director,
        kind="update_returned",
        subject="CSC-01 à reprendre",
        url="/workstreams/CSC-01/#point-3",
    )


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(
    client, director, notification
):
    client.force_login(director)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/workstreams/CSC-01/#point-3"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_not_found_and_stays_unread(client, dg, notification):
    client.force_login(dg)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outside_link_is_never_followed(client, director):
    outside = factories.NotificationFactory(recipient=director, url="https://evil.example/")
    client.force_login(director)
    response = client.get(reverse("notifications:open", args=[outside.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_the_header_badge_counts_the_unread_ones(client, director, notification):
    factories.NotificationFactory(recipient=director)
    factories.NotificationFactory(recipient=director, read_at="2021-09-01T10:00Z")
    factories.NotificationFactory()  # someone else's
    client.force_login(director)
    content = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge badge--count">2<span class="visually-hidden"> non lue(s)' in (
        content
    )
    client.get(reverse("notifications:open", args=[notification.pk]))
    content = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge badge--count">1<' in content


def test_no_badge_without_unread_notifications(client, director):
    client.force_login(director)
    assert "badge--count" not in client.get(reverse("notifications:list")).content.decode()


def test_the_badge_is_read_with_the_user_in_one_query(client, director, notification):
    """The count is a subquery of the user's own query (core.auth): no query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        client.get("/accessibilite/")
    user_queries = [q["sql"] for q in queries if 'FROM "organisation_user"' in q["sql"]]
    assert len(user_queries) == 1
    assert "notifications_notification" in user_queries[0]


def test_the_preferences_page_lists_every_kind_on_by_default(client, director):
    client.force_login(director)
    content = client.get(reverse("notifications:preferences")).content.decode()
    for label in (
        "Point d&#x27;avancement soumis à la DG",
        "Point d&#x27;avancement renvoyé à reprendre",
        "Point d&#x27;avancement publié (élus)",
        "Jalon déplacé",
        "Jalon clé qui glisse",
        "Décision à suivre confiée",
    ):
        assert label in content
    assert 'name="update_returned-by_email" checked' in content


def test_a_person_turns_off_the_email_of_one_kind(client, director):
    client.force_login(director)
    from notifications.kinds import kinds

    data = {f"{kind}-{mode}": "on" for kind in kinds() for mode in ("in_app", "by_email")}
    del data["milestone_moved-by_email"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    pref = NotificationPreference.objects.get()
    assert (pref.recipient, pref.kind, pref.in_app, pref.by_email) == (
        director,
        "milestone_moved",
        True,
        False,
    )
    # Back on: the default again, no row kept.
    data["milestone_moved-by_email"] = "on"
    client.post(reverse("notifications:preferences"), data)
    assert not NotificationPreference.objects.exists()
    assert not Notification.objects.exists()
